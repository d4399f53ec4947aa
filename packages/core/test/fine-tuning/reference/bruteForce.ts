/**
 * A slow, simple reference solver for the fine-tuning game's equilibrium at one revenue share δ
 * (conventions of packages/core/src/fine-tuning/model.ts), written independently of the product:
 * from the product it takes only the scenario → functions construction (cost and revenue values,
 * and the `polynomial` / `linear` descriptors that say a function has the closed form of
 * Section 3). No equilibrium, bargaining, numerics or certificate module is used.
 *
 * - A specialist's best response to α0: with polynomial cost F + c(a − α0)^k and revenue s·a, the
 *   closed form x = ((1−δ)s/(kc))^{1/(k−1)} (Theorem 3.1); otherwise a grid over a ∈ [α0, α0 + T]
 *   (T doubled until the utility falls twice in a row below its value at a = α0) with golden-section
 *   refinement of the grid's best local maxima, free-riding (a = α0 exactly) as a candidate. It
 *   participates iff its best utility is ≥ d_i (an indifferent specialist participates).
 * - G's best α0: a grid over [0, A] where A provably bounds the optimum for polynomial games (see
 *   `polynomialBound`), or, for expression costs, where G's utility has fallen below its value at
 *   α0 = 0 and kept falling over two doublings; every change of a specialist's participation
 *   between grid points is located by bisection and both sides become candidates (U_G jumps
 *   there: G may invest exactly up to a threshold); golden section refines every stretch where the
 *   participants do not change. G enters iff its best utility with at least one participant is
 *   ≥ d0 (an indifferent G enters); among equal values the smaller α0.
 * - G's polynomial cost is F0 + c0·α0^k0 with the `fixed` term read from the scenario itself
 *   (the product's game object drops it).
 */
import { type FineTuningScenario, fineTuningGameFromScenario } from "../../../src/index.js";
import { bisectTransition, goldenMax } from "./oneDim.js";

export interface RefSpecialist {
  readonly name: string;
  readonly d: number;
  readonly cost: (a: number, a0: number) => number;
  readonly revenue: (a: number) => number;
  /** r', r'' and ∂φ/∂a, ∂²φ/∂a², ∂²φ/∂a∂a0 (only to locate maxima as roots: values decide). */
  readonly dRevenue: (a: number) => number;
  readonly d2Revenue: (a: number) => number;
  readonly costA: (a: number, a0: number) => number;
  readonly costAA: (a: number, a0: number) => number;
  readonly costAA0: (a: number, a0: number) => number;
  /** Polynomial cost F + c(a − a0)^k with linear revenue slope·a: the closed form applies. */
  readonly poly?: { readonly c: number; readonly k: number; readonly fixed: number; readonly slope: number };
}

export interface RefGame {
  readonly names: readonly string[];
  readonly d0: number;
  readonly cost0: (a0: number) => number;
  /** φ0' (only to locate G's maxima as roots of its first-order condition: values decide). */
  readonly dCost0: (a0: number) => number;
  readonly poly0?: { readonly c: number; readonly k: number; readonly fixed: number };
  readonly specialists: readonly RefSpecialist[];
  /** G and every specialist polynomial with linear revenue: the α0 bound is provable. */
  readonly polynomial: boolean;
}

/** The reference's view of a scenario. Throws for a direct channel (not covered). */
export function referenceGame(sc: FineTuningScenario): RefGame {
  if (sc.generalist.direct !== undefined)
    throw new Error("the reference solver does not model a direct channel");
  const game = fineTuningGameFromScenario(sc);
  if (game.specialists.length > 30) throw new Error("the reference solver handles at most 30 specialists");
  const gc = sc.generalist.cost;
  let poly0: RefGame["poly0"];
  let cost0: (a0: number) => number;
  let dCost0: (a0: number) => number;
  if (typeof gc === "string") {
    const fn = game.generalist.cost;
    cost0 = (a0) => fn.value(a0);
    dCost0 = (a0) => fn.derivative(a0);
    if (fn.polynomial !== undefined) poly0 = { c: fn.polynomial.c, k: fn.polynomial.k, fixed: 0 };
  } else {
    const { c, k } = gc.polynomial;
    const fixed = gc.polynomial.fixed ?? 0;
    poly0 = { c, k, fixed };
    cost0 = (a0) => fixed + c * a0 ** k;
    dCost0 = (a0) => c * k * a0 ** (k - 1);
  }
  const specialists = game.specialists.map((s): RefSpecialist => {
    const p = s.cost.polynomial;
    const lin = s.revenue.linear;
    const base = {
      name: s.name,
      d: s.disagreement,
      cost: (a: number, a0: number) => s.cost.value(a, a0),
      revenue: (a: number) => s.revenue.value(a),
      dRevenue: (a: number) => s.revenue.derivative(a),
      d2Revenue: (a: number) => s.revenue.second(a),
      costA: (a: number, a0: number) => s.cost.dA(a, a0),
      costAA: (a: number, a0: number) => s.cost.dAA(a, a0),
      costAA0: (a: number, a0: number) => s.cost.dAA0(a, a0),
    };
    return p !== undefined && lin !== undefined
      ? { ...base, poly: { c: p.c, k: p.k, fixed: p.fixed, slope: lin.slope } }
      : base;
  });
  return {
    names: ["G", ...specialists.map((s) => s.name)],
    d0: game.generalist.disagreement,
    cost0,
    dCost0,
    ...(poly0 === undefined ? {} : { poly0 }),
    specialists,
    polynomial: poly0 !== undefined && specialists.every((s) => s.poly !== undefined),
  };
}

