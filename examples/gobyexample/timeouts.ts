// Go by Example: Timeouts (https://gobyexample.com/timeouts), ported. Go by
// Example is by Mark McGranaghan and Eli Bendersky, CC BY 3.0; its code,
// without the tutorial's comments:
//
//	func main() {
//		c1 := make(chan string, 1)
//		go func() {
//			time.Sleep(2 * time.Second)
//			c1 <- "result 1"
//		}()
//
//		select {
//		case res := <-c1:
//			fmt.Println(res)
//		case <-time.After(1 * time.Second):
//			fmt.Println("timeout 1")
//		}
//
//		c2 := make(chan string, 1)
//		go func() {
//			time.Sleep(2 * time.Second)
//			c2 <- "result 2"
//		}()
//		select {
//		case res := <-c2:
//			fmt.Println(res)
//		case <-time.After(3 * time.Second):
//			fmt.Println("timeout 2")
//		}
//	}
//
// Each case body is one statement, so the arms carry it (the select form
// with bodies); no case needs the function's control flow.
import { chan, go, recv, select, time } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

export async function main(): Promise<void> {
  const c1 = chan<string>(1);
  go(async () => {
    await time.sleep(2 * time.Second);
    await c1.send("result 1");
  });

  await select(
    recv(c1, (res) => fmt.Println(res)),
    recv(time.after(1 * time.Second), () => fmt.Println("timeout 1")),
  );

  const c2 = chan<string>(1);
  go(async () => {
    await time.sleep(2 * time.Second);
    await c2.send("result 2");
  });
  await select(
    recv(c2, (res) => fmt.Println(res)),
    recv(time.after(3 * time.Second), () => fmt.Println("timeout 2")),
  );
}

runIfMain(import.meta.url, main);
