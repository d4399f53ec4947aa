/**
 * A bargaining-mode landscape cell solved by the structure of its problem instead of by the
 * generic bargaining solver, for the solutions whose objective is an increasing function of the
 * two utilities, so that its maximum over every bargain lies in the Pareto set (Nash, egalitarian,
 * utilitarian, Kalai–Smorodinsky, powerful-G, powerful-D), under the fixed penalty (the
 * proportional penalty's variant is ./fastBargainProportional.ts).
 * Max-performance maximises the revenue over every bargain too, but its maximiser may leave the
 * Pareto set (the generic solver flags that): a cell is answered here only when the maximiser also
 * gives D its best utility, so that nothing dominates it. Kalai–Smorodinsky's ideal point (I_G,
 * I_D) is the cell's best U_G and U_D, found first by the same method; its objective min(U_G /
 * I_G, U_D / I_D) then also has the crossings of the two ratios as candidates.
 *
 * Conventions: see ./bargainedCells.ts. At (θ, p) each δ gives one of two outcomes: the "comply"
 * family B(δ; θ) (G complies with θ, or θ does not bind at δ) — independent of p — or the "ignore"
 * family A(δ) − (p, 0) (G keeps its unregulated choice and pays p) — independent of θ. G ignores
 * exactly where p < p*(δ, θ). The solution maximises the objective f over every bargain, so it is
 * the best of: the local maxima of f on each family that lie where that family is chosen (B's once
 * per row, A's once per penalty column, refined by Brent's method), the ends of each run of one
 * family at δ = 0 and 1, and the two sides of every switch between the families (located as a root
 * of comply − ignore value). A switch is located only when its family's values around it could
 * reach the best candidate. The cell is handed back to the generic solver (null) when anything
 * falls outside this picture: a δ of the grid without a bargain, a gain that is not positive
 * (Nash, egalitarian, Kalai–Smorodinsky), a stage-2 search that did not converge, or a second
 * local maximum within {@link FAST_TIE_MARGIN} of the best (a near-tie, where the generic solver's
 * tie rules decide; ./nearTies.ts narrows it where the other family's maximum cannot win).
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193), findings 2–5
 */
import type { SolutionId } from "../bargaining/problem.js";
import { brentRoot } from "../numerics/brentRoot.js";
import { resolveTolerances } from "../numerics/tolerances.js";
import {
  type OpennessEquilibrium,
  opennessEquilibriumFromRelease,
  type ReleaseCache,
} from "./equilibrium.js";
import {
  type At,
  type Candidate,
  FAST_GRID,
  ignoreUG,
  locateSwitch,
  nonBindingAt,
  OBJECTIVES,
  type Objective,
  outcomeAt,
  type Peak,
  type Point,
  refinedPeaks,
  SNAP_DELTA,
  SNAP_TIE,
  type Switch,
  structurePoint,
  topOf,
} from "./fastBargainPoints.js";
import { cellNearTie, FAST_TIE_MARGIN, type Ties } from "./nearTies.js";
import { type ReleaseOptions, type ReleaseResult, releaseFrom } from "./release.js";
import { SharedPoints } from "./sharedPoints.js";

/** The solutions this path solves; the others always go to the generic solver. */
export const FAST_BARGAIN_SOLUTIONS: readonly SolutionId[] = Object.freeze([
  "nash",
  "egalitarian",
  "utilitarian",
  "powerful-G",
  "powerful-D",
  "kalai-smorodinsky",
  "max-performance",
]);

export { FAST_TIE_MARGIN } from "./nearTies.js";

/**
 * Solves the cells of one landscape (one model, one solution) by their structure; see the module
 * comment. Rows (θ) and penalty columns are cached as they are met.
 */
