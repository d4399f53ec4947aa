/**
 * A firm's best unilateral price against exact consumer choice in O(log n) per demand piece
 * visited, and the deviation-gain certificate of a whole price vector in O(n log n).
 *
 * Conventions: see ./rivals.ts for the demand pieces. On a piece lo and hi are affine in p, so
 * revenue p·(F(hi) − F(lo)) is smooth there and is maximised exactly (a concave quadratic for
 * uniform types; bisection on the marginal revenue otherwise). Which pieces are visited:
 * - log-concave densities (uniform included): demand is log-concave in the firm's own price (the
 *   set {(θ, p): lo(p) ≤ θ ≤ hi(p)} is convex, so Prékopa's theorem applies), hence revenue is
 *   unimodal on [0, top). A golden-section search brackets the maximiser and the pieces meeting
 *   the final bracket are maximised exactly: O(log n · log(1/ε)) per firm;
 * - other densities: every piece from 0 upwards, stopping once top·D(a) (a bound on the revenue
 *   of every higher price) cannot beat the best found: exact, O(k log n) for k pieces visited.
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Lemma 1 (proof), Appendix B
 */
import { bisectRoot } from "../numerics/roots.js";
import { TOLERANCE } from "../numerics/tolerances.js";
import type { BestPrice } from "./bestResponse.js";
import type { ConsumerDistribution } from "./consumers.js";
import { isLogConcave } from "./consumers.js";
import type { DemandPiece, FirmView } from "./rivals.js";

/**
 * Golden-section steps: shrink the bracket by 0.618^40 ≈ 4.4e-9. Revenue is flat to round-off
 * within about √ε of its maximiser, so comparisons cannot place it more finely; the exact piece
 * maxima inside the bracket, widened by {@link BRACKET_MARGIN}, do the rest.
 */
const GOLDEN_STEPS = 40;
/** Margin (relative to the price range) added on both sides of the golden-section bracket. */
const BRACKET_MARGIN = 1e-7;
/** Golden-section steps refining the independent scan's best cell (0.618^50 ≈ 3.5e-11 of it). */
const SCAN_REFINE_STEPS = 50;
/** Samples per smooth piece that bracket roots of the marginal revenue (non-uniform types). */
const SAMPLES_PER_PIECE = 8;

/**
 * The maximum of revenue on one piece [a, b] (b reached only as a limit at the cap); returns
 * true when a smooth maximum lies strictly inside (a, b) — a local maximum of the revenue.
 */
function pieceMax(view: FirmView, s: DemandPiece, consider: (p: number, r: number) => void): boolean {
  const c = view.consumers;
  const thetaMax = c.thetaMax;
  const a = s.a;
  const b = s.b;
  if (!(b > a)) {
    consider(a, view.revenue(a));
    return false;
  }
  // candidates in order of preference (ties of round-off keep the first): the smooth maxima,
  // then the ends (an end may be an artificial bracket point)
  const rEnd = (p: number): number => {
    const hi = s.hs > 0 ? (s.hc - p) / s.hs : thetaMax;
    const lo = (p - s.lc) / s.ls;
    return hi > lo ? p * (c.cdf(hi) - c.cdf(lo)) : 0;
  };
  if (c.uniform) {
    // D(p) = α + βp on the piece (β < 0): revenue peaks at −α/(2β)
    const beta = -(1 / s.ls + (s.hs > 0 ? 1 / s.hs : 0)) / thetaMax;
    const alpha = ((s.hs > 0 ? s.hc / s.hs : thetaMax) + s.lc / s.ls) / thetaMax;
    const raw = -alpha / (2 * beta);
    const p = Math.min(b, Math.max(a, raw));
    const r = rEnd(p);
    consider(p, r);
    consider(b, rEnd(b));
    consider(a, view.revenue(a));
    return raw > a && raw < b && r > 0;
  }
  const marginal = (p: number): number => {
    const hi = s.hs > 0 ? (s.hc - p) / s.hs : thetaMax;
    const lo = (p - s.lc) / s.ls;
    if (!(hi > lo)) return 0;
    const dhi = s.hs > 0 ? -c.pdf(hi) / s.hs : 0;
    return c.cdf(hi) - c.cdf(lo) + p * (dhi - c.pdf(lo) / s.ls);
  };
  const xs: number[] = [];
  let interior = false;
  let xPrev = a;
  let gPrev = marginal(a + (b - a) * TOLERANCE.kinkOffset);
  for (let k = 1; k <= SAMPLES_PER_PIECE; k++) {
    const x = k === SAMPLES_PER_PIECE ? b : a + ((b - a) * k) / SAMPLES_PER_PIECE;
    const g = marginal(k === SAMPLES_PER_PIECE ? b - (b - a) * TOLERANCE.kinkOffset : x);
    if (gPrev > 0 && g <= 0) {
      // to 1e-15 of the top price (not absolute: prices may be in any units)
      const root = bisectRoot(marginal, xPrev, x, TOLERANCE.lastBits * view.top);
      if (Number.isFinite(root)) {
        const r = rEnd(root);
        consider(root, r);
        interior ||= root > a && root < b && r > 0;
      }
    }
    xs.push(x);
    xPrev = x;
    gPrev = g;
  }
  for (const x of xs) consider(x, rEnd(x));
  consider(a, view.revenue(a));
  return interior;
}

