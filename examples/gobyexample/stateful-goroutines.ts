// Go by Example: Stateful Goroutines
// (https://gobyexample.com/stateful-goroutines), ported. Go by Example is by
// Mark McGranaghan and Eli Bendersky, CC BY 3.0; its code, without the
// tutorial's comments:
//
//	type readOp struct {
//		key  int
//		resp chan int
//	}
//	type writeOp struct {
//		key  int
//		val  int
//		resp chan bool
//	}
//
//	func main() {
//		var readOps uint64
//		var writeOps uint64
//
//		reads := make(chan *readOp)
//		writes := make(chan *writeOp)
//
//		go func() {
//			var state = make(map[int]int)
//			for {
//				select {
//				case read := <-reads:
//					read.resp <- state[read.key]
//				case write := <-writes:
//					state[write.key] = write.val
//					write.resp <- true
//				}
//			}
//		}()
//
//		for r := 0; r < 100; r++ {
//			go func() {
//				for {
//					read := &readOp{
//						key:  rand.Intn(5),
//						resp: make(chan int)}
//					reads <- read
//					<-read.resp
//					atomic.AddUint64(&readOps, 1)
//					time.Sleep(time.Millisecond)
//				}
//			}()
//		}
//
//		for w := 0; w < 10; w++ {
//			go func() {
//				for {
//					write := &writeOp{
//						key:  rand.Intn(5),
//						val:  rand.Intn(100),
//						resp: make(chan bool)}
//					writes <- write
//					<-write.resp
//					atomic.AddUint64(&writeOps, 1)
//					time.Sleep(time.Millisecond)
//				}
//			}()
//		}
//
//		time.Sleep(time.Second)
//
//		readOpsFinal := atomic.LoadUint64(&readOps)
//		fmt.Println("readOps:", readOpsFinal)
//		writeOpsFinal := atomic.LoadUint64(&writeOps)
//		fmt.Println("writeOps:", writeOpsFinal)
//	}
//
// `case read := <-reads:` gets nil once reads is closed, and read.resp then
// panics; here the case checks ok (Go's comma-ok form) to reach the value.
// The 111 goroutines run until the program ends, as in Go. How long main
// lets them work is `work.duration`, Go's time.Second: a spec shortens it.
import { chan, go, recv, select, time, type Chan } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

interface ReadOp {
  key: number;
  resp: Chan<number>;
}
interface WriteOp {
  key: number;
  val: number;
  resp: Chan<boolean>;
}

/** How long main lets the goroutines work: Go's `time.Sleep(time.Second)`. */
export const work = { duration: time.Second };

/** Go's rand.Intn. */
function randIntn(n: number): number {
  return Math.floor(Math.random() * n);
}

export async function main(): Promise<void> {
  let readOps = 0;
  let writeOps = 0;

  const reads = chan<ReadOp>();
  const writes = chan<WriteOp>();

  go(async () => {
    const state = new Map<number, number>();
    for (;;) {
      const s = await select({ read: recv(reads), write: recv(writes) });
      switch (s.case) {
        case "read":
          if (s.ok) await s.value.resp.send(state.get(s.value.key) ?? 0);
          break;
        case "write":
          if (s.ok) {
            state.set(s.value.key, s.value.val);
            await s.value.resp.send(true);
          }
          break;
      }
    }
  });

  for (let r = 0; r < 100; r++) {
    go(async () => {
      for (;;) {
        const read: ReadOp = {
          key: randIntn(5),
          resp: chan<number>(),
        };
        await reads.send(read);
        await read.resp.recv();
        readOps++;
        await time.sleep(time.Millisecond);
      }
    });
  }

  for (let w = 0; w < 10; w++) {
    go(async () => {
      for (;;) {
        const write: WriteOp = {
          key: randIntn(5),
          val: randIntn(100),
          resp: chan<boolean>(),
        };
        await writes.send(write);
        await write.resp.recv();
        writeOps++;
        await time.sleep(time.Millisecond);
      }
    });
  }

  await time.sleep(work.duration);

  const readOpsFinal = readOps;
  fmt.Println("readOps:", readOpsFinal);
  const writeOpsFinal = writeOps;
  fmt.Println("writeOps:", writeOpsFinal);
}

runIfMain(import.meta.url, main, { leaks: "ignore" });
