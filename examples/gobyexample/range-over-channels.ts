// Go by Example: Range over Channels
// (https://gobyexample.com/range-over-channels), ported. Go by Example is by
// Mark McGranaghan and Eli Bendersky, CC BY 3.0; its code, without the
// tutorial's comments:
//
//	func main() {
//		queue := make(chan string, 2)
//		queue <- "one"
//		queue <- "two"
//		close(queue)
//
//		for elem := range queue {
//			fmt.Println(elem)
//		}
//	}
import { chan } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

export async function main(): Promise<void> {
  const queue = chan<string>(2);
  await queue.send("one");
  await queue.send("two");
  queue.close();

  for await (const elem of queue) {
    fmt.Println(elem);
  }
}

runIfMain(import.meta.url, main);
