/**
 * The equilibrium at one δ for any cost and revenue functions (the `numeric` path; conventions in
 * ./model.ts). Each specialist's best response is a global 1-D maximisation (specialistSearch.ts).
 * G's best response is a global maximisation over α0 that does not rest on a fixed grid:
 * - the search range widens until even the revenue of every specialist participating could not
 *   beat the best found (a specialist joining at a large α0 makes U_G jump up, so a first decrease
 *   of U_G is no reason to stop);
 * - an initial grid is subdivided wherever U_G and its slope disagree with a cubic (Hermite) model
 *   of the cell, or the slope's sign says a maximum may hide inside, or a half of it could still
 *   hold a value above the best found (Piyavskii's bound, with the slopes seen times a safety
 *   factor as the Lipschitz constant): wiggles finer than the grid are found, small ones on a steep
 *   trend included;
 * - every participation threshold between samples is located by bisection: U_G jumps there, and G
 *   may invest exactly to a threshold to bring a specialist in (a candidate of its own);
 * - every local maximum of every stretch with fixed participants is refined as a root of U_G′.
 * What could not be resolved (the subdivision budget ran out) is reported in `uncertain`.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Section 4
 */
import { splitSmoothCell } from "../numerics/adaptiveMax.js";
import { maximizeByFoc } from "../numerics/focMax.js";
import { maximizeGlobal } from "../numerics/globalMax.js";
import { bisectPredicate } from "../numerics/roots.js";
import { type FineTuningGame, NonFiniteError, UnboundedUtilityError } from "./model.js";
import { assemble, type Equilibrium, type GeneralistChoice, generalistValue } from "./outcome.js";
import { packPolynomial } from "./packed.js";
import { choiceAt } from "./polynomialChoice.js";
import {
  directAsSpecialist,
  type EquilibriumOptions,
  participates,
  responseSlope,
  responseWith,
} from "./responses.js";
import { type SpecialistSearch, searchWidth, specialistSearch } from "./specialistSearch.js";

/** Initial intervals of G's grid over α0 (subdivided adaptively). */
export const ALPHA0_GRID = 8;
/**
 * Changes of participation located between two neighbouring samples of G's grid, one after another
 * (each specialist joins or leaves at most once there in practice; the cap only bounds the loop).
 */
const MAX_CHANGES_PER_CELL = 64;
/** Smallest cell of G's adaptive grid, relative to the search width (2^-14). */
const MIN_CELL = 2 ** -14;
/** Cap on G's objective evaluations per equilibrium; beyond it the search is reported uncertain. */
const ALPHA0_BUDGET = 2000;

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
 * G's objective at one δ over the α0 it tries: utility, slope, an upper bound (every specialist
 * participating) and who participates, memoised per α0 in flat arrays.
 */
