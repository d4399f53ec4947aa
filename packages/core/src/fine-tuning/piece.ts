/**
 * The decisive players' utilities and the revenue along one piece of structure, in closed form
 * (BargainingProblem.piece), for the polynomial path with linear revenues.
 *
 * Between two evaluated δ of one structure (agreement, every specialist's regime, G's kind of
 * choice and the item it invests to) the active set A is fixed, and so is how G chooses α0:
 * 0, the threshold t_j(δ) of item j, or the interior maximiser α*(δ) = (S(δ)/(k0·c0))^{1/(k0−1)}
 * with S(δ) = δ·S_A + S_D (S_A the active specialists' revenue slopes, S_D the direct channel's if
 * active). Each active specialist contributes x_i(δ) = ((1 − δ)·s_i/(k_i·c_i))^{1/(k_i−1)} =
 * (1 − δ)^{1/(k_i−1)}·K_i, so Σ_A s_i·x_i(δ) = Σ over the distinct exponents k of
 * (1 − δ)^{1/(k−1)}·Σ_{A, k_i = k} s_i·K_i: a handful of terms. Then
 * - G: S(δ)·α0 + δ·Σ_A s_i·x_i + C_D − F0 − c0·α0^k0 (C_D the direct channel's constant, its
 *   profit less s_D·α0);
 * - a decisive specialist: (1 − δ)·s_i·(α0 + x_i) − F_i − c_i·x_i^k_i when active (its outside
 *   option exactly when G invests to its threshold), else its outside option;
 * - the revenue: (S_A + S_D)·α0 + Σ_A s_i·x_i + s_D·x_D.
 * O(n) once per piece, then O(decisive players + exponents) per δ instead of an O(n) equilibrium
 * with a sort. The sums are taken in another order than the equilibrium's, so the numbers agree with
 * it to round-off only: the bargaining solver uses them to locate maxima (../bargaining/peaks.ts),
 * evaluates the equilibrium where they put one, and falls back to equilibria where the two differ.
 */
import type { Equilibrium } from "./equilibrium.js";
import type { FineTuningGame } from "./model.js";
import { type GeneralistChoice, signatureItem } from "./outcome.js";
import { type PackedPolynomial, packPolynomial } from "./packed.js";
import { contributionAt, costAt, pow, thresholdAt, utilityAt } from "./polynomialChoice.js";

/** Distinct cost exponents among the active specialists beyond which no closed form is offered. */
const MAX_EXPONENTS = 8;

/** G's choice at an evaluated δ, as the piece needs it. */
export interface PieceEnd {
  readonly alpha0: number;
  readonly choice: GeneralistChoice;
  /** The item G invests to at a threshold choice (−1 otherwise). */
  readonly item: number;
  /** The equilibrium's signature (its structure). */
  readonly signature: string;
  /** Whether the direct channel is active. */
  readonly direct: boolean;
}

/**
 * The piece's values at δ written into `into`: the utilities of the players asked for (indices,
 * G = 0; the decisive ones, or every player) in order, then the revenue.
 */
export type PieceValues = (delta: number, into: Float64Array) => void;

/**
 * The closed form along the piece whose structure is that of the equilibrium at `lo` (choice
 * `end`); null when the game is not of the kind it covers (see the module's header).
 */
