// fakemain.go of Sameer Ajmani's "Advanced Go Concurrency Patterns"
// (golang.org/x/talks, content/2013/advconc/fakemain), ported: three merged
// subscriptions to fake feeds, closed after three seconds. Copyright The Go
// Authors, BSD license. Its code:
//
//	func Fetch(domain string) Fetcher {
//		return fakeFetch(domain)
//	}
//
//	func fakeFetch(domain string) Fetcher {
//		return &fakeFetcher{channel: domain}
//	}
//
//	type fakeFetcher struct {
//		channel string
//		items   []Item
//	}
//
//	// FakeDuplicates causes the fake fetcher to return duplicate items.
//	var FakeDuplicates bool
//
//	func (f *fakeFetcher) Fetch() (items []Item, next time.Time, err error) {
//		now := time.Now()
//		next = now.Add(time.Duration(rand.Intn(5)) * 500 * time.Millisecond)
//		item := Item{
//			Channel: f.channel,
//			Title:   fmt.Sprintf("Item %d", len(f.items)),
//		}
//		item.GUID = item.Channel + "/" + item.Title
//		f.items = append(f.items, item)
//		if FakeDuplicates {
//			items = f.items
//		} else {
//			items = []Item{item}
//		}
//		return
//	}
//
//	func main() {
//		// Subscribe to some feeds, and create a merged update stream.
//		merged := Merge(
//			Subscribe(Fetch("blog.golang.org")),
//			Subscribe(Fetch("googleblog.blogspot.com")),
//			Subscribe(Fetch("googledevelopers.blogspot.com")))
//
//		// Close the subscriptions after some time.
//		time.AfterFunc(3*time.Second, func() {
//			fmt.Println("closed:", merged.Close())
//		})
//
//		// Print the stream.
//		for it := range merged.Updates() {
//			fmt.Println(it.Channel, it.Title)
//		}
//
//		panic("show me the stacks")
//	}
//
// Go's panic shows the stacks of the goroutines still alive: only main's,
// if Close stopped every loop. runtime.main prints the panic and exits 2.
import { time } from "../../src/index.js";
import * as fmt from "../gobyexample/fmt.js";
import { runIfMain } from "../gobyexample/run.js";
import { merge } from "./merge.js";
import { subscribe, type Fetcher, type Item } from "./subscription.js";

/** Go's math/rand, as far as the fake fetcher uses it; a spec replaces Intn to fix the sequence. */
export const rand = { Intn: (n: number): number => Math.floor(Math.random() * n) };

/** FakeDuplicates causes the fake fetcher to return duplicate items. */
export const options = { FakeDuplicates: false };

/** fetch returns a Fetcher for Items from domain. */
export function fetch(domain: string): Fetcher {
  return fakeFetch(domain);
}

function fakeFetch(domain: string): Fetcher {
  return new FakeFetcher(domain);
}

class FakeFetcher implements Fetcher {
  readonly items: Item[] = [];
  constructor(readonly channel: string) {}

  async fetch(): Promise<[Item[], number, Error | null]> {
    const now = time.now();
    const next = now + rand.Intn(5) * 500 * time.Millisecond;
    const item: Item = {
      channel: this.channel,
      title: fmt.Sprintf("Item %d", this.items.length),
      guid: "",
    };
    item.guid = item.channel + "/" + item.title;
    this.items.push(item);
    const items = options.FakeDuplicates ? [...this.items] : [item];
    return [items, next, null];
  }
}

export async function main(): Promise<void> {
  // Subscribe to some feeds, and create a merged update stream.
  const merged = merge(subscribe(fetch("blog.golang.org")), subscribe(fetch("googleblog.blogspot.com")), subscribe(fetch("googledevelopers.blogspot.com")));

  // Close the subscriptions after some time.
  time.afterFunc(3 * time.Second, async () => {
    fmt.Println("closed:", await merged.close());
  });

  // Print the stream.
  for await (const it of merged.updates()) {
    fmt.Println(it.channel, it.title);
  }

  throw new Error("show me the stacks"); // panic("show me the stacks")
}

runIfMain(import.meta.url, main);
