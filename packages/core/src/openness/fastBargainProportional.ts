/**
 * The structured bargaining cell (./fastBargain.ts) under the proportional penalty p·(θ − ω)⁺.
 *
 * Conventions: see ./bargainedCells.ts. When G ignores θ it maximises V(ω) − p(θ − ω) =
 * [V(ω) + pω] − pθ over ω < θ. Its maximiser ω_p(δ) over [0, 1] does not depend on θ, so where
 * ω_p(δ) < θ the ignore family is A_p(δ) − (pθ, 0) with A_p = (U_G(ω_p) + pω_p, U_D(ω_p)): one
 * family per penalty column (its points on the δ grid found once per column), shifted per row.
 * Where ω_NR(δ) < θ ≤ ω_p(δ) and V + pω rises then falls (`ReleaseSolver.unimodal`), G's best
 * choice below θ is θ itself: ignoring is complying, and the cell's outcome at δ is the comply
 * family's. Without that certificate such a δ needs the generic stage-2 search below θ, and the
 * cell goes to the generic solver. The ignore value meets the comply value tangentially where
 * ω_p reaches θ (utilities continuous across), so a switch is located where G's ignore advantage
 * crosses its tie tolerance (./fastBargainPoints.ts `locateSwitch`).
 * The ignore family's local maxima over δ are its column's for the objectives whose maximisers a
 * shift of U_G does not move (utilitarian, powerful-G, powerful-D, max-performance), and are
 * located in each cell, around the grid points where G ignores, for the others (Nash,
 * egalitarian). Points off the grid (peaks, switch brackets) are built from their grid neighbours
 * without a stage-2 solve where both sides are certified (./fastBargainPoints.ts `complyLocal`,
 * `ignoreFamilyLocal`). The generic stage 2 at the chosen δ must confirm the candidate's family and
 * objective, else the cell goes to the generic solver; when the best candidate is a switch's
 * side, the sides are first relocated on the generic stage 2's own decision (`exactSides`).
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193), findings 2–5
 */
import type { SolutionId } from "../bargaining/problem.js";
import { brentRoot } from "../numerics/brentRoot.js";
import { bisectPredicate } from "../numerics/roots.js";
import { resolveTolerances } from "../numerics/tolerances.js";
import type { OpennessEquilibrium, ReleaseCache } from "./equilibrium.js";
import { FastBargains } from "./fastBargain.js";
import {
  type At,
  type Candidate,
  complyLocal,
  FAST_GRID,
  type IgnoreColumnPoint,
  ignoreColumnPoint,
  ignoreFamilyLocal,
  ignoreFamilyPoint,
  ignoreUG,
  locateSwitch,
  NONE,
  type Peak,
  type Point,
  proportionalPoint,
  type Switch,
} from "./fastBargainPoints.js";
import type { Ties } from "./nearTies.js";
import { type ReleaseOptions, type ReleaseResult, releaseFrom } from "./release.js";
import type { SharedCell, SharedPoints } from "./sharedPoints.js";

/**
 * Solutions whose objective f(U_G − c, U_D, α1) has the same maximisers over δ for every shift c:
 * the ignore family's peaks are then those of its penalty column.
 */
const SHIFT_INVARIANT: readonly SolutionId[] = ["utilitarian", "powerful-G", "powerful-D", "max-performance"];

/**
 * Width (ω units) to which G's ignore choice is located while the ignore family's peaks are
 * searched: the stage-2 solver's own (RELEASE_OMEGA_TOLERANCE).
 */
const FAMILY_OMEGA_TOLERANCE = 1e-10;

/**
 * Relative objective difference within which the generic stage 2 at the chosen δ confirms a
 * candidate: G's choice is located to 1e-10 in ω by either search (D's utility moves by about as
 * much), while a different choice below θ moves it by far more.
 */
const SAME_VALUE = 1e-8;

/** How far (δ units) from a located switch its sides are sought as the generic stage 2 labels them. */
const EXACT_SIDE_REACH = 1e-5;

/** Structured bargaining cells under the proportional penalty (see the module comment). */
export class ProportionalFastBargains extends FastBargains {
  protected override readonly form = "proportional";
  private readonly shiftInvariant: boolean;
  /** The current cell's penalty. */
  private cellP = Number.NaN;
  /** Build every point with a full stage-2 solve (see `cell`), and whether the cell needs that. */
  private fullPoints = false;
  private retry = false;

