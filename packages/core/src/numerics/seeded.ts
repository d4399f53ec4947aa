/**
 * A small seeded generator (mulberry32, T. Ettinger): the same seed draws the same numbers in
 * [0, 1), on every run and machine. For reproducible random scenarios (the explorer's "add many
 * specialists") and random-case tests; not for anything that needs statistical quality.
 */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
