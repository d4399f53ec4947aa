import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng, deriveSeed, shuffleInPlace } from "../src/index.js";

describe("createRng", () => {
  it("gives the same stream for the same seed, seed 0 included", () => {
    const a = createRng(0);
    const b = createRng(0);
    const xs = Array.from({ length: 100 }, () => a.next());
    const ys = Array.from({ length: 100 }, () => b.next());
    expect(xs).toEqual(ys);
    expect(new Set(xs).size).toBe(100);
  });

  it("gives different streams for different seeds", () => {
    expect(createRng(1).next()).not.toBe(createRng(2).next());
    expect(deriveSeed(7, 0)).not.toBe(deriveSeed(7, 1));
  });

  it("draws numbers in [0, 1) and integers in [0, n)", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const r = createRng(seed);
        for (let i = 0; i < 20; i++) {
          const u = r.next();
          expect(u >= 0 && u < 1).toBe(true);
          const k = r.nextInt(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
        }
      }),
    );
  });

  it("continues exactly from a saved state", () => {
    const r = createRng(42);
    r.next();
    const s = r.state();
    const first = [r.next(), r.next()];
    r.setState(s);
    expect([r.next(), r.next()]).toEqual(first);
  });

  it("draws every class of nextInt about equally often", () => {
    const r = createRng(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[r.nextInt(3)]! += 1;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400); // > 5 standard deviations
  });

  it("shuffles into a permutation", () => {
    const a = shuffleInPlace(
      Array.from({ length: 50 }, (_, i) => i),
      createRng(5),
    );
    expect(a).toHaveLength(50);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
