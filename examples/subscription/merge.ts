// Merge from Sameer Ajmani's "Advanced Go Concurrency Patterns"
// (fakemain.go in golang.org/x/talks, content/2013/advconc), ported: one
// Subscription of several. Copyright The Go Authors, BSD license. Its code:
//
//	type merge struct {
//		subs    []Subscription
//		updates chan Item
//		quit    chan struct{}
//		errs    chan error
//	}
//
//	// Merge returns a Subscription that merges the item streams from subs.
//	// Closing the merged subscription closes subs.
//	func Merge(subs ...Subscription) Subscription {
//		m := &merge{
//			subs:    subs,
//			updates: make(chan Item),
//			quit:    make(chan struct{}),
//			errs:    make(chan error),
//		}
//		for _, sub := range subs {
//			go func(s Subscription) {
//				for {
//					var it Item
//					select {
//					case it = <-s.Updates():
//					case <-m.quit:
//						m.errs <- s.Close()
//						return
//					}
//					select {
//					case m.updates <- it:
//					case <-m.quit:
//						m.errs <- s.Close()
//						return
//					}
//				}
//			}(sub)
//		}
//		return m
//	}
//
//	func (m *merge) Updates() <-chan Item {
//		return m.updates
//	}
//
//	func (m *merge) Close() (err error) {
//		close(m.quit)
//		for _ = range m.subs {
//			if e := <-m.errs; e != nil {
//				err = e
//			}
//		}
//		close(m.updates)
//		return
//	}
//
// `case it = <-s.Updates():` assigns the variable declared before the
// select; `return` in a case returns from the goroutine.
import { chan, go, recv, select, send, type RecvChan } from "../../src/index.js";
import type { Item, Subscription } from "./subscription.js";

class Merged implements Subscription {
  readonly updatesChan = chan<Item>();
  readonly quit = chan<void>();
  readonly errs = chan<Error | null>();

  constructor(readonly subs: Subscription[]) {}

  updates(): RecvChan<Item> {
    return this.updatesChan;
  }

  async close(): Promise<Error | null> {
    let err: Error | null = null;
    this.quit.close();
    for (let i = 0; i < this.subs.length; i++) {
      const [e = null] = await this.errs.recv();
      if (e !== null) {
        err = e;
      }
    }
    this.updatesChan.close();
    return err;
  }
}

/**
 * merge returns a Subscription that merges the item streams from subs.
 * Closing the merged subscription closes subs.
 */
export function merge(...subs: Subscription[]): Subscription {
  const m = new Merged(subs);
  for (const sub of subs) {
    go(async (s: Subscription) => {
      for (;;) {
        let it: Item | undefined;
        const r = await select({ it: recv(s.updates()), quit: recv(m.quit) });
        switch (r.case) {
          case "it":
            it = r.value;
            break;
          case "quit":
            await m.errs.send(await s.close());
            return;
        }
        const w = await select({ update: send(m.updatesChan, it), quit: recv(m.quit) });
        switch (w.case) {
          case "update":
            break;
          case "quit":
            await m.errs.send(await s.close());
            return;
        }
      }
    }, sub);
  }
  return m;
}
