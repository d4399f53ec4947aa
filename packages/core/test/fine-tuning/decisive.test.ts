import { describe, expect, it } from "vitest";
import { dominates } from "../../src/bargaining/dominance.js";
import { solveBargaining } from "../../src/bargaining/solve.js";
import { ChoicesMade } from "../../src/fine-tuning/choices.js";
import { decisivePlayers, participationLines } from "../../src/fine-tuning/decisive.js";
import { equilibrium } from "../../src/fine-tuning/equilibrium.js";
import { bestUtilities, dominanceReduction, shareOnStretch } from "../../src/fine-tuning/ideals.js";
import type { FineTuningGame } from "../../src/fine-tuning/model.js";
import { playerNames } from "../../src/fine-tuning/model.js";
import { packPolynomial } from "../../src/fine-tuning/packed.js";
import { linearRevenue, polyCost0, polyCost1, solveFineTuning } from "../../src/index.js";
import { rng } from "../seeded.js";
import { randomPolynomialGame } from "./randomGames.js";

/** A random polynomial game (see ./randomGames.ts). */
function randomGame(n: number, seed: number, ks: readonly number[] = [1.5, 2, 3]): FineTuningGame {
  return randomPolynomialGame(n, seed, { ks });
}

/** The decisive players of a game (null where the reduction does not apply). */
function decisiveOf(game: FineTuningGame, cap: number): number[] | null {
  const lines = participationLines(packPolynomial(game)!);
  return lines === null ? null : decisivePlayers(lines, cap);
}

/** Reference: the specialists no other covers (see src/fine-tuning/decisive.ts), by testing every pair. */
function uncoveredByPairs(game: FineTuningGame): Set<number> {
  const n = game.specialists.length;
  const rho: number[] = [];
  const gamma: number[] = [];
  const k: number[] = [];
  for (const s of game.specialists) {
    const { c, k: e, fixed } = s.cost.polynomial!;
    const slope = s.revenue.linear!.slope;
    // w/s straight from the closed form: (1 − 1/k)·s^{k/(k−1)}·(k c)^{−1/(k−1)} / s
    rho.push(((1 - 1 / e) * slope ** (e / (e - 1)) * (e * c) ** (-1 / (e - 1))) / slope);
    gamma.push((fixed + s.disagreement) / slope);
    k.push(e);
  }
  // j gains from joining wherever i does: a > γ − ρ·β, checked on a grid of a ≥ 0 and β ∈ [0, 1]
  // (with its ends and the points where either threshold crosses 0)
  const gainsWherever = (j: number, i: number): boolean => {
    const betas = [
      0,
      1,
      gamma[i]! / rho[i]!,
      gamma[j]! / rho[j]!,
      ...Array.from({ length: 33 }, (_, q) => q / 32),
    ];
    for (const b of betas) {
      if (!(b >= 0 && b <= 1)) continue;
      const ti = gamma[i]! - rho[i]! * b;
      const tj = gamma[j]! - rho[j]! * b;
      // the smallest a ≥ 0 at which i gains is just above max(t_i, 0) (or 0 itself if t_i < 0)
      if (ti < 0 ? !(0 > tj) : ti < tj) return false;
    }
    return true;
  };
  const out = new Set<number>();
  for (let i = 0; i < n; i++) {
    let above = false;
    let below = false;
    for (let j = 0; j < n; j++) {
      if (j === i || k[j] !== k[i]) continue;
      if (rho[j]! >= rho[i]! && gamma[j]! <= gamma[i]!) above = true;
      if (rho[j]! <= rho[i]! && gainsWherever(j, i)) below = true;
    }
    if (!above || !below) out.add(i + 1);
  }
  return out;
}

