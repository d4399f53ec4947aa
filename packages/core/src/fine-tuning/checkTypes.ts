/**
 * Types and tolerances of the answer checker (./check.ts): what each check measures, in which
 * unit, and why its tolerance has the size it has.
 */

/** What an item checks. */
export type CheckKind =
  /** Claimed utilities (and revenue) equal those recomputed from the claimed strategies. */
  | "utility"
  /** The claimed strategies are a consistent outcome (a bargain has a participant; nobody acts when G stays out). */
  | "consistency"
  /** A player's best unilateral deviation gain (global search, abstaining / staying out included). */
  | "deviation"
  /** A first-order residual where the player's utility is smooth (null at a kink or boundary). */
  | "foc"
  /** A claimed "G stays out": G's best entry does not beat its alternatives. */
  | "stays-out"
  /** A solution's objective against the best found over the bargains δ ∈ [0, 1]. */
  | "optimality"
  /** Points of a claimed Pareto interval (or a solution claimed in the set) are not dominated. */
  | "pareto-inside"
  /** Points just outside a claimed endpoint are dominated (or not bargains). */
  | "pareto-outside"
  /** Sampled bargains outside the claimed set are dominated (the set is not too small). */
  | "pareto-complete"
  /** A solution's `inParetoSet` flag agrees with the claimed Pareto set. */
  | "pareto-flag";

/** One verdict. */
export interface CheckItem {
  /** Stable label, e.g. `nash: G deviation`, `pareto [0.3333, 1]: inside`. */
  readonly id: string;
  readonly kind: CheckKind;
  readonly holds: boolean;
  /** The measured quantity (see kind), null when not applicable (e.g. a residual at a kink). */
  readonly measured: number | null;
  /** The bound `measured` is compared with (already scaled), null when none applies. */
  readonly tolerance: number | null;
  /** One line for a person: what was measured and what it means. */
  readonly message: string;
  /** The numbers behind the verdict, for a program to re-examine (present where there are some). */
  readonly witness?: CheckWitness;
}

/** Where an item looked and what it found better: a counterexample when the item fails. */
export interface CheckWitness {
  /** The δ the item is about (a solution's δ, a checked Pareto point, an undominated bargain). */
  readonly delta: number;
  /**
   * The best alternative found: a δ (optimality: where the objective is best; Pareto: the
   * dominating bargain) or a performance (deviation: the best response α or α0). Absent when none.
   */
  readonly better?: number;
}

/**
 * Tolerances of the checker. Utility-valued ones are multiplied by the game's scale
 * max(1, largest |utility| or |d| seen), so that rescaling the game does not change a verdict.
 */
export interface CheckTolerances {
  /**
   * Deviation gains and utility mismatches (utility units × scale). Answers computed in double
   * precision agree to ~1e-15; 1e-9 leaves room for answers rounded to ~12 digits, while a
   * strategy off by 1e-3 from an interior optimum loses ~1e-6 (quadratic) and one at a kink ~1e-3.
   */
  readonly deviation: number;
  /**
   * First-order residuals (utility per unit performance × scale). An optimum located to 1e-10 has
   * a residual ~1e-10; one off by 1e-3 has ~1e-3 × the curvature.
   */
  readonly foc: number;
  /**
   * Objective shortfall of a solution (objective units × scale; relative for Nash's product,
   * absolute for the Kalai–Smorodinsky ratio). Exact paths 1e-9; numeric answers carry utility
   * errors ~1e-10 from best responses located to 1e-10, hence 1e-8 there.
   */
  readonly objective: number;
  /**
   * "Not worse" slack in Pareto dominance (utility units × scale): round-off only (exact paths
   * 1e-13; numeric 1e-10, the utility error of best responses). It must stay tiny: at a player's
   * flat maximum a slack s lets points √s away "dominate" it.
   */
  readonly weakSlack: number;
  /** "Better" in Pareto dominance (utility units × scale). */
  readonly strictGain: number;
  /**
   * Dominators closer than this to a checked point are ignored (δ units): within √(weakSlack)
   * of a flat maximum round-off decides. Endpoint errors below this are not resolved.
   */
  readonly separation: number;
  /**
   * The δ resolution granted to a claimed solution (δ units): where its objective jumps or has a
   * kink (an edge of the agreement set), the best objective within this distance of the claimed δ
   * counts. The toolkit locates such points to 1e-10 (exact paths) and 1e-9 (numeric).
   */
  readonly deltaResolution: number;
  /** How far outside each claimed endpoint a point must be dominated (δ units; capped at a third of a gap). */
  readonly outsideStep: number;
}

/** Defaults for exact (polynomial) games. */
export const EXACT_CHECK_TOLERANCES: CheckTolerances = {
  deviation: 1e-9,
  foc: 1e-6,
  objective: 1e-9,
  weakSlack: 1e-13,
  strictGain: 1e-9,
  separation: 1e-5,
  deltaResolution: 1e-10,
  outsideStep: 1e-4,
};

/** Defaults for numeric games (any functions): utilities carry the error of numeric best responses. */
export const NUMERIC_CHECK_TOLERANCES: CheckTolerances = {
  deviation: 1e-9,
  foc: 1e-6,
  objective: 1e-8,
  weakSlack: 1e-10,
  strictGain: 1e-7,
  separation: 1e-4,
  deltaResolution: 1e-9,
  outsideStep: 5e-4,
};
