/**
 * Reference cases from "Fine-tuning Games" (Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md)): each with an
 * id, its source in the paper, inputs, the expected value and a tolerance. Known disagreements
 * with the paper are listed in ERRATA by id, with the evidence; docs/errata.md says the same.
 */

export type PathName = "closed-form" | "polynomial" | "numeric";

/** A quadratic/polynomial one-specialist game c0·α0^k0, c1·(α1−α0)^k1, r(α) = α, d = 0. */
export interface PolyGame {
  readonly c0: number;
  readonly k0: number;
  readonly c1: number;
  readonly k1: number;
}

export interface EquilibriumCase {
  readonly kind: "equilibrium";
  readonly id: string;
  readonly source: string;
  readonly game: PolyGame;
  readonly delta: number;
  readonly expected: { alpha0: number; alpha1: number; uG: number; uD: number };
  readonly tolerance: number;
}

export interface SolutionCase {
  readonly kind: "solution";
  readonly id: string;
  readonly source: string;
  readonly game: PolyGame;
  readonly solution: string;
  readonly expected: number;
  /** Tolerance per path: closed forms must meet 1e-9, numerics 1e-7 (the targets). */
  readonly tolerance: { readonly exact: number; readonly numeric: number };
  /** When set, the expected tied set of maximisers. */
  readonly ties?: readonly [number, number][];
}

export type ReferenceCase = EquilibriumCase | SolutionCase;

const q = (c0: number, c1: number): PolyGame => ({ c0, k0: 2, c1, k1: 2 });
const tol = { exact: 1e-9, numeric: 1e-7 };

/** Theorem 3.1 and Corollary 3.1 evaluated by hand. */
export const EQUILIBRIUM_CASES: readonly EquilibriumCase[] = [
  {
    kind: "equilibrium",
    id: "FTG-T3.1-quadratic",
    source: "Theorem 3.1 / Corollary 3.1 with c0 = 1, c1 = 2, k = 2, δ = 1/2",
    game: q(1, 2),
    delta: 0.5,
    // α0 = δ/(2c0) = 1/4; α1 = α0 + (1−δ)/(2c1) = 3/8; U_G = δ²/(4c0) + δ(1−δ)/(2c1) = 1/16 + 1/16;
    // U_D = (1−δ)²/(4c1) + (1−δ)δ/(2c0) = 1/32 + 1/8
    expected: { alpha0: 0.25, alpha1: 0.375, uG: 0.125, uD: 0.15625 },
    tolerance: 1e-12,
  },
  {
    kind: "equilibrium",
    id: "FTG-T3.1-cubic",
    source: "Theorem 3.1 / Corollary 3.1 with c0 = 1, c1 = 1, k = 3, δ = 0.6",
    game: { c0: 1, k0: 3, c1: 1, k1: 3 },
    delta: 0.6,
    // α0 = √(0.6/3), x = √(0.4/3); U_G = 0.6(α0 + x) − α0³; U_D = 0.4(α0 + x) − x³
    expected: {
      alpha0: Math.sqrt(0.2),
      alpha1: Math.sqrt(0.2) + Math.sqrt(0.4 / 3),
      uG: 0.6 * (Math.sqrt(0.2) + Math.sqrt(0.4 / 3)) - Math.sqrt(0.2) ** 3,
      uD: 0.4 * (Math.sqrt(0.2) + Math.sqrt(0.4 / 3)) - Math.sqrt(0.4 / 3) ** 3,
    },
    tolerance: 1e-12,
  },
  {
    kind: "equilibrium",
    id: "FTG-T3.1-k1.5",
    source: "Theorem 3.1 with c0 = 1, k0 = 1.5, c1 = 2, k1 = 1.5, δ = 0.3",
    game: { c0: 1, k0: 1.5, c1: 2, k1: 1.5 },
    delta: 0.3,
    // α0 = (δ/1.5)², x = (0.7/3)²
    expected: {
      alpha0: (0.3 / 1.5) ** 2,
      alpha1: (0.3 / 1.5) ** 2 + (0.7 / 3) ** 2,
      uG: 0.3 * ((0.3 / 1.5) ** 2 + (0.7 / 3) ** 2) - (0.3 / 1.5) ** 3,
      uD: 0.7 * ((0.3 / 1.5) ** 2 + (0.7 / 3) ** 2) - 2 * (0.7 / 3) ** 3,
    },
    tolerance: 1e-12,
  },
];

