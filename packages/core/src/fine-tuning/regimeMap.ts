/**
 * Regime maps (the content of "Fine-tuning Games" Figure 5): for a grid over two parameters of a
 * specialist's situation, which regime — contributor, free-rider, abstainer — the specialist is
 * in, with Theorem 4.1's two marginal conditions and Table 1's verdict at every cell.
 *
 * The generalist's performance α0 and the share δ are fixed (the specialist's problem is stage 3);
 * the specialist's cost (and optionally revenue) is built from the two grid parameters.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Theorem 4.1, Table 1, Figure 5
 */

import { specialistResponseNumeric } from "./equilibrium.js";
import { linearRevenue, polyCost1 } from "./families.js";
import type { Revenue, SpecialistCost } from "./functions.js";
import type { Regime, Specialist } from "./model.js";
import { type RegimeConditions, specialistConditions } from "./regimes.js";

/** One cell of a regime map. */
export interface RegimeCell extends RegimeConditions {
  readonly x: number;
  readonly y: number;
  /** The specialist's chosen performance (null when it abstains). */
  readonly alpha: number | null;
  readonly utility: number;
}

/** A regime map over a grid. */
export interface RegimeMapSpec {
  /** The revenue share δ. */
  readonly delta: number;
  /** The generalist's performance α0 the specialist builds on. */
  readonly alpha0: number;
  /** Grid values of the two parameters. */
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  /** The specialist's cost (and revenue, default r(a) = a) at parameters (x, y). */
  readonly specialist: (
    x: number,
    y: number,
  ) => { cost: SpecialistCost; revenue?: Revenue; disagreement?: number };
}

/**
 * Computes the regime of every grid cell. Rows follow `ys`, columns `xs`.
 * @example
 * // fixed cost F (x) against marginal cost m at zero investment (y), Figure 5's quadrants
 * const map = regimeMap(fixedVsMarginal({ delta: 0.5, alpha0: 1, curvature: 1, xs: [0.1, 0.9], ys: [0.1, 0.9] }));
 * map.map((row) => row.map((c) => c.actual)) // [ [ 'contributor', 'abstainer' ], [ 'free-rider', 'abstainer' ] ]
 */
export function regimeMap(spec: RegimeMapSpec): RegimeCell[][] {
  return spec.ys.map((y) =>
    spec.xs.map((x) => {
      const built = spec.specialist(x, y);
      const s: Specialist = {
        name: "D",
        cost: built.cost,
        revenue: built.revenue ?? linearRevenue(1),
        disagreement: built.disagreement ?? 0,
      };
      const r = specialistResponseNumeric(s, spec.alpha0, spec.delta);
      const regime: Regime = r.regime;
      const c = specialistConditions(s, spec.delta, spec.alpha0, regime);
      return { ...c, x, y, alpha: r.alpha, utility: r.utility };
    }),
  );
}

/** Options of {@link fixedVsMarginal}. */
export interface FixedVsMarginalOptions {
  readonly delta: number;
  readonly alpha0: number;
  /** c in φ(a; a0) = F + m·(a − a0) + c·(a − a0)². Default 1. */
  readonly curvature?: number;
  /** Fixed costs F (x axis). */
  readonly xs: readonly number[];
  /** Marginal costs m at zero investment (y axis). */
  readonly ys: readonly number[];
}

/**
 * Figure 5's natural axes: φ(a; a0) = F + m·(a − a0) + c·(a − a0)² with identity revenue, so that
 * FCUC ⇔ (1−δ)α0 > F and MPI ⇔ (1−δ) > m. Returns a {@link RegimeMapSpec}.
 */
export function fixedVsMarginal(o: FixedVsMarginalOptions): RegimeMapSpec {
  const c = o.curvature ?? 1;
  return {
    delta: o.delta,
    alpha0: o.alpha0,
    xs: o.xs,
    ys: o.ys,
    specialist: (F, m) => ({
      cost: {
        source: `${F} + ${m}*(a-a0) + ${c}*(a-a0)^2`,
        value: (a, a0) => F + m * (a - a0) + c * (a - a0) ** 2,
        dA: (a, a0) => m + 2 * c * (a - a0),
        dAA: () => 2 * c,
        dAA0: () => -2 * c,
        dA0: (a, a0) => -m - 2 * c * (a - a0),
      },
    }),
  };
}

/** Fixed cost (x) against the coefficient c of the polynomial cost F + c·(a − a0)^k (y). */
export function fixedVsCoefficient(o: {
  readonly delta: number;
  readonly alpha0: number;
  readonly k?: number;
  readonly xs: readonly number[];
  readonly ys: readonly number[];
}): RegimeMapSpec {
  return {
    delta: o.delta,
    alpha0: o.alpha0,
    xs: o.xs,
    ys: o.ys,
    specialist: (F, c) => ({ cost: polyCost1(c, o.k ?? 2, F) }),
  };
}
