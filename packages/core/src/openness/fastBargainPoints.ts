/**
 * The pieces of a structured bargaining cell (./fastBargain.ts): the stage-2 facts at one δ for
 * one θ, the outcome they give at a penalty (exactly the bargaining problem's of ./equilibrium.ts),
 * the objectives, and the location of a switch between the comply and ignore families.
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193), findings 2–5
 */
import { brentMax } from "../numerics/brent.js";
import { brentRoot } from "../numerics/brentRoot.js";
import { bisectPredicate } from "../numerics/roots.js";
import { notWorse } from "../numerics/tolerances.js";
import {
  argmaxPayoffQuadratic,
  evalPayoffQuadratic,
  opennessHasClosedForm,
  opennessPayoffQuadratic,
} from "./closedForm.js";
import type { ReleaseCache } from "./equilibrium.js";
import { type OpennessOutcome, OpennessPayoff, opennessOutcomeAt } from "./stages.js";

/** δ intervals of the grid that brackets local maxima and switches (δ units: 1/64). */
export const FAST_GRID = 64;

/** An objective of (U_G, U_D, revenue α1). */
export type Objective = (uG: number, uD: number, revenue: number) => number;

export const OBJECTIVES: Readonly<Record<string, Objective>> = {
  // the log of the product of gains in the generic solver: the same maximiser
  nash: (g, d) => (g > 0 && d > 0 ? g * d : Number.NEGATIVE_INFINITY),
  egalitarian: (g, d) => Math.min(g, d),
  utilitarian: (g, d) => g + d,
  "powerful-G": (g) => g,
  "powerful-D": (_g, d) => d,
  // over every bargain, like the generic solver (see `paretoCheck`)
  "max-performance": (_g, _d, r) => r,
};

/**
 * Stage-2 facts at one δ for one θ (fixed penalty: shared by every p of the row) or for one cell
 * (θ, p) (proportional penalty): both families' outcomes and G's two values.
 */
export interface Point {
  readonly delta: number;
  /** θ does not bind at δ (ω_NR ≥ θ): the comply family is the unregulated outcome. */
  readonly nonBinding: boolean;
  /** G's value when complying (V_NR when θ does not bind) and when keeping ω_NR. */
  readonly cValue: number;
  readonly uValue: number;
  readonly oc: OpennessOutcome;
  /** The ignore family's outcome before the penalty (fixed: at ω_NR; proportional: at ω_p). */
  readonly ou: OpennessOutcome;
  /**
   * Proportional penalty: G's value when ignoring, penalty included ([V + pω](ω_p) − pθ), and its
   * U_G (V(ω_p) − p(θ − ω_p)); the fixed form uses uValue − p and ou.uG − p instead. Where ω_p ≥ θ
   * these continue the ignore family past the bound (the family's objective stays smooth); the
   * cell's outcome there is set by `noIgnore`.
   */
  readonly iValue?: number;
  readonly iUG?: number;
  /**
   * Proportional penalty, ω_NR < θ ≤ ω_p with V + pω unimodal: G's best choice below θ is θ
   * itself, so ignoring is complying (G complies).
   */
  readonly noIgnore?: boolean;
  /**
   * Proportional penalty, ω_NR < θ ≤ ω_p without that certificate: G's choice below θ needs the
   * generic stage-2 search (the cell goes to the generic solver).
   */
  readonly unsure?: boolean;
}

/** The ignore choice at one δ for one proportional penalty p (independent of θ). */
export interface IgnoreColumnPoint {
  readonly delta: number;
  /** ω_p = argmax over [0, 1] of V(ω) + pω, and that maximum. */
  readonly omega: number;
  readonly gValue: number;
  readonly outcome: OpennessOutcome;
  /** V + pω rises then falls over ω ∈ [0, 1] (see ReleaseSolver.unimodal). */
  readonly unimodal: boolean;
}

/** The outcome at one δ of the cell (θ, p): family 0 = comply / non-binding, 1 = ignore, −1 = no bargain. */
export interface At {
  readonly family: -1 | 0 | 1;
  readonly uG: number;
  readonly uD: number;
  readonly revenue: number;
}

/** No bargain at this δ. */
export const NONE: At = { family: -1, uG: 0, uD: 0, revenue: 0 };

/** A local maximum of one family's objective over δ, refined. */
export interface Peak {
  readonly delta: number;
  readonly value: number;
  readonly point: Point;
}

/** The two sides of a switch between the families, at the δ tolerance. */
export interface Switch {
  readonly inside: Point;
  readonly insideAt: At;
  readonly outside: Point;
  readonly outsideAt: At;
}