class GeneralistSearch {
  readonly xs: number[] = [];
  readonly us: number[] = [];
  readonly ds: number[] = [];
  /** U_G if every specialist participated with its best participating response: an upper bound. */
  readonly ubs: number[] = [];
  /** Participation flags, one row of `width` per evaluated α0. */
  private readonly flags: boolean[] = [];
  private readonly width: number;
  readonly searches: SpecialistSearch[];
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
    for (const s of this.all()) [s.incomplete, s.irregular] = [0, 0];
  }

  private all(): SpecialistSearch[] {
    return this.direct === undefined ? this.searches : [...this.searches, this.direct];
  }

  /** Whether some best-response search of this equilibrium met a utility that did not look concave. */
  irregularResponses(): boolean {
    return this.all().some((s) => s.irregular > 0);
  }

  /** Names of the players whose best-response search ran out of budget in this equilibrium. */
  incompleteResponses(): string[] {
    return this.all()
      .filter((s) => s.incomplete > 0)
      .map((s) => s.specialist.name);
  }
  readonly f = (a0: number): number => this.us[this.index(a0)]!;
  readonly df = (a0: number): number => this.ds[this.index(a0)]!;

  /** Rows by α0 (a Map's keys compare as ===, except that NaN finds NaN: a NaN α0 throws in `evaluate`). */
  private readonly rows = new Map<number, number>();

  /**
   * The row of α0, evaluated on first use. (A backward scan of `xs` was a tenth of a general solve:
   * G's search looks up every sample several times, and an equilibrium has a hundred of them.)
   */
  index(a0: number): number {
    const kept = this.rows.get(a0);
    if (kept !== undefined) return kept;
    this.evaluate(a0);
    const i = this.xs.length - 1;
    this.rows.set(a0, i);
    return i;
  }

  get evaluations(): number {
    return this.xs.length;
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
    let all = 0;
    let slope = 0;
    // each search leaves its answer in its fields: no response object per specialist and α0
    for (const search of this.searches) {
      const s = search.specialist;
      search.respond(alpha0, delta);
      const a = search.alpha;
      const joins = participates(s, search.utility);
      this.flags.push(joins);
      const r = s.revenue.value(a);
      all += Math.max(0, r);
      if (joins) {
        total += r;
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
    this.ubs.push(delta * all + Math.max(0, own) - cost);
    this.ds.push(delta * slope + ownSlope - game.generalist.cost.derivative(alpha0));
  }
}

/**
 * Upper end of G's search: doubles until U_G has stopped rising and, twice in a row, even the
 * bound with every specialist participating is below the best utility found.
 */
function generalistWidth(search: GeneralistSearch, maxAlpha: number): number {
  let best = search.f(0);
  let below = 0;
  for (let h = 0.5; ; h *= 2) {
    const i = search.index(h);
    const u = search.us[i]!;
    if (Number.isNaN(u)) return h;
    best = Math.max(best, u);
    below = search.ubs[i]! < best && search.ds[i]! <= 0 ? below + 1 : 0;
    if (below >= 2 && h >= 2) return h;
    if (h > maxAlpha) {
      throw new UnboundedUtilityError(
        `G's utility is still increasing at performance ${h}: utilities are unbounded (revenue grows at least as fast as cost)`,
      );
    }
  }
}

/** The sorted α0 of G's adaptive grid over [0, width] (see the module comment). */
function adaptiveGrid(
  search: GeneralistSearch,
  width: number,
  n: number,
): { xs: number[]; complete: boolean } {
  const { xs: at, us, ds } = search;
  const minCell = width * MIN_CELL;
  const out: number[] = [];
  // cells as pairs of rows of `search` (their ends' α0 are at[ia], at[ib]): no lookup by α0
  const stack: number[] = [];
  let complete = true;
  out.push(0);
  // the best value found so far (it only grows: a cell kept for a lower best is merely extra work)
  let best = Number.NEGATIVE_INFINITY;
  const grid: number[] = [];
  for (let j = 0; j <= n; j++) {
    grid.push(search.index((width * j) / n));
    best = Math.max(best, us[grid[j]!]!);
  }
  for (let j = n; j >= 1; j--) stack.push(grid[j - 1]!, grid[j]!);
  while (stack.length > 0) {
    const ib = stack.pop()!;
    const ia = stack.pop()!;
    const a = at[ia]!;
    const b = at[ib]!;
    const h = b - a;
    if (h <= minCell || search.evaluations >= ALPHA0_BUDGET) {
      if (h > minCell) complete = false;
      out.push(b);
      continue;
    }
    const m = 0.5 * (a + b);
    const im = search.index(m);
    const [fa, fb, fm] = [us[ia]!, us[ib]!, us[im]!];
    const [da, db, dm] = [ds[ia]!, ds[ib]!, ds[im]!];
    if (fm > best) best = fm;
    let split = false;
    if (search.sameParticipants(ia, ib) && search.sameParticipants(ia, im)) {
      split = splitSmoothCell(h, width, fa, fb, fm, da, db, dm, best);
    } else {
      // thresholds are located by bisection below; the stretches beside them still need a picture
      split = h > (width / n) * 2 ** -4;
      if (!split) {
        // a half whose ends agree on the participants is a smooth cell of its own and gets the
        // tests above (a maximum hidden just past a threshold was missed when it was not)
        if (search.sameParticipants(ia, im)) stack.push(ia, im);
        else out.push(m);
        if (search.sameParticipants(im, ib)) stack.push(im, ib);
        else out.push(b);
        continue;
      }
    }
    if (split) {
      stack.push(im, ib, ia, im);
    } else {
      out.push(m, b);
    }
  }
  out.sort((x, y) => x - y);
  return { xs: out, complete };
}

/** Numeric equilibrium for any cost and revenue functions. */
export function equilibriumNumeric(
  game: FineTuningGame,
  delta: number,
  options: EquilibriumOptions = {},
): Equilibrium & { readonly uncertain?: string } {
  const search = new GeneralistSearch(game, delta, options);
  const { f, df } = search;
  let alpha0 = 0;
  let uG = f(0);
  let choice: Exclude<GeneralistChoice, "out"> = "zero";
  /** Which candidate: the stretch of a threshold, or the rank (in α0) of the local maximum chosen. */
  let which = -1;
  /** For a threshold choice, the α0 just below it (whoever participates at α0 and not there is indifferent). */
  let below = 0;
  /** Local maxima of U_G over α0 that G's search compared. */
  let maxima = 0;
  let uncertain: string | undefined;
  // at δ = 0 G earns nothing from the bargain: only a direct channel makes investing worthwhile
  if (delta > 0 || game.generalist.direct !== undefined) {
    const width = generalistWidth(search, options.maxAlpha ?? 1e6);
    const grid = adaptiveGrid(search, width, options.alpha0Grid ?? ALPHA0_GRID);
    if (!grid.complete)
      uncertain = `G's search over α0 at δ = ${delta} stopped at ${ALPHA0_BUDGET} evaluations before resolving every cell`;
    // Participation changes between samples are located by bisection: between them the set of
    // participants is fixed and U_G is smooth, so each stretch is maximised on its own (U_G may
    // jump up at a threshold and peak just after it, or peak at the threshold itself).
    const xs = grid.xs;
    // `below`: the last α0 before the stretch's threshold (the bisection's other side)
    const stretches: { lo: number; hi: number; below: number; samples: number[] }[] = [];
    let current = { lo: 0, hi: 0, below: 0, samples: [0] };
    for (let j = 1; j < xs.length; j++) {
      const here = search.index(xs[j]!);
      // every change between the two samples, one after another: two specialists joining between
      // them at different α0 are two thresholds (G's utility jumps up at each, and the second
      // can be G's choice)
      let from = xs[j - 1]!;
      for (let k = 0; k < MAX_CHANGES_PER_CELL; k++) {
        const prev = search.index(from);
        if (search.sameParticipants(here, prev)) break;
        const b = bisectPredicate((a) => search.sameParticipants(search.index(a), prev), from, xs[j]!, {
          xTol: 1e-14 * Math.max(1, xs[j]!),
        });
        current.hi = b.inside;
        if (b.inside > current.samples[current.samples.length - 1]!) current.samples.push(b.inside);
        stretches.push(current);
        current = { lo: b.outside, hi: b.outside, below: b.inside, samples: [b.outside] };
        from = b.outside;
      }
      current.samples.push(xs[j]!);
    }
    current.hi = xs[xs.length - 1]!;
    stretches.push(current);
    let rank = 0;
    stretches.forEach((st, stretchIndex) => {
      const ss = st.samples;
      // the stretch's start: α0 = 0, or exactly a participation threshold
      const consider = (x: number, fx: number, c: typeof choice): void => {
        if (fx > uG || (fx === uG && x < alpha0)) {
          alpha0 = x;
          uG = fx;
          choice = c;
          below = st.below;
          which = c === "interior" ? rank : stretchIndex;
        }
      };
      consider(st.lo, f(st.lo), st.lo === 0 ? "zero" : "threshold");
      // each sample's row, looked up once (each is read up to six times below)
      const rows = ss.map((x) => search.index(x));
      const { us, ds } = search;
      for (let j = 0; j < ss.length; j++) {
        const fx = us[rows[j]!]!;
        const left = j > 0 ? us[rows[j - 1]!]! : Number.NEGATIVE_INFINITY;
        const right = j + 1 < ss.length ? us[rows[j + 1]!]! : Number.NEGATIVE_INFINITY;
        const rising = j + 1 < ss.length && ds[rows[j]!]! > 0 && ds[rows[j + 1]!]! < 0;
        if (!(fx >= left && fx >= right) && !rising) continue;
        const lo = ss[Math.max(0, j - 1)]!;
        const hi = ss[Math.min(ss.length - 1, j + 1)]!;
        if (hi > lo) {
          const r = maximizeByFoc(f, df, lo, hi, { gridSize: 4 });
          if (r.status === "nanEncountered")
            throw new NonFiniteError(`G's utility is not a number at α0 = ${r.value.x}`);
          const c = r.value.x === st.lo ? (st.lo === 0 ? "zero" : "threshold") : "interior";
          consider(r.value.x, r.value.fx, c);
        } else consider(ss[j]!, fx, ss[j] === st.lo ? (st.lo === 0 ? "zero" : "threshold") : "interior");
        rank++;
      }
    });
    maxima = rank;
  }
  // the rank in `which` is no identity of the maximum chosen (ranks shift where a lower maximum
  // vanishes, and G may jump to another between two δ with the same rank): α0 goes along for the
  // bargaining solver's continuity check
  // at a threshold choice, how steeply U_G falls just past the threshold: an interior maximum is
  // born where that slope reaches 0, and G can switch to it and back between two δ
  const margin = choice === ("threshold" as GeneralistChoice) ? Math.max(0, -df(alpha0)) : undefined;
  // several local maxima of G's utility, or of a specialist's (its jumps between them move every
  // utility within one signature, as G's do)
  const multimodal = maxima > 1 || search.irregularResponses();
  const branch = { alpha0, multimodal, ...(margin === undefined ? {} : { margin }) };
  const eq = assemble(game, delta, alpha0, uG, "numeric", options, choice, which, below, branch);
  const incomplete = search.incompleteResponses();
  if (incomplete.length > 0) {
    const more = `${incomplete.join(", ")}'s best-response search at δ = ${delta} stopped at its budget before resolving every cell`;
    uncertain = uncertain === undefined ? more : `${uncertain}; ${more}`;
  }
  return uncertain === undefined ? eq : { ...eq, uncertain };
}

/**
 * What G earns from its direct channel alone (no specialist): max over α0 of the channel's profit
 * minus φ0(α0). The default disagreement payoff of a generalist with a direct channel.
 *
 * On the polynomial path it is G's value at δ = 0 as the solver computes it (./polynomialChoice.ts,
 * the same operations): at δ = 0 the specialists add exactly 0 to G's sums, so entering is worth
 * exactly this, a tie that the convention breaks towards entry, and not a comparison of two
 * roundings that could keep G out.
 */
export function directOnlyValue(game: FineTuningGame, options: EquilibriumOptions = {}): number {
  const d = game.generalist.direct;
  if (d === undefined) return 0;
  const alone: FineTuningGame = {
    generalist: { cost: game.generalist.cost, disagreement: 0, direct: d },
    specialists: [],
  };
  const packed = packPolynomial(alone);
  if (packed !== null) return choiceAt(packed, alone, 0).value;
  const f = (a0: number): number => generalistValue(alone, a0, 0, "numeric", options);
  const width = searchWidth(f, 0, options.maxAlpha ?? 1e6, "G");
  const r = maximizeGlobal(f, 0, width, { gridSize: 64, xTol: 1e-13 });
  return Math.max(f(0), r.value.fx);
}
