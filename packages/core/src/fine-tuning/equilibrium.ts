/**
 * The subgame-perfect equilibrium of the fine-tuning game at a fixed revenue share δ, by backward
 * induction (conventions in ./model.ts).
 *
 * Two paths:
 * - `polynomial` (exact): polynomial costs with fixed costs and linear revenues. Each specialist's
 *   contribution x_i = ((1−δ)s_i/(k_i c_i))^{1/(k_i−1)} does not depend on α0 (Theorem 3.1), and it
 *   participates iff α0 ≥ t_i, a threshold in closed form. Sorting the thresholds splits α0 into
 *   segments with a fixed set of participants, on each of which U_G is concave with a closed-form
 *   maximiser: the global maximum is the best of O(n) candidates — O(n log n) per δ.
 * - `numeric` (any functions): each specialist's best response by global 1-D maximisation (grid
 *   bracketing + Brent, boundary α = α0 as a candidate, abstaining compared); G's best response by
 *   global maximisation over α0 with the specialists' participation thresholds located by
 *   bisection and added as candidates (U_G jumps there). No unimodality is assumed.
 * @see ../../../../shared/papers/fine-tuning-games.md Theorem 3.1, Section 4
 */
import type { BargainOutcome } from "../bargaining/problem.js";
import { maximizeByFoc } from "../numerics/focMax.js";
import { maximizeGlobal } from "../numerics/globalMax.js";
import { bisectPredicate } from "../numerics/roots.js";
import {
  type DirectChannel,
  type FineTuningGame,
  isPolynomialGame,
  NonFiniteError,
  type Regime,
  type Specialist,
} from "./model.js";
import { type SpecialistSearch, searchWidth, specialistSearch } from "./specialistSearch.js";

/** The equilibrium at one δ. */
export interface Equilibrium extends BargainOutcome {
  readonly delta: number;
  /** Whether G enters (otherwise every player gets its disagreement payoff). */
  readonly agreement: boolean;
  /** G's performance, null if G stays out. */
  readonly alpha0: number | null;
  /** Each specialist's performance, null if it abstains. */
  readonly alphas: readonly (number | null)[];
  /** Utilities, G first then specialists in order. */
  readonly utilities: Float64Array;
  readonly regimes: readonly Regime[];
  /** Σ r_i(α_i) over participants (and the direct channel, if G uses one). */
  readonly revenue: number;
  /** G's direct channel at this equilibrium: its performance, revenue and profit (null if unused). */
  readonly direct: { readonly alpha: number; readonly revenue: number; readonly profit: number } | null;
  readonly method: "polynomial" | "numeric";
}

/** Options of the equilibrium solvers. */
export interface EquilibriumOptions {
  /** "auto" (default): the exact polynomial path when the game allows it, else numeric. */
  readonly method?: "auto" | "polynomial" | "numeric";
  /** Grid intervals for bracketing a specialist's best response (all local maxima, not one). Default 12. */
  readonly alphaGrid?: number;
  /** Grid intervals for bracketing G's best response (all local maxima, not one). Default 12. */
  readonly alpha0Grid?: number;
  /** Absolute tolerance on α (performance units). Default 1e-10. */
  readonly alphaTol?: number;
  /** Largest performance searched before declaring a utility unbounded. Default 1e6. */
  readonly maxAlpha?: number;
}

/** A specialist's best response to α0 at δ. */
export interface SpecialistResponse {
  readonly participates: boolean;
  /** Chosen performance (α0 when free-riding); null when abstaining. */
  readonly alpha: number | null;
  /** The specialist's utility (d_i when abstaining). */
  readonly utility: number;
  /** Best utility when participating, whether or not it participates. */
  readonly participationUtility: number;
  readonly regime: Regime;
}

/** Specialist i's best response, numeric path (any functions). */
export function specialistResponseNumeric(
  s: Specialist,
  alpha0: number,
  delta: number,
  options: EquilibriumOptions = {},
): SpecialistResponse {
  return responseWith(specialistSearch(s, options), alpha0, delta);
}

