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

/**
 * Specialists' cost exponents near 1 (1.05, 1.1) among others, G's exponent from near 1 to 4, G's
 * outside option large: a specialist of exponent 1.05 contributes x ∝ ((1 − δ)·s/(k·c))^20, up to
 * ~1e12, so G's utility is dominated by a few shares that every one of its choices keeps, and its
 * choices differ by amounts far below those shares' rounding.
 */
export function nearLinearGame(seed: number, n?: number): FineTuningGame {
  const r = rng(seed * 31 + 7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const size = 5 + Math.floor(r() * 150);
  const count = n ?? size;
  const poly = (c: number, k: number, fixed: boolean) => ({
    polynomial: { c, k, ...(fixed ? { fixed: 0.1 * r() } : {}) },
  });
  return fineTuningGameFromScenario({
    model: "fine-tuning",
    generalist: {
      cost: poly(count * (0.3 + r()), pick([1.05, 1.2, 2, 4]), r() < 0.3),
      disagreement: Number((count * 0.05 * r()).toFixed(4)),
    },
    specialists: Array.from({ length: count }, () => ({
      cost: poly(0.3 + 2 * r(), pick([1.05, 1.1, 2, 5]), r() < 0.6),
      revenue: `${(0.4 + 1.2 * r()).toFixed(3)}*a`,
      ...(r() < 0.3 ? { disagreement: 0.06 * r() } : {}),
    })),
  } as never);
}