describe("the specialists that decide dominance (polynomial games)", () => {
  it("are the specialists no other covers, as a test of every pair finds them", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const game = randomGame(150, seed);
      const d = decisiveOf(game, 1000)!;
      expect(d[0]).toBe(0);
      expect(new Set(d.slice(1))).toEqual(uncoveredByPairs(game));
    }
  });

  it("are a handful in random games with three exponents, however many specialists", () => {
    // (docs/fine-tuning.md quotes this bound)
    for (const n of [1000, 10_000]) {
      for (let seed = 1; seed <= 3; seed++)
        expect(decisiveOf(randomGame(n, 500 + seed), 1000)!.length).toBeLessThanOrEqual(24);
    }
  });

  it("decide dominance between any two bargains as every player does", () => {
    // every pair of 81 δ (with the outcomes' own round-off): dominance over G and the decisive
    // specialists is dominance over all players
    let pairs = 0;
    let dominated = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const game = randomGame(120, 100 + seed);
      const d = decisiveOf(game, 1000)!;
      expect(d.length).toBeLessThan(game.specialists.length);
      const grid = Array.from({ length: 81 }, (_, j) => j / 80);
      const outcomes = grid.map((x) => equilibrium(game, x)).filter((o) => o.agreement);
      const full = outcomes.map((o) => Float64Array.from(o.utilities));
      const reduced = full.map((u) => Float64Array.from(d, (i) => u[i]!));
      for (let a = 0; a < full.length; a++) {
        for (let b = 0; b < full.length; b++) {
          if (a === b) continue;
          pairs++;
          const all = dominates(full[a]!, full[b]!, 1e-9);
          if (all) dominated++;
          expect(dominates(reduced[a]!, reduced[b]!, 1e-9)).toBe(all);
        }
      }
    }
    // the pairs are not all one way
    expect(dominated).toBeGreaterThan(pairs / 20);
    expect(dominated).toBeLessThan(pairs - pairs / 20);
  });

  /** The Pareto set and solutions with the reduction equal those with every player checked. */
  function compareWithAllChecked(game: FineTuningGame): void {
    const made = new ChoicesMade();
    const reduction = dominanceReduction(game, 1000, made)!;
    const problem = {
      players: playerNames(game),
      disagreement: [0, ...game.specialists.map((s) => s.disagreement)],
      evaluate: (x: number) => equilibrium(game, x),
    };
    const all = solveBargaining(problem, { fullChecksMaxPlayers: Number.POSITIVE_INFINITY, powerful: ["G"] });
    const few = solveBargaining(
      {
        ...problem,
        evaluate: (x: number) => {
          const e = equilibrium(game, x);
          made.note(e);
          return e;
        },
        decisive: reduction.decisive,
        bestUtilities: reduction.bestUtilities,
      },
      { fullChecksMaxPlayers: reduction.decisive.length, powerful: ["G"] },
    );
    expect(reduction.decisive.length).toBeLessThan(game.specialists.length / 2);
    expect(all.certificate.certified).toBe(true);
    expect(few.certificate.certified).toBe(true);
    expect(few.pareto.length).toBe(all.pareto.length);
    few.pareto.forEach(([lo, hi], i) => {
      expect(Math.abs(lo - all.pareto[i]![0])).toBeLessThan(1e-8);
      expect(Math.abs(hi - all.pareto[i]![1])).toBeLessThan(1e-8);
    });
    expect(few.parties).toEqual(all.parties);
    for (const [id, s] of Object.entries(all.solutions)) {
      const t = few.solutions[id as "nash"]!;
      // the same objective, up to the tie band (a flat maximum moves δ by more)
      expect(Math.abs(t.objective - s!.objective)).toBeLessThanOrEqual(
        1e-9 * Math.max(1, Math.abs(s!.objective)),
      );
    }
  }

  it("give the bargaining solver the Pareto set and solutions that checking every player gives", () => {
    for (let seed = 1; seed <= 3; seed++) compareWithAllChecked(randomGame(160, 200 + seed));
  });

  it("give Kalai–Smorodinsky the ideal points that refining every maximum gives", () => {
    // every specialist gains everywhere (no fixed costs, no outside options), and most do best
    // inside the Pareto set: the ideal points decide the solution
    const r = rng(5);
    const specialists = Array.from({ length: 300 }, (_, i) => ({
      name: `D${i + 1}`,
      cost: polyCost1(0.5 + 2 * r(), 2, 0),
      revenue: linearRevenue(0.5 + r()),
      disagreement: 0,
    }));
    compareWithAllChecked({ generalist: { cost: polyCost0(300, 2), disagreement: 0 }, specialists });
  });

  it("let the fine-tuning solver certify games beyond the full checks' reach", () => {
    const game = randomGame(1200, 7, [2]);
    // the bargaining layer's certificate (the proofs that no window hides in a cell, tested in
    // cellStructure.test.ts, would take a minute here and are not what this tests)
    const r = solveFineTuning(game, { certify: false, bargaining: { structureProofs: false } });
    expect(r.certificate.bargaining!.certified).toBe(true);
    expect(r.warnings.some((w) => w.includes("fullChecksMaxPlayers"))).toBe(false);
  });

  it("are not claimed where the closed form does not hold", () => {
    const game = randomGame(10, 1);
    const bad = {
      ...game,
      specialists: [{ ...game.specialists[0]!, revenue: linearRevenue(0) }, ...game.specialists.slice(1)],
    };
    expect(decisiveOf(bad, 1000)).toBeNull();
    // nor when they would be more than the cap
    expect(decisiveOf(game, 2)).toBeNull();
  });

  it("give every specialist's best utility over stretches of one structure, as a dense scan finds it", () => {
    for (let seed = 1; seed <= 3; seed++) {
      // stretches: runs of one signature on a grid over [0.05, 0.75]
      compareWithScan(randomGame(200, 300 + seed), 0.05, 0.75);
    }
  });

  it("give them where the curvature grows without bound, refining the grid only there", () => {
    // G's cubic cost: its interior choice grows as √δ from δ = 0; specialists' β_3 = (1 − δ)^1.5
    // bends ever more sharply towards δ = 1. A grid fine enough at both ends everywhere would be
    // needlessly large; the adaptive one is fine only there.
    for (let seed = 1; seed <= 2; seed++) {
      const game = randomGame(200, 300 + seed);
      compareWithScan({ ...game, generalist: { ...game.generalist, cost: polyCost0(20, 3) } }, 0, 0.999);
    }
  });

  it("give no best utilities over a stretch whose ends the closed form of its sample does not give back", () => {
    // a stretch across changes of structure (as when the solver could not locate them all)
    const game = randomGame(200, 401, [2]);
    const made = new ChoicesMade();
    const reduction = dominanceReduction(game, 1000, made)!;
    const at = (x: number) => {
      const e = equilibrium(game, x);
      made.note(e);
      return e;
    };
    const [a, b] = [at(0.1), at(0.9)];
    expect(a.signature).not.toBe(b.signature);
    expect(reduction.bestUtilities([{ lo: 0.1, hi: 0.9, at: 0.1 }], 1)).toBeNull();
    // one δ is a stretch of its own
    expect(reduction.bestUtilities([{ lo: 0.1, hi: 0.1, at: 0.1 }], 1)).not.toBeNull();
  });
});

