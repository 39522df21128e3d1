// Go by Example: Closing Channels (https://gobyexample.com/closing-channels),
// ported. Go by Example is by Mark McGranaghan and Eli Bendersky, CC BY 3.0;
// its code, without the tutorial's comments:
//
//	func main() {
//		jobs := make(chan int, 5)
//		done := make(chan bool)
//
//		go func() {
//			for {
//				j, more := <-jobs
//				if more {
//					fmt.Println("received job", j)
//				} else {
//					fmt.Println("received all jobs")
//					done <- true
//					return
//				}
//			}
//		}()
//
//		for j := 1; j <= 3; j++ {
//			jobs <- j
//			fmt.Println("sent job", j)
//		}
//		close(jobs)
//		fmt.Println("sent all jobs")
//
//		<-done
//
//		_, ok := <-jobs
//		fmt.Println("received more jobs:", ok)
//	}
import { chan, go } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

export async function main(): Promise<void> {
  const jobs = chan<number>(5);
  const done = chan<boolean>();

  go(async () => {
    for (;;) {
      const [j, more] = await jobs.recv();
      if (more) {
        fmt.Println("received job", j);
      } else {
        fmt.Println("received all jobs");
        await done.send(true);
        return;
      }
    }
  });

  for (let j = 1; j <= 3; j++) {
    await jobs.send(j);
    fmt.Println("sent job", j);
  }
  jobs.close();
  fmt.Println("sent all jobs");

  await done.recv();

  const [, ok] = await jobs.recv();
  fmt.Println("received more jobs:", ok);
}

runIfMain(import.meta.url, main);
