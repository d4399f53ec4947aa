/**
 * The pieces of a structured bargaining cell (./fastBargain.ts): the stage-2 facts at one δ for
 * one θ, the outcome they give at a penalty (exactly the bargaining problem's of ./equilibrium.ts),
 * the objectives, and the location of a switch between the comply and ignore families.
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193), findings 2–5
 */
import { brentRoot } from "../numerics/brentRoot.js";
import { bisectPredicate } from "../numerics/roots.js";
import { notWorse } from "../numerics/tolerances.js";
import type { ReleaseCache } from "./equilibrium.js";
import { type OpennessOutcome, opennessOutcomeAt } from "./stages.js";

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

/** Stage-2 facts at one δ for one θ: both families' outcomes and G's two values. */
export interface Point {
  readonly delta: number;
  /** θ does not bind at δ (ω_NR ≥ θ): the comply family is the unregulated outcome. */
  readonly nonBinding: boolean;
  /** G's value when complying (V_NR when θ does not bind) and when keeping ω_NR. */
  readonly cValue: number;
  readonly uValue: number;
  readonly oc: OpennessOutcome;
  readonly ou: OpennessOutcome;
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

/**
 * The outcome at a point under the fixed penalty p > 0, exactly as the bargaining problem of
 * ./equilibrium.ts reports it (G's choice with the relative utility tolerance `tol`).
 */
export function outcomeAt(pt: Point, p: number, tol: number): At {
  if (pt.nonBinding) {
    if (!notWorse(pt.uValue, 0, tol) || !pt.ou.dParticipates) return NONE;
    return { family: 0, uG: pt.ou.uG, uD: pt.ou.uD, revenue: pt.ou.alpha1 ?? 0 };
  }
  const ignores = !notWorse(pt.cValue, pt.uValue - p, tol);
  if (!notWorse(ignores ? pt.uValue - p : pt.cValue, 0, tol)) return NONE;
  const o = ignores ? pt.ou : pt.oc;
  if (!o.dParticipates) return NONE;
  const revenue = o.alpha1 ?? 0;
  return ignores
    ? { family: 1, uG: o.uG - p, uD: o.uD, revenue }
    : { family: 0, uG: o.uG, uD: o.uD, revenue };
}

/**
 * The switch between the families inside (a, b): a root of comply value − ignore value (that
 * difference is p at δ where θ does not bind, continuous across), then the two sides at the
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
): Switch | null {
  const gap = (pt: Point): number => (pt.nonBinding ? p : pt.cValue - pt.uValue + p);
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
