/**
 * A specialist's best response on the numeric path: the global maximum of its utility
 * u(α) = (1−δ)·r(α) − φ(α; α0) over α ≥ α0, with α = α0 (free-riding) as a candidate.
 *
 * This is the numeric path's innermost loop: a full solve runs about two thousand of these, each
 * some thirty evaluations of u or u′. The method is `maximizeByFoc`'s (every local maximum
 * bracketed on a grid, each located as a root of u′ by Brent–Dekker to machine precision, the
 * best one kept; a grid whose samples do not look concave, as with a wiggly cost, is first
 * subdivided where a maximum may hide, as G's search is) and shares its parts (`gridArgmax`, `gridPeaks`, `rootWins`, `BrentDekker`), but
 * the loops that call u and u′ are here, in a class whose fields hold the specialist's compiled
 * functions: those calls are monomorphic and inlined, and it allocates no closure and no result
 * object: a best response allocates ~0.5 KB with its result object, against ~2 KB before, and the
 * solve's time had swung between 3 and 6 ms with its allocation rate (`npm run bench --
 * fine-tuning` prints the figures). The unit test checks it against `maximizeByFoc`, bit for bit.
 */
import { concaveSamples, maximizeAdaptive, rootWins } from "../numerics/adaptiveMax.js";
import { brentMax } from "../numerics/brent.js";
import { BrentDekker } from "../numerics/brentRoot.js";
import { gridArgmax, gridPeaks } from "../numerics/focMax.js";
import { NonFiniteError, type Specialist, UnboundedUtilityError } from "./model.js";

/** How many of the best grid peaks are refined (as `maximizeByFoc`'s default). */
const REFINE = 8;
/** Brent–Dekker's iteration cap (as `brentRoot`'s default). */
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
  xs: new Float64Array(25),
  fs: new Float64Array(25),
  ds: new Float64Array(25),
  peaks: new Int32Array(25),
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
    kept.n === Math.max(2, options.alphaGrid ?? 12) &&
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
  /** u as a function, for the rare callers that need one (search width, non-finite slopes). */
  private readonly u = (a: number): number => this.value(a);
  /** u′ as a function, for the subdivision of samples that do not look concave. */
  private readonly du = (a: number): number => this.slope(a);
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
    this.n = Math.max(2, options.alphaGrid ?? 12);
    this.maxAlpha = options.maxAlpha ?? 1e6;
    if (scratch.xs.length <= this.n) {
      scratch.xs = new Float64Array(this.n + 1);
      scratch.fs = new Float64Array(this.n + 1);
      scratch.ds = new Float64Array(this.n + 1);
      scratch.peaks = new Int32Array(this.n + 1);
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
    const hi = alpha0 + searchWidth(this.u, alpha0, this.maxAlpha, name, atZero);
    this.maximise(alpha0, hi, delta);
    if (this.best > atZero && this.bestX > alpha0) {
      this.alpha = this.bestX;
      this.utility = this.best;
    }
  }

  private bestX = 0;
  private best = 0;

  /** `maximizeByFoc` over [lo, hi] (default refine, no candidates), into bestX/best. */
  private maximise(lo: number, hi: number, delta: number): void {
    const n = this.n;
    const { xs, fs, ds, peaks } = scratch;
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
    for (let i = 0; i <= n; i++) ds[i] = this.slope(xs[i]!);
    // samples that do not look concave may hide maxima between them (a wiggly cost): subdivided
    if (!concaveSamples(xs, fs, ds, n)) {
      this.irregular++;
      const r = maximizeAdaptive(this.u, this.du, xs, fs, ds, n);
      if (r.nanAt !== undefined) {
        throw new NonFiniteError(
          `${this.specialist.name}'s revenue or cost is not a number at α = ${r.nanAt} (α0 = ${lo}, δ = ${delta})`,
        );
      }
      if (!r.complete) this.incomplete++;
      this.bestX = r.x;
      this.best = r.fx;
      return;
    }
    const top = gridArgmax(fs, n);
    let bestX = xs[top]!;
    let bestF = fs[top]!;
    let bestIsRoot = false;
    const count = gridPeaks(fs, n, REFINE, peaks);
    // each peak's two cells, left then right, in peak order (as maximizeByFoc)
    for (let k = 0; k < 2 * count; k++) {
      const p = peaks[k >> 1]!;
      const c = (k & 1) === 0 ? p - 1 : p;
      if (c < 0 || c >= n) continue;
      const xa = xs[c]!;
      const xb = xs[c + 1]!;
      const da = ds[c]!;
      const db = ds[c + 1]!;
      if (da > 0 && db < 0) {
        // the bracket goes in and the root comes out through fields: passing doubles to a call
        // that is not inlined boxes each one (an allocation per argument)
        this.rootA = xa;
        this.rootB = xb;
        this.rootFa = da;
        this.rootFb = db;
        this.root();
        const x = this.rootX;
        if (Number.isNaN(x)) continue;
        const fx = this.value(x);
        if (rootWins(fx, bestF, bestIsRoot)) {
          bestX = x;
          bestF = fx;
          bestIsRoot = true;
        }
      } else if (!(Number.isFinite(da) && Number.isFinite(db))) {
        const { x, fx } = brentMax(this.u, xa, xb).value;
        if (fx > bestF || (fx === bestF && x < bestX)) {
          bestX = x;
          bestF = fx;
          bestIsRoot = false;
        }
      }
    }
    this.bestX = bestX;
    this.best = bestF;
  }

  /** The root finder's state (Brent–Dekker, driven from `root` so that its u′ call stays here). */
  private readonly brent = new BrentDekker();
  private rootA = 0;
  private rootB = 0;
  private rootFa = 0;
  private rootFb = 0;
  private rootX = 0;

  /**
   * A root of u′ in [rootA, rootB] given u′ there (rootFa > 0 > rootFb), into rootX: `brentRoot`
   * to machine precision, NaN where it would not report convergence.
   */
  private root(): void {
    const s = this.brent;
    s.start(this.rootA, this.rootB, this.rootFa, this.rootFb, 0);
    this.rootX = Number.NaN;
    for (let it = 1; it <= ROOT_ITERATIONS; it++) {
      if (!s.next()) {
        this.rootX = s.b;
        return;
      }
      const fx = this.slope(s.b);
      if (Number.isNaN(fx)) return;
      s.feed(fx);
    }
  }
}