export interface Candidate {
  readonly delta: number;
  readonly family: 0 | 1;
  readonly value: number;
  /** The switch this candidate is a side of. */
  readonly side?: Switch;
}

/** The best candidate (the first among equals), or null when none has a finite value. */
export function topOf(candidates: readonly Candidate[]): Candidate | null {
  let top: Candidate | null = null;
  for (const c of candidates) if (top === null || c.value > top.value) top = c;
  return top !== null && top.value > Number.NEGATIVE_INFINITY ? top : null;
}

/** The stage-2 facts at δ for θ, and whether a stage-2 search there did not converge. */
export function structurePoint(
  cache: ReleaseCache,
  theta: number,
  delta: number,
): { point: Point; unconverged: boolean } {
  const s = cache.at(delta);
  const u = s.unregulated;
  const nonBinding = u.omega >= theta;
  const c = nonBinding ? u : s.comply(theta);
  const ou = opennessOutcomeAt(s.game, u.omega);
  return {
    point: {
      delta,
      nonBinding,
      cValue: c.value,
      uValue: u.value,
      oc: nonBinding ? ou : opennessOutcomeAt(s.game, c.omega),
      ou,
    },
    unconverged: s.unconverged !== undefined,
  };
}

/** θ does not bind at δ (ω_NR(δ) ≥ θ): the `nonBinding` of a point there, without building it. */
export function nonBindingAt(cache: ReleaseCache, theta: number, delta: number): boolean {
  return cache.at(delta).unregulated.omega >= theta;
}

/** The ignore choice at δ under the proportional penalty p, and whether its search converged. */
export function ignoreColumnPoint(
  cache: ReleaseCache,
  p: number,
  delta: number,
): { point: IgnoreColumnPoint; unconverged: boolean } {
  const s = cache.at(delta);
  const r = s.best(0, 1, p);
  return {
    point: {
      delta,
      omega: r.omega,
      gValue: r.value,
      outcome: opennessOutcomeAt(s.game, r.omega),
      unimodal: s.unimodal(p),
    },
    unconverged: s.unconverged !== undefined,
  };
}

/**
 * The ignore choice at δ strictly between two grid points whose choices `lo` and `hi` are known,
 * for the ignore family's objective only (its peaks are searched with it; a candidate's value is
 * then taken from {@link ignoreColumnPoint}): the closed form exactly, as the stage-2 solver
 * computes it; a numeric stage 2 whose V + pω is unimodal at both neighbours by Brent's method
 * over the ω range their choices span, widened by a grid step. Null otherwise, or when the search
 * did not converge (use {@link ignoreColumnPoint}).
 */
export function ignoreFamilyLocal(
  cache: ReleaseCache,
  p: number,
  delta: number,
  lo: IgnoreColumnPoint,
  hi: IgnoreColumnPoint,
  tolOmega: number,
): IgnoreColumnPoint | null {
  const game = cache.game(delta);
  if (opennessHasClosedForm(game) && cache.options.method !== "numeric") {
    const q = opennessPayoffQuadratic(game);
    const r = argmaxPayoffQuadratic({ q0: q.q0, q1: q.q1 + p, q2: q.q2 }, 0, 1);
    const v = -(q.q1 + p) / (2 * q.q2); // a convex quadratic's minimum (see ReleaseSolver.unimodal)
    const unimodal = q.q2 <= 0 || !(v > 0 && v < 1);
    return { delta, omega: r.x, gValue: r.fx, outcome: opennessOutcomeAt(game, r.x), unimodal };
  }
  if (!lo.unimodal || !hi.unimodal || cache.options.method === "closed-form") return null;
  const step = 1 / 64;
  const a = Math.max(0, Math.min(lo.omega, hi.omega) - step);
  const b = Math.min(1, Math.max(lo.omega, hi.omega) + step);
  const v = new OpennessPayoff(game);
  const r = brentMax((w) => v.at(w) + p * w, a, b, { xTol: tolOmega });
  // brentMax's answer is already at least as good as both ends
  if (r.status !== "converged") return null;
  const { x, fx } = r.value;
  return { delta, omega: x, gValue: fx, outcome: opennessOutcomeAt(game, x), unimodal: true };
}

/**
 * The comply side at δ strictly between two grid points of row θ, when both neighbours are bound
 * by θ and comply at θ itself with V unimodal there (`unimodalAt`) and ω_NR stays below θ between
 * them: G's compliant choice is θ, worth V(θ), computed as the stage-2 solver does. Null otherwise.
 */
