import { describe, expect, it } from "vitest";
import {
  assemble,
  certifyEquilibrium,
  type Equilibrium,
  equilibrium,
  type FineTuningGame,
  fineTuningGameFromScenario,
  generalistValue,
} from "../../src/index.js";

const games: [string, FineTuningGame, number][] = [
  [
    "quadratic, one specialist",
    fineTuningGameFromScenario({ generalist: { cost: "a0^2" }, specialists: [{ cost: "2*(a-a0)^2" }] }),
    0.6,
  ],
  [
    "two specialists, a fixed cost and an outside option",
    fineTuningGameFromScenario({
      generalist: { cost: { polynomial: { c: 1.2, k: 2.5 } } },
      specialists: [
        { cost: "0.05 + (a-a0)^2" },
        { cost: { polynomial: { c: 1.7, k: 2 } }, disagreement: 0.02 },
      ],
    }),
    0.45,
  ],
  [
    "numeric: log revenue, exponential generalist cost",
    fineTuningGameFromScenario({
      generalist: { cost: "exp(a0) - 1 + 0.2*a0^2" },
      specialists: [{ cost: "(a-a0)^2", revenue: "2*log(1+a)" }],
    }),
    0.5,
  ],
];

/** The outcome when G plays α0 + h and every specialist best-responds to that. */
function gDeviates(game: FineTuningGame, eq: Equilibrium, h: number): Equilibrium {
  const a0 = eq.alpha0! + h;
  return assemble(
    game,
    eq.delta,
    a0,
    generalistValue(game, a0, eq.delta, eq.method),
    eq.method,
    {},
    "interior",
  );
}

/** The outcome when specialist i plays α_i + h (its utility recomputed), the rest unchanged. */
function specialistDeviates(game: FineTuningGame, eq: Equilibrium, i: number, h: number): Equilibrium {
  const s = game.specialists[i]!;
  const alphas = [...eq.alphas];
  const a = alphas[i]! + h;
  alphas[i] = a;
  const utilities = Float64Array.from(eq.utilities);
  utilities[i + 1] = (1 - eq.delta) * s.revenue.value(a) - s.cost.value(a, eq.alpha0!);
  return { ...eq, alphas, utilities };
}

describe("equilibrium certificates fail when the answer is perturbed", () => {
  it.each(games)("%s: the equilibrium itself passes", (_name, game, delta) => {
    const eq = equilibrium(game, delta);
    expect(eq.agreement).toBe(true);
    const c = certifyEquilibrium(game, eq);
    expect(c.holds).toBe(true);
    expect(c.maxDeviationGain).toBeLessThanOrEqual(1e-9);
  });

  it.each(games)("%s: G's α0 moved by ±1e-3 fails", (_name, game, delta) => {
    const eq = equilibrium(game, delta);
    for (const h of [1e-3, -1e-3]) {
      if (eq.alpha0! + h < 0) continue;
      const c = certifyEquilibrium(game, gDeviates(game, eq, h));
      expect(c.holds).toBe(false);
      expect(c.generalist.deviationGain).toBeGreaterThan(1e-9);
    }
  });

  it.each(games)("%s: a specialist's α moved by ±1e-3 fails", (_name, game, delta) => {
    const eq = equilibrium(game, delta);
    for (let i = 0; i < game.specialists.length; i++) {
      if (eq.alphas[i] === null) continue;
      for (const h of [1e-3, -1e-3]) {
        const c = certifyEquilibrium(game, specialistDeviates(game, eq, i, h));
        expect(c.holds).toBe(false);
        expect(c.specialists[i]!.deviationGain).toBeGreaterThan(1e-9);
        expect(Math.abs(c.specialists[i]!.focResidual ?? 0)).toBeGreaterThan(1e-5);
      }
    }
  });

  it("a claim that G stays out where entering pays fails", () => {
    const [, game, delta] = games[0]!;
    const eq = equilibrium(game, delta);
    const out: Equilibrium = {
      ...eq,
      agreement: false,
      alpha0: null,
      alphas: [null],
      utilities: Float64Array.from([0, 0]),
      regimes: ["abstainer"],
      revenue: 0,
      choice: "out",
      signature: "out",
    };
    expect(certifyEquilibrium(game, out).holds).toBe(false);
  });

  it("a claim that G stays out where it must (a fixed cost above everything it can earn) passes", () => {
    const game = fineTuningGameFromScenario({
      generalist: { cost: { polynomial: { c: 1, k: 2, fixed: 0.5 } } },
      specialists: [{ cost: "2*(a-a0)^2" }],
    });
    const eq = equilibrium(game, 0.6);
    expect(eq.agreement).toBe(false);
    expect(certifyEquilibrium(game, eq).holds).toBe(true);
  });
});
