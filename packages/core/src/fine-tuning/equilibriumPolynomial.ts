/**
 * The exact equilibrium at one δ for polynomial costs with fixed costs and linear revenues (the
 * `polynomial` path; conventions in ./model.ts). Each specialist's contribution
 * x_i = ((1−δ)s_i/(k_i c_i))^{1/(k_i−1)} does not depend on α0 (Theorem 3.1), and it participates
 * iff α0 ≥ t_i, a threshold in closed form. The thresholds split α0 into segments with a fixed set
 * of participants, on each of which U_G = S·α0 + C − F0 − c0·α0^k0 is concave with a closed-form
 * maximiser: G's choice is the best of O(n) candidates (./polynomialChoice.ts finds it in O(n)).
 * This module builds the equilibrium at that choice: the game is packed into typed arrays once
 * (./packed.ts), one δ allocates only the utility vector, and the per-specialist performances and
 * regimes of the result are computed when first read.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Theorem 3.1, Section 4
 */
import type { FineTuningGame, Regime } from "./model.js";
import {
  disagreementOutcome,
  type Equilibrium,
  type GeneralistChoice,
  HASH_START_1,
  HASH_START_2,
  hashSignature,
  hashStep1,
  hashStep2,
} from "./outcome.js";
import { type PackedPolynomial, packPolynomial, utilityVector } from "./packed.js";
import {
  choiceAt,
  contributionAt,
  costAt,
  type PolynomialChoice,
  thresholdAt,
  utilityAt,
} from "./polynomialChoice.js";

export { type PolynomialChoice, pow } from "./polynomialChoice.js";

/** Regime codes of the packed path (the order of ./outcome.ts's signature codes). */
const CONTRIBUTOR = 1;
const FREE_RIDER = 2;
const ABSTAINER = 3;
const REGIMES: readonly Regime[] = ["contributor", "contributor", "free-rider", "abstainer"];

/** Exact equilibrium for the polynomial family with fixed costs (segment method, O(n) per δ). */
export function equilibriumPolynomial(game: FineTuningGame, delta: number): Equilibrium {
  const p = packed(game);
  return outcomeAtChoice(game, p, delta, choiceAt(p, game, delta));
}

/**
 * G's choice at δ alone (the sort and the segment pass, not the outcome): what a worker of a
 * distributed solve returns, for {@link equilibriumAtChoice} to rebuild the equilibrium from.
 */
export function polynomialChoice(game: FineTuningGame, delta: number): PolynomialChoice {
  return choiceAt(packed(game), game, delta);
}

/**
 * The equilibrium at δ given G's choice there (from {@link polynomialChoice}, possibly computed
 * elsewhere): the same numbers as {@link equilibriumPolynomial}, in O(n) without the sort.
 */
export function equilibriumAtChoice(
  game: FineTuningGame,
  delta: number,
  choice: PolynomialChoice,
): Equilibrium {
  return outcomeAtChoice(game, packed(game), delta, choice);
}

function packed(game: FineTuningGame): PackedPolynomial {
  const p = packPolynomial(game);
  if (p === null) {
    throw new Error("the polynomial path needs polynomial costs and linear revenues for every player");
  }
  return p;
}

/**
 * The equilibrium at G's choice: every specialist's response at δ and α0, computed from its packed
 * parameters in one pass (what specialistResponsePolynomial computes, operation for operation).
 */
