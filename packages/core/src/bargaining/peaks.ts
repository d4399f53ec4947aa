/**
 * Each player's utility maxima and the revenue's maxima, located piece by piece (a piece is a run
 * of samples with one structure, over which the outcome is smooth — see ./sampling.ts). A
 * maximum at the end of a piece (a constraint that starts to bind, the edge of the agreement set)
 * is the end sample itself, already within the δ tolerance of the breakpoint; one inside a piece
 * is refined by Brent's method between the neighbours of the best sample.
 */
import { brentMax } from "../numerics/brent.js";
import type { SolveContext } from "./context.js";
import type { BargainOutcome } from "./problem.js";
import { pieces, type Sample } from "./sampling.js";

/** Inward step (δ units) that confirms a maximum at the end of a piece. */
export const EDGE_PROBE = 1e-9;

/** Options of {@link refinePeaks}. */
export interface PeakOptions {
  /** Cap on Brent refinements; above it, the brackets are subdivided instead. */
  readonly maxPeakRefinements: number;
  /** Sub-intervals per bracket when the cap is exceeded. */
  readonly subdivision: number;
  /** Cap on extra samples spent subdividing brackets. */
  readonly peakSampleBudget: number;
}

export interface Bracket {
  lo: number;
  hi: number;
  player: number;
  end?: "lo" | "hi";
}

const END_CODES = [undefined, "lo", "hi"] as const;

/**
 * Brackets kept in typed arrays (21 bytes each): with a million players a solve finds millions of
 * maxima, and as objects they were long-lived young allocations that every scavenge copied.
 */
export class Brackets {
  private lo = new Float64Array(64);
  private hi = new Float64Array(64);
  private player = new Int32Array(64);
  private end = new Uint8Array(64);
  length = 0;
  push(lo: number, hi: number, player: number, end: 0 | 1 | 2 = 0): void {
    if (this.length === this.lo.length) {
      const grow = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(2 * a.length);
        b.set(a);
        return b;
      };
      this.lo = grow(this.lo);
      this.hi = grow(this.hi);
      this.player = grow(this.player);
      this.end = grow(this.end);
    }
    const i = this.length++;
    this.lo[i] = lo;
    this.hi[i] = hi;
    this.player[i] = player;
    this.end[i] = end;
  }
  /** Bracket i as an object (made when asked). */
  at(i: number): Bracket {
    const e = END_CODES[this.end[i]!];
    return e === undefined
      ? { lo: this.lo[i]!, hi: this.hi[i]!, player: this.player[i]! }
      : { lo: this.lo[i]!, hi: this.hi[i]!, player: this.player[i]!, end: e };
  }
  /** The distinct cells [lo, hi] holding brackets, in order of first appearance. */
  cells(): [number, number][] {
    const seen = new Map<number, number[]>();
    const out: [number, number][] = [];
    for (let i = 0; i < this.length; i++) {
      const lo = this.lo[i]!;
      const hi = this.hi[i]!;
      let his = seen.get(lo);
      if (his === undefined) {
        his = [];
        seen.set(lo, his);
      }
      if (!his.includes(hi)) {
        his.push(hi);
        out.push([lo, hi]);
      }
    }
    return out;
  }
  /** The brackets whose cell holds one of `points`. */
  holding(points: readonly number[]): Bracket[] {
    const out: Bracket[] = [];
    for (let i = 0; i < this.length; i++) {
      const lo = this.lo[i]!;
      const hi = this.hi[i]!;
      if (points.some((x) => x >= lo && x <= hi)) out.push(this.at(i));
    }
    return out;
  }
}

/**
 * Above this many players the brackets are collected sample by sample (each utility vector read
 * once, in order) rather than player by player (one read from every sample per player: a cache
 * miss each with a million players). The brackets are the same; only their order differs, which
 * no caller depends on.
 */
const SAMPLE_MAJOR_PLAYERS = 64;

/**
 * Brackets of the `m` decisive players' (Sample.dom; every player's when the problem declares none)
 * and the revenue's (player index m) local maxima, piece by piece.
 */
