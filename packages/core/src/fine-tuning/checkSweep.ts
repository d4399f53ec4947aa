/**
 * The reference outcome over δ ∈ [0, 1] for the answer checker: a grid, every change of structure
 * between neighbouring samples (who participates, who free-rides, whether G enters) located by
 * bisection with both sides kept, and maxima of objectives refined by Brent's method within one
 * piece of fixed structure. Memoised: every δ examined is a sample, so refinements of one
 * objective are dominators for the Pareto checks.
 */
import { brentMax } from "../numerics/brent.js";
import { bisectPredicate } from "../numerics/roots.js";
import { type ReferenceOutcome, referenceOutcome, type SearchDensity } from "./checkModel.js";
import type { FineTuningGame } from "./model.js";

/** Options of {@link DeltaSweep}. */
export interface SweepOptions {
  /** Grid intervals over δ. */
  readonly grid: number;
  /** Density of the equilibrium searches at each δ. */
  readonly density: SearchDensity;
  /** Width to which structure changes and maximisers are located (δ units). */
  readonly deltaTol: number;
  /** Cap on bisections of structure changes (each ~40 outcomes). */
  readonly maxBreakpoints: number;
}

/** A maximiser over δ found by the sweep. */
export interface SweepMax {
  readonly delta: number;
  readonly value: number;
}

export class DeltaSweep {
  private readonly cache = new Map<number, ReferenceOutcome>();
  private sortedCache: ReferenceOutcome[] | null = null;
  /** Structure changes located (δ of the right side). */
  readonly breakpoints: number[] = [];
  /** Whether the cap on bisections was reached (structure may be missed). */
  truncated = false;

  constructor(
    private readonly game: FineTuningGame,
    private readonly options: SweepOptions,
    extra: readonly number[] = [],
  ) {
    const n = options.grid;
    for (let j = 0; j <= n; j++) this.at(j / n);
    for (const d of extra) if (d >= 0 && d <= 1) this.at(d);
    const grid = this.sorted();
    for (let j = 1; j < grid.length; j++) {
      const a = grid[j - 1]!;
      const b = grid[j]!;
      if (a.signature === b.signature) continue;
      if (this.breakpoints.length >= options.maxBreakpoints) {
        this.truncated = true;
        break;
      }
      const r = bisectPredicate((d) => this.at(d).signature === a.signature, a.delta, b.delta, {
        xTol: options.deltaTol,
      });
      this.at(r.inside);
      this.at(r.outside);
      this.breakpoints.push(r.outside);
    }
  }

  /** The reference outcome at δ (memoised). */
  at(delta: number): ReferenceOutcome {
    const d = delta === 0 ? 0 : delta; // −0 and 0 are the same bargain
    let o = this.cache.get(d);
    if (o === undefined) {
      o = referenceOutcome(this.game, d, this.options.density);
      this.cache.set(d, o);
      this.sortedCache = null;
    }
    return o;
  }

  /** Every outcome examined so far, by increasing δ. */
  sorted(): ReferenceOutcome[] {
    if (this.sortedCache === null)
      this.sortedCache = [...this.cache.values()].sort((a, b) => a.delta - b.delta);
    return this.sortedCache;
  }

  get size(): number {
    return this.cache.size;
  }

  /**
   * The largest value of `f` over the examined δ (−∞ where `f` says so, e.g. no bargain), with the
   * best local maxima of the samples refined by Brent's method inside their piece of fixed
   * structure (a maximum at a piece's end is a sample already: both sides of every change are).
   */
  maximise(f: (o: ReferenceOutcome) => number, refine = 4): SweepMax {
    const s = this.sorted();
    const v = s.map(f);
    let best: SweepMax = { delta: Number.NaN, value: Number.NEGATIVE_INFINITY };
    const consider = (delta: number, value: number): void => {
      if (value > best.value || (value === best.value && delta < best.delta)) best = { delta, value };
    };
    s.forEach((o, j) => {
      consider(o.delta, v[j]!);
    });
    const peaks: number[] = [];
    for (let j = 0; j < s.length; j++) {
      if (!Number.isFinite(v[j]!)) continue;
      const left = j === 0 ? -Infinity : v[j - 1]!;
      const right = j === s.length - 1 ? -Infinity : v[j + 1]!;
      if (v[j]! >= left && v[j]! >= right) peaks.push(j);
    }
    peaks.sort((p, q) => v[q]! - v[p]!);
    for (const j of peaks.slice(0, refine)) {
      const sig = s[j]!.signature;
      const lo = j > 0 && s[j - 1]!.signature === sig ? s[j - 1]!.delta : s[j]!.delta;
      const hi = j + 1 < s.length && s[j + 1]!.signature === sig ? s[j + 1]!.delta : s[j]!.delta;
      if (!(hi > lo)) continue;
      const r = brentMax((d) => f(this.at(d)), lo, hi, { xTol: this.options.deltaTol });
      consider(r.value.x, f(this.at(r.value.x)));
    }
    return best;
  }
}
