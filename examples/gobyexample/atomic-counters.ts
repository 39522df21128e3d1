// Go by Example: Atomic Counters (https://gobyexample.com/atomic-counters),
// ported. Go by Example is by Mark McGranaghan and Eli Bendersky, CC BY 3.0;
// its code, without the tutorial's comments:
//
//	func main() {
//		var ops atomic.Uint64
//
//		var wg sync.WaitGroup
//
//		for i := 0; i < 50; i++ {
//			wg.Add(1)
//
//			go func() {
//				for c := 0; c < 1000; c++ {
//					ops.Add(1)
//				}
//
//				wg.Done()
//			}()
//		}
//
//		wg.Wait()
//
//		fmt.Println("ops:", ops.Load())
//	}
//
// Tasks share one thread and give way only at an await, so `ops++` between
// two awaits is atomic: there is no sync/atomic to port it to.
import { go, sync } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

export async function main(): Promise<void> {
  let ops = 0;

  const wg = new sync.WaitGroup();

  for (let i = 0; i < 50; i++) {
    wg.add(1);

    go(() => {
      for (let c = 0; c < 1000; c++) {
        ops++;
      }

      wg.done();
    });
  }

  await wg.wait();

  fmt.Println("ops:", ops);
}

runIfMain(import.meta.url, main);
