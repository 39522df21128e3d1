// Hidden classes kept alive. V8 gives each class a chain of hidden classes
// (maps), one per field its constructor adds, and the class holds that chain
// only weakly. Once the last instance dies, a full collection frees the maps,
// throws away every optimized function specialized to them (V8's deopt
// reason "weak objects") and clears the inline caches that saw them. A
// program whose channels, waiters and tasks all die between bursts (a server
// between requests, a benchmark between rounds) would then run every hot path
// unoptimized again after each full collection (BENCHMARKS.md, "What each
// optimization bought", has the fan-in figures). One unused instance of each hot class, held here for the
// life of the program, keeps its maps alive.
//
// An anchor must end up with the field representations real instances have
// (a field that holds a fractional number must hold one in the anchor too),
// or V8 gives the real instances a new map that the anchor does not hold.

// By class. Looking an anchor up by class never reads a property of the
// anchor itself, which would migrate it to its class's current map and hide
// the mismatch the tests look for.
const anchors = new Map<unknown, object>();

/** Hold `instance` forever, so its class's hidden classes outlive its last real instance. */
export function keepLayout(instance: object): void {
  anchors.set(instance.constructor, instance);
}

/** The kept instance of class `cls`: tests check that real instances still share its hidden class. */
export function keptInstance(cls: abstract new (...args: never[]) => object): object | undefined {
  return anchors.get(cls);
}
