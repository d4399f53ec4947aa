/**
 * G's best response at δ for the answer checker in O(n log n), for polynomial specialists with
 * rising linear revenue and no direct channel (conventions in ./model.ts). Independent of the
 * solver: only the closed forms of Theorem 3.1 (./checkResponse.ts) and a sort.
 *
 * Why the shortcut is sound: a polynomial specialist's improvement x_i = α_i − α0 does not depend on
 * α0, so its participating utility rises in α0 with slope (1−δ)s_i and it participates exactly
 * from its threshold t_i on (polyThreshold, a closed form). Between consecutive thresholds the
 * participants are fixed and U_G(α0) = δ·(A·α0 + B) − φ0(α0) with A = Σ s_i, B = Σ r_i(x_i) over
 * them — prefix sums over the thresholds sorted once, so every candidate of the generic search
 * (0, each threshold, each segment's stationary point or its right end, the range and grid points
 * and the caller's extras) is valued in O(log n). Those values carry O(n) round-off, so every
 * candidate within {@link WINDOW} of the best is then re-evaluated with every specialist's response
 * (./checkModel.ts's generalistPoint) and the tie rule of the generic search picks among them:
 * the answer is the generic search's, at O(n) per re-evaluated candidate instead of per candidate.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Theorem 3.1
 */
import { brentRoot } from "../numerics/brentRoot.js";
import { type GeneralistBest, type GeneralistPoint, generalistPoint, pick } from "./checkPoint.js";
import { improvement, MAX_ALPHA, PARTICIPATION_SLACK, type SearchDensity } from "./checkResponse.js";
import type { FineTuningGame } from "./model.js";

/**
 * Relative width below the best estimated utility within which candidates are re-evaluated
 * exactly: far above the prefix sums' round-off (~n·1e-16 relative) and the participation slack.
 */
const WINDOW = 1e-9;
/** Most candidates re-evaluated exactly per list (the closest to the top first). */
const MAX_EXACT = 64;

/** Whether {@link generalistBestSorted} applies: polynomial specialists with slope ≥ 0, polynomial G, no direct channel. */
export function sortedThresholdsApply(game: FineTuningGame): boolean {
  return (
    game.generalist.direct === undefined &&
    game.generalist.cost.polynomial !== undefined &&
    game.specialists.every(
      (s) => s.cost.polynomial !== undefined && s.revenue.linear !== undefined && s.revenue.linear.slope >= 0,
    )
  );
}

/** A candidate α0, its estimated U_G and whether it is located exactly. */
interface Candidate {
  readonly x: number;
  readonly u: number;
  readonly precise: boolean;
}

/** Σ over items with key ≤ x of (a_i·x + b_i), by sorted keys and prefix sums: O(log n) a query. */
class PrefixLines {
  private readonly keys: Float64Array;
  private readonly sumA: Float64Array;
  private readonly sumB: Float64Array;
  /** The last count returned (where the next query's walk starts). */
  private last = 0;

  /** `order`: the items by increasing key. */
  constructor(keys: Float64Array, a: Float64Array, b: Float64Array, order: Uint32Array) {
    const n = keys.length;
    this.keys = new Float64Array(n);
    this.sumA = new Float64Array(n + 1);
    this.sumB = new Float64Array(n + 1);
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      this.keys[k] = keys[i]!;
      this.sumA[k + 1] = this.sumA[k]! + a[i]!;
      this.sumB[k + 1] = this.sumB[k]! + b[i]!;
    }
  }

  /** How many keys are ≤ x. */
  count(x: number): number {
    // most queries come in increasing order (thresholds, then segments): a walk from the last
    // answer, a binary search when that is more than a few steps away
    const keys = this.keys;
    let c = this.last;
    if ((c === 0 || keys[c - 1]! <= x) && c < keys.length && keys[c]! > x) return c;
    for (let step = 0; step < 8 && (c === 0 || keys[c - 1]! <= x); step++) {
      if (c === keys.length || keys[c]! > x) {
        this.last = c;
        return c;
      }
      c++;
    }
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    this.last = lo;
    return lo;
  }

  /** Σ a_i over the first `c` items by key. */
  slope(c: number): number {
    return this.sumA[c]!;
  }

  value(x: number): number {
    const c = this.count(x);
    return this.sumA[c]! * x + this.sumB[c]!;
  }
}

/**
 * The last order of the thresholds per game: the sweep examines δ mostly in increasing order and
 * the thresholds move continuously with δ, so the last order is repaired by insertion in ~O(n).
 */
const lastOrder = new WeakMap<FineTuningGame, Uint32Array>();

/** Insertion moves allowed per item before a full sort is used instead. */
const REPAIR_MOVES = 8;

/** The items by increasing key: the game's last order repaired, or sorted afresh. */
function orderBy(game: FineTuningGame, keys: Float64Array): Uint32Array {
  const n = keys.length;
  const previous = lastOrder.get(game);
  if (previous !== undefined && previous.length === n) {
    const order = previous.slice();
    let budget = REPAIR_MOVES * n;
    let ok = true;
    for (let k = 1; k < n && ok; k++) {
      const i = order[k]!;
      const key = keys[i]!;
      let j = k - 1;
      while (j >= 0 && keys[order[j]!]! > key) {
        order[j + 1] = order[j]!;
        j--;
        if (--budget < 0) {
          ok = false;
          break;
        }
      }
      order[j + 1] = i;
    }
    if (ok) {
      lastOrder.set(game, order);
      return order;
    }
  }
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((i, j) => keys[i]! - keys[j]!);
  lastOrder.set(game, order);
  return order;
}