function responseWith(search: SpecialistSearch, alpha0: number, delta: number): SpecialistResponse {
  search.respond(alpha0, delta);
  return respond(search.specialist, alpha0, search.alpha, search.utility);
}

/**
 * dα/dα0 of a specialist's interior best response α, by implicit differentiation of its
 * first-order condition (1−δ)r'(α) = ∂φ/∂a(α; α0); 1 when it free-rides (α = α0).
 */
function responseSlope(s: Specialist, a: number, alpha0: number, delta: number): number {
  if (a === alpha0) return 1;
  const denom = (1 - delta) * s.revenue.second(a) - s.cost.dAA(a, alpha0);
  return denom === 0 ? 0 : s.cost.dAA0(a, alpha0) / denom;
}

/** Whether a specialist whose best participating utility is u participates: ≥, an indifferent one does (see model.ts). */
function participates(s: Specialist, u: number): boolean {
  return u >= s.disagreement;
}

function respond(s: Specialist, alpha0: number, a: number, u: number): SpecialistResponse {
  if (participates(s, u)) {
    // exact comparison: the free-riding candidate is α0 itself, not a number near it
    const regime: Regime = a === alpha0 ? "free-rider" : "contributor";
    return { participates: true, alpha: a, utility: u, participationUtility: u, regime };
  }
  return {
    participates: false,
    alpha: null,
    utility: s.disagreement,
    participationUtility: u,
    regime: "abstainer",
  };
}

/**
 * The α0 from which a polynomial specialist participates at δ: it participates iff α0 ≥ t, where
 * (1−δ)s(α0 + x) − F − c·x^k ≥ d. Both the generalist's segment method and the specialist's
 * response use this one number, so that round-off cannot make them disagree at the threshold.
 */
export function participationThreshold(s: Specialist, delta: number): number {
  const { c, k } = s.cost.polynomial!;
  return thresholdAt(s, contribution(c, k, s.revenue.linear!.slope, delta), delta);
}

/** {@link participationThreshold} given the specialist's contribution x at δ. */
function thresholdAt(s: Specialist, x: number, delta: number): number {
  const { c, k, fixed } = s.cost.polynomial!;
  const slope = s.revenue.linear!.slope;
  const m = (1 - delta) * slope;
  const need = s.disagreement + fixed + c * x ** k - m * x;
  return m > 0 ? Math.max(0, need / m) : need <= 0 ? 0 : Number.POSITIVE_INFINITY;
}

/** Specialist i's best response, polynomial path (closed form; requires polynomial cost, linear revenue). */
export function specialistResponsePolynomial(
  s: Specialist,
  alpha0: number,
  delta: number,
): SpecialistResponse {
  const { c, k } = s.cost.polynomial!;
  const x = contribution(c, k, s.revenue.linear!.slope, delta);
  const u = polynomialUtility(s, alpha0, x, delta);
  if (alpha0 >= thresholdAt(s, x, delta)) {
    const regime: Regime = x > 0 ? "contributor" : "free-rider";
    return { participates: true, alpha: alpha0 + x, utility: u, participationUtility: u, regime };
  }
  return {
    participates: false,
    alpha: null,
    utility: s.disagreement,
    participationUtility: u,
    regime: "abstainer",
  };
}

/** A polynomial specialist's utility (1−δ)·s·(α0 + x) − F − c·x^k when it improves on α0 by x. */
function polynomialUtility(s: Specialist, alpha0: number, x: number, delta: number): number {
  const { c, k, fixed } = s.cost.polynomial!;
  return (1 - delta) * s.revenue.linear!.slope * (alpha0 + x) - fixed - c * x ** k;
}

/** x = ((1−δ)s/(k c))^{1/(k−1)}: the specialist's optimal improvement (Theorem 3.1). */
export function contribution(c: number, k: number, slope: number, delta: number): number {
  const m = (1 - delta) * slope;
  return m > 0 ? (m / (k * c)) ** (1 / (k - 1)) : 0;
}

