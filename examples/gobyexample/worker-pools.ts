// Go by Example: Worker Pools (https://gobyexample.com/worker-pools), ported.
// Go by Example is by Mark McGranaghan and Eli Bendersky, CC BY 3.0; its
// code, without the tutorial's comments:
//
//	func worker(id int, jobs <-chan int, results chan<- int) {
//		for j := range jobs {
//			fmt.Println("worker", id, "started  job", j)
//			time.Sleep(time.Second)
//			fmt.Println("worker", id, "finished job", j)
//			results <- j * 2
//		}
//	}
//
//	func main() {
//		const numJobs = 5
//		jobs := make(chan int, numJobs)
//		results := make(chan int, numJobs)
//
//		for w := 1; w <= 3; w++ {
//			go worker(w, jobs, results)
//		}
//
//		for j := 1; j <= numJobs; j++ {
//			jobs <- j
//		}
//		close(jobs)
//
//		for a := 1; a <= numJobs; a++ {
//			<-results
//		}
//	}
import { chan, go, time, type RecvChan, type SendChan } from "../../src/index.js";
import * as fmt from "./fmt.js";
import { runIfMain } from "./run.js";

async function worker(id: number, jobs: RecvChan<number>, results: SendChan<number>): Promise<void> {
  for await (const j of jobs) {
    fmt.Println("worker", id, "started  job", j);
    await time.sleep(time.Second);
    fmt.Println("worker", id, "finished job", j);
    await results.send(j * 2);
  }
}

export async function main(): Promise<void> {
  const numJobs = 5;
  const jobs = chan<number>(numJobs);
  const results = chan<number>(numJobs);

  for (let w = 1; w <= 3; w++) {
    go(worker, w, jobs, results);
  }

  for (let j = 1; j <= numJobs; j++) {
    await jobs.send(j);
  }
  jobs.close();

  for (let a = 1; a <= numJobs; a++) {
    await results.recv();
  }
}

runIfMain(import.meta.url, main);
