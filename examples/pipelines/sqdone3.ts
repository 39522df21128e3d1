// "Go Concurrency Patterns: Pipelines and cancellation" (the Go blog,
// https://go.dev/blog/pipelines), sqdone3.go: explicit cancellation, every
// stage returning when done is closed. Copyright The Go Authors, BSD
// license. Its code:
//
//	// gen sends the values in nums on the returned channel, then closes it.
//	func gen(done <-chan struct{}, nums ...int) <-chan int {
//		out := make(chan int, len(nums))
//		for _, n := range nums {
//			// We ignore done here because these sends cannot block.
//			out <- n
//		}
//		close(out)
//		return out
//	}
//
//	// sq receives values from in, squares them, and sends them on the returned
//	// channel, until in or done is closed.  Then sq closes the returned channel.
//	func sq(done <-chan struct{}, in <-chan int) <-chan int {
//		out := make(chan int)
//		go func() {
//			defer close(out)
//			for n := range in {
//				select {
//				case out <- n * n:
//				case <-done:
//					return
//				}
//			}
//		}()
//		return out
//	}
//
//	// merge receives values from each input channel and sends them on the returned
//	// channel.  merge closes the returned channel after all the input values have
//	// been sent or after done is closed.
//	func merge(done <-chan struct{}, cs ...<-chan int) <-chan int {
//		var wg sync.WaitGroup
//		out := make(chan int)
//
//		// Start an output goroutine for each input channel in cs.  output
//		// copies values from c to out until c or done is closed, then calls
//		// wg.Done.
//		output := func(c <-chan int) {
//			defer wg.Done()
//			for n := range c {
//				select {
//				case out <- n:
//				case <-done:
//					return
//				}
//			}
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
//		// Set up a done channel that's shared by the whole pipeline,
//		// and close that channel when this pipeline exits, as a signal
//		// for all the goroutines we started to exit.
//		done := make(chan struct{})
//		defer close(done)
//
//		in := gen(done, 2, 3)
//
//		// Distribute the sq work across two goroutines that both read from in.
//		c1 := sq(done, in)
//		c2 := sq(done, in)
//
//		// Consume the first value from output.
//		out := merge(done, c1, c2)
//		fmt.Println(<-out) // 4 or 9
//
//		// done will be closed by the deferred call.
//	}
//
// `return` inside the select returns from the goroutine: the select names
// its cases and the code after it returns. `defer` is a finally.
import { chan, go, recv, select, send, sync, type RecvChan } from "../../src/index.js";
import * as fmt from "../gobyexample/fmt.js";
import { runIfMain } from "../gobyexample/run.js";

/** gen sends the values in nums on the returned channel, then closes it. */
export function gen(_done: RecvChan<void>, ...nums: number[]): RecvChan<number> {
  const out = chan<number>(nums.length);
  for (const n of nums) {
    // We ignore done here because these sends cannot block (trySend
    // completes at once: the buffer has room for every n).
    out.trySend(n);
  }
  out.close();
  return out;
}

/**
 * sq receives values from in, squares them, and sends them on the returned
 * channel, until in or done is closed. Then sq closes the returned channel.
 */
export function sq(done: RecvChan<void>, in_: RecvChan<number>): RecvChan<number> {
  const out = chan<number>();
  go(async () => {
    try {
      for await (const n of in_) {
        const s = await select({ out: send(out, n * n), done: recv(done) });
        if (s.case === "done") return;
      }
    } finally {
      out.close();
    }
  });
  return out;
}

/**
 * merge receives values from each input channel and sends them on the
 * returned channel. merge closes the returned channel after all the input
 * values have been sent or after done is closed.
 */
export function merge(done: RecvChan<void>, ...cs: RecvChan<number>[]): RecvChan<number> {
  const wg = new sync.WaitGroup();
  const out = chan<number>();

  // Start an output goroutine for each input channel in cs. output
  // copies values from c to out until c or done is closed, then calls
  // wg.done.
  const output = async (c: RecvChan<number>): Promise<void> => {
    try {
      for await (const n of c) {
        const s = await select({ out: send(out, n), done: recv(done) });
        if (s.case === "done") return;
      }
    } finally {
      wg.done();
    }
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
  // Set up a done channel that's shared by the whole pipeline,
  // and close that channel when this pipeline exits, as a signal
  // for all the goroutines we started to exit.
  const done = chan<void>();
  try {
    const in_ = gen(done, 2, 3);

    // Distribute the sq work across two goroutines that both read from in.
    const c1 = sq(done, in_);
    const c2 = sq(done, in_);

    // Consume the first value from output.
    const out = merge(done, c1, c2);
    fmt.Println((await out.recv())[0]); // 4 or 9

    // done will be closed by the finally.
  } finally {
    done.close();
  }
}

runIfMain(import.meta.url, main);
