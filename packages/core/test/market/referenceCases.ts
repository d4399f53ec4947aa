/**
 * Reference cases from "Defection-Free Collaboration between Competitors in a Learning System".
 * Each case: id, source, inputs, expected, tolerance. Cases whose `expected` records a disagreement
 * with the paper are listed in KNOWN_ERRATA with the reason; the certificate decides.
 */
export interface MarketReferenceCase {
  readonly id: string;
  readonly source: string;
  readonly qualities: readonly number[];
  readonly thetaMax?: number;
  readonly expected: { readonly prices: readonly number[]; readonly revenues: readonly number[] };
  readonly tolerance: number;
}

export const MARKET_CASES: readonly MarketReferenceCase[] = [
  {
    id: "lemma2-half",
    source: "Lemma 2 (eq. 4) at q_l = 0.5, q_h = 1: p = (1/14, 2/7), U = (1/49, 8/49)",
    qualities: [0.5, 1],
    expected: { prices: [1 / 14, 2 / 7], revenues: [1 / 49, 8 / 49] },
    tolerance: 1e-12,
  },
  {
    id: "lemma2-reordered",
    source: "Lemma 2, qualities given high first (input order is preserved)",
    qualities: [1, 0.5],
    expected: { prices: [2 / 7, 1 / 14], revenues: [8 / 49, 1 / 49] },
    tolerance: 1e-12,
  },
  {
    id: "lemma2-thetamax-2",
    source:
      "Appendix B, 'Different Consumer Distributions': θ ~ U[0, θmax] scales prices and revenues by θmax",
    qualities: [0.5, 1],
    thetaMax: 2,
    expected: { prices: [2 / 14, 4 / 7], revenues: [2 / 49, 16 / 49] },
    tolerance: 1e-12,
  },
  {
    id: "lemma3-equal",
    source: "Lemma 3: identical qualities, U_l = U_h = 0",
    qualities: [0.7, 0.7],
    expected: { prices: [0, 0], revenues: [0, 0] },
    tolerance: 0,
  },
  {
    id: "monopoly-zero-quality",
    source: "Lemma 2 at q_l = 0: p_h = q_h/2, U_h = q_h/4 (the zero-quality firm never sells)",
    qualities: [0, 0.8],
    expected: { prices: [0, 0.4], revenues: [0, 0.2] },
    tolerance: 1e-12,
  },
  {
    id: "n3-exact",
    source:
      "Appendix B market solved exactly (tridiagonal first-order system, uniform types) for q = (0.9, 0.6, 0.3): p = (9/52, 3/65, 3/260)",
    qualities: [0.9, 0.6, 0.3],
    expected: {
      prices: [9 / 52, 3 / 65, 3 / 260],
      revenues: [0.0998520710059172, 0.014201183431952662, 0.000887573964497041],
    },
    tolerance: 1e-10,
  },
];

/** Disagreements with the paper, by id, with the evidence the tests check. */
export const KNOWN_ERRATA: Readonly<Record<string, string>> = {
  "lemma7-prices":
    "Appendix B, Lemma 7: the printed N-firm prices apply the two-firm formula pairwise; at q = (0.9, 0.6, 0.3) firm 3 gains 0.0015 by a unilateral price change (certifyPrices), so they are not an equilibrium.",
  "lemma6-demands":
    "Appendix B, Lemma 6: a middle firm's printed demand omits its boundary with the firm below; at Lemma 7's prices for (0.9, 0.6, 0.3) it gives firm 3 a negative demand (−0.0857).",
  "lemma7-utilities":
    "Appendix B, eq. (20): the printed utilities have the indices swapped (U_1 = q1q2(q2 − q1)/(4q2 − q1)² < 0 for q1 > q2); the two-firm Lemma 2 is right.",
  "proposition1-item2":
    "Proposition 1, item 2 reads 'U_h is decreasing in q_h'; the proof (and reviewer CKmX) give 'U_h is decreasing in q_l'.",
  "proof-prop3-ql-root":
    "Proof of Proposition 3: the printed 'q^l_{l,t}' is homogeneous of degree 0 in qualities — it is the ratio limit q_l/q_{h,t}, not a quality; compare B(a,b) with it, not B·q_h.",
  "figure-2a-negative-revenue":
    "Figure 2a/Section 3.3: revenues cannot become negative; once the low firm's model overtakes, the roles swap and the formerly-high firm earns the low-firm revenue.",
};