  constructor(
    cache: ReleaseCache,
    solution: SolutionId,
    unregulated: OpennessEquilibrium,
    options: ReleaseOptions = {},
    shared?: SharedPoints,
  ) {
    super(cache, solution, unregulated, options, shared);
    this.shiftInvariant = SHIFT_INVARIANT.includes(solution);
  }

  /** The cell's stage-2 facts at δ: the row's, with the ignore choice at the cell's p. */
  protected override point(theta: number, delta: number): Point {
    const row = this.rowPoint(theta, delta);
    const pt = proportionalPoint(row, this.columnPoint(this.cellP, delta), theta, this.cellP);
    if (pt.unsure === true) this.unconverged = true; // G's choice below θ needs the generic search
    return pt;
  }

  /**
   * The cell's point at δ off the grid from its grid neighbours without a stage-2 solve, where
   * both sides are certified (`complyLocal`, `ignoreFamilyLocal`); else the full point.
   */
  private localPoint(theta: number, delta: number): Point {
    const k = Math.floor(delta * FAST_GRID);
    const grid = this.columnGridOf(this.cellP);
    if (!this.fullPoints && grid !== null && k >= 0 && k < FAST_GRID && k !== delta * FAST_GRID) {
      const [a, b] = [this.rowPoints[k]!, this.rowPoints[k + 1]!];
      const row = complyLocal(this.cache, theta, delta, a, b, (pt) => this.cache.at(pt.delta).unimodal(0));
      const col =
        row &&
        ignoreFamilyLocal(this.cache, this.cellP, delta, grid[k]!, grid[k + 1]!, FAMILY_OMEGA_TOLERANCE);
      if (row !== null && col?.unimodal) return proportionalPoint(row, col, theta, this.cellP);
    }
    return this.point(theta, delta);
  }

  protected override offGridPoint(theta: number, delta: number): Point {
    return this.localPoint(theta, delta);
  }

  /** The ignore choice at δ for the penalty p (cached on the grid and off it). */
  private columnPoint(p: number, delta: number): IgnoreColumnPoint {
    const k = delta * FAST_GRID;
    if (Number.isInteger(k)) {
      const grid = this.columnGridOf(p);
      if (grid !== null) return grid[k]!;
    }
    const c = this.shared.offGridChoice(p, delta, () => {
      const r = ignoreColumnPoint(this.cache, p, delta);
      return { point: r.point, unconverged: r.unconverged };
    });
    if (c.unconverged) this.unconverged = true;
    return c.point;
  }

  /** The ignore choice at δ for the ignore family's objective alone (see `ignoreFamilyLocal`). */
  private familyColumnPoint(p: number, delta: number): IgnoreColumnPoint {
    const grid = this.columnGridOf(p);
    const k = Math.floor(delta * FAST_GRID);
    if (!this.fullPoints && grid !== null && k >= 0 && k < FAST_GRID && k !== delta * FAST_GRID) {
      const r = ignoreFamilyLocal(this.cache, p, delta, grid[k]!, grid[k + 1]!, FAMILY_OMEGA_TOLERANCE);
      if (r !== null) return r;
    }
    return this.columnPoint(p, delta);
  }

  /** The ignore choices of penalty column p on the grid (null when a search did not converge). */
  private columnGridOf(p: number): IgnoreColumnPoint[] | null {
    const columns = this.shared.columnGrid;
    let g = columns.get(p);
    if (g === undefined) {
      g = [];
      let failed = false;
      for (let k = 0; k <= FAST_GRID; k++) {
        const r = ignoreColumnPoint(this.cache, p, k / FAST_GRID);
        failed ||= r.unconverged;
        g.push(r.point);
      }
      if (failed) g = null;
      columns.set(p, g);
    }
    return g;
  }

  protected override cellSetup(theta: number, p: number): At[] | null {
    this.cellP = p;
    const cell = this.shared.cell(theta, p, this.rowPoints, () => this.gridOutcomes(theta, p));
    if (cell === null) return null;
    this.pts = cell.pts;
    const peaks = this.cellPeaks(theta, p, cell.ats);
    if (peaks === null) return null;
    this.aPeaks = peaks;
    return cell.ats;
  }

