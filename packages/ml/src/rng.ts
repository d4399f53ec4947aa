/**
 * A seeded pseudo-random generator for everything random in training: data selection, weight
 * initialisation, minibatch order.
 *
 * Conventions: xoshiro128** (Blackman & Vigna) seeded through splitmix32, so every seed — 0
 * included — gives a well-mixed state; 32-bit integer arithmetic only (`Math.imul`, `>>> 0`), so
 * the stream is identical on every JavaScript engine and machine. The state is four 32-bit words
 * and can be saved and restored, which is what makes learner snapshots exact.
 */

/** The generator's full state: four unsigned 32-bit words (never all zero). */
export type RngState = readonly [number, number, number, number];

/** A seeded generator. */
export interface Rng {
  /** A uniform number in [0, 1) with 32 random bits. */
  next(): number;
  /** A uniform integer in [0, n) (n ≥ 1), without modulo bias. */
  nextInt(n: number): number;
  /** A copy of the current state. */
  state(): RngState;
  /** Continues from a state previously returned by {@link Rng.state}. */
  setState(state: RngState): void;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * Creates a generator from an integer seed (taken modulo 2³²; 0 is a valid seed).
 *
 * @example
 * ```ts
 * const a = createRng(0), b = createRng(0);
 * a.next() === b.next() // true
 * ```
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`seed: expected an integer, found ${seed}`);
  const mix = splitmix32(seed);
  // splitmix32 is a bijection of its counter, so four consecutive outputs are never all zero.
  let s0 = mix();
  let s1 = mix();
  let s2 = mix();
  let s3 = mix();
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
  return {
    next: () => nextU32() / 4294967296,
    nextInt(n: number): number {
      if (!Number.isInteger(n) || n < 1 || n > 4294967296)
        throw new RangeError(`n: expected an integer in [1, 2^32], found ${n}`);
      // Rejection sampling: accept only draws below the largest multiple of n.
      const limit = 4294967296 - (4294967296 % n);
      for (;;) {
        const u = nextU32();
        if (u < limit) return u % n;
      }
    },
    state: () => [s0, s1, s2, s3],
    setState(state: RngState): void {
      [s0, s1, s2, s3] = state;
    },
  };
}

/** Shuffles `array` in place (Fisher–Yates) with `rng`; returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(array: T, rng: Rng): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = array[i]!;
    array[i] = array[j]!;
    array[j] = t;
  }
  return array;
}

/** Derives an independent child seed from a seed and a stream label (e.g. a firm index). */
export function deriveSeed(seed: number, stream: number): number {
  const mix = splitmix32((seed ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0);
  mix();
  return mix();
}