/** The equilibrium at δ. */
export function equilibrium(
  game: FineTuningGame,
  delta: number,
  options: EquilibriumOptions = {},
): Equilibrium {
  const method = options.method ?? "auto";
  const poly = isPolynomialGame(game);
  if (method === "polynomial" && !poly) {
    throw new Error("the polynomial path needs polynomial costs and linear revenues for every player");
  }
  return (method === "auto" ? poly : method === "polynomial")
    ? equilibriumPolynomial(game, delta)
    : equilibriumNumeric(game, delta, options);
}

/** Exact equilibrium for the polynomial family with fixed costs (segment method, O(n log n)). */
export function equilibriumPolynomial(game: FineTuningGame, delta: number): Equilibrium {
  const { c: c0, k: k0 } = game.generalist.cost.polynomial!;
  // Items: the specialists (G earns δ·s·(α0 + x) from each participant), then the direct channel
  // (G earns s·(α0 + x) − F − c·x^k itself). Each is active above a threshold in α0.
  const specialists = game.specialists;
  const ns = specialists.length;
  const d = game.generalist.direct;
  const n = ns + (d === undefined ? 0 : 1);
  // plain arrays: typed-array allocation dominated this function for small n (measured)
  const xs: number[] = new Array(n);
  const slopes: number[] = new Array(n);
  const consts: number[] = new Array(n);
  const thresholds: number[] = new Array(n);
  const order: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const own = i === ns;
    const s = own ? directAsSpecialist(d!) : specialists[i]!;
    const { c, k, fixed } = s.cost.polynomial!;
    const slope = s.revenue.linear!.slope;
    // the direct channel keeps the whole revenue and pays its own cost
    const share = own ? 0 : delta;
    const w = own ? 1 : delta;
    const x = contribution(c, k, slope, share);
    xs[i] = x;
    slopes[i] = w * slope;
    consts[i] = w * slope * x - (own ? fixed + c * x ** k : 0);
    thresholds[i] = thresholdAt(s, x, share);
    order[i] = i;
  }
  order.sort((i, j) => thresholds[i]! - thresholds[j]!);
  // on a segment with a fixed set of active items: U_G = S·α0 + C − c0·α0^k0 (concave)
  let S = 0;
  let C = 0;
  let bestA = 0;
  let bestU = Number.NEGATIVE_INFINITY;
  let idx = 0;
  let segStart = 0;
  for (;;) {
    while (idx < n && thresholds[order[idx]!]! <= segStart) {
      const i = order[idx++]!;
      S += slopes[i]!;
      C += consts[i]!;
    }
    const segEnd = idx < n ? thresholds[order[idx]!]! : Number.POSITIVE_INFINITY;
    const interior = S > 0 ? (S / (k0 * c0)) ** (1 / (k0 - 1)) : 0;
    // the segment is [segStart, segEnd): its right end belongs to the next segment
    for (const a of interior > segStart && interior < segEnd ? [segStart, interior] : [segStart]) {
      const u = S * a + C - c0 * a ** k0;
      if (u > bestU || (u === bestU && a < bestA)) {
        bestU = u;
        bestA = a;
      }
    }
    if (!Number.isFinite(segEnd)) break;
    segStart = segEnd;
  }
  // The responses at G's choice, from the same x and thresholds (what specialistResponsePolynomial
  // computes, without computing it twice).
  const alpha0 = bestA;
  let participants = 0;
  for (let i = 0; i < ns; i++) if (alpha0 >= thresholds[i]!) participants++;
  // ≥: an indifferent generalist enters (see model.ts); a bargain nobody joins is no bargain
  if (!(bestU >= game.generalist.disagreement) || participants === 0) {
    return assemble(game, delta, alpha0, bestU, "polynomial", {});
  }
  const utilities = new Float64Array(ns + 1);
  utilities[0] = bestU;
  const alphas: (number | null)[] = new Array(ns);
  const regimes: Regime[] = new Array(ns);
  let revenue = 0;
  for (let i = 0; i < ns; i++) {
    const s = specialists[i]!;
    if (alpha0 >= thresholds[i]!) {
      const x = xs[i]!;
      const a = alpha0 + x;
      utilities[i + 1] = polynomialUtility(s, alpha0, x, delta);
      alphas[i] = a;
      regimes[i] = x > 0 ? "contributor" : "free-rider";
      revenue += s.revenue.value(a);
    } else {
      utilities[i + 1] = s.disagreement;
      alphas[i] = null;
      regimes[i] = "abstainer";
    }
  }
  let direct: Equilibrium["direct"] = null;
  if (d !== undefined && alpha0 >= thresholds[ns]!) {
    const x = xs[ns]!;
    const a = alpha0 + x;
    const rev = d.revenue.value(a);
    // the channel keeps the whole revenue: its profit is a specialist's utility at δ = 0
    direct = { alpha: a, revenue: rev, profit: polynomialUtility(directAsSpecialist(d), alpha0, x, 0) };
    revenue += rev;
  }
  return {
    delta,
    agreement: true,
    alpha0,
    alphas,
    utilities,
    regimes,
    revenue,
    direct,
    method: "polynomial",
  };
}