/**
 * bestUtilities over the stretches of one signature on a grid of 1,401 δ over [from, to] against a
 * scan of 20 equilibria per grid cell: never below the scan (beyond 1e-12 of the utility scale),
 * and above it by no more than the scan's spacing can miss.
 */
function compareWithScan(game: FineTuningGame, from: number, to: number): void {
  const xs = Array.from({ length: 1401 }, (_, j) => from + ((to - from) * j) / 1400);
  const eq = xs.map((x) => equilibrium(game, x));
  const stretches: {
    lo: number;
    hi: number;
    at: number;
    alpha0: number;
    choice: "zero" | "threshold" | "interior" | "out";
  }[] = [];
  eq.forEach((e, j) => {
    if (!e.agreement) return;
    const last = stretches[stretches.length - 1];
    if (last !== undefined && j > 0 && eq[j - 1]!.signature === e.signature && last.hi === xs[j - 1])
      last.hi = xs[j]!;
    else stretches.push({ lo: xs[j]!, hi: xs[j]!, at: xs[j]!, alpha0: e.alpha0!, choice: e.choice });
  });
  let scale = 0;
  for (const e of eq) for (const u of e.utilities as Float64Array) scale = Math.max(scale, Math.abs(u));
  const p = packPolynomial(game)!;
  const pieces = stretches.map((st) => ({ lo: st.lo, hi: st.hi, share: shareOnStretch(game, p, st)! }));
  const best = bestUtilities(p, participationLines(p)!, pieces, scale)!;
  expect(best).not.toBeNull();
  const scan = new Float64Array(game.specialists.length + 1).fill(Number.NEGATIVE_INFINITY);
  for (const st of stretches) {
    const cells = Math.max(1, Math.round(((st.hi - st.lo) * 1400) / (to - from))) * 20;
    for (let c = 0; c <= cells; c++) {
      const u = equilibrium(game, st.lo + ((st.hi - st.lo) * c) / cells).utilities;
      for (let i = 1; i < u.length; i++) scan[i] = Math.max(scan[i]!, u[i]!);
    }
  }
  for (let i = 1; i < scan.length; i++) {
    expect(best[i]!).toBeGreaterThanOrEqual(scan[i]! - 1e-12 * scale);
    expect(best[i]! - scan[i]!).toBeLessThan(1e-9 * scale);
  }
}
