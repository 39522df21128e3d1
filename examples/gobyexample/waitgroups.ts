// Go by Example: WaitGroups (https://gobyexample.com/waitgroups), ported.
// Go by Example is by Mark McGranaghan and Eli Bendersky, CC BY 3.0; its
// code, without the tutorial's comments:
//
//	func worker(id int) {
//		fmt.Printf("Worker %d starting\n", id)
//
//		time.Sleep(time.Second)
//		fmt.Printf("Worker %d done\n", id)
//	}
//
//	func main() {
//		var wg sync.WaitGroup
//
//		for i := 1; i <= 5; i++ {
//			wg.Add(1)
//			i := i
//
//			go func() {
//				defer wg.Done()
//				worker(i)
//			}()
//		}
//
//		wg.Wait()
//	}
//
// `i := i` copies the loop variable for the closure; a `let` in a for loop
// is a new binding per iteration already. `defer wg.Done()` is a finally.
import { go, sync, time } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

async function worker(id: number): Promise<void> {
  fmt.Printf("Worker %d starting\n", id);

  await time.sleep(time.Second);
  fmt.Printf("Worker %d done\n", id);
}

export async function main(): Promise<void> {
  const wg = new sync.WaitGroup();

  for (let i = 1; i <= 5; i++) {
    wg.add(1);

    go(async () => {
      try {
        await worker(i);
      } finally {
        wg.done();
      }
    });
  }

  await wg.wait();
}

runIfMain(import.meta.url, main);
