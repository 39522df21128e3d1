// The no-loss check's books: every value sent in a round is a fresh integer,
// and the ledger records what happened to the send and how often the value
// came out. At the end of a round (every channel closed and drained) each
// value must have been received exactly once if its send went through, and
// never if its send was rejected or its select arm / trySend did not go.

const FREE = 0;
/** Handed to send/trySend/select, outcome not known yet. */
const IN_FLIGHT = 1;
/** The send completed: the value was handed over or buffered. */
const COMMITTED = 2;
/** The send rejected with Panic("send on closed channel"). */
const REJECTED = 3;
/** trySend returned false, or the select chose another arm. */
const NOT_CHOSEN = 4;

export interface Tally {
  sent: number;
  committed: number;
  rejected: number;
  notChosen: number;
  received: number;
  /** Received from a buffer by the end-of-round drain. */
  leftInBuffer: number;
  lost: number;
  lostToAbandonedIterator: number;
  duplicated: number;
  /** Received although its send did not go through. */
  phantom: number;
  /** Send never settled although the round is over. */
  unsettled: number;
}

export function emptyTally(): Tally {
  return { sent: 0, committed: 0, rejected: 0, notChosen: 0, received: 0, leftInBuffer: 0, lost: 0, lostToAbandonedIterator: 0, duplicated: 0, phantom: 0, unsettled: 0 };
}

export function addTally(into: Tally, t: Tally): void {
  for (const k of Object.keys(into) as (keyof Tally)[]) into[k] += t[k];
}

export class Ledger {
  private status = new Uint8Array(1024);
  private count = new Uint8Array(1024);
  /** Values that resolved an iterator's next() after its return(). */
  private abandoned = new Uint8Array(1024);
  private n = 0;
  private drained = 0;
  /** Received values that are no value of this round at all. */
  private strays = 0;
  readonly problems: string[] = [];

  /** A fresh value for a send. */
  issue(): number {
    const v = ++this.n;
    if (v >= this.status.length) this.grow();
    this.status[v] = IN_FLIGHT;
    return v;
  }

  commit(v: number): void {
    this.settle(v, COMMITTED);
  }
  reject(v: number): void {
    this.settle(v, REJECTED);
  }
  notChosen(v: number): void {
    this.settle(v, NOT_CHOSEN);
  }
  /** Settle `v` as not chosen unless something settled it already (a select's losing send arms). */
  notChosenIfOpen(v: number): void {
    if (this.status[v] === IN_FLIGHT) this.status[v] = NOT_CHOSEN;
  }
  rejectIfOpen(v: number): void {
    if (this.status[v] === IN_FLIGHT) this.status[v] = REJECTED;
  }

  /** A receive produced `v` (ok = true). */
  received(v: unknown, fromDrain = false): void {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > this.n) {
      this.strays++;
      this.note(`received ${String(v)}, which no send of this round sent`);
      return;
    }
    if (this.count[v]! < 255) this.count[v]!++;
    if (fromDrain) this.drained++;
  }

  /** `v` resolved the pending next() of an iterator whose return() had been called. */
  receivedByAbandoned(v: unknown): void {
    if (typeof v === "number" && v >= 1 && v <= this.n) this.abandoned[v] = 1;
    else this.received(v);
  }

  tally(): Tally {
    const t = emptyTally();
    t.sent = this.n;
    t.leftInBuffer = this.drained;
    t.phantom = this.strays;
    for (let v = 1; v <= this.n; v++) {
      const s = this.status[v]!;
      const c = this.count[v]!;
      t.received += c;
      if (s === COMMITTED) {
        t.committed++;
        if (c === 0 && this.abandoned[v]) {
          t.lostToAbandonedIterator++;
          this.note(`value ${v}: its send completed, and it went to an iterator's next() left pending by return()`);
        } else if (c === 0) {
          t.lost++;
          this.note(`value ${v}: its send completed but nobody received it and it is not in any buffer`);
        } else if (c > 1) {
          t.duplicated++;
          this.note(`value ${v}: received ${c} times`);
        }
      } else if (s === IN_FLIGHT) {
        t.unsettled++;
        this.note(`value ${v}: its send never settled`);
      } else {
        if (s === REJECTED) t.rejected++;
        else t.notChosen++;
        if (c > 0 || this.abandoned[v]) {
          t.phantom++;
          this.note(`value ${v}: received although its send ${s === REJECTED ? "was rejected" : "was not chosen"}`);
        }
      }
    }
    return t;
  }

  note(problem: string): void {
    if (this.problems.length < 20) this.problems.push(problem);
  }

  private settle(v: number, s: number): void {
    if (this.status[v] !== IN_FLIGHT) this.note(`value ${v}: settled twice (${this.status[v]} then ${s})`);
    this.status[v] = s;
  }

  private grow(): void {
    const size = this.status.length * 2;
    for (const k of ["status", "count", "abandoned"] as const) {
      const next = new Uint8Array(size);
      next.set(this[k]);
      this[k] = next;
    }
  }
}
