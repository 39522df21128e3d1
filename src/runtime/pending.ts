// A pending promise without a closure per call. The executor runs
// synchronously inside the Promise constructor, so one shared executor can
// store the resolving functions into the object named just before; nothing
// here keeps them afterwards (a kept one would keep its promise, and the
// parked task behind it, reachable: leak proofs depend on that).

/** Takes the resolve function of a parked operation. */
export interface Resolvable {
  resolve: ((value: never) => void) | null;
}

/** Takes both resolving functions. */
export interface Settleable extends Resolvable {
  reject: ((reason: unknown) => void) | null;
}

let into: Settleable | Resolvable | null = null;

function takeResolve(resolve: (value: never) => void): void {
  into!.resolve = resolve;
  into = null;
}

function takeBoth(resolve: (value: never) => void, reject: (reason: unknown) => void): void {
  (into as Settleable).resolve = resolve;
  (into as Settleable).reject = reject;
  into = null;
}

/** A new pending promise whose resolve function is stored in `holder.resolve`. */
export function pendingInto<T>(holder: Resolvable): Promise<T> {
  into = holder;
  return new Promise<T>(takeResolve as (resolve: (value: T) => void) => void);
}

/** A new pending promise whose resolving functions are stored in `holder`. */
export function settleableInto<T>(holder: Settleable): Promise<T> {
  into = holder;
  return new Promise<T>(takeBoth as (resolve: (value: T) => void, reject: (reason: unknown) => void) => void);
}
