/**
 * The players' utilities and the revenue along one piece of structure, in closed form
 * (BargainingProblem.piece and pieceUtilities), for the polynomial path with linear revenues.
 *
 * Between two evaluated δ of one structure (agreement, every specialist's regime, G's kind of
 * choice and the item it invests to) the active set A is fixed, and G's investment α0(δ) follows
 * one closed form (./ideals.ts's investmentOnStretch: 0, the threshold of the item it invests to,
 * or the interior maximiser). Each active specialist contributes x_i(δ) = X_i·(1 − δ)^{1/(k_i−1)}
 * (./cellCurves.ts's contributionFactors), so Σ_A s_i·x_i(δ) is a term per distinct cost exponent.
 * With S(δ) = δ·S_A + S_D (S_A the active specialists' revenue slopes, S_D the direct channel's if
 * active):
 * - G: S(δ)·α0 + δ·Σ_A s_i·x_i + C_D − F0 − c0·α0^k0 (C_D the direct channel's constant, its
 *   profit less s_D·α0);
 * - a specialist: (1 − δ)·s_i·(α0 + x_i) − F_i − c_i·x_i^k_i when active (its outside option
 *   exactly when G invests to its threshold), else its outside option;
 * - the revenue: (S_A + S_D)·α0 + Σ_A s_i·x_i + s_D·x_D.
 * O(n) once per structure, then O(players asked for + exponents) per δ instead of an O(n)
 * equilibrium with a sort. The sums are taken in another order than the equilibrium's, so the
 * numbers agree with it to round-off only: the bargaining solver uses them to locate maxima
 * (../bargaining/peaks.ts, ../bargaining/maximise.ts), evaluates the equilibrium where they put
 * one, and falls back to equilibria where the two differ.
 */
import { contributionFactors } from "./cellCurves.js";
import type { ChoicesMade, MadeChoice } from "./choices.js";
import { investmentOnStretch } from "./ideals.js";
import type { FineTuningGame } from "./model.js";
import { packPolynomial } from "./packed.js";
import { contributionAt, costAt, pow, thresholdAt, utilityAt } from "./polynomialChoice.js";

/**
 * The piece's values at δ written into `into`: the utilities of the players asked for (indices,
 * G = 0; the decisive ones, or every player) in order, then the revenue.
 */
export type PieceValues = (delta: number, into: Float64Array) => void;

/**
 * The closed form along the piece whose structure is that of the equilibrium at `lo` (G's choice
 * `end` there); null when the game is not of the kind it covers (see the module's header).
 */
export function pieceValues(
  game: FineTuningGame,
  players: readonly number[],
  end: Pick<MadeChoice, "alpha0" | "choice">,
  lo: number,
): PieceValues | null {
  const p = packPolynomial(game);
  if (p === null || !p.exactRevenue) return null;
  const { c: c0, k: k0, fixed: f0 } = game.generalist.cost.polynomial!;
  const alphaAt = investmentOnStretch(game, p, { at: lo, alpha0: end.alpha0, choice: end.choice });
  if (alphaAt === null) return null;
  const { ns, n, slope } = p;
  // the active set as the equilibrium at lo decided it, and its sums
  const active = new Uint8Array(ns);
  const { sx, kIndex, ks } = contributionFactors(p);
  const weights = new Float64Array(ks.length);
  let SA = 0;
  for (let i = 0; i < ns; i++) {
    const x = contributionAt(p, i, lo);
    if (!(end.alpha0 >= thresholdAt(p, i, x, costAt(p, i, x), lo))) continue;
    active[i] = 1;
    SA += slope[i]!;
    const e = kIndex[i]!;
    weights[e] = weights[e]! + sx[i]!;
  }
  if (!weights.every(Number.isFinite)) return null;
  let SD = 0;
  let CD = 0;
  let XD = 0;
  if (ns < n) {
    const x = contributionAt(p, ns, 0);
    const cost = costAt(p, ns, x);
    if (end.alpha0 >= thresholdAt(p, ns, x, cost, 0)) {
      XD = x;
      SD = slope[ns]!;
      CD = SD * XD - (p.fixed[ns]! + cost);
    }
  }
  const kinds = ks.map((k) => 1 / (k - 1));
  const list = Int32Array.from(players);
  const m = list.length;
  const atThreshold = end.choice === "threshold";
  return (delta, into) => {
    let X = 0;
    for (let e = 0; e < kinds.length; e++) X += pow(1 - delta, kinds[e]!) * weights[e]!;
    const S = delta * SA + SD;
    const a = alphaAt(delta);
    for (let q = 0; q < m; q++) {
      const player = list[q]!;
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
        atThreshold && thresholdAt(p, i, x, cost, delta) === a
          ? p.disagreement[i]!
          : utilityAt(p, i, a + x, cost, delta);
    }
    into[m] = (SA + SD) * a + X + SD * XD;
  };
}

/**
 * The closed forms along the pieces of a solve, made once per structure (every δ of one structure
 * gives the same one, and a piece's cells share it, one bracket per player): for the decisive
 * players, and for every player.
 */
export class ClosedForms {
  private readonly made = new Map<string, PieceValues | null>();
  private readonly madeAll = new Map<string, PieceValues | null>();
  private everyone: number[] | null = null;
  constructor(
    private readonly game: FineTuningGame,
    private readonly choices: ChoicesMade,
  ) {}
  /** For `players` along the piece whose structure is that at `lo`, an evaluated δ (null: none). */
  of(lo: number, players: readonly number[]): PieceValues | null {
    return this.closedForm(this.made, players, lo);
  }
  /** For every player (G, then the specialists): O(n) a δ, but no sort and one pass. */
  ofAll(lo: number): PieceValues | null {
    this.everyone ??= Array.from({ length: this.game.specialists.length + 1 }, (_, q) => q);
    return this.closedForm(this.madeAll, this.everyone, lo);
  }
  private closedForm(
    cache: Map<string, PieceValues | null>,
    players: readonly number[],
    lo: number,
  ): PieceValues | null {
    const end = this.choices.end(lo);
    if (end == null || end.signature === "") return null;
    let values = cache.get(end.signature);
    if (values === undefined) {
      values = pieceValues(this.game, players, end, lo);
      cache.set(end.signature, values);
    }
    return values;
  }
}
