// Go by Example: Mutexes (https://gobyexample.com/mutexes), ported. Go by
// Example is by Mark McGranaghan and Eli Bendersky, CC BY 3.0; its code,
// without the tutorial's comments:
//
//	type Container struct {
//		mu       sync.Mutex
//		counters map[string]int
//	}
//
//	func (c *Container) inc(name string) {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		c.counters[name]++
//	}
//
//	func main() {
//		c := Container{
//			counters: map[string]int{"a": 0, "b": 0},
//		}
//
//		var wg sync.WaitGroup
//
//		doIncrement := func(name string, n int) {
//			for i := 0; i < n; i++ {
//				c.inc(name)
//			}
//			wg.Done()
//		}
//
//		wg.Add(3)
//		go doIncrement("a", 10000)
//		go doIncrement("a", 10000)
//		go doIncrement("b", 10000)
//
//		wg.Wait()
//		fmt.Println(c.counters)
//	}
//
// `defer c.mu.Unlock()` is a finally. Locking is a runtime wait, so inc is
// awaited, and the three tasks take turns at the mutex as Go's goroutines do.
import { go, sync } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

class Container {
  readonly mu = new sync.Mutex();
  constructor(readonly counters: Map<string, number>) {}

  async inc(name: string): Promise<void> {
    await this.mu.lock();
    try {
      this.counters.set(name, (this.counters.get(name) ?? 0) + 1);
    } finally {
      this.mu.unlock();
    }
  }
}

export async function main(): Promise<void> {
  const c = new Container(
    new Map([
      ["a", 0],
      ["b", 0],
    ]),
  );

  const wg = new sync.WaitGroup();

  const doIncrement = async (name: string, n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      await c.inc(name);
    }
    wg.done();
  };

  wg.add(3);
  go(doIncrement, "a", 10000);
  go(doIncrement, "a", 10000);
  go(doIncrement, "b", 10000);

  await wg.wait();
  fmt.Println(c.counters);
}

runIfMain(import.meta.url, main);