/** The direct channel seen as a specialist who keeps all revenue (δ = 0) and has no outside option. */
export function directAsSpecialist(d: DirectChannel): Specialist {
  let s = asSpecialist.get(d);
  if (s === undefined) {
    // one object per channel, so that its best-response search is kept like a specialist's
    s = { name: "direct", cost: d.cost, revenue: d.revenue, disagreement: 0 };
    asSpecialist.set(d, s);
  }
  return s;
}
const asSpecialist = new WeakMap<DirectChannel, Specialist>();

/** A specialist's (or the direct channel's) best response by the given method. */
function responseBy(
  method: Equilibrium["method"],
  s: Specialist,
  alpha0: number,
  delta: number,
  options: EquilibriumOptions,
): SpecialistResponse {
  return method === "polynomial"
    ? specialistResponsePolynomial(s, alpha0, delta)
    : specialistResponseNumeric(s, alpha0, delta, options);
}

/**
 * G's utility at α0 given everyone's best responses (by `method`): δ·Σ r_i over participating
 * specialists, plus the direct channel's profit if it pays, minus φ0(α0). Used by the numeric
 * equilibrium and by the certificates.
 */
export function generalistValue(
  game: FineTuningGame,
  alpha0: number,
  delta: number,
  method: Equilibrium["method"],
  options: EquilibriumOptions = {},
): number {
  let total = 0;
  for (const s of game.specialists) {
    const r = responseBy(method, s, alpha0, delta, options);
    if (r.participates) total += s.revenue.value(r.alpha!);
  }
  let own = 0;
  if (game.generalist.direct !== undefined) {
    const r = responseBy(method, directAsSpecialist(game.generalist.direct), alpha0, 0, options);
    if (r.participates) own = r.utility;
  }
  return delta * total + own - game.generalist.cost.value(alpha0);
}