  /** The cell's points and outcomes on the grid; null when the cell goes to the generic solver. */
  private gridOutcomes(theta: number, p: number): SharedCell | null {
    const grid = this.columnGridOf(p);
    if (grid === null) return null;
    const pts = this.rowPoints.map((r, k) => proportionalPoint(r, grid[k]!, theta, p));
    // G's choice below θ at a grid δ needs the generic stage-2 search
    if (pts.some((pt) => pt.unsure === true)) return null;
    const ats = pts.map((pt) => this.at(pt, p));
    return ats.some((a) => a.family === -1) ? null : { pts, ats };
  }

  /**
   * A switch between ignoring (ω_p < θ) and complying because ignoring is complying (ω_p ≥ θ):
   * G's ignore advantage d vanishes where ω_p(δ) = θ, a root of the ignore choice alone (cheap),
   * and the switch (d at G's tie tolerance) lies a little inside the ignore run: bracketed by
   * steps from that root, it is a root of √m − √d, linear there. Other switches, or a bracket
   * that does not check out, take the general route over the whole interval.
   */
  protected override locateSwitch(
    theta: number,
    p: number,
    a: Point,
    b: Point,
    familyA: 0 | 1,
  ): Switch | null {
    const general = (): Switch | null => super.locateSwitch(theta, p, a, b, familyA);
    const ig = familyA === 1 ? a : b;
    const co = familyA === 1 ? b : a;
    if (co.noIgnore !== true || ig.noIgnore === true) return general();
    const tolDelta = resolveTolerances(this.options.tolerances).delta;
    const reach = (d: number): number => this.familyColumnPoint(p, d).omega - theta;
    if (!(reach(ig.delta) < 0 && reach(co.delta) >= 0)) return general();
    const r = brentRoot(reach, a.delta, b.delta, { xTol: 0.1 * tolDelta });
    if (r.status !== "converged") return general();
    const toward = ig.delta < co.delta ? -1 : 1;
    let inner = this.localPoint(theta, r.value);
    let w = 1e-9;
    let outer: Point | null = null;
    while (w < Math.abs(ig.delta - co.delta)) {
      const x = r.value + toward * w;
      if (toward * (x - ig.delta) >= 0) break;
      const pt = this.localPoint(theta, x);
      if (this.at(pt, p).family === 1) {
        outer = pt;
        break;
      }
      inner = pt;
      w *= 8;
    }
    if (outer === null) return general();
    const lo = toward < 0 ? outer : inner;
    const hi = toward < 0 ? inner : outer;
    const s = locateSwitch(
      (d) => this.localPoint(theta, d),
      (pt) => this.at(pt, p),
      p,
      lo,
      hi,
      lo === outer ? 1 : 0,
      tolDelta,
      this.tol,
    );
    return s ?? general();
  }

  /**
   * The sides of a switch as the generic stage 2 labels them. Where ignoring meets complying G's
   * two values agree to its tie tolerance, and which side of the switch a δ within ~1e-9 of it
   * lies on is decided by the round-off of each search: the sides are relocated, by bisection on
   * the generic stage 2's decision, from the first bracket around the located switch that it
   * labels as the two families; null (the generic solver) when none within 1e-5 does.
   */
  protected override exactSides(theta: number, p: number, sw: Switch): Switch | null {
    const label = (d: number): At => {
      const r = releaseFrom(this.cache.at(d), theta, p, "proportional", this.options);
      const o = r.outcome;
      if (o === null || !o.dParticipates) return NONE;
      return { family: r.decision === "ignore" ? 1 : 0, uG: o.uG, uD: o.uD, revenue: o.alpha1 ?? 0 };
    };
    const fi = sw.insideAt.family;
    const fo = sw.outsideAt.family;
    const li = label(sw.inside.delta);
    const lo = label(sw.outside.delta);
    if (li.family === fi && lo.family === fo) return { ...sw, insideAt: li, outsideAt: lo };
    const tolDelta = resolveTolerances(this.options.tolerances).delta;
    const mid = 0.5 * (sw.inside.delta + sw.outside.delta);
    for (let w = 1e-9; w <= EXACT_SIDE_REACH; w *= 4) {
      const x = mid - w;
      const y = mid + w;
      if (label(x).family !== fi || label(y).family !== fo) continue;
      const b = bisectPredicate((d) => label(d).family === fi, x, y, { xTol: tolDelta });
      const ai = label(b.inside);
      const ao = label(b.outside);
      if (ai.family !== fi || ao.family !== fo) return null;
      return {
        inside: this.point(theta, b.inside),
        insideAt: ai,
        outside: this.point(theta, b.outside),
        outsideAt: ao,
      };
    }
    return null;
  }

