import { describe, expect, it } from "vitest";
import type { FineTuningGame } from "../../src/fine-tuning/model.js";
import { linearRevenue, polyCost0, polyCost1, solveFineTuning } from "../../src/index.js";
import { directChannelGame, randomPolynomialGame } from "./randomGames.js";

/** The same game in other units: every cost, fixed cost, revenue and outside option times λ. */
function rescaled(game: FineTuningGame, lambda: number): FineTuningGame {
  const g = game.generalist;
  const c0 = g.cost.polynomial!;
  const item = (s: FineTuningGame["specialists"][number]) => {
    const c = s.cost.polynomial!;
    return {
      ...s,
      cost: polyCost1(c.c * lambda, c.k, c.fixed * lambda),
      revenue: linearRevenue(s.revenue.linear!.slope * lambda),
      disagreement: s.disagreement * lambda,
    };
  };
  const direct = g.direct === undefined ? undefined : item({ ...g.direct, name: "direct", disagreement: 0 });
  return {
    generalist: {
      cost: polyCost0(c0.c * lambda, c0.k, c0.fixed * lambda),
      disagreement: g.disagreement * lambda,
      ...(direct === undefined ? {} : { direct: { cost: direct.cost, revenue: direct.revenue } }),
    },
    specialists: game.specialists.map(item),
  };
}

describe("the certificate does not depend on the units of utility", () => {
  // the equilibria do not change when every utility is multiplied by λ, so neither may the proofs:
  // margins floored at 1 (not at the game's own unit) left 52 of 60 random games in units of 1e-6
  // uncertified; the equilibrium certificate's tolerances, floored at 1 too, failed a correct
  // answer in units of 1e6 (direct channel 2: gains of 3.5e-9 that are rounding of terms ~1e5)
  const games: [string, FineTuningGame][] = [
    ...[1, 2, 3, 4].map((s): [string, FineTuningGame] => [
      `random ${s}`,
      randomPolynomialGame(5 + 7 * s, 60 + s, { extras: true }),
    ]),
    ...[2, 5].map((s): [string, FineTuningGame] => [`direct channel ${s}`, directChannelGame(s)]),
  ];
  for (const [name, game] of games) {
    it(`${name}: certified, with the same Pareto set and solutions, in units of 1e-6, 1 and 1e6`, () => {
      const base = solveFineTuning(game);
      expect(base.certificate.certified).toBe(true);
      for (const lambda of [1e-6, 1e6]) {
        const r = solveFineTuning(rescaled(game, lambda));
        expect(r.certificate.certified, `× ${lambda}: ${r.warnings.join(" | ")}`).toBe(true);
        expect(r.pareto.length).toBe(base.pareto.length);
        r.pareto.forEach(([lo, hi], k) => {
          // (an endpoint at a flat maximum is located to ~√ of the utility tolerance)
          expect(Math.abs(lo - base.pareto[k]![0])).toBeLessThanOrEqual(1e-6);
          expect(Math.abs(hi - base.pareto[k]![1])).toBeLessThanOrEqual(1e-6);
        });
        for (const id of ["nash", "egalitarian", "kalai-smorodinsky", "utilitarian"] as const) {
          expect(Math.abs(r.solutions[id]!.delta! - base.solutions[id]!.delta!)).toBeLessThanOrEqual(1e-6);
        }
      }
    });
  }
});
