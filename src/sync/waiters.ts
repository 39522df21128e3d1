import { markResumed, parkCurrent, type StateWord, type Task } from "../runtime/registry.js";
import { trace } from "../runtime/trace.js";
import { ready, wakeAll, type Resumable } from "../runtime/scheduler.js";

/**
 * One task blocked in a sync primitive. Like a channel waiter, it commits
 * synchronously (ownership is handed over in the releasing call) and
 * resumes through the scheduler seam.
 */
export class SyncWaiter implements Resumable {
  next: SyncWaiter | null = null;
  resolve!: () => void;
  constructor(
    readonly task: Task | null,
    /** RWMutex: a writer. */
    readonly write: boolean,
  ) {}
  resume(): void {
    this.resolve();
  }
}

/** A FIFO of blocked tasks: O(1) push and shift, no array copying. */
export class WaiterList {
  head: SyncWaiter | null = null;
  private tail: SyncWaiter | null = null;

  /** Park the current task here; the promise resolves when it is woken. */
  park(reason: StateWord, write = false): Promise<void> {
    const w = new SyncWaiter(parkCurrent(reason), write);
    const p = new Promise<void>((resolve) => (w.resolve = resolve));
    if (this.tail !== null) this.tail.next = w;
    else this.head = w;
    this.tail = w;
    return trace.on ? p.then(markResumed) : p;
  }

  /** Wake the first waiter; false if there was none. */
  wakeOne(): boolean {
    const w = this.head;
    if (w === null) return false;
    this.head = w.next;
    if (this.head === null) this.tail = null;
    w.next = null;
    w.task?.wake();
    ready(w);
    return true;
  }

  /** Wake every waiter, as one operation for fairness (see scheduler.wakeAll). */
  wakeAll(): void {
    if (this.head !== null) wakeAll(wakeEach, this);
  }
}

function wakeEach(list: WaiterList): void {
  while (list.wakeOne());
}