/** Visits the pieces covering [from, to] (at most `maxPieces`), maximising each. */
function walk(
  view: FirmView,
  from: number,
  to: number,
  consider: (p: number, r: number) => void,
  prune: (a: number) => boolean,
  maxPieces: number,
): void {
  let p = from;
  for (let k = 0; k < maxPieces && p < view.top && p <= to; k++) {
    if (prune(p)) return;
    let s = view.piece(p);
    if (!(s.b > p)) {
      if (view.demand(p) === 0) return; // demand has vanished, and never returns at higher prices
      // round-off put p on a breakpoint the locator places on the earlier side: step over it
      // (a step relative to the top price: in units of 1e-6 a step of 4 ulps of 1 skipped pieces)
      const b = p + 4 * Number.EPSILON * Math.max(p, view.top);
      s = { ...s, b };
    }
    pieceMax(view, s, consider);
    p = s.b;
  }
}

/**
 * Supremum of firm i's revenue over its own price, by exact consumer choice.
 * @param densityLogConcave whether the consumer density is log-concave (see ./consumers.ts); it
 *   decides which pieces must be visited.
 * @param hint a price to try first (the firm's current price): with a log-concave density, a
 *   smooth maximum strictly inside the piece containing it is the global one, found in O(log n).
 */
export function fastBestPrice(view: FirmView, densityLogConcave: boolean, hint?: number): BestPrice {
  const top = view.top;
  if (!(view.qi > 0) || !(top > 0)) return { price: 0, revenue: 0, attained: true };
  let bestP = 0;
  let bestR = 0;
  const consider = (p: number, r: number): void => {
    if (r > bestR) {
      bestR = r;
      bestP = p;
    }
  };
  const maxPieces = 4 * (view.low.size + view.high.size) + 16;
  const result = (): BestPrice =>
    view.cap < view.consumers.thetaMax * view.qi && bestP >= view.cap
      ? { price: view.cap, revenue: bestR, attained: false }
      : { price: bestP, revenue: bestR, attained: true };
  if (densityLogConcave && hint !== undefined && hint >= 0 && hint < top) {
    // a local maximum of a log-concave revenue is its global maximum
    if (pieceMax(view, view.pieceAround(hint), consider)) return result();
  }
  if (densityLogConcave) {
    // unimodal on [0, top): a zero revenue at an inner point means demand has vanished there
    const { lo, hi } = goldenSection((p) => view.revenue(p), 0, top, GOLDEN_STEPS);
    // the maximiser lies in [lo, hi]: maximise exactly on the pieces meeting it (the golden
    // points themselves are not candidates, so that exact piece maxima win ties of round-off)
    const margin = BRACKET_MARGIN * top;
    walk(view, Math.max(0, lo - margin), Math.min(top, hi + margin), consider, () => false, maxPieces);
  } else {
    walk(view, 0, top, consider, (a) => top * view.demand(a) <= bestR, maxPieces);
  }
  return result();
}

/**
 * Independent lower bound on firm i's best revenue: a scan of `gridSize` + 1 prices over
 * [0, top) and a golden-section refinement of the best cell. Any value above the exact search's
 * supremum would expose a flaw in it; the certificate reports the larger of the two.
 */
export function scanBestRevenue(view: FirmView, gridSize: number): number {
  const top = view.top;
  if (!(top > 0)) return 0;
  let best = 0;
  let bestK = 0;
  for (let k = 0; k < gridSize; k++) {
    const r = view.revenue((top * k) / gridSize);
    if (r > best) {
      best = r;
      bestK = k;
    }
  }
  // golden section on the best cell and its neighbours: one new revenue per step
  const g = goldenSection(
    (p) => view.revenue(p),
    (top * Math.max(0, bestK - 1)) / gridSize,
    (top * Math.min(gridSize, bestK + 1)) / gridSize,
    SCAN_REFINE_STEPS,
  );
  return Math.max(best, g.best);
}

/**
 * Golden-section search for a maximum of f on [lo, hi], `steps` steps (one new value each): the
 * final bracket and the best value evaluated.
 */
function goldenSection(
  f: (x: number) => number,
  lo: number,
  hi: number,
  steps: number,
): { lo: number; hi: number; best: number } {
  const phi = 0.6180339887498949;
  let x1 = hi - phi * (hi - lo);
  let x2 = lo + phi * (hi - lo);
  let f1 = f(x1);
  let f2 = f(x2);
  let best = Math.max(f1, f2);
  for (let k = 0; k < steps && hi - lo > 0; k++) {
    if (f1 >= f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - phi * (hi - lo);
      f1 = f(x1);
      best = Math.max(best, f1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + phi * (hi - lo);
      f2 = f(x2);
      best = Math.max(best, f2);
    }
  }
  return { lo, hi, best };
}

/** Whether the density is log-concave (memoised per distribution object). */
const logConcaveMemo = new WeakMap<ConsumerDistribution, boolean>();
export function densityIsLogConcave(c: ConsumerDistribution): boolean {
  let v = logConcaveMemo.get(c);
  if (v === undefined) {
    v = isLogConcave(c);
    logConcaveMemo.set(c, v);
  }
  return v;
}