export class FastBargains {
  /** Cells answered here, and cells handed back to the generic solver. */
  answered = 0;
  declined = 0;
  protected f: Objective;
  /** Kalai–Smorodinsky: the players' ideal utilities come from these (max U_G, max U_D per cell). */
  protected readonly ideals: { readonly g: FastBargains; readonly d: FastBargains } | null;
  /**
   * Max-performance: its maximiser may leave the Pareto set, which the generic solver flags. A
   * cell is answered here only when its maximiser also gives D its best utility (then nothing
   * dominates it: the flag would not be raised); this finds that best utility.
   */
  private readonly paretoCheck: FastBargains | null;
  /** Kalai–Smorodinsky: the current cell's ideal utilities (I_G, I_D). */
  private ratio: readonly [number, number] = [1, 1];
  /** What this solver shares with its helpers (see ./sharedPoints.ts). */
  protected readonly shared: SharedPoints;
  /** The objective is the smaller utility: its maxima can be kinks. */
  protected readonly minType: boolean;
  /** The solution is defined over the players who gain (see `solve`). */
  private readonly needsGains: boolean;
  protected readonly tol: number;
  private rowTheta = Number.NaN;
  protected rowPoints: readonly Point[] = [];
  private rowPeaks: Peak[] = [];
  private rowUnconverged = false;
  protected readonly columnPeaks = new Map<number, Peak[] | null>();
  /** Set when a stage-2 search met since the last reset did not converge. */
  protected unconverged = false;
  /** The current cell's points on the grid and its ignore family's refined peaks. */
  protected pts: readonly Point[] = [];
  protected aPeaks: Peak[] = [];
  protected readonly form: "fixed" | "proportional" = "fixed";

  constructor(
    protected readonly cache: ReleaseCache,
    solution: SolutionId,
    /** The unregulated bargain (p = 0) of the same model and solution. */
    private readonly unregulated: OpennessEquilibrium,
    protected readonly options: ReleaseOptions = {},
    shared?: SharedPoints,
  ) {
    this.shared = shared ?? new SharedPoints();
    const ks = solution === "kalai-smorodinsky";
    const f = ks ? OBJECTIVES.egalitarian : OBJECTIVES[solution];
    if (f === undefined) throw new RangeError(`no structured solve for bargaining solution ${solution}`);
    this.f = f;
    // helpers of the same kind (this class or the proportional one)
    const Kind = this.constructor as new (
      ...args: ConstructorParameters<typeof FastBargains>
    ) => FastBargains;
    this.ideals = ks
      ? {
          g: new Kind(cache, "powerful-G", unregulated, options, this.shared),
          d: new Kind(cache, "powerful-D", unregulated, options, this.shared),
        }
      : null;
    this.paretoCheck =
      solution === "max-performance"
        ? new Kind(cache, "powerful-D", unregulated, options, this.shared)
        : null;
    this.minType = solution === "egalitarian";
    this.needsGains = solution === "nash" || solution === "egalitarian" || ks;
    this.tol = resolveTolerances(options.tolerances).utility;
  }

  /** Whether this path applies to the model and solution at all. */
  static applies(_cache: ReleaseCache, solution: SolutionId): boolean {
    return FAST_BARGAIN_SOLUTIONS.includes(solution);
  }

  /** The row's stage-2 facts at δ (θ only). */
  protected rowPoint(theta: number, delta: number): Point {
    const r = structurePoint(this.cache, theta, delta);
    if (r.unconverged) this.unconverged = true;
    return r.point;
  }

  /** The cell's stage-2 facts at δ (the row's, under the fixed penalty). */
  protected point(theta: number, delta: number): Point {
    return this.rowPoint(theta, delta);
  }

  /** The cell's point at δ off the grid: the row's point when given (a row peak's), else a new one. */
  protected offGridPoint(theta: number, delta: number, rowPoint?: Point): Point {
    return rowPoint ?? this.point(theta, delta);
  }

  /** Exactly the outcome the bargaining problem of ./equilibrium.ts reports at this δ (p > 0). */
  protected at(pt: Point, p: number): At {
    return outcomeAt(pt, p, this.tol);
  }

  /** A family's objective at a point whether or not the family is chosen there. */
  protected familyValue(pt: Point, family: 0 | 1, p: number): number {
    const o = family === 0 ? pt.oc : pt.ou;
    return this.f(family === 0 ? o.uG : ignoreUG(pt, p), o.uD, o.alpha1 ?? 0);
  }

  private row(theta: number): void {
    if (this.rowTheta === theta) return;
    this.rowTheta = theta;
    this.unconverged = false;
    let row = this.shared.row;
    // exact comparison: the helpers meet the same row with the same θ
    if (row?.theta !== theta) {
      const points: Point[] = [];
      for (let k = 0; k <= FAST_GRID; k++) points.push(this.rowPoint(theta, k / FAST_GRID));
      row = { theta, points, unconverged: this.unconverged };
      this.shared.row = row;
    }
    this.rowPoints = row.points;
    this.unconverged = row.unconverged;
    // Kalai–Smorodinsky's objective changes with the cell: it uses its ideal helpers' peaks
    this.rowPeaks =
      this.ideals !== null
        ? []
        : this.peaks(
            this.rowPoints,
            (pt) => this.familyValue(pt, 0, 0),
            (d) => this.rowPoint(theta, d),
            this.minType ? (pt) => pt.oc.uG - pt.oc.uD : undefined,
          );
    this.rowUnconverged = this.unconverged;
  }

