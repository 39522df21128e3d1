// The loop shapes of the fairness check: tasks that never wait for anything
// outside the runtime. Each storm runs until `stop()` says so (a wall-clock
// deadline the loops read themselves, so a storm ends even when it starves
// every host timer), counts its iterations with `tick()`, and leaves no task
// or timer behind: a partner parked when the loop stops is released by a
// close or a cancel.
import { chan, context, errgroup, go, otherwise, recv, runtime, select, send, sync, time, type Task } from "../src/index.js";

export interface Storm {
  name: string;
  /** What issue 14 says about this shape, if it is one of its defects. */
  defect?: string;
  /** Start the storm's tasks; resolves once they have all finished. */
  run(stop: () => boolean, tick: () => void): Promise<void>;
}

const all = (...tasks: Task[]): Promise<void> => Promise.all(tasks.map((t) => t.done)).then(() => undefined);

/** `n` copies of one loop, each its own task. */
function copies(n: number, name: string, body: () => Promise<void>): Task[] {
  return Array.from({ length: n }, () => {
    const fn = async (): Promise<void> => body();
    Object.defineProperty(fn, "name", { value: name });
    return go(fn);
  });
}

const ITEM1 = "issue 14 item 1 (this path never reaches the fairness countdown)";
const ITEM2 = "issue 14 item 2 (the next tick's deadline rounds back to the same float)";

export const STORMS: Storm[] = [
  {
    name: "unbuffered ping-pong",
    async run(stop, tick) {
      const ping = chan<number>();
      const pong = chan<number>();
      await all(
        go(async function pinger() {
          for (let i = 0; !stop(); i++) {
            await ping.send(i);
            await pong.recv();
            tick();
          }
          ping.close();
        }),
        go(async function ponger() {
          for await (const v of ping) await pong.send(v);
        }),
      );
    },
  },
  {
    name: "buffered producer/consumer",
    async run(stop, tick) {
      const ch = chan<number>(64);
      await all(
        go(async function producer() {
          for (let i = 0; !stop(); i++) await ch.send(i);
          ch.close();
        }),
        go(async function consumer() {
          for await (const _ of ch) tick();
        }),
      );
    },
  },
  {
    name: "select ping-pong",
    async run(stop, tick) {
      const ping = chan<number>();
      const pong = chan<number>();
      const quit = chan<void>();
      await all(
        go(async function pinger() {
          for (let i = 0; !stop(); i++) {
            await select(send(ping, i), recv(quit));
            await select(recv(pong), recv(quit));
            tick();
          }
          quit.close();
        }),
        go(async function ponger() {
          for (;;) {
            const v = await select(recv(ping, (x) => x), recv(quit, () => undefined));
            if (v === undefined) return;
            if (await select(send(pong, v, () => false), recv(quit, () => true))) return;
          }
        }),
      );
    },
  },
  {
    name: "sync.Mutex lock/unlock, 2 tasks",
    defect: ITEM1,
    async run(stop, tick) {
      const mu = new sync.Mutex();
      await all(
        ...copies(2, "locker", async () => {
          while (!stop()) {
            await mu.lock();
            tick();
            mu.unlock();
          }
        }),
      );
    },
  },
  {
    name: "sync.RWMutex writer and reader",
    defect: ITEM1,
    async run(stop, tick) {
      const mu = new sync.RWMutex();
      await all(
        go(async function writer() {
          while (!stop()) {
            await mu.lock();
            tick();
            mu.unlock();
          }
        }),
        go(async function reader() {
          while (!stop()) {
            await mu.rLock();
            tick();
            mu.rUnlock();
          }
        }),
      );
    },
  },
  {
    name: "sync.WaitGroup add/done/wait",
    defect: ITEM1,
    async run(stop, tick) {
      const wg = new sync.WaitGroup();
      await all(
        go(async function waiter() {
          while (!stop()) {
            wg.add(1);
            queueMicrotask(() => wg.done());
            await wg.wait();
            tick();
          }
        }),
      );
    },
  },
  {
    name: "sync.Once done, called in a loop",
    defect: ITEM1,
    async run(stop, tick) {
      const once = new sync.Once();
      await all(
        go(async function caller() {
          while (!stop()) {
            await once.do(() => {});
            tick();
          }
        }),
      );
    },
  },
  {
    name: "trySend to a parked receiver",
    defect: ITEM1,
    async run(stop, tick) {
      const ch = chan<number>();
      await all(
        go(async function sender() {
          for (let i = 0; !stop(); i++) {
            // Success wakes the receiver without a host turn; the plain
            // microtask lets it park again before the next trySend.
            if (ch.trySend(i)) await null;
            else await runtime.gosched();
          }
          ch.close();
        }),
        go(async function receiver() {
          for await (const _ of ch) tick();
        }),
      );
    },
  },
  {
    name: "select with otherwise() polling",
    defect: ITEM1,
    async run(stop, tick) {
      const empty = chan<number>();
      await all(
        go(async function poller() {
          while (!stop()) {
            await select(recv(empty), otherwise());
            tick();
          }
        }),
      );
    },
  },
  {
    name: "ctx.done() polled by select default",
    defect: ITEM1,
    async run(stop, tick) {
      const [ctx, cancel] = context.withCancel(context.background());
      await all(
        go(async function poller() {
          while (!stop()) {
            if (await select(recv(ctx.done(), () => true), otherwise(() => false))) return;
            tick();
          }
        }),
      );
      cancel();
    },
  },
  {
    name: "time.sleep(0) loop",
    defect: ITEM1,
    async run(stop, tick) {
      await all(
        go(async function sleeper() {
          while (!stop()) {
            await time.sleep(0);
            tick();
          }
        }),
      );
    },
  },
  {
    name: "runtime.gosched() loop",
    async run(stop, tick) {
      await all(
        ...copies(2, "yielder", async () => {
          while (!stop()) {
            await runtime.gosched();
            tick();
          }
        }),
      );
    },
  },
  {
    name: "recv on a closed channel",
    async run(stop, tick) {
      const ch = chan<number>();
      ch.close();
      await all(
        go(async function receiver() {
          while (!stop()) {
            await ch.recv();
            tick();
          }
        }),
      );
    },
  },
  {
    name: "time.after(0) received in a loop",
    async run(stop, tick) {
      await all(
        go(async function receiver() {
          while (!stop()) {
            await time.after(0).recv();
            tick();
          }
        }),
      );
    },
  },
  {
    name: "errgroup go/wait",
    async run(stop, tick) {
      await all(
        go(async function grouper() {
          while (!stop()) {
            const g = new errgroup.Group();
            void g.go(async () => null);
            await g.wait();
            tick();
          }
        }),
      );
    },
  },
  {
    name: "go() and await done",
    async run(stop, tick) {
      await all(
        go(async function spawner() {
          while (!stop()) {
            await go(async function child() {}).done;
            tick();
          }
        }),
      );
    },
  },
  {
    name: "ticker of 100 ns",
    defect: ITEM2,
    async run(stop, tick) {
      const t = time.newTicker(100 * time.Nanosecond);
      await all(
        go(async function ticked() {
          while (!stop()) {
            await t.c.recv();
            tick();
          }
        }),
      );
      t.stop();
    },
  },
  {
    name: "ticker reset to 100 ns",
    defect: ITEM2,
    async run(stop, tick) {
      const t = time.newTicker(10 * time.Millisecond);
      t.reset(100 * time.Nanosecond);
      await all(
        go(async function ticked() {
          while (!stop()) {
            await t.c.recv();
            tick();
          }
        }),
      );
      t.stop();
    },
  },
];
