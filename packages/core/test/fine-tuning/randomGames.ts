/** Random polynomial fine-tuning games for property tests (seeded: the same game for a seed). */
import type { FineTuningGame } from "../../src/fine-tuning/model.js";
import { fineTuningGameFromScenario, linearRevenue, polyCost0, polyCost1 } from "../../src/index.js";
import { rng } from "../seeded.js";

/**
 * n specialists with exponents from `ks`, spread slopes and cost coefficients, fixed costs for
 * most and outside options for some (participation binds, and specialists drop out one by one).
 * With `extras`, G's exponent varies, and G sometimes has an outside option and a direct channel
 * (G then switches which specialist it holds at its threshold as δ moves); without, G's cost is
 * quadratic and its outside option 0.
 */
export function randomPolynomialGame(
  n: number,
  seed: number,
  options: { readonly ks?: readonly number[]; readonly extras?: boolean } = {},
): FineTuningGame {
  const r = rng(seed);
  const ks = options.ks ?? [1.5, 2, 3];
  const specialists = Array.from({ length: n }, (_, i) => ({
    name: `D${i + 1}`,
    cost: polyCost1(0.3 + 2 * r(), ks[Math.floor(r() * ks.length)]!, r() < 0.7 ? 0.12 * r() : 0),
    revenue: linearRevenue(0.4 + 1.2 * r()),
    disagreement: r() < 0.3 ? 0.06 * r() : 0,
  }));
  if (options.extras !== true) {
    return { generalist: { cost: polyCost0(n * (0.4 + r()), 2), disagreement: 0 }, specialists };
  }
  const direct =
    r() < 0.3 ? { cost: polyCost1(1 + r(), 2, 0.05 * r()), revenue: linearRevenue(0.5 + r()) } : undefined;
  return {
    generalist: {
      cost: polyCost0(n * (0.4 + r()), r() < 0.5 ? 2 : 1.5 + 2 * r()),
      disagreement: r() < 0.2 ? 0.02 * n * r() : 0,
      ...(direct === undefined ? {} : { direct }),
    },
    specialists,
  };
}

/**
 * A small game with a direct channel whose scenario leaves G's disagreement payoff to its default,
 * the channel's value alone: at δ = 0 entering is worth exactly that.
 */
export function directChannelGame(seed: number): FineTuningGame {
  const r = rng(seed);
  const poly = (c: number, k: number, fixed: boolean) => ({
    polynomial: { c, k, ...(fixed ? { fixed: 0.1 * r() } : {}) },
  });
  return fineTuningGameFromScenario({
    model: "fine-tuning",
    generalist: {
      cost: poly(1 + 100 * r(), [1.5, 2, 1.2 + 2 * r()][Math.floor(r() * 3)]!, false),
      direct: { cost: poly(0.5 + r(), 2, r() < 0.5), revenue: `${(0.3 + 1.5 * r()).toFixed(3)}*a` },
    },
    specialists: Array.from({ length: 1 + Math.floor(r() * 3) }, () => ({
      cost: poly(0.3 + 2 * r(), [1.5, 2, 3][Math.floor(r() * 3)]!, r() < 0.5),
      revenue: `${(0.4 + 1.2 * r()).toFixed(3)}*a`,
    })),
  } as never);
}