export function peakBrackets(all: readonly Sample[], m: number): Brackets {
  const out = new Brackets();
  const runs = pieces(all);
  if (m > SAMPLE_MAJOR_PLAYERS) {
    // at most three vectors held at once (see ./sampling.ts on rebuilt vectors); the players'
    // utilities read straight from the vectors, the revenue (player m) after them: a helper
    // returning either boxed a number per player and sample (gigabytes of young garbage with a
    // million players)
    for (const [i, j] of runs) {
      if (i === j) continue;
      for (let k = i + 1; k < j; k++) {
        const a = all[k - 1]!;
        const b = all[k]!;
        const c = all[k + 1]!;
        const ua = a.dom;
        const ub = b.dom;
        const uc = c.dom;
        for (let p = 0; p < m; p++) {
          const vb = ub[p]!;
          if (vb > ua[p]! && vb >= uc[p]!) out.push(a.delta, c.delta, p);
        }
        if (b.revenue > a.revenue && b.revenue >= c.revenue) out.push(a.delta, c.delta, m);
      }
      const first = all[i]!;
      const second = all[i + 1]!;
      const u1 = first.dom;
      const u2 = second.dom;
      for (let p = 0; p < m; p++) if (u1[p]! >= u2[p]!) out.push(first.delta, second.delta, p, 1);
      if (first.revenue >= second.revenue) out.push(first.delta, second.delta, m, 1);
      const last = all[j]!;
      const before = all[j - 1]!;
      const uj = last.dom;
      const ui = before.dom;
      for (let p = 0; p < m; p++) if (uj[p]! >= ui[p]!) out.push(before.delta, last.delta, p, 2);
      if (last.revenue >= before.revenue) out.push(before.delta, last.delta, m, 2);
    }
    return out;
  }
  for (let p = 0; p <= m; p++) {
    const val = (s: Sample): number => (p === m ? s.revenue : s.dom[p]!);
    for (const [i, j] of runs) {
      if (i === j) continue; // a one-sample piece: the sample itself is the candidate
      for (let k = i + 1; k < j; k++) {
        const a = all[k - 1]!;
        const b = all[k]!;
        const c = all[k + 1]!;
        if (val(b) > val(a) && val(b) >= val(c)) out.push(a.delta, c.delta, p);
      }
      // a maximum at an end of the piece may lie inside the end cell
      if (val(all[i]!) >= val(all[i + 1]!)) out.push(all[i]!.delta, all[i + 1]!.delta, p, 1);
      if (val(all[j]!) >= val(all[j - 1]!)) out.push(all[j - 1]!.delta, all[j]!.delta, p, 2);
    }
  }
  return out;
}

/**
 * Refines every bracketed maximum (or, beyond the cap, subdivides the brackets); the refined
 * maxima go to `ctx.refined`. Returns the brackets that were subdivided instead of refined (empty
 * when every one was refined).
 */
export function refinePeaks<O extends BargainOutcome>(ctx: SolveContext<O>, options: PeakOptions): Brackets {
  const brackets = peakBrackets(ctx.sampler.sorted(), ctx.md);
  if (brackets.length <= options.maxPeakRefinements) {
    for (let i = 0; i < brackets.length; i++) refineOne(ctx, brackets.at(i));
    return new Brackets();
  }
  const cells = brackets.cells();
  // spend at most the sample budget: many players' maxima share few brackets, or not
  const parts = Math.max(
    2,
    Math.min(2 * options.subdivision, Math.floor(options.peakSampleBudget / Math.max(1, cells.length))),
  );
  for (const [lo, hi] of cells) {
    for (let k = 1; k < parts; k++) ctx.sampler.at(lo + ((hi - lo) * k) / parts);
  }
  ctx.warnings.push(
    `${brackets.length} utility maxima: located by subdividing their brackets ${parts}-fold instead of one refinement each (accuracy ≈ ${(1 / ctx.gridSize / parts).toExponential(1)} in δ)`,
  );
  return brackets;
}

/**
 * A Pareto endpoint usually sits at some player's maximum, which subdividing located only to a
 * sub-cell: refines the subdivided maxima whose brackets hold an endpoint, between the neighbours
 * of the player's best sample there (a short Brent run each). Returns whether it did (up to the cap).
 */
export function refineNearEndpoints<O extends BargainOutcome>(
  ctx: SolveContext<O>,
  brackets: Brackets,
  endpoints: readonly (readonly [number, number])[],
  cap: number,
): boolean {
  const near = brackets.holding(endpoints.flat());
  if (near.length === 0) return false;
  if (near.length > cap) {
    ctx.warnings.push(
      `${near.length} utility maxima lie in the cells of the Pareto endpoints: endpoints located to the subdivision's accuracy`,
    );
    return false;
  }
  const all = ctx.sampler.sorted();
  for (const b of near) {
    const val = (s: Sample): number => (b.player === ctx.md ? s.revenue : s.dom[b.player]!);
    const inside = all.filter((s) => s.agreement && s.delta >= b.lo && s.delta <= b.hi);
    let k = 0;
    for (let i = 1; i < inside.length; i++) if (val(inside[i]!) > val(inside[k]!)) k = i;
    const lo = inside[Math.max(0, k - 1)]?.delta ?? b.lo;
    const hi = inside[Math.min(inside.length - 1, k + 1)]?.delta ?? b.hi;
    refineOne(ctx, { ...b, lo, hi });
  }
  return true;
}

