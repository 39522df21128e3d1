// "Go Concurrency Patterns: Pipelines and cancellation" (the Go blog,
// https://go.dev/blog/pipelines), sqfan.go: fan-out, fan-in. Copyright The
// Go Authors, BSD license. Its code (gen and sq as in square.go):
//
//	// merge receives values from each input channel and sends them on the returned
//	// channel.  merge closes the returned channel after all the input values have
//	// been sent.
//	func merge(cs ...<-chan int) <-chan int {
//		var wg sync.WaitGroup
//		out := make(chan int)
//
//		// Start an output goroutine for each input channel in cs.  output
//		// copies values from c to out until c is closed, then calls wg.Done.
//		output := func(c <-chan int) {
//			for n := range c {
//				out <- n
//			}
//			wg.Done()
//		}
//		wg.Add(len(cs))
//		for _, c := range cs {
//			go output(c)
//		}
//
//		// Start a goroutine to close out once all the output goroutines are
//		// done.  This must start after the wg.Add call.
//		go func() {
//			wg.Wait()
//			close(out)
//		}()
//		return out
//	}
//
//	func main() {
//		in := gen(2, 3)
//
//		// Distribute the sq work across two goroutines that both read from in.
//		c1 := sq(in)
//		c2 := sq(in)
//
//		// Consume the merged output from c1 and c2.
//		for n := range merge(c1, c2) {
//			fmt.Println(n) // 4 then 9, or 9 then 4
//		}
//	}
import { chan, go, sync, type RecvChan } from "../../src/index.js";
import * as fmt from "../gobyexample/fmt.js";
import { runIfMain } from "../gobyexample/run.js";
import { gen, sq } from "./square.js";

/**
 * merge receives values from each input channel and sends them on the
 * returned channel. merge closes the returned channel after all the input
 * values have been sent.
 */
export function merge(...cs: RecvChan<number>[]): RecvChan<number> {
  const wg = new sync.WaitGroup();
  const out = chan<number>();

  // Start an output goroutine for each input channel in cs. output
  // copies values from c to out until c is closed, then calls wg.done.
  const output = async (c: RecvChan<number>): Promise<void> => {
    for await (const n of c) {
      await out.send(n);
    }
    wg.done();
  };
  wg.add(cs.length);
  for (const c of cs) {
    go(output, c);
  }

  // Start a goroutine to close out once all the output goroutines are
  // done. This must start after the wg.add call.
  go(async () => {
    await wg.wait();
    out.close();
  });
  return out;
}

export async function main(): Promise<void> {
  const in_ = gen(2, 3);

  // Distribute the sq work across two goroutines that both read from in.
  const c1 = sq(in_);
  const c2 = sq(in_);

  // Consume the merged output from c1 and c2.
  for await (const n of merge(c1, c2)) {
    fmt.Println(n); // 4 then 9, or 9 then 4
  }
}

runIfMain(import.meta.url, main);