/** A specialist's best participating choice at (α0, δ). */
export interface RefResponse {
  readonly participates: boolean;
  /** Chosen performance when participating (α0 exactly when free-riding). */
  readonly alpha: number;
  /** Best utility when participating. */
  readonly u: number;
}

/** Grid intervals of a numeric specialist response. */
const RESPONSE_GRID = 256;
/** Grid local maxima refined per numeric specialist response. */
const RESPONSE_REFINE = 8;

const contributions = new WeakMap<RefSpecialist, { delta: number; m: number; x: number; spend: number }>();

export function respond(s: RefSpecialist, a0: number, delta: number): RefResponse {
  if (s.poly !== undefined) {
    // x and its cost depend on δ only: kept for the last δ (G's search asks at one δ many times)
    let last = contributions.get(s);
    if (last === undefined || last.delta !== delta) {
      const { c, k, fixed, slope } = s.poly;
      const m = (1 - delta) * slope;
      const x = m > 0 ? (m / (k * c)) ** (1 / (k - 1)) : 0;
      last = { delta, m, x, spend: fixed + c * x ** k };
      contributions.set(s, last);
    }
    const u = last.m * (a0 + last.x) - last.spend;
    return { participates: u >= s.d, alpha: a0 + last.x, u };
  }
  const h = (a: number): number => (1 - delta) * s.revenue(a) - s.cost(a, a0);
  const h0 = h(a0);
  let T = 1;
  for (let i = 0; i < 40; i++) {
    const h1 = h(a0 + T);
    if (h1 < h0 && h(a0 + 2 * T) < h1) break;
    T *= 2;
  }
  const hi = a0 + 2 * T;
  const xs: number[] = [];
  const vs: number[] = [];
  for (let j = 0; j <= RESPONSE_GRID; j++) {
    const x = j === 0 ? a0 : a0 + ((hi - a0) * j) / RESPONSE_GRID;
    xs.push(x);
    vs.push(j === 0 ? h0 : h(x));
  }
  const peaks: number[] = [];
  for (let j = 0; j <= RESPONSE_GRID; j++) {
    const l = j > 0 ? vs[j - 1]! : Number.NEGATIVE_INFINITY;
    const r = j < RESPONSE_GRID ? vs[j + 1]! : Number.NEGATIVE_INFINITY;
    if (vs[j]! >= l && vs[j]! >= r) peaks.push(j);
  }
  peaks.sort((p, q) => vs[q]! - vs[p]!);
  let bestA = a0;
  let bestU = h0;
  const consider = (x: number, v: number) => {
    if (v > bestU || (v === bestU && x < bestA)) {
      bestA = x;
      bestU = v;
    }
  };
  for (let j = 0; j <= RESPONSE_GRID; j++) consider(xs[j]!, vs[j]!);
  for (const j of peaks.slice(0, RESPONSE_REFINE)) {
    const lo = xs[Math.max(0, j - 1)]!;
    const up = xs[Math.min(RESPONSE_GRID, j + 1)]!;
    // golden section places a smooth maximum only to ~√ε from values; its first-order root, to ε
    const dh = (a: number): number => (1 - delta) * s.dRevenue(a) - s.costA(a, a0);
    if (dh(lo) > 0 && dh(up) < 0) {
      const x = bisectTransition((a) => dh(a) > 0, lo, up, 0).inside;
      // the root replaces the grid point it refines (which round-off could otherwise prefer)
      const v = h(x);
      if (bestA >= lo && bestA <= up && v >= bestU - 16 * Number.EPSILON * Math.max(1, Math.abs(bestU))) {
        bestA = x;
        bestU = v;
      } else consider(x, v);
    } else if (dh(lo) > 0 !== dh(up) > 0 || dh(lo) < 0 !== dh(up) < 0) {
      const r = goldenMax(h, lo, up, 1e-12 * Math.max(1, Math.abs(up)));
      consider(r.x, r.fx);
    }
  }
  return { participates: bestU >= s.d, alpha: bestA, u: bestU };
}