function assemble(
  game: FineTuningGame,
  delta: number,
  alpha0: number,
  uG: number,
  method: Equilibrium["method"],
  options: EquilibriumOptions,
): Equilibrium {
  const n = game.specialists.length;
  const utilities = new Float64Array(n + 1);
  const responses = game.specialists.map((s) => responseBy(method, s, alpha0, delta, options));
  // ≥: an indifferent generalist enters (see model.ts); a bargain nobody joins is no bargain
  if (!(uG >= game.generalist.disagreement) || !responses.some((r) => r.participates)) {
    utilities[0] = game.generalist.disagreement;
    game.specialists.forEach((s, i) => {
      utilities[i + 1] = s.disagreement;
    });
    return {
      delta,
      agreement: false,
      alpha0: null,
      alphas: game.specialists.map(() => null),
      utilities,
      regimes: game.specialists.map(() => "abstainer" as const),
      revenue: 0,
      direct: null,
      method,
    };
  }
  utilities[0] = uG;
  const alphas: (number | null)[] = [];
  const regimes: Regime[] = [];
  let revenue = 0;
  game.specialists.forEach((s, i) => {
    const r = responses[i]!;
    utilities[i + 1] = r.utility;
    alphas.push(r.alpha);
    regimes.push(r.regime);
    if (r.alpha !== null) revenue += s.revenue.value(r.alpha);
  });
  let direct: Equilibrium["direct"] = null;
  if (game.generalist.direct !== undefined) {
    const d = game.generalist.direct;
    const r = responseBy(method, directAsSpecialist(d), alpha0, 0, options);
    if (r.participates) {
      const rev = d.revenue.value(r.alpha!);
      direct = { alpha: r.alpha!, revenue: rev, profit: r.utility };
      revenue += rev;
    }
  }
  return { delta, agreement: true, alpha0, alphas, utilities, regimes, revenue, direct, method };
}

/** G's utility at α0 given the specialists' numeric best responses, and its derivative in α0. */
export function generalistUtilityNumeric(
  game: FineTuningGame,
  alpha0: number,
  delta: number,
  options: EquilibriumOptions = {},
): { utility: number; derivative: number; participants: boolean[] } {
  const search = new GeneralistSearch(game, delta, options);
  const i = search.index(alpha0);
  return { utility: search.us[i]!, derivative: search.ds[i]!, participants: search.participants(i) };
}

/**
 * G's objective at one δ over the α0 it tries: utility, slope and who participates, memoised per
 * α0 (the grid, the bracket ends and the segment bisection revisit points) in flat arrays — a map
 * of objects and a string key per point were a visible share of the numeric path.
 */
class GeneralistSearch {
  readonly xs: number[] = [];
  readonly us: number[] = [];
  readonly ds: number[] = [];
  /** Participation flags, one row of `width` per evaluated α0. */
  private readonly flags: boolean[] = [];
  private readonly width: number;
  private readonly searches: SpecialistSearch[];
  private readonly direct: SpecialistSearch | undefined;
  constructor(
    private readonly game: FineTuningGame,
    private readonly delta: number,
    options: EquilibriumOptions,
  ) {
    this.searches = game.specialists.map((s) => specialistSearch(s, options));
    const d = game.generalist.direct;
    this.direct = d === undefined ? undefined : specialistSearch(directAsSpecialist(d), options);
    this.width = this.searches.length + (d === undefined ? 0 : 1);
  }
  readonly f = (a0: number): number => this.us[this.index(a0)]!;
  readonly df = (a0: number): number => this.ds[this.index(a0)]!;

  /** The row of α0, evaluated on first use (most lookups repeat a recent point: searched backwards). */
  index(a0: number): number {
    const xs = this.xs;
    for (let i = xs.length - 1; i >= 0; i--) if (xs[i] === a0) return i;
    this.evaluate(a0);
    return xs.length - 1;
  }

  participants(i: number): boolean[] {
    return this.flags.slice(i * this.width, (i + 1) * this.width);
  }

  /** Whether the same players participate at rows i and j. */
  sameParticipants(i: number, j: number): boolean {
    const w = this.width;
    for (let k = 0; k < w; k++) if (this.flags[i * w + k] !== this.flags[j * w + k]) return false;
    return true;
  }

