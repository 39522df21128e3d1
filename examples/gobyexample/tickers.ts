// Go by Example: Tickers (https://gobyexample.com/tickers), ported. Go by
// Example is by Mark McGranaghan and Eli Bendersky, CC BY 3.0; its code,
// without the tutorial's comments:
//
//	func main() {
//		ticker := time.NewTicker(500 * time.Millisecond)
//		done := make(chan bool)
//
//		go func() {
//			for {
//				select {
//				case <-done:
//					return
//				case t := <-ticker.C:
//					fmt.Println("Tick at", t)
//				}
//			}
//		}()
//
//		time.Sleep(1600 * time.Millisecond)
//		ticker.Stop()
//		done <- true
//		fmt.Println("Ticker stopped")
//	}
//
// `return` inside the select returns from the goroutine: the select names
// its cases and the switch after it returns. A time is printed as Go's
// Time.String prints it, by time.format.
import { chan, go, recv, select, time } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

export async function main(): Promise<void> {
  const ticker = time.newTicker(500 * time.Millisecond);
  const done = chan<boolean>();

  go(async () => {
    for (;;) {
      const s = await select({ done: recv(done), t: recv(ticker.c) });
      switch (s.case) {
        case "done":
          return;
        case "t":
          if (s.ok) fmt.Println("Tick at", time.format(s.value));
      }
    }
  });

  await time.sleep(1600 * time.Millisecond);
  ticker.stop();
  await done.send(true);
  fmt.Println("Ticker stopped");
}

runIfMain(import.meta.url, main);
