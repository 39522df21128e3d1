// Go by Example: Rate Limiting (https://gobyexample.com/rate-limiting),
// ported. Go by Example is by Mark McGranaghan and Eli Bendersky, CC BY 3.0;
// its code, without the tutorial's comments:
//
//	func main() {
//		requests := make(chan int, 5)
//		for i := 1; i <= 5; i++ {
//			requests <- i
//		}
//		close(requests)
//
//		limiter := time.Tick(200 * time.Millisecond)
//
//		for req := range requests {
//			<-limiter
//			fmt.Println("request", req, time.Now())
//		}
//
//		burstyLimiter := make(chan time.Time, 3)
//
//		for i := 0; i < 3; i++ {
//			burstyLimiter <- time.Now()
//		}
//
//		go func() {
//			for t := range time.Tick(200 * time.Millisecond) {
//				burstyLimiter <- t
//			}
//		}()
//
//		burstyRequests := make(chan int, 5)
//		for i := 1; i <= 5; i++ {
//			burstyRequests <- i
//		}
//		close(burstyRequests)
//		for req := range burstyRequests {
//			<-burstyLimiter
//			fmt.Println("request", req, time.Now())
//		}
//	}
//
// time.tick returns null (Go's nil channel) for a duration <= 0, so its
// type admits null: `<-limiter` is recvFrom(limiter), Go's receive on a
// channel that may be nil. The range loop takes the ticker's channel,
// which time.Tick is (Go: "a convenience wrapper for NewTicker"). The
// refilling goroutine runs until the program ends, as in Go.
import { chan, go, recvFrom, time } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

export async function main(): Promise<void> {
  const requests = chan<number>(5);
  for (let i = 1; i <= 5; i++) {
    await requests.send(i);
  }
  requests.close();

  const limiter = time.tick(200 * time.Millisecond);

  for await (const req of requests) {
    await recvFrom(limiter);
    fmt.Println("request", req, time.format(time.now()));
  }

  const burstyLimiter = chan<number>(3);

  for (let i = 0; i < 3; i++) {
    await burstyLimiter.send(time.now());
  }

  go(async () => {
    for await (const t of time.newTicker(200 * time.Millisecond).c) {
      await burstyLimiter.send(t);
    }
  });

  const burstyRequests = chan<number>(5);
  for (let i = 1; i <= 5; i++) {
    await burstyRequests.send(i);
  }
  burstyRequests.close();
  for await (const req of burstyRequests) {
    await burstyLimiter.recv();
    fmt.Println("request", req, time.format(time.now()));
  }
}

runIfMain(import.meta.url, main, { leaks: "ignore" });