export function pieceValues(
  game: FineTuningGame,
  decisive: readonly number[],
  end: PieceEnd,
  lo: number,
): PieceValues | null {
  const p = packPolynomial(game);
  if (p === null || !p.exactRevenue || end.choice === "out") return null;
  const { c: c0, k: k0, fixed: f0 } = game.generalist.cost.polynomial!;
  if (!(c0 > 0 && k0 > 1)) return null;
  const { ns, slope } = p;
  const active = new Uint8Array(ns);
  const exponents: number[] = [];
  const weights: number[] = [];
  let SA = 0;
  for (let i = 0; i < ns; i++) {
    const x = contributionAt(p, i, lo);
    // active as the equilibrium at lo decided it
    if (!(end.alpha0 >= thresholdAt(p, i, x, costAt(p, i, x), lo))) continue;
    const k = p.k[i]!;
    const s = slope[i]!;
    if (!(k > 1 && s >= 0 && p.c[i]! > 0)) return null;
    active[i] = 1;
    SA += s;
    let e = exponents.indexOf(k);
    if (e < 0) {
      if (exponents.length === MAX_EXPONENTS) return null;
      e = exponents.push(k) - 1;
      weights.push(0);
    }
    weights[e] = weights[e]! + s * pow(s / (k * p.c[i]!), 1 / (k - 1));
  }
  let SD = 0;
  let CD = 0;
  let XD = 0;
  if (end.direct) {
    if (ns === p.n) return null;
    XD = contributionAt(p, ns, 0);
    SD = slope[ns]!;
    CD = SD * XD - (p.fixed[ns]! + costAt(p, ns, XD));
  }
  const j = end.item;
  if (end.choice === "threshold" && !(j >= 0 && j < ns)) return null;
  const kinds = exponents.map((k) => 1 / (k - 1));
  const dec = Int32Array.from(decisive);
  const m = dec.length;
  return (delta, into) => {
    let X = 0;
    for (let e = 0; e < kinds.length; e++) X += pow(1 - delta, kinds[e]!) * weights[e]!;
    const S = delta * SA + SD;
    let a = 0;
    if (end.choice === "interior") a = S > 0 ? pow(S / (k0 * c0), 1 / (k0 - 1)) : 0;
    else if (end.choice === "threshold") a = threshold(p, j, delta);
    for (let q = 0; q < m; q++) {
      const player = dec[q]!;
      if (player === 0) {
        into[q] = S * a + (delta * X + CD - f0) - c0 * pow(a, k0);
        continue;
      }
      const i = player - 1;
      if (active[i] === 0) {
        into[q] = p.disagreement[i]!;
        continue;
      }
      const x = contributionAt(p, i, delta);
      const cost = costAt(p, i, x);
      into[q] =
        end.choice === "threshold" && thresholdAt(p, i, x, cost, delta) === a
          ? p.disagreement[i]!
          : utilityAt(p, i, a + x, cost, delta);
    }
    into[m] = (SA + SD) * a + X + SD * XD;
  };
}

/**
 * G's choice at every δ evaluated (null where no bargain forms), for the structure proofs
 * (./cellStructure.ts) and the closed forms along a piece.
 */
export class ChoicesMade {
  private readonly ends = new Map<number, PieceEnd | null>();
  /**
   * The closed forms made, by signature: every δ of one structure gives the same one (the active
   * set, G's kind of choice and its item), and a piece's cells share it, one bracket per player.
   */
  private readonly made = new Map<string, PieceValues | null>();
  /** The same for every player. */
  private readonly madeAll = new Map<string, PieceValues | null>();
  /** Every player's index (G, then the specialists), once asked for. */
  private all: number[] | null = null;
  /** With `decisive` null no closed form is offered. */
  constructor(
    private readonly game: FineTuningGame,
    private readonly decisive: readonly number[] | null,
  ) {}
  /** Keeps G's choice in the equilibrium `e` (at e.delta). */
  note(e: Equilibrium): void {
    if (!e.agreement || e.alpha0 === null) {
      this.ends.set(e.delta, null);
      return;
    }
    const signature = e.signature ?? "";
    const item = signatureItem(signature);
    this.ends.set(e.delta, {
      alpha0: e.alpha0,
      choice: e.choice,
      item,
      direct: e.direct !== null,
      signature,
    });
  }
  /** G's choice at an evaluated δ (undefined when not evaluated). */
  end(delta: number): PieceEnd | null | undefined {
    return this.ends.get(delta);
  }
  /** The closed form along the piece whose structure is that at `lo`, an evaluated δ (null: none). */
  piece(lo: number): PieceValues | null {
    return this.decisive === null ? null : this.closedForm(this.made, this.decisive, lo);
  }
  /** The same for every player (G, then the specialists): O(n) a δ, but no sort and one pass. */
  pieceAll(lo: number): PieceValues | null {
    if (this.decisive === null) return null;
    const all = this.all ?? Array.from({ length: this.game.specialists.length + 1 }, (_, q) => q);
    this.all = all;
    return this.closedForm(this.madeAll, all, lo);
  }
  /** The closed form for `players` along the piece at `lo`, made once per structure. */
  private closedForm(
    cache: Map<string, PieceValues | null>,
    players: readonly number[],
    lo: number,
  ): PieceValues | null {
    const end = this.ends.get(lo);
    if (end == null || end.signature === "") return null;
    let values = cache.get(end.signature);
    if (values === undefined) {
      values = pieceValues(this.game, players, end, lo);
      cache.set(end.signature, values);
    }
    return values;
  }
}

/** Item i's threshold at δ, as the equilibrium computes it. */
function threshold(p: PackedPolynomial, i: number, delta: number): number {
  const x = contributionAt(p, i, delta);
  return thresholdAt(p, i, x, costAt(p, i, x), delta);
}
