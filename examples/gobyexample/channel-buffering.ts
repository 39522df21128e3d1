// Go by Example: Channel Buffering (https://gobyexample.com/channel-buffering),
// ported. Go by Example is by Mark McGranaghan and Eli Bendersky, CC BY 3.0;
// its code, without the tutorial's comments:
//
//	func main() {
//		messages := make(chan string, 2)
//
//		messages <- "buffered"
//		messages <- "channel"
//
//		fmt.Println(<-messages)
//		fmt.Println(<-messages)
//	}
import { chan } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

export async function main(): Promise<void> {
  const messages = chan<string>(2);

  await messages.send("buffered");
  await messages.send("channel");

  fmt.Println((await messages.recv())[0]);
  fmt.Println((await messages.recv())[0]);
}

runIfMain(import.meta.url, main);