/**
 * Relative agreement (of the larger magnitude, or of a scale given: an objective's; plus a
 * player's "not worse" slack) between a piece's closed form (BargainingProblem.piece and
 * pieceUtilities) and the outcomes the solver evaluates, within which the closed form's maximum
 * is taken: its sums run in another order than the model's, so the two differ by round-off (~n
 * ulps), while a closed form of the wrong piece differs at first order.
 */
export const PIECE_AGREEMENT = 1e-9;

/** Whether a closed form's value `v` agrees with an outcome's `u` (see {@link PIECE_AGREEMENT}). */
export function agreesWithPiece(u: number, v: number, scale: number, slack: number): boolean {
  return Math.abs(v - u) <= PIECE_AGREEMENT * Math.max(Math.abs(u), Math.abs(v), scale) + slack;
}

/**
 * Brent's maximum over [lo, hi] of `g`, a model's closed form along a piece of structure `sig`,
 * confirmed by the outcome evaluated there: its structure must be `sig` and its value, `read` of
 * it, must agree with g's ({@link agreesWithPiece}). The point and that value, or null (then the
 * caller refines on outcomes). Brent's steps cost no outcome; the confirmation, one.
 */
export function pieceMaximum<O extends BargainOutcome>(
  ctx: SolveContext<O>,
  g: (x: number) => number,
  lo: number,
  hi: number,
  sig: string,
  read: (s: Sample) => number,
  scale: number,
  slack: number,
): { x: number; fx: number } | null {
  const r = brentMax(g, lo, hi, { xTol: ctx.tol.delta });
  const s = ctx.sampler.at(r.value.x);
  if (!(s.agreement && s.sig === sig)) return null;
  const fx = read(s);
  return agreesWithPiece(fx, r.value.fx, scale, slack) ? { x: r.value.x, fx } : null;
}

/**
 * Refines player p's maximum in [lo, hi] on the piece's closed form, where the model offers one
 * that agrees with the outcomes at both ends ({@link pieceMaximum}). False, having refined nothing,
 * when there is none or it does not agree (the caller then refines on outcomes).
 */
function refineOnPiece<O extends BargainOutcome>(ctx: SolveContext<O>, b: Bracket): boolean {
  const { sampler, md: m, problem } = ctx;
  if (problem.piece === undefined || !(b.hi > b.lo)) return false;
  const first = sampler.at(b.lo);
  const last = sampler.at(b.hi);
  if (!(first.agreement && last.agreement && first.sig === last.sig)) return false;
  const values = problem.piece(b.lo, b.hi);
  if (values === null) return false;
  const into = new Float64Array(m + 1);
  const g = (x: number): number => {
    values(x, into);
    return into[b.player]!;
  };
  const read = (s: Sample): number => (b.player === m ? s.revenue : s.dom[b.player]!);
  const slack = b.player < m ? ctx.slack[b.player]! : 0;
  if (!(agreesWithPiece(read(first), g(b.lo), 0, slack) && agreesWithPiece(read(last), g(b.hi), 0, slack)))
    return false;
  // a boundary maximum confirmed by one probe, as on outcomes
  if (b.end === "lo" && g(b.lo) > g(Math.min(b.hi, b.lo + EDGE_PROBE))) return true;
  if (b.end === "hi" && g(b.hi) > g(Math.max(b.lo, b.hi - EDGE_PROBE))) return true;
  const found = pieceMaximum(ctx, g, b.lo, b.hi, first.sig, read, 0, slack);
  if (found === null) return false;
  const player = b.player === m ? ctx.m : (sampler.decisive?.[b.player] ?? b.player);
  ctx.refined.push({ lo: b.lo, hi: b.hi, player, x: found.x });
  return true;
}

/** Refines player p's maximum in [lo, hi] (an end cell: first one probe at the end). */
export function refineOne<O extends BargainOutcome>(ctx: SolveContext<O>, b: Bracket): void {
  if (refineOnPiece(ctx, b)) return;
  const { sampler, md: m, tol } = ctx;
  const f = (x: number): number => {
    const s = sampler.at(x);
    if (!s.agreement) return Number.NEGATIVE_INFINITY;
    return b.player === m ? s.revenue : s.dom[b.player]!;
  };
  const { lo, hi } = b;
  // a boundary maximum confirmed by one probe: Brent would crawl to the end by golden-section steps
  if (b.end === "lo" && f(lo) > f(Math.min(hi, lo + EDGE_PROBE))) return;
  if (b.end === "hi" && f(hi) > f(Math.max(lo, hi - EDGE_PROBE))) return;
  const r = brentMax(f, lo, hi, { xTol: tol.delta });
  // keyed by the player's own index (the revenue: ctx.m)
  const player = b.player === m ? ctx.m : (sampler.decisive?.[b.player] ?? b.player);
  ctx.refined.push({ lo, hi, player, x: r.value.x });
}
