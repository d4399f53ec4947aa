import { describe, expect, it } from "vitest";
import { CloseCallSearch, closeCalls } from "../../src/bargaining/closeCalls.js";
import type { Sample } from "../../src/bargaining/sampling.js";
import { rng } from "../seeded.js";

/** A sample as the search reads it: δ, utilities, structure key and status. */
function sample(delta: number, u: Float64Array, sig: string, nd: boolean): Sample {
  return {
    delta,
    agreement: sig !== "n",
    revenue: 0,
    u,
    head: u,
    dom: u,
    domHead: u,
    absMax: Math.max(...u.map(Math.abs)),
    sig,
    branch: Number.NaN,
    multimodal: false,
    margin: Number.NaN,
    nd,
    classified: true,
  };
}

const sorted = (cells: [number, number][]) => [...cells].sort((a, b) => a[0] - b[0]);

describe("close calls kept from one round of subdivision to the next", () => {
  it("equal the calls found by testing every pair, round after round (random utilities, pieces and statuses)", () => {
    const rand = rng(20261206);
    let rounds = 0;
    let calls = 0;
    for (let trial = 0; trial < 60; trial++) {
      const m = 2 + Math.floor(rand() * 4);
      // utilities: a few random waves per player, so that distant stretches come close
      const waves = Array.from({ length: m }, () =>
        Array.from({ length: 3 }, () => [rand() * 2 - 1, 1 + rand() * 12, rand() * 6.3]),
      );
      const utilities = (d: number) =>
        Float64Array.from(waves, (w) => w.reduce((s, [a, f, p]) => s + a! * Math.sin(f! * d + p!), 0));
      // structure: a few breakpoints, one of them sometimes a stretch without agreement
      const breaks = Array.from({ length: Math.floor(rand() * 3) }, () => rand()).sort();
      const noDeal = rand() < 0.3 ? Math.floor(rand() * (breaks.length + 1)) : -1;
      const sigOf = (d: number) => {
        const k = breaks.filter((b) => b <= d).length;
        return k === noDeal ? "n" : `a${k}`;
      };
      // one slack per player (SolveContext.slack), some of them 0
      const slack = Float64Array.from({ length: m }, () => (rand() < 0.5 ? 0 : 1e-3 * rand()));
      const minWidth = rand() < 0.5 ? 1e-8 : 1e-3;
      const byDelta = new Map<number, Sample>();
      const add = (d: number) => {
        if (!byDelta.has(d))
          byDelta.set(d, sample(d, utilities(d), sigOf(d), sigOf(d) !== "n" && rand() < 0.7));
      };
      // (some grids above the 256 cells from which the search screens its pairs: ./quadrant.ts)
      const grid = trial % 4 === 0 ? 260 + Math.floor(rand() * 140) : 8 + Math.floor(rand() * 40);
      for (let j = 0; j <= grid; j++) add(j / grid);
      const search = new CloseCallSearch();
      for (let round = 0; round < 12; round++) {
        const all = [...byDelta.values()].sort((a, b) => a.delta - b.delta);
        const want = closeCalls(all, slack, 1e-12, minWidth);
        const got = search.next(all, slack, 1e-12, minWidth);
        expect(sorted(got)).toEqual(sorted(want));
        rounds++;
        calls += want.length;
        // as the solver does: split (some of) the calls, add other samples, and statuses only ever turn to dominated
        for (const [a, b] of want.slice(0, 12)) add(0.5 * (a + b));
        for (let k = 0; k < 3; k++) add(rand());
        for (const s of all) if (rand() < 0.05) s.nd = false;
        // a structure too fine to resolve is coarsened to agreement alone
        if (rand() < 0.1) for (const s of byDelta.values()) if (s.sig !== "n") s.sig = "a";
      }
    }
    expect(rounds).toBe(720);
    expect(calls).toBeGreaterThan(500);
  });
});
