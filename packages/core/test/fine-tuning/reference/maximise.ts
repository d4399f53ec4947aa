/**
 * The reference's maximisation of one bargaining objective over the Pareto set or over every
 * bargain: every sample is a candidate, every local maximum is refined by golden section inside its
 * piece (a Pareto interval, or a stretch of bargains with one set of participants), and ties are
 * the clusters of candidates within {@link TIE_BAND} × max(1, |best|) of the best.
 */
import type { RefEquilibrium } from "./bruteForce.js";
import { goldenMax } from "./oneDim.js";

const X_TOL = 1e-13;

/** Relative band within which objective values tie (the product's documented tieTolerance). */
export const TIE_BAND = 1e-9;
/** A single cluster wider than this (δ units) is a plateau: a tie. */
export const PLATEAU_WIDTH = 1e-3;
export interface Sample extends RefEquilibrium {
  readonly key: string;
  nd: boolean;
}

export type ObjectiveDomain = "pareto" | "bargains";

export interface RefSolution {
  readonly id: string;
  /** Best δ (no ties) or the smallest tied δ; null on disagreement. */
  readonly delta: number | null;
  readonly value: number;
  /** Several distinct maximisers, or a plateau wider than 1e-3, within the tie band. */
  readonly ties: boolean;
  /** The clusters of δ within the tie band of the best value. */
  readonly clusters: readonly (readonly [number, number])[];
  readonly domain: ObjectiveDomain;
}

/** Maximises an objective over the Pareto set or over every bargain; reports ties. */
export function maximise(
  id: string,
  f: (e: RefEquilibrium) => number,
  domain: ObjectiveDomain,
  all: readonly Sample[],
  intervalOf: (x: number) => number,
  at: (x: number) => Sample,
): RefSolution {
  // the pieces: Pareto intervals, or runs of bargains with one set of participants
  const piece = (s: Sample): string =>
    domain === "pareto"
      ? s.nd && intervalOf(s.delta) >= 0
        ? `p${intervalOf(s.delta)}`
        : ""
      : s.agreement
        ? s.key
        : "";
  const value = (s: Sample): number => (piece(s) === "" ? Number.NEGATIVE_INFINITY : f(s));
  const cands: { x: number; v: number; piece: string }[] = all.map((s) => ({
    x: s.delta,
    v: value(s),
    piece: piece(s),
  }));
  const g = (x: number): number => {
    const s = at(x);
    return domain === "pareto"
      ? intervalOf(x) >= 0 && s.agreement
        ? f(s)
        : Number.NEGATIVE_INFINITY
      : value(s);
  };
  const refined: { x: number; v: number; piece: string }[] = [];
  for (let j = 0; j < cands.length; j++) {
    const c = cands[j]!;
    if (c.piece === "" || !Number.isFinite(c.v)) continue;
    const l = j > 0 && cands[j - 1]!.piece === c.piece ? cands[j - 1]! : undefined;
    const r = j + 1 < cands.length && cands[j + 1]!.piece === c.piece ? cands[j + 1]! : undefined;
    if ((l !== undefined && l.v > c.v) || (r !== undefined && r.v > c.v)) continue;
    if (l === undefined && r === undefined) continue;
    const vs = [c.v, ...(l ? [l.v] : []), ...(r ? [r.v] : [])];
    if (Math.max(...vs) - Math.min(...vs) <= 1e-14 * Math.max(1, Math.abs(c.v))) continue;
    // a bracket this narrow holds nothing a solution's 1e-6 accuracy could need
    if ((r?.x ?? c.x) - (l?.x ?? c.x) <= 1e-10) continue;
    const res = goldenMax(g, l?.x ?? c.x, r?.x ?? c.x, X_TOL);
    refined.push({ x: res.x, v: res.fx, piece: c.piece });
  }
  const list = [...cands, ...refined].sort((a, b) => a.x - b.x);
  let best = list[0]!;
  for (const c of list) if (c.v > best.v || (c.v === best.v && c.x < best.x)) best = c;
  const band = TIE_BAND * Math.max(1, Math.abs(best.v));
  const clusters: [number, number][] = [];
  let open: [number, number] | undefined;
  let openPiece = "";
  for (const c of list) {
    const inBand = c.piece !== "" && c.v >= best.v - band;
    if (inBand && open !== undefined && c.piece === openPiece) open[1] = c.x;
    else if (inBand) {
      open = [c.x, c.x];
      openPiece = c.piece;
      clusters.push(open);
    } else open = undefined;
  }
  const ties = clusters.length >= 2 || clusters[0]![1] - clusters[0]![0] > PLATEAU_WIDTH;
  return {
    id,
    delta: ties ? clusters[0]![0] : best.x,
    value: best.v,
    ties,
    clusters,
    domain,
  };
}