  /**
   * The point's ignore choice came from ω_p over [0, 1]: the generic stage 2 at the chosen δ (over
   * [0, θ]) must give the same family and objective.
   */
  protected override confirms(release: ReleaseResult, top: Candidate): boolean {
    const o = release.outcome;
    if (o === null || (release.decision === "ignore") !== (top.family === 1)) return false;
    const v = this.f(o.uG, o.uD, o.alpha1 ?? 0);
    const same = Math.abs(v - top.value) <= SAME_VALUE * Math.max(1, Math.abs(top.value));
    if (!same && !this.fullPoints) this.retry = true;
    return same;
  }

  /**
   * A cell whose chosen candidate the generic stage 2 confirms in family but not in value was
   * located on points built from grid neighbours, whose G's choice is as flat-limited as the
   * stage-2 search's own (~1e-8 in ω) but not the same: it is solved again on full points.
   */
  override cell(theta: number, p: number, ties: Ties = "cell"): OpennessEquilibrium | null {
    const r = super.cell(theta, p, ties);
    if (r !== null || !this.retry) return r;
    this.retry = false;
    this.declined--;
    this.fullPoints = true;
    try {
      return super.cell(theta, p, ties);
    } finally {
      this.fullPoints = false;
    }
  }

  /**
   * The ignore family's refined peaks in the cell (θ, p), whose points `ats`
   * are given. For a shift-invariant objective they are the penalty column's (located once, at
   * θ = 0); otherwise they are located in the cell, only around grid points where G ignores (a
   * peak elsewhere is not chosen, and a switch's reach is bounded by its own grid neighbours).
   * Null when a search did not converge.
   */
  private cellPeaks(theta: number, p: number, ats: readonly At[]): Peak[] | null {
    if (this.ideals !== null) return [];
    this.unconverged = false;
    const familyAt = (t: number) => (d: number) => ignoreFamilyPoint(this.familyColumnPoint(p, d), t, p);
    const gap = this.minType ? (pt: Point) => ignoreUG(pt, p) - pt.ou.uD : undefined;
    const value = (pt: Point) => this.familyValue(pt, 1, p);
    if (this.shiftInvariant) {
      let c = this.columnPeaks.get(p);
      if (c === undefined) {
        const at0 = familyAt(0);
        const grid = this.columnGridOf(p)!;
        const peaks = this.peaks(
          grid.map((g) => at0(g.delta)),
          value,
          at0,
        );
        c = this.unconverged ? null : peaks;
        this.columnPeaks.set(p, c);
      }
      if (c === null) return null;
      return c.map((pk) => {
        const pt = this.point(theta, pk.delta);
        return { delta: pk.delta, value: value(pt), point: pt };
      });
    }
    const ignores = (k: number): boolean => ats[k]?.family === 1;
    const peaks = this.peaks(
      this.pts,
      value,
      familyAt(theta),
      gap,
      (k) => ignores(k - 1) || ignores(k) || ignores(k + 1),
    );
    return this.unconverged ? null : peaks;
  }
}

/**
 * The structured solver of a landscape's bargaining cells for its penalty form (null when the
 * solution has none: every cell goes to the generic solver).
 */
export function fastBargainsFor(
  cache: ReleaseCache,
  solution: SolutionId,
  unregulated: OpennessEquilibrium,
  options: ReleaseOptions = {},
): FastBargains | null {
  if (!FastBargains.applies(cache, solution)) return null;
  return cache.model.regulation?.form === "proportional"
    ? new ProportionalFastBargains(cache, solution, unregulated, options)
    : new FastBargains(cache, solution, unregulated, options);
}
