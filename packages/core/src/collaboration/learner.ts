/**
 * Learners: what a collaboration scheme needs from a firm's model, and a data-free analytic one.
 *
 * Conventions: a data pool is named by the id of the firm that owns it (two firms: "low" and
 * "high"); training on several pools means one update on their union. Quality is accuracy in
 * [0, 1] on the common target distribution (q = 1 − f in the paper's notation, Section 2.1.1).
 * Schemes may undo a step (snapshot/restore) to control its size, exactly as Algorithm 1's
 * learning-rate choices do.
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Sections 2.1.1, 3.1, Algorithm 1
 */

/** A firm's model. Pools are named by firm id (two firms: "low" and "high"). */
export interface Learner {
  /** Current quality in [0, 1] on the common target distribution. */
  quality(): number;
  /** One update on the union of the named data pools with the given step size (learning rate). */
  step(pools: readonly string[], stepSize: number): void;
  /** Opaque snapshot of the parameters; restore() returns to it (undo / step-size control). */
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  /**
   * Optional: one round of capped training (the defection-free scheme's updates). The learner
   * trains a working copy of its model on `pools` — never seen by the market, free to get worse
   * along the way — and then deploys (makes `quality()` report) the best model it can build whose
   * quality lies in [quality(), cap]; it never deploys a worse model. Returns whether the deployed
   * model changed. Learners without it are raised by undo-and-retry steps of `step`.
   */
  raise?(pools: readonly string[], cap: number, stepSize: number): boolean;
  /**
   * Optional: the deployed model's quality on a held-out test set, reported beside `quality()`
   * (which the schemes decide on, e.g. a validation set).
   */
  testQuality?(): number;
}

/** Canonical key of a pool combination: ids sorted and joined by "+" ("high+low"). */
export function poolKey(pools: readonly string[]): string {
  return [...new Set(pools)].sort().join("+");
}

/** Configuration of {@link analyticLearner}. */
export interface AnalyticLearnerConfig {
  /** Starting quality in [0, 1]. */
  readonly initial: number;
  /**
   * Quality ceiling reached by training long enough on each pool combination, keyed by
   * {@link poolKey} (any order of ids is accepted). Combinations not listed have ceiling
   * `initial` (the model has saturated what it can learn from them, as the paper assumes of
   * each firm's own data before collaboration starts).
   */
  readonly ceilings: Readonly<Record<string, number>>;
  /**
   * Learning rate per pool combination (same keys) or one rate for all: a step of size α closes
   * the fraction min(1, rate·α) of the gap to the ceiling. Default 0.05.
   */
  readonly rate?: number | Readonly<Record<string, number>>;
}

/**
 * A deterministic, data-free learning curve: on pools P with ceiling c_P, a step of size α moves
 * q ← q + min(1, r_P·α)·(c_P − q) when c_P > q, and never lowers q (Section 3.1, assumption 4).
 * This is gradient descent with step α on the quadratic loss (r_P/2)(c_P − q)², so step size
 * behaves as in Algorithm 1.
 * @example
 * const l = analyticLearner({ initial: 0.5, ceilings: { "high+low": 1 }, rate: 0.1 });
 * l.step(["low", "high"], 1);
 * l.quality() // 0.55 — 0.5 + min(1, 0.1 · 1) · (1 − 0.5)
 */
export function analyticLearner(config: AnalyticLearnerConfig): Learner {
  const ceilings = new Map<string, number>();
  for (const [k, v] of Object.entries(config.ceilings)) ceilings.set(poolKey(k.split("+")), v);
  const rates = new Map<string, number>();
  let defaultRate = 0.05;
  if (typeof config.rate === "number") defaultRate = config.rate;
  else if (config.rate !== undefined) {
    for (const [k, v] of Object.entries(config.rate)) rates.set(poolKey(k.split("+")), v);
  }
  let q = config.initial;
  return {
    quality: () => q,
    step(pools, stepSize) {
      const key = poolKey(pools);
      const c = ceilings.get(key) ?? config.initial;
      const r = rates.get(key) ?? defaultRate;
      if (c > q && stepSize > 0) q += Math.min(1, r * stepSize) * (c - q);
    },
    snapshot: () => q,
    restore(s) {
      q = s as number;
    },
  };
}