  /** Interior local maxima of a family's objective on the grid, each refined by Brent's method. */
  protected peaks(
    points: readonly Point[],
    value: (pt: Point) => number,
    pointAt: (delta: number) => Point,
    gap?: (pt: Point) => number,
    keep?: (k: number) => boolean,
  ): Peak[] {
    const tolDelta = resolveTolerances(this.options.tolerances).delta;
    const r = refinedPeaks(points, value, pointAt, tolDelta, gap, keep);
    if (r.unconverged) this.unconverged = true;
    return r.peaks;
  }

  /** The ignore family's peaks at penalty p (independent of θ; null when a search did not converge). */
  private column(p: number): Peak[] | null {
    let c = this.columnPeaks.get(p);
    if (c === undefined) {
      this.unconverged = false;
      // the ignore family does not depend on θ: the current row's points serve every row
      const pts = this.rowPoints;
      const peaks =
        this.ideals !== null
          ? []
          : this.peaks(
              pts,
              (pt) => this.familyValue(pt, 1, p),
              (d) => this.point(this.rowTheta, d),
              this.minType ? (pt) => ignoreUG(pt, p) - pt.ou.uD : undefined,
            );
      c = this.unconverged ? null : peaks;
      this.columnPeaks.set(p, c);
    }
    return c;
  }

  /**
   * The bargained equilibrium at (θ, p), p > 0, or null when the cell must go to the generic
   * solver (see the module comment). `ties` "decision": only the equilibrium's decision will be
   * used, so near-ties that cannot change it are answered here (see `nearTie`); its δ and
   * utilities may then be another tied maximiser's.
   */
  cell(theta: number, p: number, ties: Ties = "cell"): OpennessEquilibrium | null {
    const r = this.solve(theta, p, ties);
    if (r === null) this.declined++;
    else this.answered++;
    return r;
  }

  /** The best value of this instance's objective over every bargain of the cell (an ideal utility). */
  private bestValue(theta: number, p: number): number | null {
    const r = this.best(theta, p);
    return r === null ? null : r.top.value;
  }

  private solve(theta: number, p: number, ties: Ties): OpennessEquilibrium | null {
    if (!(p > 0)) return null;
    if (this.ideals !== null) {
      // Kalai–Smorodinsky: min(U_G / I_G, U_D / I_D) with the cell's ideal utilities
      const ig = this.ideals.g.bestValue(theta, p);
      const id = this.ideals.d.bestValue(theta, p);
      if (ig === null || id === null || !(ig > 0 && id > 0)) return null;
      this.ratio = [ig, id];
      this.f = (g, d) => Math.min(g / ig, d / id);
    }
    const r = this.best(theta, p);
    if (r === null) return null;
    const { candidates, top: first } = r;
    let top = first;
    // the same decision: ignoring (family 1), or complying with θ binding or not at both δ
    const sameDecision = (c: Candidate): boolean =>
      c.family === 1 ||
      nonBindingAt(this.cache, theta, c.delta) === nonBindingAt(this.cache, theta, first.delta);
    if (cellNearTie(candidates, top, ties, this.form === "proportional", sameDecision)) return null;
    // Where the unregulated bargain's δ is, within the round-off of a flat optimum, the same
    // maximiser of the same family (the ignore family's utilitarian optimum is exactly the
    // unregulated one), report that δ: the region compares the two outcomes at the utility
    // tolerance, so "G ignores and D is unchanged" must be the same δ, not a neighbour.
    const u = this.unregulated;
    if (u.delta !== null && Math.abs(top.delta - u.delta) <= SNAP_DELTA) {
      const a = this.at(this.point(theta, u.delta), p);
      if (
        a.family === top.family &&
        this.f(a.uG, a.uD, a.revenue) >= top.value - SNAP_TIE * Math.abs(top.value)
      )
        top = { delta: u.delta, family: a.family, value: this.f(a.uG, a.uD, a.revenue) };
    }
    // an optimum where θ does not bind is the unregulated bargain's, when that δ does not bind
    // either: exactly that bargain (its δ is located once; a second search of a flat optimum
    // lands elsewhere within the round-off of the objective, ~1e-5 in δ, and moves ω by more than
    // the region's tolerance). Kalai–Smorodinsky uses the cell's ideal point, which regulation moves
    // even where it does not bind: unless the unregulated bargain is as good under it, the generic solver decides
    if (
      top.family === 0 &&
      u.delta !== null &&
      nonBindingAt(this.cache, theta, top.delta) &&
      nonBindingAt(this.cache, theta, u.delta)
    ) {
      const asGood = this.f(u.utilities.G, u.utilities.D, 0) >= top.value - SNAP_TIE * Math.abs(top.value);
      return this.ideals === null || asGood ? u : null;
    }
    const s = this.cache.at(top.delta);
    const release = releaseFrom(s, theta, p, this.form, this.options);
    const o = release.outcome;
    if (o === null || !o.dParticipates || !this.confirms(release, top)) return null;
    // Nash, egalitarian and Kalai–Smorodinsky are defined over the generic solver's parties (the
    // players who gain somewhere): both must gain at the solution for the objective used here
    if (this.needsGains && !(o.uG > 0 && o.uD > 0)) return null;
    if (this.paretoCheck !== null) {
      const bestD = this.paretoCheck.bestValue(theta, p);
      if (bestD === null || !(o.uD >= bestD - SNAP_TIE * Math.abs(bestD))) return null;
    }
    return opennessEquilibriumFromRelease(top.delta, release);
  }

