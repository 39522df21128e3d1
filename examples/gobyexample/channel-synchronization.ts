// Go by Example: Channel Synchronization
// (https://gobyexample.com/channel-synchronization), ported. Go by Example
// is by Mark McGranaghan and Eli Bendersky, CC BY 3.0; its code, without
// the tutorial's comments:
//
//	func worker(done chan bool) {
//		fmt.Print("working...")
//		time.Sleep(time.Second)
//		fmt.Println("done")
//
//		done <- true
//	}
//
//	func main() {
//		done := make(chan bool, 1)
//		go worker(done)
//
//		<-done
//	}
import { chan, go, time, type Chan } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

async function worker(done: Chan<boolean>): Promise<void> {
  fmt.Print("working...");
  await time.sleep(time.Second);
  fmt.Println("done");

  await done.send(true);
}

export async function main(): Promise<void> {
  const done = chan<boolean>(1);
  go(worker, done);

  await done.recv();
}

runIfMain(import.meta.url, main);
