/**
 * The N-firm formulas of Appendix B exactly as printed (Lemmas 6 and 7), kept so that they can be
 * checked against exact consumer choice (see `certifyPrices`). They are NOT used to compute the
 * market: the docs and the reference cases record where they disagree with the certificate.
 *
 * Conventions: qualities are ranked q_1 > … > q_N (firm 1 the best), as in Appendix B; arrays here
 * are in that ranked order.
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Appendix B, Lemmas 6–7
 */

/** Lemma 6 as printed: D_1 = 1 − (p_1 − p_2)/(q_1 − q_2), D_n = (p_{n−1} − p_n)/(q_{n−1} − q_n) − p_n/q_n. */
export function lemma6Demands(ranked: readonly number[], prices: readonly number[]): number[] {
  return ranked.map((q, n) => {
    if (n === 0) return 1 - (prices[0]! - prices[1]!) / (q - ranked[1]!);
    return (prices[n - 1]! - prices[n]!) / (ranked[n - 1]! - q) - prices[n]! / q;
  });
}

/**
 * Lemma 7 as printed: p_1 = 2q_1(q_1 − q_2)/(4q_1 − q_2), p_n = q_n(q_{n−1} − q_n)/(4q_{n−1} − q_n),
 * and the printed utilities (20): U_1 = q_1q_2(q_2 − q_1)/(4q_2 − q_1)²,
 * U_n = 4q_n²(q_n − q_{n−1})/(4q_n − q_{n−1})².
 */
export function lemma7AsPrinted(ranked: readonly number[]): { prices: number[]; utilities: number[] } {
  const prices = ranked.map((q, n) =>
    n === 0
      ? (2 * q * (q - ranked[1]!)) / (4 * q - ranked[1]!)
      : (q * (ranked[n - 1]! - q)) / (4 * ranked[n - 1]! - q),
  );
  const utilities = ranked.map((q, n) => {
    if (n === 0) {
      const q2 = ranked[1]!;
      return (q * q2 * (q2 - q)) / (4 * q2 - q) ** 2;
    }
    const qp = ranked[n - 1]!;
    return (4 * q * q * (q - qp)) / (4 * q - qp) ** 2;
  });
  return { prices, utilities };
}
