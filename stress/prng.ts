// A small seeded PRNG (mulberry32), so a failing run replays from its seed.
// Not cryptographic; fast, 32-bit state, good enough to pick operations.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
  };
}

/** Derive an independent seed for stream `k` of `seed` (splitmix-style mixing). */
export function deriveSeed(seed: number, k: number): number {
  let z = (seed ^ Math.imul(k + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Replace Math.random with a seeded stream. The runtime's scheduler seeds
 * its select PRNG from Math.random when it loads, so doing this before the
 * library is imported makes select's random choices part of the replay.
 * (Wall-clock timing still varies between runs: a replay reproduces the
 * program and the choices, not the interleaving with timers.)
 */
export function seedMathRandom(seed: number): void {
  Math.random = rng(deriveSeed(seed, 0x5eed)).next;
}
