// Go by Example: Select (https://gobyexample.com/select), ported. Go by
// Example is by Mark McGranaghan and Eli Bendersky, CC BY 3.0; its code,
// without the tutorial's comments:
//
//	func main() {
//		c1 := make(chan string)
//		c2 := make(chan string)
//
//		go func() {
//			time.Sleep(1 * time.Second)
//			c1 <- "one"
//		}()
//		go func() {
//			time.Sleep(2 * time.Second)
//			c2 <- "two"
//		}()
//
//		for range 2 {
//			select {
//			case msg1 := <-c1:
//				fmt.Println("received", msg1)
//			case msg2 := <-c2:
//				fmt.Println("received", msg2)
//			}
//		}
//	}
//
// The select names its cases; the switch after it is Go's case bodies.
import { chan, go, recv, select, time } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

export async function main(): Promise<void> {
  const c1 = chan<string>();
  const c2 = chan<string>();

  go(async () => {
    await time.sleep(1 * time.Second);
    await c1.send("one");
  });
  go(async () => {
    await time.sleep(2 * time.Second);
    await c2.send("two");
  });

  for (let i = 0; i < 2; i++) {
    const s = await select({ msg1: recv(c1), msg2: recv(c2) });
    switch (s.case) {
      case "msg1":
        fmt.Println("received", s.value);
        break;
      case "msg2":
        fmt.Println("received", s.value);
        break;
    }
  }
}

runIfMain(import.meta.url, main);