export function complyLocal(
  cache: ReleaseCache,
  theta: number,
  delta: number,
  a: Point,
  b: Point,
  unimodalAt: (pt: Point) => boolean,
): Point | null {
  if (a.nonBinding || b.nonBinding || a.oc.omega !== theta || b.oc.omega !== theta) return null;
  const wa = a.ou.omega;
  const wb = b.ou.omega;
  if (!(Math.max(wa, wb) + Math.abs(wa - wb) < theta) || !unimodalAt(a) || !unimodalAt(b)) return null;
  const game = cache.game(delta);
  const oc = opennessOutcomeAt(game, theta);
  const closed = opennessHasClosedForm(game) && cache.options.method !== "numeric";
  const cValue = closed ? evalPayoffQuadratic(opennessPayoffQuadratic(game), theta) : oc.uG;
  return { delta, nonBinding: false, cValue, uValue: Number.NaN, oc, ou: oc };
}

/** A row's point (θ) with the ignore choice of the cell's proportional penalty p at the same δ. */
export function proportionalPoint(row: Point, col: IgnoreColumnPoint, theta: number, p: number): Point {
  const below = col.omega < theta;
  // spelled out (not spread): one object shape, built for every grid point of every cell
  return {
    delta: row.delta,
    nonBinding: row.nonBinding,
    cValue: row.cValue,
    uValue: row.uValue,
    oc: row.oc,
    ou: col.outcome,
    iValue: col.gValue - p * theta,
    iUG: col.outcome.uG - p * (theta - col.omega),
    noIgnore: !row.nonBinding && !below && col.unimodal,
    unsure: !row.nonBinding && !below && !col.unimodal,
  };
}

/**
 * The ignore family alone at δ for the cell (θ, p), proportional penalty: enough for that family's
 * objective (the comply side is not computed, so the point says nothing about G's choice).
 */
export function ignoreFamilyPoint(col: IgnoreColumnPoint, theta: number, p: number): Point {
  return {
    delta: col.delta,
    nonBinding: false,
    cValue: Number.NEGATIVE_INFINITY,
    uValue: col.outcome.uG,
    oc: col.outcome,
    ou: col.outcome,
    iValue: col.gValue - p * theta,
    iUG: col.outcome.uG - p * (theta - col.omega),
    noIgnore: false,
    unsure: false,
  };
}

/** G's value when ignoring at a point (penalty included). */
export function ignoreValue(pt: Point, p: number): number {
  return pt.iValue ?? pt.uValue - p;
}

/** U_G of the ignore family at a point (penalty included). */
export function ignoreUG(pt: Point, p: number): number {
  return pt.iUG ?? pt.ou.uG - p;
}

/**
 * The outcome at a point under the penalty p > 0 (fixed, or proportional for a cell's point),
 * exactly as the bargaining problem of ./equilibrium.ts reports it (G's choice with the relative
 * utility tolerance `tol`).
 */
export function outcomeAt(pt: Point, p: number, tol: number): At {
  if (pt.nonBinding) {
    // θ does not bind: the comply side is the unregulated choice (oc = ω_NR, cValue = V_NR)
    if (!notWorse(pt.cValue, 0, tol) || !pt.oc.dParticipates) return NONE;
    return { family: 0, uG: pt.oc.uG, uD: pt.oc.uD, revenue: pt.oc.alpha1 ?? 0 };
  }
  const iv = ignoreValue(pt, p);
  const ignores = pt.noIgnore !== true && !notWorse(pt.cValue, iv, tol);
  if (!notWorse(ignores ? iv : pt.cValue, 0, tol)) return NONE;
  const o = ignores ? pt.ou : pt.oc;
  if (!o.dParticipates) return NONE;
  const revenue = o.alpha1 ?? 0;
  return ignores
    ? { family: 1, uG: ignoreUG(pt, p), uD: o.uD, revenue }
    : { family: 0, uG: o.uG, uD: o.uD, revenue };
}

/**
 * The switch between the families inside (a, b): a root of comply value − ignore value (that
 * difference is p at δ where θ does not bind, continuous across; `tol` is G's relative tie
 * tolerance), then the two sides at the
 * δ tolerance, checked against the families; bisection on the family when the root's sides
 * do not check out.
 */