  /**
   * The cell's points on the grid (`pts`), the ignore family's peaks (`aPeaks`) and the outcome
   * at each grid point; null when the cell goes to the generic solver.
   */
  protected cellSetup(_theta: number, p: number): At[] | null {
    const peaks = this.column(p);
    if (peaks === null) return null;
    this.aPeaks = peaks;
    this.pts = this.rowPoints;
    const ats = this.pts.map((pt) => this.at(pt, p));
    return ats.some((a) => a.family === -1) ? null : ats;
  }

  /** A switch's sides as the generic stage 2 labels them (the same switch: they are already). */
  protected exactSides(_theta: number, _p: number, sw: Switch): Switch | null {
    return sw;
  }

  /** Whether the generic stage 2 at the chosen δ confirms the candidate (see the subclass). */
  protected confirms(_release: ReleaseResult, _top: Candidate): boolean {
    return true;
  }

  /** Candidates of the cell (see the module comment) and the best of them; null: generic solver. */
  private best(theta: number, p: number): { candidates: Candidate[]; top: Candidate } | null {
    this.row(theta);
    if (this.rowUnconverged) return null;
    const ats = this.cellSetup(theta, p);
    if (ats === null) return null;
    const pts = this.pts;
    const aPeaks = this.aPeaks;
    // from here every stage-2 search (and, proportional penalty, every point needing the generic
    // search below θ) is checked at the end
    this.unconverged = false;
    const candidates: Candidate[] = [];
    const add = (delta: number, a: At, side?: Switch): void => {
      if (a.family !== -1)
        candidates.push({
          delta,
          family: a.family,
          value: this.f(a.uG, a.uD, a.revenue),
          ...(side ? { side } : {}),
        });
    };
    // ends of the δ range, when they are a local maximum of their run
    const v = ats.map((a) => this.f(a.uG, a.uD, a.revenue));
    if (ats[0]!.family !== ats[1]!.family || v[0]! >= v[1]!) add(0, ats[0]!);
    const n = FAST_GRID;
    if (ats[n]!.family !== ats[n - 1]!.family || v[n]! >= v[n - 1]!) add(1, ats[n]!);
    // refined peaks of each family, where that family is chosen (Kalai–Smorodinsky: the peaks of
    // each utility, and the crossings of the two ratios found as roots below)
    const ideals = this.ideals;
    const peaksOf = (family: 0 | 1): readonly Peak[] =>
      ideals === null
        ? family === 0
          ? this.rowPeaks
          : aPeaks
        : family === 0
          ? [...ideals.g.rowPeaks, ...ideals.d.rowPeaks]
          : [...ideals.g.aPeaks, ...ideals.d.aPeaks];
    for (const family of [0, 1] as const) {
      for (const pk of peaksOf(family)) {
        const a = this.at(this.offGridPoint(theta, pk.delta, family === 0 ? pk.point : undefined), p);
        if (a.family === family) add(pk.delta, a);
      }
    }
    let best = Number.NEGATIVE_INFINITY;
    for (const c of candidates) best = Math.max(best, c.value);
    if (ideals !== null) {
      if (!this.crossings(theta, p, add, best - FAST_TIE_MARGIN * Math.abs(best))) return null;
      for (const c of candidates) best = Math.max(best, c.value);
    }
    // switches between the families: both sides, when their family could reach the best
    for (let k = 0; k < n; k++) {
      const left = ats[k]!.family as 0 | 1;
      const right = ats[k + 1]!.family as 0 | 1;
      if (left === right) continue;
      const reach = (family: 0 | 1): number => {
        if (ideals !== null) {
          // min(U_G/I_G, U_D/I_D) is at most the smaller of the ratios' own bounds
          const [ig, id] = this.ratio;
          return Math.min(ideals.g.reach(k, family, p) / ig, ideals.d.reach(k, family, p) / id);
        }
        return this.reach(k, family, p);
      };
      const margin = FAST_TIE_MARGIN * Math.abs(best);
      if (!(Math.max(reach(left), reach(right)) >= best - margin)) continue;
      const sw = this.shared.switch(theta, p, k, () =>
        this.locateSwitch(theta, p, pts[k]!, pts[k + 1]!, left),
      );
      if (sw === null) return null;
      // a side is a local maximum of its run only if the objective rises towards the switch from
      // the grid point beside it (a maximum between them is a refined peak or crossing already)
      const value = (a: At): number => this.f(a.uG, a.uD, a.revenue);
      if (value(sw.insideAt) >= v[k]!) add(sw.inside.delta, sw.insideAt, sw);
      if (value(sw.outsideAt) >= v[k + 1]!) add(sw.outside.delta, sw.outsideAt, sw);
    }
    if (this.unconverged) return null;
    let top = topOf(candidates);
    const side = top?.side;
    if (side !== undefined) {
      // the best is a switch's side: its sides as the generic stage 2 labels them
      const exact = this.exactSides(theta, p, side);
      if (exact === null) return null;
      if (exact !== side) {
        const kept = candidates.filter((c) => c.side !== side);
        candidates.splice(0, candidates.length, ...kept);
        add(exact.inside.delta, exact.insideAt, exact);
        add(exact.outside.delta, exact.outsideAt, exact);
        top = topOf(candidates);
      }
    }
    return top === null ? null : { candidates, top };
  }

