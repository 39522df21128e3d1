// Go by Example: Goroutines (https://gobyexample.com/goroutines), ported.
// Go by Example is by Mark McGranaghan and Eli Bendersky, CC BY 3.0; its
// code, without the tutorial's comments:
//
//	func f(from string) {
//		for i := 0; i < 3; i++ {
//			fmt.Println(from, ":", i)
//		}
//	}
//
//	func main() {
//		f("direct")
//
//		go f("goroutine")
//
//		go func(msg string) {
//			fmt.Println(msg)
//		}("going")
//
//		time.Sleep(time.Second)
//		fmt.Println("done")
//	}
//
// f never awaits, so here the task running f("goroutine") prints its three
// lines before "going" starts: one of the orders Go's scheduler may print.
import { go, time } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

function f(from: string): void {
  for (let i = 0; i < 3; i++) {
    fmt.Println(from, ":", i);
  }
}

export async function main(): Promise<void> {
  f("direct");

  go(f, "goroutine");

  go((msg: string) => {
    fmt.Println(msg);
  }, "going");

  await time.sleep(time.Second);
  fmt.Println("done");
}

runIfMain(import.meta.url, main);
