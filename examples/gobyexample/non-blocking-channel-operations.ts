// Go by Example: Non-Blocking Channel Operations
// (https://gobyexample.com/non-blocking-channel-operations), ported. Go by
// Example is by Mark McGranaghan and Eli Bendersky, CC BY 3.0; its code,
// without the tutorial's comments:
//
//	func main() {
//		messages := make(chan string)
//		signals := make(chan bool)
//
//		select {
//		case msg := <-messages:
//			fmt.Println("received message", msg)
//		default:
//			fmt.Println("no message received")
//		}
//
//		msg := "hi"
//		select {
//		case messages <- msg:
//			fmt.Println("sent message", msg)
//		default:
//			fmt.Println("no message sent")
//		}
//
//		select {
//		case msg := <-messages:
//			fmt.Println("received message", msg)
//		case sig := <-signals:
//			fmt.Println("received signal", sig)
//		default:
//			fmt.Println("no activity")
//		}
//	}
import { chan, otherwise, recv, select, send } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

export async function main(): Promise<void> {
  const messages = chan<string>();
  const signals = chan<boolean>();

  await select(
    recv(messages, (msg) => fmt.Println("received message", msg)),
    otherwise(() => fmt.Println("no message received")),
  );

  const msg = "hi";
  await select(
    send(messages, msg, () => fmt.Println("sent message", msg)),
    otherwise(() => fmt.Println("no message sent")),
  );

  await select(
    recv(messages, (msg) => fmt.Println("received message", msg)),
    recv(signals, (sig) => fmt.Println("received signal", sig)),
    otherwise(() => fmt.Println("no activity")),
  );
}

runIfMain(import.meta.url, main);
