/**
 * The specialist regimes of Theorem 4.1 (Table 1) and the existence result of Theorem 7.1,
 * evaluated exactly on a scenario.
 *
 * The paper states the conditions as r_i(α0) > φ_i(α0)/(1−δ) and r_i'(α0) > φ_i'(α0)/(1−δ); we
 * evaluate the equivalent (1−δ)·r_i(α0) > φ_i(α0; α0) and (1−δ)·r_i'(α0) > ∂φ_i/∂a(α0; α0),
 * which stay meaningful at δ = 1. Theorem 4.1 compares with abstention worth 0 (d_i = 0).
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Theorem 4.1 and Table 1, Theorem 7.1 (App. 7.9)
 */
import type { FineTuningGame, Regime, Specialist } from "./model.js";

/** Table 1's verdict: in the (*) case the marginal conditions cannot decide. */
export type TableVerdict = Regime | "contributor-or-abstainer";

/** Theorem 4.1 for one specialist at (δ, α0). */
export interface RegimeConditions {
  /** Fixed Costs Under Control: (1−δ)·r(α0) > φ(α0; α0). */
  readonly fcuc: boolean;
  /** Marginally Profitable Investment: (1−δ)·r'(α0) > ∂φ/∂a(α0; α0). */
  readonly mpi: boolean;
  readonly table: TableVerdict;
  /** The regime found by actually optimising (decides the (*) case). */
  readonly actual: Regime;
  /** Whether Table 1's verdict agrees with the optimisation (always true when the theorem applies). */
  readonly consistent: boolean;
}

/** Theorem 4.1's conditions for specialist `i` of a game given G's α0 at δ, and the actual regime. */
export function regimeConditions(
  game: FineTuningGame,
  i: number,
  delta: number,
  alpha0: number,
  actual: Regime,
): RegimeConditions {
  return specialistConditions(game.specialists[i]!, delta, alpha0, actual);
}

/** Theorem 4.1's conditions for one specialist given G's α0 at δ, and the actual regime. */
export function specialistConditions(
  s: Specialist,
  delta: number,
  alpha0: number,
  actual: Regime,
): RegimeConditions {
  const share = 1 - delta;
  const fcuc = share * s.revenue.value(alpha0) > s.cost.value(alpha0, alpha0);
  const mpi = share * s.revenue.derivative(alpha0) > s.cost.dA(alpha0, alpha0);
  const table: TableVerdict = fcuc
    ? mpi
      ? "contributor"
      : "free-rider"
    : mpi
      ? "contributor-or-abstainer"
      : "abstainer";
  const consistent = table === "contributor-or-abstainer" ? actual !== "free-rider" : table === actual;
  return { fcuc, mpi, table, actual, consistent };
}

/** Theorem 7.1 (one specialist): its two marginal conditions and whether its conclusion holds. */
export interface Theorem71 {
  /** Condition 1: r'(0) > 2·φ0'(0). */
  readonly condition1: boolean;
  /** Condition 2: r'(α0) > 2·∂φ1/∂a(α0; α0) at α0 = G's equilibrium choice at δ = 1/2. */
  readonly condition2: boolean;
  /** The conclusion checked at δ* = 1/2: 0 < α0* < α1* and both players above disagreement. */
  readonly conclusionAtHalf: boolean;
  /** False only if both conditions hold and the conclusion fails (a counterexample). */
  readonly consistent: boolean;
}

/** Evaluates Theorem 7.1 given the equilibrium at δ = 1/2. */
export function theorem71(
  game: FineTuningGame,
  atHalf: { alpha0: number | null; alphas: readonly (number | null)[]; utilities: ArrayLike<number> },
): Theorem71 {
  const s = game.specialists[0]!;
  const condition1 = s.revenue.derivative(0) > 2 * game.generalist.cost.derivative(0);
  const a0 = atHalf.alpha0 ?? 0;
  const condition2 = s.revenue.derivative(a0) > 2 * s.cost.dA(a0, a0);
  const a1 = atHalf.alphas[0];
  const conclusionAtHalf =
    atHalf.alpha0 !== null &&
    a1 !== null &&
    a1 !== undefined &&
    atHalf.alpha0 > 0 &&
    a1 > atHalf.alpha0 &&
    atHalf.utilities[0]! > game.generalist.disagreement &&
    atHalf.utilities[1]! > s.disagreement;
  return {
    condition1,
    condition2,
    conclusionAtHalf,
    consistent: !(condition1 && condition2) || conclusionAtHalf,
  };
}