/** G's global best response at δ (see module comment): the generic search's answer in O(n log n). */
export function generalistBestSorted(
  game: FineTuningGame,
  delta: number,
  density: SearchDensity,
  extraCandidates: readonly number[] = [],
): GeneralistBest {
  const n = game.specialists.length;
  const t = new Float64Array(n);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const thresholds = new Float64Array(n);
  game.specialists.forEach((s, i) => {
    const x = improvement(s, delta);
    const m = (1 - delta) * s.revenue.linear!.slope;
    // polyThreshold of ./checkResponse.ts, and who participates: from the threshold less the
    // participation slack, as the generic search decides it (utility ≥ d − slack, rising with slope m)
    const need = s.disagreement + s.cost.value(x, 0) - m * x;
    thresholds[i] = m > 0 ? Math.max(0, need / m) : need <= 0 ? 0 : Number.POSITIVE_INFINITY;
    const needSlack = need - PARTICIPATION_SLACK * Math.max(1, Math.abs(s.disagreement));
    t[i] = m > 0 ? Math.max(0, needSlack / m) : needSlack <= 0 ? 0 : Number.POSITIVE_INFINITY;
    a[i] = s.revenue.linear!.slope;
    b[i] = s.revenue.value(x); // r(α0 + x) = r(x) + s·α0 for linear r
  });
  thresholds.sort();
  const participants = new PrefixLines(t, a, b, orderBy(game, t));
  const cost = game.generalist.cost;
  const estimate = (x: number): number => delta * participants.value(x) - cost.value(x);
  // the "everyone participates" bound counts only positive revenue; read a few times per δ
  const allIn = (x: number): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const r = a[i]! * x + b[i]!;
      if (r > 0) sum += r;
    }
    return delta * sum - cost.value(x);
  };
  const xs: number[] = [];
  const us: number[] = [];
  const exactly: boolean[] = [];
  let top = Number.NEGATIVE_INFINITY;
  const consider = (x: number, precise = false): void => {
    if (!(Number.isFinite(x) && x >= 0)) return;
    const u = estimate(x);
    xs.push(x);
    us.push(u);
    exactly.push(precise);
    if (Number.isFinite(u) && u > top) top = u;
  };
  consider(0, true);
  for (const c of thresholds) consider(c, true);
  for (const c of extraCandidates) consider(c);
  let range = 1;
  for (const c of thresholds) if (Number.isFinite(c) && 2 * c > range) range = 2 * c;
  for (const c of extraCandidates) if (Number.isFinite(c) && 2 * c > range) range = 2 * c;
  // widen until even everyone participating leaves G below its best, and falling (as the search)
  for (;;) {
    consider(range);
    if (range >= MAX_ALPHA) break;
    const high = allIn(range);
    if (high < top && high < allIn(range / 2)) break;
    range *= 2;
  }
  for (let j = 1; j <= density.alpha0; j++) consider((range * j) / density.alpha0);
  // segments of fixed participants: U_G concave there, its maximum where δ·A = φ0′ or at an end
  const breaks = [0];
  for (const c of thresholds) if (c > 0 && c < range && c !== breaks[breaks.length - 1]) breaks.push(c);
  breaks.push(range);
  for (let i = 0; i + 1 < breaks.length; i++) {
    const lo = breaks[i]!;
    const hi = breaks[i + 1]!;
    if (!(hi > lo)) continue;
    const slope = delta * participants.slope(participants.count(0.5 * (lo + hi)));
    const g = (x: number): number => slope - cost.derivative(x);
    consider(lo, true);
    if (g(lo) > 0 && g(hi) < 0) {
      const r = brentRoot(g, lo, hi);
      if (Number.isFinite(r.value)) consider(r.value, true);
    } else if (g(hi) >= 0) consider(hi - 1e-15 * Math.max(1, hi), true);
  }
  // the best candidates with and without participants, re-evaluated exactly
  const withAny = xs.map((x) => participants.count(x) > 0);
  const exact = (joined: boolean): { p: GeneralistPoint; precise: boolean }[] => {
    let best = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < xs.length; j++) if (withAny[j] === joined && us[j]! > best) best = us[j]!;
    if (!Number.isFinite(best)) return [];
    // the same α0 considered twice counts once, located exactly if either time was
    const near = new Map<number, Candidate>();
    const floor = best - WINDOW * Math.max(1, Math.abs(best));
    for (let j = 0; j < xs.length; j++) {
      if (withAny[j] !== joined || !(us[j]! >= floor)) continue;
      const x = xs[j]!;
      near.set(x, { x, u: us[j]!, precise: (near.get(x)?.precise ?? false) || exactly[j]! });
    }
    return [...near.values()]
      .sort((p, q) => q.u - p.u)
      .slice(0, MAX_EXACT)
      .map((c) => ({ p: generalistPoint(game, c.x, delta, density), precise: c.precise }));
  };
  const evaluated = [...exact(true), ...exact(false)].filter((c) => Number.isFinite(c.p.utility));
  const joined = (p: GeneralistPoint): boolean => p.participants.some((x) => x);
  return {
    withParticipants: pick(evaluated.filter((c) => joined(c.p))),
    withoutParticipants: pick(evaluated.filter((c) => !joined(c.p))),
    range,
    rangeProved: true,
    thresholds: breaks.slice(1, -1),
  };
}
