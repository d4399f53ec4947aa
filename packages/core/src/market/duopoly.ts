/**
 * The two-firm market in closed form: Lemma 1 (demands), Lemma 2 (Bertrand–Nash prices and
 * revenues), Lemma 3 (equal qualities) and the derivatives of Proposition 1.
 *
 * Conventions: two firms choose prices simultaneously (Bertrand); consumers' types are uniform on
 * [0, θmax]; an equilibrium is a pair of prices where neither firm gains by changing its own price
 * against exact consumer choice. "Low" and "high" name the firms, not the order of their
 * qualities: when the low firm's quality overtakes the high firm's the roles swap (the better model
 * earns the high-firm revenue), so revenues stay non-negative — the formulas of Lemma 2 are never
 * evaluated outside their domain q_l ≤ q_h. Revenues scale with θmax (Appendix B).
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Section 2.1.2, Appendix A.1
 */

/** Equilibrium of the two-firm market with uniform types. */
export interface DuopolyEquilibrium {
  /** Prices of the low and the high firm (by name, whichever quality is larger). */
  readonly prices: { readonly low: number; readonly high: number };
  readonly demands: { readonly low: number; readonly high: number };
  readonly revenues: { readonly low: number; readonly high: number };
  /** True when q_low > q_high, so that the low firm sells the better model. */
  readonly swapped: boolean;
  /** Which case applied. */
  readonly regime: "lemma-2" | "equal-qualities" | "no-quality";
}

/**
 * Lemma 2 revenue of the firm with the worse model, θmax = 1: q_l q_h (q_h − q_l)/(4q_h − q_l)².
 * Requires 0 ≤ q_l ≤ q_h, q_h > 0.
 */
export function lowRevenueFormula(ql: number, qh: number): number {
  return (ql * qh * (qh - ql)) / (4 * qh - ql) ** 2;
}

/** Lemma 2 revenue of the firm with the better model, θmax = 1: 4q_h²(q_h − q_l)/(4q_h − q_l)². */
export function highRevenueFormula(ql: number, qh: number): number {
  return (4 * qh * qh * (qh - ql)) / (4 * qh - ql) ** 2;
}

/**
 * Bertrand–Nash equilibrium of the two-firm market (Lemma 2, scaled by θmax), for qualities in
 * either order. Equal qualities give prices and revenues 0 (Lemma 3); a zero quality never sells.
 * @param qLow quality of the firm called "low"; @param qHigh quality of the firm called "high".
 * @param thetaMax upper end of the uniform type support; default 1.
 * @example
 * duopolyEquilibrium(0.5, 1).revenues // ≈ { low: 0.020408, high: 0.163265 } — 1/49 and 8/49
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Lemma 2
 */
export function duopolyEquilibrium(qLow: number, qHigh: number, thetaMax = 1): DuopolyEquilibrium {
  const swapped = qLow > qHigh;
  const ql = swapped ? qHigh : qLow;
  const qh = swapped ? qLow : qHigh;
  let pl: number;
  let ph: number;
  let dl: number;
  let dh: number;
  let regime: DuopolyEquilibrium["regime"];
  if (!(qh > 0)) {
    // both products worthless: nobody buys at any price
    pl = ph = dl = dh = 0;
    regime = "no-quality";
  } else if (ql === qh) {
    // Lemma 3: identical products, undercutting drives both prices to 0. Equality is exact on
    // purpose: any positive gap gives the Lemma 2 equilibrium, which tends to this one continuously.
    pl = ph = 0;
    dl = dh = 0.5;
    regime = "equal-qualities";
  } else {
    const den = 4 * qh - ql;
    pl = (thetaMax * ql * (qh - ql)) / den;
    ph = (thetaMax * 2 * qh * (qh - ql)) / den;
    // demands at these prices (Lemma 1): D_h = 1 − (p_h − p_l)/((q_h − q_l)θmax), D_l = …
    dh = (2 * qh) / den;
    dl = ql > 0 ? qh / den : 0;
    regime = "lemma-2";
  }
  const rl = pl * dl;
  const rh = ph * dh;
  return swapped
    ? {
        prices: { low: ph, high: pl },
        demands: { low: dh, high: dl },
        revenues: { low: rh, high: rl },
        swapped,
        regime,
      }
    : {
        prices: { low: pl, high: ph },
        demands: { low: dl, high: dh },
        revenues: { low: rl, high: rh },
        swapped,
        regime,
      };
}

/** Revenues (low, high) in the two-firm uniform market; see {@link duopolyEquilibrium}. */
export function duopolyRevenues(qLow: number, qHigh: number, thetaMax = 1): { low: number; high: number } {
  return duopolyEquilibrium(qLow, qHigh, thetaMax).revenues;
}

/**
 * The partial derivatives of Appendix A.1 (proof of Proposition 1), θmax = 1, for q_l < q_h.
 * `dUlDql` changes sign at q_l = 4q_h/7.
 */
export function proposition1Derivatives(
  ql: number,
  qh: number,
): { dUhDqh: number; dUhDql: number; dUlDqh: number; dUlDql: number } {
  const d3 = (4 * qh - ql) ** 3;
  return {
    dUhDqh: (4 * qh * (4 * qh * qh - 3 * qh * ql + 2 * ql * ql)) / d3,
    dUhDql: -(4 * qh * qh * (2 * qh + ql)) / d3,
    dUlDqh: (ql * ql * (2 * qh + ql)) / d3,
    dUlDql: (qh * qh * (4 * qh - 7 * ql)) / d3,
  };
}