/** Propositions 3.2–3.6 at cost ratios on both sides of c1 = c0, and the degenerate c1 = c0. */
export const SOLUTION_CASES: readonly SolutionCase[] = [
  {
    kind: "solution",
    id: "FTG-P3.2-a",
    source: "Prop 3.2, c1 < c0: δ = c0/(2c0 − c1)",
    game: q(1, 0.5),
    solution: "powerful-G",
    expected: 1 / 1.5,
    tolerance: tol,
  },
  {
    kind: "solution",
    id: "FTG-P3.2-b",
    source: "Prop 3.2, c1 ≥ c0: δ = 1",
    game: q(1, 2),
    solution: "powerful-G",
    expected: 1,
    tolerance: tol,
  },
  {
    kind: "solution",
    id: "FTG-P3.2-c",
    source: "Prop 3.2, c1 = c0: δ = 1",
    game: q(1, 1),
    solution: "powerful-G",
    expected: 1,
    tolerance: tol,
  },
  {
    kind: "solution",
    id: "FTG-P3.3-a",
    source: "Prop 3.3, c1 < c0: δ = 0",
    game: q(1, 0.5),
    solution: "powerful-D",
    expected: 0,
    tolerance: tol,
  },
  {
    kind: "solution",
    id: "FTG-P3.3-b",
    source: "Prop 3.3, c1 ≥ c0: δ = (c1 − c0)/(2c1 − c0)",
    game: q(1, 2),
    solution: "powerful-D",
    expected: 1 / 3,
    tolerance: tol,
  },
  {
    kind: "solution",
    id: "FTG-P3.3-c",
    source: "Prop 3.3, c1 = c0: δ = 0",
    game: q(1, 1),
    solution: "powerful-D",
    expected: 0,
    tolerance: tol,
  },
  {
    kind: "solution",
    id: "FTG-P3.3-d",
    source: "Prop 3.3, c1 = 3c0: δ = 2/5",
    game: q(2, 6),
    solution: "powerful-D",
    expected: 0.4,
    tolerance: tol,
  },
  {
    kind: "solution",
    id: "FTG-P3.4-a",
    source: "Prop 3.4, c1 < c0: δ = 0",
    game: q(1, 0.5),
    solution: "max-performance",
    expected: 0,
    tolerance: tol,
  },
  {
    kind: "solution",
    id: "FTG-P3.4-b",
    source: "Prop 3.4, c1 > c0: δ = 1",
    game: q(1, 2),
    solution: "max-performance",
    expected: 1,
    tolerance: tol,
  },
  {
    kind: "solution",
    id: "FTG-P3.4-c",
    source: "Prop 3.4, c1 = c0: paper says δ = 1; every δ ties (erratum FTG-E3)",
    game: q(1, 1),
    solution: "max-performance",
    expected: 0,
    tolerance: tol,
    ties: [[0, 1]],
  },
  {
    kind: "solution",
    id: "FTG-P3.5-a",
    source: "Prop 3.5: δ = c1/(c0 + c1)",
    game: q(1, 2),
    solution: "utilitarian",
    expected: 2 / 3,
    tolerance: tol,
  },
  {
    kind: "solution",
    id: "FTG-P3.5-b",
    source: "Prop 3.5: δ = c1/(c0 + c1)",
    game: q(2, 1),
    solution: "utilitarian",
    expected: 1 / 3,
    tolerance: tol,
  },
  {
    kind: "solution",
    id: "FTG-P3.5-c",
    source: "Prop 3.5, c1 = c0: δ = 1/2",
    game: q(1, 1),
    solution: "utilitarian",
    expected: 0.5,
    tolerance: tol,
  },
  {
    kind: "solution",
    id: "FTG-P3.6-a",
    source: "Prop 3.6 (main text): c0 = 1, c1 = 2 → 1/√3",
    game: q(1, 2),
    solution: "egalitarian",
    expected: 1 / Math.sqrt(3),
    tolerance: tol,
  },
  {
    kind: "solution",
    id: "FTG-P3.6-b",
    source: "Prop 3.6: c0 = 2, c1 = 1 → (4 − 1 − √3)/3",
    game: q(2, 1),
    solution: "egalitarian",
    expected: (3 - Math.sqrt(3)) / 3,
    tolerance: tol,
  },
  {
    kind: "solution",
    id: "FTG-P3.6-c",
    source: "Prop 3.6, c0 = c1: limit 1/2 (formula is 0/0)",
    game: q(1, 1),
    solution: "egalitarian",
    expected: 0.5,
    tolerance: tol,
  },
];

export const REFERENCE_CASES: readonly ReferenceCase[] = [...EQUILIBRIUM_CASES, ...SOLUTION_CASES];

/** Disagreements with the paper, by id (see docs/errata.md). */
export const ERRATA: Readonly<Record<string, string>> = {
  "FTG-E1":
    "App. 7.4 (proof of Prop 3.2) concludes δ^{powerful G} = 1/(2 − c1); the derivation gives c0/(2c0 − c1), as Prop 3.2 states (they agree only when c0 = 1).",
  "FTG-E2":
    "App. 7.8 prints the egalitarian roots with −c1 + 2c0 inside the square root; solving (3c1 − 3c0)δ² + (4c0 − 2c1)δ − c0 = 0 gives Prop 3.6's main-text form (2c0 − c1 − √(c0² − c0c1 + c1²))/(3(c0 − c1)). Checked: U_G = U_D at that δ to 1e-16.",
  "FTG-E3":
    "Prop 3.4 gives δ^{max-α1} = 1 for c1 ≥ c0, but at c1 = c0 the performance α1* = 1/(2c0) does not depend on δ: every δ ∈ [0, 1] maximises it. We report the smallest tied δ (0) with the tied set [0, 1].",
  "FTG-E4":
    "Section 3.4 says the vertical monopoly solution underperforms Kalai–Smorodinsky for ~0.5 < c1/c0 < 2.5. True there, but the exact range is wider: (0.36110…, 2.76929…) — computed by root-finding α1(VM) = α1(KS); see the test 'vertical monopoly underperforms KS'.",
  "FTG-E5":
    "App. 7.5 (proof of Prop 3.3) says 'for all 0 < c1 < 1' where it means 0 < c1 < c0 (the same slip as FTG-E1: c0 = 1 assumed).",
};
