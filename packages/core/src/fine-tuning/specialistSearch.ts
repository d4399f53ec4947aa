/**
 * A specialist's best response on the numeric path: the global maximum of its utility
 * u(α) = (1−δ)·r(α) − φ(α; α0) over α ≥ α0, with α = α0 (free-riding) as a candidate.
 *
 * This is the numeric path's innermost loop: a full solve runs thousands of these. The method is
 * `maximizeByFoc`'s (../numerics/focMax.ts): values and slopes on a grid, cells subdivided where a
 * maximum may hide (../numerics/adaptiveMax.ts: a wiggly cost's two nearly equal maxima a period
 * apart inside one cell misfit the cell's cubic model), every maximum bracketed located as a root
 * of u′ to machine precision. The grid's loops are here, in a class whose fields hold the
 * specialist's compiled functions, so that those calls are monomorphic, and the grid lives in
 * shared typed arrays (fresh arrays per search were a visible cost). The unit test checks it
 * against `maximizeByFoc`, bit for bit, and against a brute force on wiggly costs.
 *
 * When the utility is proven concave in α over α ≥ α0 ≥ 0 for every δ (./concavity.ts: interval
 * bounds of r″ and ∂²φ/∂α² from their symbolic trees, never from samples), no maximum can hide
 * anywhere: the best response is α0 if u′(α0) ≤ 0, else the one root of u′, bracketed by doubling
 * the step from α0 and located by Brent–Dekker to machine precision.
 */
import { maximizeAdaptive } from "../numerics/adaptiveMax.js";
import { BrentDekker } from "../numerics/brentRoot.js";
import { concaveForEveryShare } from "./concavity.js";
import { NonFiniteError, type Specialist, UnboundedUtilityError } from "./model.js";

/**
 * Intervals of a specialist's grid over α before subdivision (EquilibriumOptions.alphaGrid). The
 * subdivision examines every cell that could reach the best value found, so a coarse grid only
 * makes it split more where the utility is not smooth.
 */
export const ALPHA_GRID = 8;
/** Brent–Dekker's iteration cap on a concave utility's u′ (as `brentRoot`'s default). */
const ROOT_ITERATIONS = 100;

/** Upper end of a search interval [lo, lo + h] beyond which f keeps decreasing. */
export function searchWidth(
  f: (x: number) => number,
  lo: number,
  maxAlpha: number,
  who: string,
  f0 = f(lo),
): number {
  let best = f0;
  let h = 1;
  for (;;) {
    const f1 = f(lo + h);
    const f2 = f(lo + 2 * h);
    if (Number.isNaN(f1) || Number.isNaN(f2)) return 2 * h; // domain edge; the grid search reports NaN
    best = Math.max(best, f1);
    if (f2 < f1 && f2 < best) return 2 * h;
    if (lo + 2 * h > maxAlpha) {
      throw new UnboundedUtilityError(
        `${who}'s utility is still increasing at performance ${lo + 2 * h}: utilities are unbounded (revenue grows at least as fast as cost)`,
      );
    }
    h *= 2;
  }
}

/**
 * The grid of the search under way, shared by all searches: a search never starts another before it
 * ends (its objective is compiled arithmetic), and typed arrays per search were a visible cost.
 */
const scratch = {
  brent: new BrentDekker(),
  xs: new Float64Array(25),
  fs: new Float64Array(25),
  ds: new Float64Array(25),
};

/**
 * The search for specialist `s` with these options, kept from one equilibrium to the next (a
 * bargaining solve computes a hundred or more for one game).
 */
export function specialistSearch(
  s: Specialist,
  options: { readonly alphaGrid?: number; readonly maxAlpha?: number } = {},
): SpecialistSearch {
  const kept = searches.get(s);
  if (
    kept !== undefined &&
    kept.n === Math.max(2, options.alphaGrid ?? ALPHA_GRID) &&
    kept.maxAlpha === (options.maxAlpha ?? 1e6)
  ) {
    return kept;
  }
  const made = new SpecialistSearch(s, options);
  searches.set(s, made);
  return made;
}
const searches = new WeakMap<Specialist, SpecialistSearch>();

/** One specialist's best-response search, re-aimed at each (α0, δ); results in `alpha` and `utility`. */
export class SpecialistSearch {
  /** Best participating performance found by the last {@link respond} (α0 when free-riding wins). */
  alpha = 0;
  /** The specialist's utility there. */
  utility = 0;
  private share = 0;
  private alpha0 = 0;
  private readonly r: (a: number) => number;
  private readonly dr: (a: number) => number;
  private readonly phi: (a: number, a0: number) => number;
  private readonly dphi: (a: number, a0: number) => number;
  readonly n: number;
  readonly maxAlpha: number;
  /** Whether u is proven concave in α over α ≥ α0 ≥ 0 for every δ (see the module comment). */
  readonly concave: boolean;
  /** u as a function, for the rare callers that need one (search width, non-finite slopes). */
  private readonly u = (a: number): number => this.value(a);
  /**
   * Searches whose subdivision ran out of budget before every cell was resolved (the answer is
   * then the best found, not certainly the best): read and reset by the equilibrium's search.
   */
  incomplete = 0;
  /**
   * Searches whose grid did not look concave (several local maxima may compete, as with a wiggly
   * cost): read and reset by the equilibrium's search, which reports the outcome as multimodal.
   */
  irregular = 0;