  private evaluate(alpha0: number): void {
    const { game, delta } = this;
    let total = 0;
    let slope = 0;
    // each search leaves its answer in its fields: no response object per specialist and α0
    for (const search of this.searches) {
      const s = search.specialist;
      search.respond(alpha0, delta);
      const a = search.alpha;
      const joins = participates(s, search.utility);
      this.flags.push(joins);
      if (joins) {
        total += s.revenue.value(a);
        slope += s.revenue.derivative(a) * responseSlope(s, a, alpha0, delta);
      }
    }
    let own = 0;
    let ownSlope = 0;
    const d = game.generalist.direct;
    if (d !== undefined) {
      const r = responseWith(this.direct!, alpha0, 0);
      this.flags.push(r.participates);
      if (r.participates) {
        own = r.utility;
        // envelope theorem: only the direct effect of α0 on the channel's cost remains, unless the
        // channel sits at a = α0 (then a moves with α0)
        const a = r.alpha!;
        ownSlope =
          r.regime === "free-rider"
            ? d.revenue.derivative(a) - d.cost.dA(a, alpha0) - d.cost.dA0(a, alpha0)
            : -d.cost.dA0(a, alpha0);
      }
    }
    const cost = game.generalist.cost.value(alpha0);
    if (!Number.isFinite(cost)) throw new NonFiniteError(`φ0(${alpha0}) is ${cost}`);
    this.xs.push(alpha0);
    this.us.push(delta * total + own - cost);
    this.ds.push(delta * slope + ownSlope - game.generalist.cost.derivative(alpha0));
  }
}

/** Numeric equilibrium for any cost and revenue functions. */
export function equilibriumNumeric(
  game: FineTuningGame,
  delta: number,
  options: EquilibriumOptions = {},
): Equilibrium {
  const search = new GeneralistSearch(game, delta, options);
  const { f, df } = search;
  let alpha0 = 0;
  let uG = f(0);
  // at δ = 0 G earns nothing from the bargain: only a direct channel makes investing worthwhile
  if (delta > 0 || game.generalist.direct !== undefined) {
    const width = searchWidth(f, 0, options.maxAlpha ?? 1e6, "G");
    const n = options.alpha0Grid ?? 12;
    // Participation changes between grid points are located by bisection: between them the set of
    // participants is fixed and U_G is smooth, so each segment is maximised on its own (U_G may
    // jump up at a threshold and peak just after it, inside one grid cell).
    const segments: [number, number][] = [];
    let segStart = 0;
    let prevX = 0;
    let prev = search.index(0);
    for (let j = 1; j <= n; j++) {
      const x = (width * j) / n;
      const here = search.index(x);
      if (!search.sameParticipants(here, prev)) {
        const before = prev;
        const b = bisectPredicate((a) => search.sameParticipants(search.index(a), before), prevX, x, {
          xTol: 1e-14,
        });
        segments.push([segStart, b.inside]);
        segStart = b.outside;
      }
      prevX = x;
      prev = here;
    }
    segments.push([segStart, width]);
    for (const [lo, hi] of segments) {
      let x = lo;
      let fx = f(lo);
      if (hi > lo) {
        const r = maximizeByFoc(f, df, lo, hi, {
          gridSize: Math.max(6, Math.round((n * (hi - lo)) / width)),
          // U_G's derivative comes with its value (memoised): every + → − cell is refined too
          slopes: true,
        });
        if (r.status === "nanEncountered")
          throw new NonFiniteError(`G's utility is not a number at α0 = ${r.value.x}`);
        ({ x, fx } = r.value);
      }
      if (fx > uG) {
        alpha0 = x;
        uG = fx;
      }
    }
  }
  return assemble(game, delta, alpha0, uG, "numeric", options);
}

/**
 * What G earns from its direct channel alone (no specialist): max over α0 of the channel's profit
 * minus φ0(α0). The default disagreement payoff of a generalist with a direct channel.
 */
export function directOnlyValue(game: FineTuningGame, options: EquilibriumOptions = {}): number {
  const d = game.generalist.direct;
  if (d === undefined) return 0;
  const alone: FineTuningGame = {
    generalist: { cost: game.generalist.cost, disagreement: 0, direct: d },
    specialists: [],
  };
  const method = isPolynomialGame(alone) ? "polynomial" : "numeric";
  const f = (a0: number): number => generalistValue(alone, a0, 0, method, options);
  const width = searchWidth(f, 0, options.maxAlpha ?? 1e6, "G");
  const r = maximizeGlobal(f, 0, width, { gridSize: 64, xTol: 1e-13 });
  return Math.max(f(0), r.value.fx);
}