export function locateSwitch(
  pointAt: (delta: number) => Point,
  at: (pt: Point) => At,
  p: number,
  a: Point,
  b: Point,
  familyA: 0 | 1,
  tolDelta: number,
  tol: number,
): Switch | null {
  // comply − ignore value. Proportional penalty: the ignore value meets the comply value
  // tangentially where ω_p reaches θ (ignoring then is complying), so the root sought is where
  // the ignore advantage d = I − C exceeds G's tie tolerance m — exactly where G's choice
  // switches — as a root of √d − √m (d = 0 where ignoring is complying), which crosses zero with
  // a slope where d itself only touches it
  const gap = (pt: Point): number => {
    if (pt.nonBinding) return p;
    const iv = ignoreValue(pt, p);
    if (pt.iValue === undefined) return pt.cValue - iv;
    const m = tol * Math.max(1, Math.abs(pt.cValue), Math.abs(iv));
    const d = pt.noIgnore === true ? 0 : Math.max(0, iv - pt.cValue);
    return Math.sqrt(m) - Math.sqrt(d);
  };
  const sided = (x: number, y: number): Switch | null => {
    const px = pointAt(x);
    const py = pointAt(y);
    const ax = at(px);
    const ay = at(py);
    if (ax.family !== familyA || ay.family === -1 || ay.family === familyA) return null;
    return { inside: px, insideAt: ax, outside: py, outsideAt: ay };
  };
  const ga = gap(a);
  const gb = gap(b);
  if (ga >= 0 !== gb >= 0) {
    const r = brentRoot((d) => gap(pointAt(d)), a.delta, b.delta, { xTol: 0.1 * tolDelta });
    if (r.status === "converged") {
      const h = 0.5 * tolDelta;
      const x = Math.max(a.delta, Math.min(b.delta, r.value - h));
      const y = Math.max(a.delta, Math.min(b.delta, r.value + h));
      const s = sided(x, y);
      if (s !== null) return s;
    }
  }
  const bis = bisectPredicate((d) => at(pointAt(d)).family === familyA, a.delta, b.delta, {
    xTol: tolDelta,
  });
  return sided(bis.inside, bis.outside);
}

/**
 * Local maxima over δ of a family's objective `value` on the grid `points` (an end of the grid
 * counts when it is above its neighbour: the maximum may lie inside that interval), each refined
 * by Brent's method to `tolDelta` (only the grid indices `keep` accepts, default all). With `gap`
 * (min(U_G, U_D): the difference of its two terms) a maximum at the crossing of the two terms is
 * a kink Brent's parabolas only approach: the crossing is located as a root instead, as the
 * generic solver does.
 */
export function refinedPeaks(
  points: readonly Point[],
  value: (pt: Point) => number,
  pointAt: (delta: number) => Point,
  tolDelta: number,
  gap?: (pt: Point) => number,
  keep?: (k: number) => boolean,
): { peaks: Peak[]; unconverged: boolean } {
  const vs = points.map(value);
  const out: Peak[] = [];
  let unconverged = false;
  const n = points.length - 1;
  // the ends too: a run rising to δ = 0 or 1 on the grid may peak inside its last interval
  for (let k = 0; k <= n; k++) {
    const v = vs[k]!;
    const left = k === 0 ? Number.NEGATIVE_INFINITY : vs[k - 1]!;
    const right = k === n ? Number.NEGATIVE_INFINITY : vs[k + 1]!;
    if (!(v > Number.NEGATIVE_INFINITY) || v < left || v < right) continue;
    if (keep !== undefined && !keep(k)) continue;
    const lo = points[Math.max(0, k - 1)]!;
    const hi = points[Math.min(n, k + 1)]!;
    let best: Point = points[k]!;
    let bestV = v;
    const r = brentMax(
      (d) => {
        const pt = pointAt(d);
        const fv = value(pt);
        if (fv > bestV) {
          best = pt;
          bestV = fv;
        }
        return fv;
      },
      lo.delta,
      hi.delta,
      { xTol: tolDelta },
    );
    if (r.status !== "converged") unconverged = true;
    if (gap !== undefined) {
      if (gap(lo) >= 0 !== gap(hi) >= 0) {
        const x = brentRoot((d) => gap(pointAt(d)), lo.delta, hi.delta, { xTol: 0 });
        if (x.status === "converged") {
          const pt = pointAt(x.value);
          const fv = value(pt);
          if (fv >= bestV) {
            best = pt;
            bestV = fv;
          }
        }
      }
    }
    out.push({ delta: best.delta, value: bestV, point: best });
  }
  return { peaks: out, unconverged };
}

/**
 * How far (δ units) the best candidate of ./fastBargain.ts may lie from the unregulated bargain's δ
 * and still be reported at it when both are the same family's maximum within {@link SNAP_TIE}: a
 * flat optimum is located in δ only to ~1e-5 (the objective's round-off over its curvature).
 */
export const SNAP_DELTA = 1e-3;

/**
 * Relative objective difference under which the unregulated δ counts as the same maximum: the
 * generic solver's tie tolerance (values closer are ties to it).
 */
export const SNAP_TIE = 1e-9;
