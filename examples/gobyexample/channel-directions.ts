// Go by Example: Channel Directions (https://gobyexample.com/channel-directions),
// ported. Go by Example is by Mark McGranaghan and Eli Bendersky, CC BY 3.0;
// its code, without the tutorial's comments:
//
//	func ping(pings chan<- string, msg string) {
//		pings <- msg
//	}
//
//	func pong(pings <-chan string, pongs chan<- string) {
//		msg := <-pings
//		pongs <- msg
//	}
//
//	func main() {
//		pings := make(chan string, 1)
//		pongs := make(chan string, 1)
//		ping(pings, "passed message")
//		pong(pings, pongs)
//		fmt.Println(<-pongs)
//	}
//
// `msg := <-pings` gets the zero value "" once pings is closed; TypeScript
// has no zero values, so the port names it: `const [msg = ""] = ...`.
import { chan, type RecvChan, type SendChan } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

async function ping(pings: SendChan<string>, msg: string): Promise<void> {
  await pings.send(msg);
}

async function pong(pings: RecvChan<string>, pongs: SendChan<string>): Promise<void> {
  const [msg = ""] = await pings.recv();
  await pongs.send(msg);
}

export async function main(): Promise<void> {
  const pings = chan<string>(1);
  const pongs = chan<string>(1);
  await ping(pings, "passed message");
  await pong(pings, pongs);
  fmt.Println((await pongs.recv())[0]);
}

runIfMain(import.meta.url, main);