  /**
   * An upper bound of a family's objective over grid interval k of the current row: the larger
   * of its ends and of the family's refined peaks inside (no other local maximum lies there).
   */
  private reach(k: number, family: 0 | 1, p: number): number {
    const pts = this.pts;
    const lo = pts[k]!.delta;
    const hi = pts[k + 1]!.delta;
    let b = Math.max(this.familyValue(pts[k]!, family, p), this.familyValue(pts[k + 1]!, family, p));
    const peaks = family === 0 ? this.rowPeaks : this.aPeaks;
    for (const pk of peaks) if (pk.delta >= lo && pk.delta <= hi) b = Math.max(b, pk.value);
    return b;
  }

  /**
   * Kalai–Smorodinsky's kinks: in every grid interval where a family's two ratios U_P / I_P
   * cross and could reach `floor`, the crossing (a root) is a candidate when that family is chosen
   * there. False when a root search failed.
   */
  private crossings(theta: number, p: number, add: (delta: number, a: At) => void, floor: number): boolean {
    const pts = this.pts;
    const ideals = this.ideals!;
    for (const family of [0, 1] as const) {
      const [ig, id] = this.ratio;
      const h = (pt: Point): number => {
        const o = family === 0 ? pt.oc : pt.ou;
        return (family === 0 ? o.uG : ignoreUG(pt, p)) / ig - o.uD / id;
      };
      for (let k = 0; k < FAST_GRID; k++) {
        if (h(pts[k]!) >= 0 === h(pts[k + 1]!) >= 0) continue;
        // the crossing's value is at most the smaller ratio's bound over the interval
        if (Math.min(ideals.g.reach(k, family, p) / ig, ideals.d.reach(k, family, p) / id) < floor) continue;
        const r = brentRoot((d) => h(this.offGridPoint(theta, d)), pts[k]!.delta, pts[k + 1]!.delta, {
          xTol: 0,
        });
        if (r.status !== "converged") return false;
        const a = this.at(this.offGridPoint(theta, r.value), p);
        if (a.family === family) add(r.value, a);
      }
    }
    return true;
  }

  protected locateSwitch(theta: number, p: number, a: Point, b: Point, familyA: 0 | 1): Switch | null {
    const tolDelta = resolveTolerances(this.options.tolerances).delta;
    return locateSwitch(
      (d) => this.point(theta, d),
      (pt) => this.at(pt, p),
      p,
      a,
      b,
      familyA,
      tolDelta,
      this.tol,
    );
  }
}