/** G's utility at α0 with everyone's best responses, and the participants as a bit mask. */
export interface GValue {
  readonly u: number;
  readonly mask: number;
}

export function generalistValue(game: RefGame, a0: number, delta: number): GValue {
  let revenue = 0;
  let mask = 0;
  game.specialists.forEach((s, i) => {
    const r = respond(s, a0, delta);
    if (r.participates) {
      revenue += s.revenue(r.alpha);
      mask |= 1 << i;
    }
  });
  return { u: delta * revenue - game.cost0(a0), mask };
}

/**
 * dU_G/dα0 where the participants do not change: δ·Σ r_i'(α_i)·dα_i/dα0 − φ0'(α0), with
 * dα_i/dα0 = 1 for a polynomial specialist (α_i = α0 + x_i) or a free-rider, else by implicit
 * differentiation of its first-order condition (1−δ)r_i'(α_i) = ∂φ_i/∂a.
 */
export function generalistDerivative(game: RefGame, a0: number, delta: number): number {
  let total = 0;
  for (const s of game.specialists) {
    const r = respond(s, a0, delta);
    if (!r.participates) continue;
    let slope = 1;
    if (s.poly === undefined && r.alpha !== a0) {
      const den = (1 - delta) * s.d2Revenue(r.alpha) - s.costAA(r.alpha, a0);
      slope = den === 0 ? 0 : s.costAA0(r.alpha, a0) / den;
    }
    total += s.dRevenue(r.alpha) * slope;
  }
  return delta * total - game.dCost0(a0);
}

/**
 * A provable bound on G's optimal α0 in a polynomial game: its optimum is worth at least U_G(0) ≥
 * −F0 (revenues are non-negative), while U_G(α0) ≤ δ·Σ s_i(α0 + x_i) − F0 − c0·α0^k0 (x_i the
 * specialists' contributions, which do not depend on α0). So c0·α0^k0 ≤ B1·α0 + B0 with
 * B1 = δΣs_i, B0 = δΣs_i x_i, and for α0 ≥ 1 that gives α0^{k0−1} ≤ (B1 + B0)/c0.
 */
export function polynomialBound(game: RefGame, delta: number): number {
  const { c, k } = game.poly0!;
  let b = 0;
  for (const s of game.specialists) {
    const p = s.poly!;
    const m = (1 - delta) * p.slope;
    const x = m > 0 ? (m / (p.k * p.c)) ** (1 / (p.k - 1)) : 0;
    b += delta * p.slope * (1 + x);
  }
  return Math.max(1, (b / c) ** (1 / (k - 1))) * (1 + 1e-9);
}

/** For expression costs: where U_G has fallen below U_G(0) and kept falling over two doublings. */
function numericBound(game: RefGame, delta: number): number {
  const u0 = generalistValue(game, 0, delta).u;
  let A = 1;
  for (let i = 0; i < 40; i++) {
    const u1 = generalistValue(game, A, delta).u;
    if (u1 < u0) {
      const u2 = generalistValue(game, 2 * A, delta).u;
      if (u2 < u1 && generalistValue(game, 4 * A, delta).u < u2) return 4 * A;
    }
    A *= 2;
  }
  return A;
}

/** Grid intervals of G's α0 search. */
const GENERALIST_GRID = { polynomial: 64, numeric: 300 } as const;

export interface RefEquilibrium {
  readonly delta: number;
  readonly agreement: boolean;
  readonly alpha0: number | null;
  /** Each specialist's performance, null when it abstains. */
  readonly alphas: readonly (number | null)[];
  /** Utilities, G first. */
  readonly u: Float64Array;
  readonly revenue: number;
  /** Participants (bit i = specialist i); 0 without agreement. */
  readonly mask: number;
}

interface Point {
  x: number;
  u: number;
  mask: number;
}

