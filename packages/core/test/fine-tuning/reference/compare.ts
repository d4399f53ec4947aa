/**
 * Compares the product's `solveFineTuning` with the reference solver on one scenario, with the
 * acceptance criteria of the hard-regimes tests: the same number of Pareto intervals (gaps under
 * {@link GAP} merged on both sides; isolated points are intervals of width 0), endpoints within
 * {@link DELTA_TOL}; each solution's δ within DELTA_TOL of the reference's, or — where the
 * reference finds ties (several maximisers or a plateau within 1e-9 relative), or where the
 * product's δ is worth the reference's optimum to 1e-12 — the objective, evaluated by the
 * reference at the product's δ, within 1e-9 × max(1, |best|) of the best and δ in the domain.
 */
import {
  type FineTuningResult,
  type FineTuningScenario,
  fineTuningGameFromScenario,
  solveFineTuning,
} from "../../../src/index.js";
import { referenceGame } from "./bruteForce.js";
import { type ReferenceOptions, type ReferenceResult, referenceSolve, TIE_BAND } from "./overDelta.js";

/** δ accuracy required of Pareto endpoints and solutions. */
export const DELTA_TOL = 1e-6;
/** Gaps narrower than this between Pareto intervals are merged before comparing (the product's default paretoGap). */
export const GAP = 1e-7;

export interface Discrepancy {
  readonly what: string;
  readonly product: unknown;
  readonly reference: unknown;
}

export interface Comparison {
  readonly reference: ReferenceResult;
  readonly product: FineTuningResult;
  readonly discrepancies: readonly Discrepancy[];
}

export function merge(iv: readonly (readonly [number, number])[], gap = GAP): [number, number][] {
  const out: [number, number][] = [];
  for (const [lo, hi] of [...iv].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + gap) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function referenceFor(sc: FineTuningScenario, options: ReferenceOptions = {}): ReferenceResult {
  return referenceSolve(referenceGame(sc), options);
}

export function compareWithProduct(
  sc: FineTuningScenario,
  options: { reference?: ReferenceResult; referenceOptions?: ReferenceOptions } = {},
): Comparison {
  const ref = options.reference ?? referenceFor(sc, options.referenceOptions);
  const product = solveFineTuning(fineTuningGameFromScenario(sc), { certify: false });
  const out: Discrepancy[] = [];
  const rp = merge(ref.pareto);
  const pp = merge(product.pareto);
  if (rp.length !== pp.length) out.push({ what: "pareto: number of intervals", product: pp, reference: rp });
  else
    rp.forEach(([lo, hi], i) => {
      const [plo, phi] = pp[i]!;
      if (Math.abs(plo - lo) > DELTA_TOL || Math.abs(phi - hi) > DELTA_TOL)
        out.push({ what: `pareto: interval ${i}`, product: [plo, phi], reference: [lo, hi] });
    });
  for (const [id, rs] of Object.entries(ref.solutions)) {
    const ps = (product.solutions as Record<string, { delta: number | null } | undefined>)[id];
    if (ps === undefined) {
      out.push({ what: `${id}: missing`, product: undefined, reference: rs.delta });
      continue;
    }
    if (rs.delta === null || ps.delta === null) {
      if (rs.delta !== ps.delta) out.push({ what: `${id}: δ`, product: ps.delta, reference: rs.delta });
      continue;
    }
    if (!rs.ties && Math.abs(ps.delta - rs.delta) <= DELTA_TOL) continue;
    const v = ref.objectiveAt(id, ps.delta);
    const scale = Math.max(1, Math.abs(rs.value));
    const inDomain =
      rs.domain === "bargains"
        ? ref.equilibriumAt(ps.delta).agreement
        : rp.some(([lo, hi]) => ps.delta! >= lo - DELTA_TOL && ps.delta! <= hi + DELTA_TOL);
    const tied = v >= rs.value - (rs.ties ? TIE_BAND : 1e-12) * scale;
    if (!(inDomain && tied))
      out.push({
        what: `${id}: ${rs.ties ? "objective (tied maximisers)" : "δ"}`,
        product: { delta: ps.delta, objective: v, inDomain },
        reference: { delta: rs.delta, objective: rs.value, ties: rs.clusters },
      });
  }
  return { reference: ref, product, discrepancies: out };
}