  constructor(
    readonly specialist: Specialist,
    options: { readonly alphaGrid?: number; readonly maxAlpha?: number } = {},
  ) {
    this.r = specialist.revenue.value;
    this.dr = specialist.revenue.derivative;
    this.phi = specialist.cost.value;
    this.dphi = specialist.cost.dA;
    this.n = Math.max(2, options.alphaGrid ?? ALPHA_GRID);
    this.maxAlpha = options.maxAlpha ?? 1e6;
    this.concave = concaveForEveryShare(specialist.revenue.secondBounds, specialist.cost.dAABounds);
    if (scratch.xs.length <= this.n) {
      scratch.xs = new Float64Array(this.n + 1);
      scratch.fs = new Float64Array(this.n + 1);
      scratch.ds = new Float64Array(this.n + 1);
    }
  }

  value(a: number): number {
    return this.share * this.r(a) - this.phi(a, this.alpha0);
  }

  slope(a: number): number {
    return this.share * this.dr(a) - this.dphi(a, this.alpha0);
  }

  /**
   * The specialist's best participating response to α0 at δ, into `alpha` and `utility`: free-riding
   * (α = α0) unless some α > α0 is strictly better (ties go to the smaller investment).
   */
  respond(alpha0: number, delta: number): void {
    const name = this.specialist.name;
    this.share = 1 - delta;
    this.alpha0 = alpha0;
    const atZero = this.value(alpha0);
    // (the message is built only when needed: formatting α0 on every call cost more than the check)
    if (!Number.isFinite(atZero)) {
      throw new NonFiniteError(`${name}'s utility at α = α0 = ${alpha0} is ${atZero}`);
    }
    this.alpha = alpha0;
    this.utility = atZero;
    if (!(this.share > 0)) return;
    // (the proof covers α0 ≥ 0 only; a non-finite slope on the way hands over to the general search)
    if (!(this.concave && alpha0 >= 0 && this.maximiseConcave(alpha0, atZero, delta))) {
      const hi = alpha0 + searchWidth(this.u, alpha0, this.maxAlpha, name, atZero);
      this.maximise(alpha0, hi, delta);
    }
    if (this.best > atZero && this.bestX > alpha0) {
      this.alpha = this.bestX;
      this.utility = this.best;
    }
  }

  private bestX = 0;
  private best = 0;

  /**
   * The maximum of a concave u over [lo, ∞) into bestX/best: lo if u′(lo) ≤ 0, else the root of u′
   * between the last two points of lo + 1, 2, 4, … where u′ changes sign. False (nothing set) when
   * a slope on the way is not finite.
   */
  private maximiseConcave(lo: number, atLo: number, delta: number): boolean {
    const dlo = this.slope(lo);
    if (!Number.isFinite(dlo)) return false;
    if (dlo <= 0) {
      this.bestX = lo;
      this.best = atLo;
      return true;
    }
    let a = lo;
    let da = dlo;
    let b = lo;
    let db = dlo;
    for (let h = 1; ; h *= 2) {
      b = lo + h;
      db = this.slope(b);
      if (!Number.isFinite(db)) return false;
      if (db <= 0) break;
      if (b > this.maxAlpha) {
        throw new UnboundedUtilityError(
          `${this.specialist.name}'s utility is still increasing at performance ${b}: utilities are unbounded (revenue grows at least as fast as cost)`,
        );
      }
      a = b;
      da = db;
    }
    let x = b;
    if (db < 0) {
      const s = scratch.brent;
      s.start(a, b, da, db, 0);
      x = Number.NaN;
      for (let it = 1; it <= ROOT_ITERATIONS; it++) {
        if (!s.next()) {
          x = s.b;
          break;
        }
        const d = this.slope(s.b);
        if (!Number.isFinite(d)) return false;
        s.feed(d);
      }
      if (Number.isNaN(x)) return false;
    }
    const fx = this.value(x);
    if (Number.isNaN(fx)) {
      throw new NonFiniteError(
        `${this.specialist.name}'s revenue or cost is not a number at α = ${x} (α0 = ${lo}, δ = ${delta})`,
      );
    }
    this.bestX = x;
    this.best = fx;
    return true;
  }

  /** `maximizeByFoc` over [lo, hi] (no candidates), into bestX/best. */
  private maximise(lo: number, hi: number, delta: number): void {
    const n = this.n;
    const { xs, fs, ds } = scratch;
    for (let i = 0; i <= n; i++) {
      const x = i === n ? hi : lo + ((hi - lo) * i) / n;
      const fx = this.value(x);
      xs[i] = x;
      fs[i] = fx;
      if (Number.isNaN(fx)) {
        throw new NonFiniteError(
          `${this.specialist.name}'s revenue or cost is not a number at α = ${x} (α0 = ${lo}, δ = ${delta})`,
        );
      }
    }
    const r = maximizeAdaptive(this, xs, fs, ds, n);
    if (r.nanAt !== undefined) {
      throw new NonFiniteError(
        `${this.specialist.name}'s revenue or cost is not a number at α = ${r.nanAt} (α0 = ${lo}, δ = ${delta})`,
      );
    }
    // samples that do not look concave, or a cell that misfit its cubic: several maxima may compete
    if (!r.concave || r.splits > 0) this.irregular++;
    if (!r.complete) this.incomplete++;
    this.bestX = r.x;
    this.best = r.fx;
  }
}
