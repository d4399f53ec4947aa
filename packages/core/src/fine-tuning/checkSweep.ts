/**
 * The reference outcome over δ ∈ [0, 1] for the answer checker: a grid, every change of structure
 * between neighbouring samples (who participates, who free-rides, whether G enters) located by
 * bisection with both sides kept, and maxima of objectives refined by Brent's method within one
 * piece of fixed structure. Memoised: every δ examined is a sample, so refinements of one
 * objective are dominators for the Pareto checks.
 */
import { brentMax } from "../numerics/brent.js";
import { bisectPredicate } from "../numerics/roots.js";
import { type ReferenceOutcome, referenceOutcome } from "./checkModel.js";
import type { SearchDensity } from "./checkResponse.js";
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

  /** The grid with its structure changes bisected, or a copy of `base` (the same game and options). */
  constructor(
    private readonly game: FineTuningGame,
    private readonly options: SweepOptions,
    base?: DeltaSweep,
  ) {
    if (base !== undefined) {
      for (const [d, o] of base.cache) this.cache.set(d, o);
      for (const d of base.confirmed) this.confirmed.add(d);
      for (const b of base.breakpoints) this.breakpoints.push(b);
      this.truncated = base.truncated;
      return;
    }
    const n = options.grid;
    for (let j = 0; j <= n; j++) this.at(j / n);
    const grid = this.sorted();
    for (let j = 1; j < grid.length; j++) this.bisect(grid[j - 1]!, grid[j]!);
  }

  /** Locates the change of structure between two neighbouring samples, keeping both sides. */
  private bisect(a: ReferenceOutcome, b: ReferenceOutcome): void {
    if (a.signature === b.signature) return;
    if (this.breakpoints.length >= this.options.maxBreakpoints) {
      this.truncated = true;
      return;
    }
    const r = bisectPredicate((d) => this.at(d).signature === a.signature, a.delta, b.delta, {
      xTol: this.options.deltaTol,
    });
    this.at(r.inside);
    this.at(r.outside);
    this.breakpoints.push(r.outside);
  }

  /**
   * Adds δ of interest (claimed solutions and Pareto ends); one whose structure differs from its
   * neighbours' reveals a piece the grid stepped over, whose ends are then bisected too.
   */
  add(deltas: readonly number[]): void {
    const fresh = deltas.filter((d) => d >= 0 && d <= 1 && !this.cache.has(d === 0 ? 0 : d));
    for (const d of fresh) this.at(d);
    for (const d of fresh) {
      const s = this.sorted();
      const j = s.findIndex((o) => o.delta === (d === 0 ? 0 : d));
      if (j > 0) this.bisect(s[j - 1]!, s[j]!);
      const t = this.sorted();
      const k = t.findIndex((o) => o.delta === (d === 0 ? 0 : d));
      if (k >= 0 && k + 1 < t.length) this.bisect(t[k]!, t[k + 1]!);
    }
  }

  /** δ whose outcome {@link confirm} has recomputed with the precise search (not again). */
  private readonly confirmed = new Set<number>();

  /**
   * Recomputes the outcome at δ with the precise density of the equilibrium checks (G's grid of
   * 200 over α0 instead of the sweep's 32: a wiggle of G's cost finer than the sweep's grid can
   * make the sweep's G settle on a worse local maximum, and the other players' utilities with it)
   * and keeps it in place of the sweep's. Returns whether the outcome changed. Used on the δ a
   * verdict rests on (a dominator, a better δ, the point found undominated).
   */
  confirm(delta: number, precise: SearchDensity): boolean {
    const d = delta === 0 ? 0 : delta;
    if (!Number.isFinite(d) || d < 0 || d > 1 || this.confirmed.has(d)) return false;
    this.confirmed.add(d);
    const old = this.at(d);
    const o = referenceOutcome(this.game, d, { ...this.options.density, ...precise });
    const same =
      o.agreement === old.agreement &&
      o.utilities.length === old.utilities.length &&
      o.utilities.every((u, i) => Math.abs(u - old.utilities[i]!) <= 1e-12 * Math.max(1, Math.abs(u)));
    if (same) return false;
    this.cache.set(d, o);
    this.sortedCache = null;
    return true;
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

/**
 * The sweep of a game without the points of any particular answer, kept per game object and
 * options: checking many answers to one game (a perturbation study) examines the grid once. Each
 * check works on its own copy, so a verdict never depends on what was checked before.
 */
const bases = new WeakMap<FineTuningGame, Map<string, DeltaSweep>>();

/** A fresh sweep of `game` (copied from the kept base) with `extra` δ added. */
export function sweepFor(game: FineTuningGame, options: SweepOptions, extra: readonly number[]): DeltaSweep {
  let byOptions = bases.get(game);
  if (byOptions === undefined) {
    byOptions = new Map();
    bases.set(game, byOptions);
  }
  const key = JSON.stringify(options);
  let base = byOptions.get(key);
  if (base === undefined) {
    base = new DeltaSweep(game, options);
    byOptions.set(key, base);
  }
  const sweep = new DeltaSweep(game, options, base);
  sweep.add(extra);
  return sweep;
}