function outcomeAtChoice(
  game: FineTuningGame,
  p: PackedPolynomial,
  delta: number,
  g: PolynomialChoice,
): Equilibrium {
  const { ns } = p;
  const alpha0 = g.alpha0;
  const bestU = g.value;
  // ≥: an indifferent generalist enters (see model.ts)
  if (!(bestU >= game.generalist.disagreement)) return disagreementOutcome(game, delta, "polynomial");
  // every entry is written below: a recycled vector (see recycleUtilities) serves as well
  const utilities = utilityVector(p);
  utilities[0] = bestU;
  // the signature's two hashes in locals, updated as RegimeHash.add does (fields of an object cost
  // a loop over every specialist far more)
  let h1 = HASH_START_1;
  let h2 = HASH_START_2;
  let revenue = 0;
  let participants = 0;
  const { slope, exactRevenue } = p;
  // G invests exactly to a specialist's threshold: that specialist is indifferent, its utility is
  // its outside option exactly (the computed one differs by round-off, which would make it look
  // better off here than at every other δ where it is held at its outside option too)
  const atThreshold = g.choice === "threshold";
  // the items' numbers at δ, from G's choice there when it computed them (the same operations)
  const cached = p.atDelta === delta;
  const { xs, costs, ts } = p;
  for (let i = 0; i < ns; i++) {
    const x = cached ? xs[i]! : contributionAt(p, i, delta);
    const cost = cached ? costs[i]! : costAt(p, i, x);
    const t = cached ? ts[i]! : thresholdAt(p, i, x, cost, delta);
    let code = ABSTAINER;
    if (alpha0 >= t) {
      participants++;
      const a = alpha0 + x;
      utilities[i + 1] = atThreshold && t === alpha0 ? p.disagreement[i]! : utilityAt(p, i, a, cost, delta);
      code = x > 0 ? CONTRIBUTOR : FREE_RIDER;
      // the specialist objects are read only when a revenue is not exactly slope × a
      revenue += exactRevenue ? slope[i]! * a : game.specialists[i]!.revenue.value(a);
    } else utilities[i + 1] = p.disagreement[i]!;
    h1 = hashStep1(h1, code);
    h2 = hashStep2(h2, code, i);
  }
  // a bargain nobody joins is no bargain (the vector goes back for the next outcome)
  if (participants === 0) {
    recycleUtilities(game, utilities);
    return disagreementOutcome(game, delta, "polynomial");
  }
  let direct: Equilibrium["direct"] = null;
  const d = game.generalist.direct;
  if (d !== undefined) {
    // the channel keeps the whole revenue: its profit is a specialist's utility at δ = 0
    const x = contributionAt(p, ns, 0);
    const cost = costAt(p, ns, x);
    if (alpha0 >= thresholdAt(p, ns, x, cost, 0)) {
      const a = alpha0 + x;
      const rev = d.revenue.value(a);
      direct = { alpha: a, revenue: rev, profit: p.slope[ns]! * a - p.fixed[ns]! - cost };
      revenue += rev;
    }
  }
  const rebuildUtilities = (into?: Float64Array): Float64Array => {
    // the same numbers, computed again operation for operation (no sort: α0 is known)
    const u = into?.length === ns + 1 ? into : new Float64Array(ns + 1);
    u[0] = bestU;
    for (let i = 0; i < ns; i++) {
      const x = contributionAt(p, i, delta);
      const cost = costAt(p, i, x);
      const t = thresholdAt(p, i, x, cost, delta);
      u[i + 1] =
        alpha0 >= t && !(atThreshold && t === alpha0)
          ? utilityAt(p, i, alpha0 + x, cost, delta)
          : p.disagreement[i]!;
    }
    return u;
  };
  return lazyOutcome(p, rebuildUtilities, {
    delta,
    alpha0,
    utilities,
    revenue,
    direct,
    choice: g.choice,
    signature: hashSignature(g.choice, direct !== null, g.item, h1, h2),
  });
}

/**
 * Takes back a utility vector of an outcome of `game` that nobody will read again (the bargaining
 * solver's samples beyond its memory budget), for the next equilibrium to write into.
 */
export function recycleUtilities(game: FineTuningGame, utilities: Float64Array): void {
  const p = packPolynomial(game);
  if (p !== null && utilities.length === p.ns + 1 && p.recycled.length < 2) p.recycled.push(utilities);
}

/**
 * The outcome with `alphas` and `regimes` computed from δ and α0 when first read (a
 * sampled δ needs only the utilities, the revenue and the signature).
 */
function lazyOutcome(
  p: PackedPolynomial,
  rebuildUtilities: () => Float64Array,
  parts: Pick<Equilibrium, "delta" | "utilities" | "revenue" | "direct" | "signature"> & {
    readonly alpha0: number;
    readonly choice: Exclude<GeneralistChoice, "out">;
  },
): Equilibrium {
  let alphas: (number | null)[] | undefined;
  let regimes: Regime[] | undefined;
  const { delta, alpha0 } = parts;
  // each specialist's regime code, from the same numbers as the equilibrium (no array kept per δ)
  const codeOf = (i: number): number => {
    const x = contributionAt(p, i, delta);
    if (!(alpha0 >= thresholdAt(p, i, x, costAt(p, i, x), delta))) return ABSTAINER;
    return x > 0 ? CONTRIBUTOR : FREE_RIDER;
  };
  // the keys in agreementOutcome's order, so that serialised outcomes read the same
  return {
    delta,
    alpha0,
    get alphas(): readonly (number | null)[] {
      if (alphas === undefined) {
        alphas = new Array(p.ns);
        for (let i = 0; i < p.ns; i++)
          alphas[i] = codeOf(i) === ABSTAINER ? null : alpha0 + contributionAt(p, i, delta);
      }
      return alphas;
    },
    utilities: parts.utilities,
    get regimes(): readonly Regime[] {
      if (regimes === undefined) {
        regimes = new Array(p.ns);
        for (let i = 0; i < p.ns; i++) regimes[i] = REGIMES[codeOf(i)]!;
      }
      return regimes;
    },
    revenue: parts.revenue,
    direct: parts.direct,
    method: "polynomial",
    choice: parts.choice,
    agreement: true,
    signature: parts.signature,
    // G holding a specialist at its threshold chose among several local maxima of its utility (one
    // at each threshold it could hold): another may overtake it inside a cell and give way again,
    // a window of another structure that equal signatures at the cell's ends do not show; the
    // bargaining solver checks the cells beside such an outcome (../bargaining/monotone.ts)
    multimodal: parts.choice === "threshold",
    rebuildUtilities,
  };
}
