// The Subscription of Sameer Ajmani's "Advanced Go Concurrency Patterns"
// (Google I/O 2013, https://go.dev/talks/2013/advconc.slide; its code in
// golang.org/x/talks, content/2013/advconc/fakemain/fakemain.go), ported:
// the worked example of a select loop. Copyright The Go Authors, BSD
// license. Its code, the final version of loop and the parts it needs:
//
//	type Item struct{ Title, Channel, GUID string }
//
//	type Fetcher interface {
//		Fetch() (items []Item, next time.Time, err error)
//	}
//
//	type Subscription interface {
//		Updates() <-chan Item
//		Close() error
//	}
//
//	func Subscribe(fetcher Fetcher) Subscription {
//		s := &sub{
//			fetcher: fetcher,
//			updates: make(chan Item),       // for Updates
//			closing: make(chan chan error), // for Close
//		}
//		go s.loop()
//		return s
//	}
//
//	type sub struct {
//		fetcher Fetcher         // fetches items
//		updates chan Item       // sends items to the user
//		closing chan chan error // for Close
//	}
//
//	func (s *sub) Updates() <-chan Item {
//		return s.updates
//	}
//
//	func (s *sub) Close() error {
//		errc := make(chan error)
//		s.closing <- errc
//		return <-errc
//	}
//
//	func (s *sub) loop() {
//		const maxPending = 10
//		type fetchResult struct {
//			fetched []Item
//			next    time.Time
//			err     error
//		}
//		var fetchDone chan fetchResult // if non-nil, Fetch is running
//		var pending []Item
//		var next time.Time
//		var err error
//		var seen = make(map[string]bool)
//		for {
//			var fetchDelay time.Duration
//			if now := time.Now(); next.After(now) {
//				fetchDelay = next.Sub(now)
//			}
//			var startFetch <-chan time.Time
//			if fetchDone == nil && len(pending) < maxPending {
//				startFetch = time.After(fetchDelay) // enable fetch case
//			}
//			var first Item
//			var updates chan Item
//			if len(pending) > 0 {
//				first = pending[0]
//				updates = s.updates // enable send case
//			}
//			select {
//			case <-startFetch:
//				fetchDone = make(chan fetchResult, 1)
//				go func() {
//					fetched, next, err := s.fetcher.Fetch()
//					fetchDone <- fetchResult{fetched, next, err}
//				}()
//			case result := <-fetchDone:
//				fetchDone = nil
//				// Use result.fetched, result.next, result.err
//				fetched := result.fetched
//				next, err = result.next, result.err
//				if err != nil {
//					next = time.Now().Add(10 * time.Second)
//					break
//				}
//				for _, item := range fetched {
//					if id := item.GUID; !seen[id] {
//						pending = append(pending, item)
//						seen[id] = true
//					}
//				}
//			case errc := <-s.closing:
//				errc <- err
//				close(s.updates)
//				return
//			case updates <- first:
//				pending = pending[1:]
//			}
//		}
//	}
//
// How it reads here:
// - the select names its cases, and the switch after it is the case
//   bodies: `break` leaves the switch (Go's break leaves the select) and
//   `return` leaves loop, with no flag;
// - a nil channel is `null`: `startFetch`, `fetchDone` and `updates` are
//   null to disable their cases, assigned in the switch, where TypeScript
//   sees the assignments;
// - the goroutine sends on `fetchDone` as Go's does, the variable and not
//   a copy: sendOn(fetchDone, ...) is `fetchDone <- ...` on a channel that
//   may be nil, and `errc <- err` is sendOn(s.value, err) for the same reason;
// - `result := <-fetchDone` is the value once `ok` says one came: fetchDone
//   is never closed, and TypeScript has no zero fetchResult to give.
import { chan, go, recv, select, send, sendOn, time, type Chan, type RecvChan } from "../../src/index.js";

/** An Item is a stripped-down RSS item. */
export interface Item {
  title: string;
  channel: string;
  guid: string;
}

/**
 * A Fetcher fetches Items and returns the time when the next fetch should be
 * attempted. On failure, fetch returns a non-null error.
 */
export interface Fetcher {
  fetch(): Promise<[items: Item[], next: number, err: Error | null]>;
}

/**
 * A Subscription delivers Items over a channel. close cancels the
 * subscription, closes the updates channel, and returns the last fetch
 * error, if any.
 */
export interface Subscription {
  updates(): RecvChan<Item>;
  close(): Promise<Error | null>;
}

/** subscribe returns a new Subscription that uses fetcher to fetch Items. */
export function subscribe(fetcher: Fetcher): Subscription {
  const s = new Sub(fetcher);
  go(() => s.loop());
  return s;
}

/** Sub implements the Subscription interface. */
class Sub implements Subscription {
  /** Sends items to the user. */
  readonly updatesChan = chan<Item>();
  /** For close. */
  readonly closing = chan<Chan<Error | null>>();

  constructor(readonly fetcher: Fetcher) {}

  updates(): RecvChan<Item> {
    return this.updatesChan;
  }

  async close(): Promise<Error | null> {
    const errc = chan<Error | null>();
    await this.closing.send(errc);
    const [err = null] = await errc.recv();
    return err;
  }

  /**
   * loop periodically fetches Items, sends them on updates, and exits when
   * close is called. It runs fetch asynchronously.
   */
  async loop(): Promise<void> {
    const maxPending = 10;
    interface FetchResult {
      fetched: Item[];
      next: number;
      err: Error | null;
    }
    let fetchDone: Chan<FetchResult> | null = null; // if non-null, fetch is running
    let pending: Item[] = [];
    let next = 0;
    let err: Error | null = null;
    const seen = new Set<string>();
    for (;;) {
      let fetchDelay = 0;
      const now = time.now();
      if (next > now) {
        fetchDelay = next - now;
      }
      let startFetch: RecvChan<number> | null = null;
      if (fetchDone === null && pending.length < maxPending) {
        startFetch = time.after(fetchDelay); // enable fetch case
      }
      let first: Item | undefined;
      let updates: Chan<Item> | null = null;
      if (pending.length > 0) {
        first = pending[0];
        updates = this.updatesChan; // enable send case
      }
      const s = await select({
        startFetch: recv(startFetch),
        result: recv(fetchDone),
        errc: recv(this.closing),
        update: send(updates, first),
      });
      switch (s.case) {
        case "startFetch":
          fetchDone = chan<FetchResult>(1);
          go(async () => {
            const [fetched, next, err] = await this.fetcher.fetch();
            await sendOn(fetchDone, { fetched, next, err });
          });
          break;
        case "result": {
          fetchDone = null;
          if (!s.ok) break;
          // Use result.fetched, result.next, result.err
          const result = s.value;
          const fetched = result.fetched;
          [next, err] = [result.next, result.err];
          if (err !== null) {
            next = time.now() + 10 * time.Second;
            break;
          }
          for (const item of fetched) {
            const id = item.guid;
            if (!seen.has(id)) {
              pending.push(item);
              seen.add(id);
            }
          }
          break;
        }
        case "errc":
          await sendOn(s.value, err);
          this.updatesChan.close();
          return;
        case "update":
          pending = pending.slice(1);
          break;
      }
    }
  }
}
