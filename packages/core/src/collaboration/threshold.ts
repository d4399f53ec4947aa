/**
 * The revenue-preserving threshold of Algorithm 1 (line 8) and Proposition 3, the pacing constant
 * b̃ of Proposition 5, and their numeric counterparts for markets without closed forms.
 *
 * Conventions: a = ρ_{t−1} = q_{l,t−1}/q_{h,t−1} ∈ [0, 1] is the quality ratio before the round and
 * b = q_{h,t}/q_{h,t−1} ≥ 1 the high firm's improvement in the round; the low firm may then move to
 * at most B(a, b)·q_{h,t}. B is the larger root of U_h(q_l, q_{h,t}) = U_h(q_{l,t−1}, q_{h,t−1})
 * (uniform types): writing x = q_l/q_h, U_h = q_h·4(1 − x)/(4 − x)² is decreasing in x, so every
 * x ≤ B keeps the high firm's revenue.
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Algorithm 1, Prop. 3, Lemma 4, Prop. 5
 */
import { maximizeGlobal } from "../numerics/globalMax.js";
import { bisectPredicate, bisectRoot } from "../numerics/roots.js";
import { TOLERANCE } from "../numerics/tolerances.js";

/**
 * B(a, b) of Algorithm 1, evaluated in the algebraically equal form
 * 4 − 6/(1 + √(1 − 12(1 − a)/((4 − a)² b))), which has no 0/0 at a = 1 (equal qualities: B = 1)
 * and no cancellation for b near 1. B(a, 1) = a; B is increasing in b and tends to 1.
 * @example
 * thresholdB(0.5, 1) // ≈ 0.5 — B(a, 1) = a
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Algorithm 1 line 8
 */
export function thresholdB(a: number, b: number): number {
  const s = Math.sqrt(Math.max(0, 1 - (12 * (1 - a)) / ((4 - a) ** 2 * b)));
  return 4 - 6 / (1 + s);
}

/** B(a, b) exactly as printed in Algorithm 1 (for the differential test of the stable form). */
export function thresholdBAsPrinted(a: number, b: number): number {
  const k = (4 - a) ** 2;
  return 4 - (k / (2 * (1 - a))) * (b - Math.sqrt(b * b - ((12 * (1 - a)) / k) * b));
}

/**
 * The low firm's own limit x^l (as a ratio to q_{h,t}): the largest x ≥ a with
 * b·x(1 − x)/(4 − x)² ≥ a(1 − a)/(4 − a)², i.e. U_l does not fall. Infinite (returned as 1) when
 * U_l cannot fall on [a, 1]. Computed by bisection on the exact revenue, not the printed root.
 */
export function lowFirmLimit(a: number, b: number): number {
  const h = (x: number): number => (x * (1 - x)) / (4 - x) ** 2;
  const target = h(a);
  const ok = (x: number): boolean => b * h(x) >= target;
  if (ok(1)) return 1;
  // b·h is unimodal with peak at 4/7: the feasible set containing a ends where it crosses target
  const start = Math.max(a, 4 / 7);
  if (!ok(start)) return a;
  return bisectPredicate(ok, start, 1, { xTol: TOLERANCE.lastBits }).inside;
}

/**
 * Proposition 5's b_ρ = max{b ≥ 1 : (4 − 5ρ)·log10 b ≤ B(ρ, b) − ρ} (Infinity when the inequality
 * holds for every b, e.g. ρ ≥ 0.8 where 4 − 5ρ ≤ 0).
 */
export function bRho(rho: number, bMax = 1e6): number {
  const h = (b: number): number => thresholdB(rho, b) - rho - (4 - 5 * rho) * Math.log10(b);
  // scan geometrically for the first sign change after b = 1 (h(1) = 0)
  let prev = 1;
  for (let k = 1; k <= 400; k++) {
    const b = 1 + 1e-6 * 1.05 ** k * 20;
    if (b > bMax) break;
    if (h(b) < 0) return bisectRoot(h, prev, b, TOLERANCE.lastBits);
    prev = b;
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * Width (units of ρ) of b̃'s outer maximisation: each evaluation is a root search, and the paper
 * reads b̃ off a figure to two digits, so 1e-9 is ample.
 */
const B_TILDE_RHO_WIDTH = 1e-9;

/**
 * b̃ = min over ρ ∈ [0, 1] of b_ρ (Proposition 5): the largest per-round growth factor of the high
 * firm's quality that still lets the low firm close any ratio gap. The paper reads b̃ ≈ 1.03 at
 * ρ ≈ 0.33 off its Figure 6.
 * @example
 * bTilde().b // ≈ 1.029728 — the paper reads 1.03 off Figure 6
 */
export function bTilde(): { b: number; rho: number } {
  const r = maximizeGlobal(
    (rho) => {
      const v = bRho(rho);
      return Number.isFinite(v) ? -v : -1e6;
    },
    0,
    0.8,
    { gridSize: 160, xTol: B_TILDE_RHO_WIDTH },
  );
  return { b: -r.value.fx, rho: r.value.x };
}
