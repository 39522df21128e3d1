// Go by Example: Channels (https://gobyexample.com/channels), ported.
// Go by Example is by Mark McGranaghan and Eli Bendersky, CC BY 3.0; its
// code, without the tutorial's comments:
//
//	func main() {
//		messages := make(chan string)
//
//		go func() { messages <- "ping" }()
//
//		msg := <-messages
//		fmt.Println(msg)
//	}
import { chan, go } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

export async function main(): Promise<void> {
  const messages = chan<string>();

  go(() => messages.send("ping"));

  const [msg] = await messages.recv();
  fmt.Println(msg);
}

runIfMain(import.meta.url, main);
