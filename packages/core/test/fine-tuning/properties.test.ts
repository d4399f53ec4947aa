import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  dominates,
  equilibrium,
  type FineTuningGame,
  fineTuningGameFromScenario,
  solutionEntries,
  solutionList,
  solveBargaining,
  solveFineTuning,
} from "../../src/index.js";
import { polyGame } from "./games.js";

/** Utilities on a dense δ grid, for brute-force Pareto checks. */
function denseFront(game: FineTuningGame, n = 2000) {
  return Array.from({ length: n + 1 }, (_, i) => equilibrium(game, i / n)).filter((e) => e.agreement);
}

const ratio = fc.double({ min: 0.1, max: 10, noNaN: true });
const exponent = fc.constantFrom(2, 2.5, 3);
const games = fc.record({ c0: ratio, k0: exponent, c1: ratio, k1: exponent }).map(polyGame);

describe("properties every fine-tuning solution must have", () => {
  it("every solution is individually rational and not dominated by any δ of a dense grid", () => {
    fc.assert(
      fc.property(games, (game) => {
        const r = solveFineTuning(game, { certify: false });
        const front = denseFront(game, 1000);
        for (const [id, s] of solutionEntries(r.solutions)) {
          if (!s.inParetoSet) continue;
          const u = [s.utilities["G"]!, s.utilities["D"]!];
          expect(u[0]!, id).toBeGreaterThanOrEqual(-1e-15);
          expect(u[1]!, id).toBeGreaterThanOrEqual(-1e-15);
          for (const e of front)
            expect(dominates(e.utilities, u, 1e-9), `${id} dominated by δ = ${e.delta}`).toBe(false);
        }
      }),
      { numRuns: 15 },
    );
  });

  it("no player gains by a unilateral deviation at any reported equilibrium (certificates)", () => {
    fc.assert(
      fc.property(games, (game) => {
        const r = solveFineTuning(game);
        expect(r.certificate.maxDeviationGain).toBeLessThan(1e-9);
        for (const s of solutionList(r.solutions)) {
          expect(s.certificate).toBeDefined();
          expect(s.certificate!.maxDeviationGain).toBeLessThan(1e-9);
          const foc = s.certificate!.specialists[0]!.focResidual;
          if (foc !== null) expect(Math.abs(foc)).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 15 },
    );
  });

  it("Kalai–Smorodinsky equalises the ratios of gains to ideal gains; egalitarian equalises gains", () => {
    fc.assert(
      fc.property(games, (game) => {
        const r = solveFineTuning(game, { certify: false });
        const ideal = {
          G: r.solutions["powerful-G"].utilities["G"]!,
          D: r.solutions["powerful-D"]!.utilities["D"]!,
        };
        const ks = r.solutions["kalai-smorodinsky"];
        const [lo, hi] = r.pareto[0]!;
        if (ks.delta! > lo + 1e-9 && ks.delta! < hi - 1e-9) {
          expect(Math.abs(ks.utilities["G"]! / ideal.G - ks.utilities["D"]! / ideal.D)).toBeLessThan(1e-7);
        }
        const eg = r.solutions.egalitarian;
        if (eg.delta! > lo + 1e-9 && eg.delta! < hi - 1e-9) {
          expect(Math.abs(eg.utilities["G"]! - eg.utilities["D"]!)).toBeLessThan(1e-7);
        }
      }),
      { numRuns: 25 },
    );
  });

  it("Nash and Kalai–Smorodinsky are invariant to rescaling one player's utility; egalitarian is not", () => {
    const game = polyGame({ c0: 1, k0: 2, c1: 2, k1: 2 });
    const problem = (scale: number) => ({
      players: ["G", "D"],
      disagreement: [0, 0],
      evaluate: (d: number) => {
        const e = equilibrium(game, d);
        return { ...e, utilities: [scale * e.utilities[0]!, e.utilities[1]!] };
      },
    });
    const base = solveBargaining(problem(1));
    const scaled = solveBargaining(problem(7.5));
    expect(Math.abs(scaled.solutions.nash.delta! - base.solutions.nash.delta!)).toBeLessThan(1e-7);
    expect(
      Math.abs(scaled.solutions["kalai-smorodinsky"].delta! - base.solutions["kalai-smorodinsky"].delta!),
    ).toBeLessThan(1e-7);
    expect(Math.abs(scaled.solutions.egalitarian.delta! - base.solutions.egalitarian.delta!)).toBeGreaterThan(
      1e-3,
    );
  });

  it("with unimodal utilities the Pareto set is the interval between the powerful-player solutions (Thm 2.1)", () => {
    fc.assert(
      fc.property(games, (game) => {
        const r = solveFineTuning(game, { method: "polynomial", certify: false });
        expect(r.pareto.length).toBe(1);
        const g = r.solutions["powerful-G"].delta!;
        const d = r.solutions["powerful-D"]!.delta!;
        expect(Math.abs(r.pareto[0]![0] - Math.min(g, d))).toBeLessThan(1e-7);
        expect(Math.abs(r.pareto[0]![1] - Math.max(g, d))).toBeLessThan(1e-7);
      }),
      { numRuns: 10 },
    );
  });

  it("positive disagreement payoffs shrink the Pareto set to the individually rational bargains", () => {
    const sc = (d0: number, d1: number) =>
      fineTuningGameFromScenario({
        generalist: { cost: { polynomial: { c: 1, k: 2 } }, disagreement: d0 },
        specialists: [{ cost: { polynomial: { c: 2, k: 2 } }, disagreement: d1 }],
      });
    const free = solveFineTuning(sc(0, 0), { certify: false });
    const bound = solveFineTuning(sc(0.12, 0.12), { certify: false });
    expect(bound.pareto.length).toBeGreaterThanOrEqual(1);
    expect(bound.pareto[0]![0]).toBeGreaterThan(free.pareto[0]![0]);
    expect(bound.pareto[bound.pareto.length - 1]![1]).toBeLessThan(free.pareto[0]![1]);
    // Beyond δ ≈ 0.686 G over-invests to hold D at exactly its outside option 0.12; D is then
    // indifferent and G's own peak (δ ≈ 0.753) dominates the rest: an isolated Pareto point.
    expect(bound.pareto.length).toBe(2);
    const peak = bound.solutions["powerful-G"];
    expect(peak.utilities["D"]).toBeCloseTo(0.12, 12);
    expect(peak.delta).toBeCloseTo(bound.pareto[1]![0], 5);
    for (const s of solutionList(bound.solutions)) {
      expect(s.utilities["G"]!).toBeGreaterThanOrEqual(0.12 - 1e-12);
      expect(s.utilities["D"]!).toBeGreaterThanOrEqual(0.12 - 1e-12);
    }
    // nobody can get 0.2: disagreement everywhere
    const none = solveFineTuning(sc(0.2, 0.2), { certify: false });
    expect(none.pareto.length).toBe(0);
    expect(none.solutions.nash.delta).toBeNull();
    expect(none.warnings.some((w) => w.startsWith("disagreement"))).toBe(true);
  });
});
