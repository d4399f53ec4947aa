import { describe, expect, it } from "vitest";
import { cellBounds } from "../../src/fine-tuning/cellBounds.js";
import { equilibrium } from "../../src/fine-tuning/equilibrium.js";
import type { FineTuningGame } from "../../src/fine-tuning/model.js";
import { linearRevenue, polyCost0, solveFineTuning } from "../../src/index.js";
import { rng } from "../seeded.js";
import { randomPolynomialGame } from "./randomGames.js";

/** A random polynomial game with G's extras (see ./randomGames.ts). */
function randomGame(n: number, seed: number): FineTuningGame {
  return randomPolynomialGame(n, seed, { extras: true });
}

describe("bounds over a cell of δ, whatever the structure inside (fine-tuning/cellBounds.ts)", () => {
  it("hold at every δ of the cell: each utility, the revenue and G's investment (random games and cells)", () => {
    const r = rng(20261206);
    let checked = 0;
    let tight = 0;
    for (let trial = 0; trial < 40; trial++) {
      const n = 5 + Math.floor(r() * 60);
      const game = randomGame(n, 1000 + trial);
      const players = Array.from({ length: n + 1 }, (_, j) => j);
      for (let c = 0; c < 6; c++) {
        const width = 10 ** (-4 + 3.5 * r());
        const lo = Math.max(0, Math.min(1 - width, r()));
        const hi = Math.min(1, lo + width);
        // G's lower bound from its envelope, and from its investments at the cell's ends (and a
        // random one: any investment gives a lower bound)
        const ends = [lo, hi].map((d) => equilibrium(game, d, { method: "polynomial" }).alpha0 ?? undefined);
        for (const b of [
          cellBounds(game, players, lo, hi),
          cellBounds(game, players, lo, hi, [...ends, 2 * r()]),
        ]) {
          expect(b).not.toBeNull();
          for (let q = 0; q <= 24; q++) {
            const delta = lo + ((hi - lo) * q) / 24;
            const e = equilibrium(game, delta, { method: "polynomial" });
            if (!e.agreement) continue;
            checked++;
            for (const j of players) expect(e.utilities[j]!).toBeLessThanOrEqual(b!.upper[j]!);
            expect(e.revenue).toBeLessThanOrEqual(b!.revenue);
            expect(e.alpha0!).toBeLessThanOrEqual(b!.alpha0);
            // G's bound is close on a narrow cell (it is the envelope of G's own choices)
            if (
              hi - lo < 1e-3 &&
              b!.upper[0]! - e.utilities[0]! < 1e-2 * Math.max(1, Math.abs(e.utilities[0]!))
            )
              tight++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(6000);
    expect(tight).toBeGreaterThan(600);
  });

  it("with G's choices at the ends and a revenue to beat, bound its investment to second order: still at every δ, and below the revenue more often", () => {
    const r = rng(20261207);
    let checked = 0;
    let asked = 0;
    let sharper = 0;
    for (let trial = 0; trial < 40; trial++) {
      const n = 20 + Math.floor(r() * 280);
      const game = randomGame(n, 4000 + trial);
      const players = Array.from({ length: n + 1 }, (_, j) => j);
      for (let c = 0; c < 5; c++) {
        const width = 10 ** (-5 + 3 * r());
        const lo = Math.max(0, Math.min(1 - width, 0.2 + 0.8 * r()));
        const hi = Math.min(1 - 1e-9, lo + width);
        const inside = Array.from({ length: 31 }, (_, q) =>
          q <= 20 ? lo + ((hi - lo) * q) / 20 : lo + (hi - lo) * r(),
        );
        const eqs = inside.map((d) => equilibrium(game, d, { method: "polynomial" }));
        const ends = [eqs[0]!, eqs[20]!].map((e) =>
          e.agreement && e.alpha0 !== null ? { alpha0: e.alpha0, choice: e.choice } : null,
        );
        const first = cellBounds(game, players, lo, hi, ends);
        expect(first).not.toBeNull();
        // a revenue to beat between the largest found inside and the first-order bound
        const most = Math.max(0, ...eqs.filter((e) => e.agreement).map((e) => e.revenue));
        if (!(first!.revenue > most)) continue;
        const target = most + (first!.revenue - most) * r();
        const second = cellBounds(game, players, lo, hi, ends, target);
        expect(second).not.toBeNull();
        asked++;
        expect(second!.alpha0).toBeLessThanOrEqual(first!.alpha0);
        if (second!.revenue < target) sharper++;
        for (const e of eqs) {
          if (!e.agreement) continue;
          checked++;
          for (const j of players) expect(e.utilities[j]!).toBeLessThanOrEqual(second!.upper[j]!);
          expect(e.revenue).toBeLessThanOrEqual(second!.revenue);
          expect(e.alpha0!).toBeLessThanOrEqual(second!.alpha0);
        }
      }
    }
    expect(asked).toBeGreaterThan(100);
    expect(checked).toBeGreaterThan(2000);
    expect(sharper).toBeGreaterThan(asked / 2);
  });

  it("are null where they cannot hold: a negative revenue slope, or a linear cost for G", () => {
    const game = randomGame(5, 7);
    const negative: FineTuningGame = {
      ...game,
      specialists: [{ ...game.specialists[0]!, revenue: linearRevenue(-1) }, ...game.specialists.slice(1)],
    };
    expect(cellBounds(negative, [0, 1], 0.2, 0.3)).toBeNull();
    const linear: FineTuningGame = { ...game, generalist: { cost: polyCost0(3, 1), disagreement: 0 } };
    expect(cellBounds(linear, [0, 1], 0.2, 0.3)).toBeNull();
  });
});

describe("changes of structure left unlocated in cells the bounds prove dominated (bargaining/bounded.ts)", () => {
  it("leave the Pareto set, the solutions and the certificate as locating every change does", () => {
    // 1,200 specialists with fixed costs and outside options: 71 Pareto intervals, hundreds of
    // changes of structure, and a revenue maximum (max-performance, over every bargain) among
    // changes the bounds must not excuse
    const game = randomPolynomialGame(1200, 12);
    // (without the proofs that no window hides in a cell, which halve cells neither proven nor
    // dominated: this compares locating changes with leaving them in dominated cells alone)
    const fast = solveFineTuning(game, { bargaining: { structureProofs: false } });
    const full = solveFineTuning(game, { bargaining: { boundedCells: false, structureProofs: false } });
    const cf = fast.certificate.bargaining!;
    const cl = full.certificate.bargaining!;
    expect(cf.boundedCells).toBeGreaterThan(50);
    expect(cl.boundedCells).toBe(0);
    expect(cl.unresolvedBreakpoints).toBe(0);
    expect(cf.breakpoints).toBeLessThan(cl.breakpoints / 2);
    // (the bargaining layer's certificate: the whole answer's is not claimed without the proofs)
    expect(cf.certified).toBe(true);
    expect(cl.certified).toBe(true);
    expect(fast.certificate.certified).toBe(false);
    expect(fast.pareto.length).toBe(full.pareto.length);
    fast.pareto.forEach(([a, b], i) => {
      expect(Math.abs(a - full.pareto[i]![0])).toBeLessThan(1e-8);
      expect(Math.abs(b - full.pareto[i]![1])).toBeLessThan(1e-8);
    });
    for (const [id, s] of Object.entries(full.solutions))
      expect(Math.abs(fast.solutions[id as keyof typeof fast.solutions]!.delta! - s!.delta!)).toBeLessThan(
        1e-8,
      );
  });
});
