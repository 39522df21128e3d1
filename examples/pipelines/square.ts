// "Go Concurrency Patterns: Pipelines and cancellation" (Sameer Ajmani, the
// Go blog, https://go.dev/blog/pipelines), square.go, ported. Copyright The
// Go Authors, BSD license. Its code:
//
//	// gen sends the values in nums on the returned channel, then closes it.
//	func gen(nums ...int) <-chan int {
//		out := make(chan int)
//		go func() {
//			for _, n := range nums {
//				out <- n
//			}
//			close(out)
//		}()
//		return out
//	}
//
//	// sq receives values from in, squares them, and sends them on the returned
//	// channel, until in is closed.  Then sq closes the returned channel.
//	func sq(in <-chan int) <-chan int {
//		out := make(chan int)
//		go func() {
//			for n := range in {
//				out <- n * n
//			}
//			close(out)
//		}()
//		return out
//	}
//
//	func main() {
//		// Set up the pipeline.
//		c := gen(2, 3)
//		out := sq(c)
//
//		// Consume the output.
//		fmt.Println(<-out) // 4
//		fmt.Println(<-out) // 9
//	}
import { chan, go, type RecvChan } from "../../src/index.js";
import * as fmt from "../gobyexample/fmt.js";
import { runIfMain } from "../gobyexample/run.js";

/** gen sends the values in nums on the returned channel, then closes it. */
export function gen(...nums: number[]): RecvChan<number> {
  const out = chan<number>();
  go(async () => {
    for (const n of nums) {
      await out.send(n);
    }
    out.close();
  });
  return out;
}

/**
 * sq receives values from in, squares them, and sends them on the returned
 * channel, until in is closed. Then sq closes the returned channel.
 */
export function sq(in_: RecvChan<number>): RecvChan<number> {
  const out = chan<number>();
  go(async () => {
    for await (const n of in_) {
      await out.send(n * n);
    }
    out.close();
  });
  return out;
}

export async function main(): Promise<void> {
  // Set up the pipeline.
  const c = gen(2, 3);
  const out = sq(c);

  // Consume the output.
  fmt.Println((await out.recv())[0]); // 4
  fmt.Println((await out.recv())[0]); // 9
}

runIfMain(import.meta.url, main);