/** G's best α0 among those with at least one participant (undefined if there is none). */
export function generalistBest(game: RefGame, delta: number): Point | undefined {
  const A = game.polynomial ? polynomialBound(game, delta) : numericBound(game, delta);
  const M = game.polynomial ? GENERALIST_GRID.polynomial : GENERALIST_GRID.numeric;
  const at = (x: number): Point => ({ x, ...generalistValue(game, x, delta) });
  const pts: Point[] = [];
  for (let j = 0; j <= M; j++) pts.push(at((A * j) / M));
  // participation changes: both sides of each, located by bisection
  const extra: Point[] = [];
  for (let j = 0; j < M; j++) {
    const p = pts[j]!;
    const q = pts[j + 1]!;
    if (p.mask === q.mask) continue;
    // each specialist whose participation differs, on its own (several may change in one cell)
    game.specialists.forEach((s, i) => {
      if (((p.mask ^ q.mask) & (1 << i)) === 0) return;
      const joins = (x: number): boolean => respond(s, x, delta).participates === ((p.mask & (1 << i)) !== 0);
      const { inside, outside } = bisectTransition(joins, p.x, q.x, 0);
      extra.push(at(inside), at(outside));
    });
  }
  const all = [...pts, ...extra].sort((p, q) => p.x - q.x);
  const cands: Point[] = [...all];
  /** Grid points replaced by the exact root of U_G' next to them. */
  const superseded = new Set<Point>();
  // refine every local maximum of each stretch of equal participants (U_G is smooth there): golden
  // section, then the root of U_G' when it changes sign in the bracket (values decide: see respond)
  const f = (x: number): number => at(x).u;
  const dfAt = (x: number): number => generalistDerivative(game, x, delta);
  // polynomial games: within a stretch of fixed participants U_G' = δ·Σ s_i − φ0'(α0) exactly
  let df = dfAt;
  const tol = 1e-13 * Math.max(1, A);
  let start = 0;
  for (let j = 1; j <= all.length; j++) {
    if (j < all.length && all[j]!.mask === all[start]!.mask) continue;
    const run = all.slice(start, j);
    start = j;
    if (run.length < 2) continue;
    if (game.polynomial) {
      let S = 0;
      game.specialists.forEach((sp, i) => {
        if ((run[0]!.mask & (1 << i)) !== 0) S += sp.poly!.slope;
      });
      df = (x) => delta * S - game.dCost0(x);
    } else df = dfAt;
    for (let i = 0; i < run.length; i++) {
      const l = i > 0 ? run[i - 1]!.u : Number.NEGATIVE_INFINITY;
      const r = i < run.length - 1 ? run[i + 1]!.u : Number.NEGATIVE_INFINITY;
      if (!(run[i]!.u >= l && run[i]!.u >= r)) continue;
      const lo = run[Math.max(0, i - 1)]!.x;
      const hi = run[Math.min(run.length - 1, i + 1)]!.x;
      // a sign change of U_G' brackets the maximum: its root is exact where golden section, deciding
      // by values, would stop ~√ε away (and could win the comparison below by round-off)
      if (df(lo) > 0 && df(hi) < 0) {
        cands.push(at(bisectTransition((x) => df(x) > 0, lo, hi, 0).inside));
        // every sample in the bracket, a threshold at its end included: near a kink the root lies
        // within ~1e-8 of the threshold and their values tie to round-off, but the root is the max
        for (const q of run) if (q.x >= lo && q.x <= hi) superseded.add(q);
      } else if (df(lo) > 0 !== df(hi) > 0 || df(lo) < 0 !== df(hi) < 0) {
        // U_G' changes sign the other way (a minimum inside): search the bracket by values
        cands.push(at(goldenMax(f, lo, hi, tol).x));
      }
      // else U_G is monotone on the bracket and its best end is already a candidate; a golden
      // point next to that end could beat it by round-off (a threshold G invests exactly up to)
    }
  }
  let best: Point | undefined;
  for (const c of cands) {
    if (c.mask === 0 || superseded.has(c)) continue;
    if (best === undefined || c.u > best.u || (c.u === best.u && c.x < best.x)) best = c;
  }
  return best;
}

/** The reference equilibrium at δ. */
export function referenceEquilibrium(game: RefGame, delta: number): RefEquilibrium {
  const n = game.specialists.length;
  const best = generalistBest(game, delta);
  const u = new Float64Array(n + 1);
  if (best === undefined || !(best.u >= game.d0)) {
    u[0] = game.d0;
    game.specialists.forEach((s, i) => {
      u[i + 1] = s.d;
    });
    return {
      delta,
      agreement: false,
      alpha0: null,
      alphas: game.specialists.map(() => null),
      u,
      revenue: 0,
      mask: 0,
    };
  }
  const a0 = best.x;
  u[0] = best.u;
  let revenue = 0;
  let mask = 0;
  const alphas = game.specialists.map((s, i) => {
    const r = respond(s, a0, delta);
    if (!r.participates) {
      u[i + 1] = s.d;
      return null;
    }
    u[i + 1] = r.u;
    revenue += s.revenue(r.alpha);
    mask |= 1 << i;
    return r.alpha;
  });
  return { delta, agreement: true, alpha0: a0, alphas, u, revenue, mask };
}
