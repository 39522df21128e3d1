// Go by Example: Timers (https://gobyexample.com/timers), ported. Go by
// Example is by Mark McGranaghan and Eli Bendersky, CC BY 3.0; its code,
// without the tutorial's comments:
//
//	func main() {
//		timer1 := time.NewTimer(2 * time.Second)
//
//		<-timer1.C
//		fmt.Println("Timer 1 fired")
//
//		timer2 := time.NewTimer(time.Second)
//		go func() {
//			<-timer2.C
//			fmt.Println("Timer 2 fired")
//		}()
//		stop2 := timer2.Stop()
//		if stop2 {
//			fmt.Println("Timer 2 stopped")
//		}
//
//		time.Sleep(2 * time.Second)
//	}
//
// The goroutine waiting on timer2.C is still blocked when main returns: Go
// exits anyway, and so does runtime.main, told to ignore it (its default,
// a leak check, would report it and exit 1).
import { go, time } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

export async function main(): Promise<void> {
  const timer1 = time.newTimer(2 * time.Second);

  await timer1.c.recv();
  fmt.Println("Timer 1 fired");

  const timer2 = time.newTimer(time.Second);
  go(async () => {
    await timer2.c.recv();
    fmt.Println("Timer 2 fired");
  });
  const stop2 = timer2.stop();
  if (stop2) {
    fmt.Println("Timer 2 stopped");
  }

  await time.sleep(2 * time.Second);
}

runIfMain(import.meta.url, main, { leaks: "ignore" });
