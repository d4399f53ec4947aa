/**
 * What the structure proofs (./cellStructure.ts) read at a cell's two ends: every item's threshold
 * (before the clamp at 0, which is the division ./polynomialChoice.ts's thresholdAt makes), its
 * rounding and its contribution (their order is ./thresholdOrders.ts's). Neighbouring cells share
 * an end, and a stretch is tried whole and then half by half (../bargaining/smooth.ts), so each δ's
 * numbers are kept for the next cells (the last few δ, within {@link CACHE_BYTES}): a new δ reuses
 * the arrays of the one it evicts.
 */
import { ByDelta, type PackedPolynomial, perGame } from "./packed.js";
import { contributionAt, costAt, type KeptNumbers, thresholdBeforeClamp } from "./polynomialChoice.js";

/** The unit round-off of doubles, as the proofs count ulps (2^-52; cell*.ts share it). */
export const EPS = 2 ** -52;

/** Bytes of kept numbers per game: 24 bytes an item a δ. */
const CACHE_BYTES = 64 * 2 ** 20;

/** Per item, at a cell's two ends (see the module's header); `active` is the proof's own scratch. */
export interface CellEnds {
  readonly tLo: Float64Array;
  readonly tHi: Float64Array;
  /** The larger of the threshold's rounding at the two ends. */
  readonly err: Float64Array;
  readonly xLo: Float64Array;
  readonly xHi: Float64Array;
  readonly active: Uint8Array;
}

/** One δ's numbers. */
interface AtDelta {
  readonly t: Float64Array;
  readonly x: Float64Array;
  readonly err: Float64Array;
}

interface Kept {
  /** The last δ's numbers. */
  readonly byDelta: ByDelta<AtDelta>;
  readonly ends: { err: Float64Array; active: Uint8Array };
}
const kept = new WeakMap<PackedPolynomial, Kept>();

function keptFor(p: PackedPolynomial): Kept {
  return perGame(kept, p, ({ n }) => ({
    byDelta: new ByDelta(Math.max(2, Math.min(32, Math.floor(CACHE_BYTES / (24 * Math.max(1, n)))))),
    ends: { err: new Float64Array(n), active: new Uint8Array(n) },
  }));
}

/**
 * Every item's numbers at δ = d (the direct channel keeps the whole revenue), as
 * ./polynomialChoice.ts's contributionAt, costAt and thresholdAt compute them; null when a
 * threshold is NaN.
 */
function atDelta(p: PackedPolynomial, d: number): AtDelta | null {
  const { byDelta } = keptFor(p);
  const hit = byDelta.get(d);
  if (hit !== undefined) return hit;
  const { n, ns, slope, disagreement, fixed } = p;
  const at: AtDelta = byDelta.take() ?? {
    t: new Float64Array(n),
    x: new Float64Array(n),
    err: new Float64Array(n),
  };
  const { t: ts, x: xs, err: errs } = at;
  for (let i = 0; i < n; i++) {
    const share = i === ns ? 0 : d;
    const x = contributionAt(p, i, share);
    const cost = costAt(p, i, x);
    const t = thresholdBeforeClamp(p, i, x, cost, share);
    if (Number.isNaN(t)) {
      byDelta.giveBack(at);
      return null;
    }
    ts[i] = t;
    xs[i] = x;
    const m = (1 - share) * slope[i]!;
    errs[i] = m > 0 ? (8 * EPS * (Math.abs(disagreement[i]!) + fixed[i]! + cost + m * x)) / m : 0;
  }
  byDelta.set(d, at);
  return at;
}

/**
 * Every item's threshold (before the clamp at 0) and contribution at δ = d, kept (computed if they
 * are not kept yet); null when a threshold is NaN.
 */
export function numbersAt(p: PackedPolynomial, d: number): KeptNumbers | null {
  return atDelta(p, d);
}

/** The numbers at both ends of [lo, hi]; null when a threshold is NaN. */
export function cellEnds(p: PackedPolynomial, lo: number, hi: number): CellEnds | null {
  const a = atDelta(p, lo);
  const b = a === null ? null : atDelta(p, hi);
  if (a === null || b === null) return null;
  const { err, active } = keptFor(p).ends;
  const ea = a.err;
  const eb = b.err;
  for (let i = 0; i < p.n; i++) err[i] = Math.max(ea[i]!, eb[i]!);
  return { tLo: a.t, tHi: b.t, err, xLo: a.x, xHi: b.x, active };
}
