import { describe, expect, it } from "vitest";
import { QuadrantIndex, screenBelow } from "../../src/bargaining/quadrant.js";
import { rng } from "../seeded.js";

describe("the quadrant screen of pairwise dominance tests", () => {
  it("reports exactly the points with x ≥ qx and y ≥ qy, each once (random points with ties, random queries)", () => {
    const rand = rng(7);
    for (let trial = 0; trial < 200; trial++) {
      const n = Math.floor(rand() * 700);
      // coarse values make ties in x, in y and between queries and points
      const coarse = rand() < 0.5;
      const value = () => (coarse ? Math.floor(rand() * 8) : rand() * 2 - 1);
      const x = Float64Array.from({ length: n }, value);
      const y = Float64Array.from({ length: n }, value);
      const index = new QuadrantIndex(x, y);
      for (let q = 0; q < 20; q++) {
        const qx = rand() < 0.1 ? Number.NEGATIVE_INFINITY : value();
        const qy = rand() < 0.1 ? Number.POSITIVE_INFINITY : value();
        const got: number[] = [];
        index.forEach(qx, qy, (id) => {
          got.push(id);
          return false;
        });
        const want = [...x.keys()].filter((i) => x[i]! >= qx && y[i]! >= qy);
        expect(got.sort((a, b) => a - b)).toEqual(want);
      }
    }
  });

  it("stops when the visitor says so", () => {
    const index = new QuadrantIndex([3, 2, 1, 0], [0, 1, 2, 3]);
    let visits = 0;
    index.forEach(Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, () => ++visits === 2);
    expect(visits).toBe(2);
  });

  it("screens below every value the exact tests accept (a − b ≥ −s computed in floating point)", () => {
    const rand = rng(11);
    for (let k = 0; k < 100_000; k++) {
      const scale = 10 ** Math.floor(rand() * 40 - 20);
      const b = (rand() * 2 - 1) * scale;
      const s = rand() < 0.2 ? 0 : rand() * scale * 1e-12;
      // a just around b − s, where rounding decides
      const a = b - s + (rand() * 2 - 1) * 4 * Number.EPSILON * (Math.abs(b) + s);
      if (a - b >= -s) expect(a).toBeGreaterThanOrEqual(screenBelow(b, s));
      if (!(a < b - s)) expect(a).toBeGreaterThanOrEqual(screenBelow(b, s));
    }
  });
});
