/**
 * The fine-tuning game (Laufer, Kleinberg, Heidari, "Fine-tuning Games").
 *
 * Conventions:
 * - Players: the generalist G (index 0 in utility vectors) and specialists D1…Dn (indices 1…n).
 * - Order of moves: (1) all bargain over one revenue share δ ∈ [0, 1]; (2) G invests to
 *   performance α0 ≥ 0 at cost φ0(α0), or stays out; (3) each specialist i, seeing α0, either
 *   abstains (payoff d_i) or participates with performance α_i ≥ α0 at cost φ_i(α_i; α0)
 *   (α_i = α0 is free-riding).
 * - Payoffs: U_G = Σ_{participants} δ·r_i(α_i) − φ0(α0); U_Di = (1 − δ)·r_i(α_i) − φ_i(α_i; α0).
 * - Equilibrium: subgame-perfect, by backward induction. Ties are broken towards participation
 *   (a specialist indifferent between abstaining and participating participates; G indifferent
 *   between entering and staying out enters), the convention under which the paper's
 *   Proposition 3.2 (δ = 1 for c1 ≥ c0, where D free-rides with utility exactly 0) holds.
 *   Among equally good investments the smaller is chosen.
 * - Disagreement: if G stays out, every player i gets d_i (d_0 for G).
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Sections 2–4
 */
import { InputError } from "../inputError.js";
import type { GeneralistCost, Revenue, SpecialistCost } from "./functions.js";

/**
 * A domain the generalist serves itself (Section 4: "a specialist in vertical monopoly with G"):
 * G chooses its performance a ≥ α0 there, keeps all of its revenue whatever δ is, and bears its
 * fine-tuning cost. It is not a party to the bargain.
 */
export interface DirectChannel {
  readonly cost: SpecialistCost;
  readonly revenue: Revenue;
}

export interface Generalist {
  readonly cost: GeneralistCost;
  /** d0, G's payoff if no bargain forms. Default 0 (with a direct channel: what it earns from it alone). */
  readonly disagreement: number;
  /** Optional direct sales to consumers. */
  readonly direct?: DirectChannel;
}

export interface Specialist {
  readonly name: string;
  readonly cost: SpecialistCost;
  readonly revenue: Revenue;
  /** d_i, the specialist's payoff when it abstains. Default 0. */
  readonly disagreement: number;
}

export interface FineTuningGame {
  readonly generalist: Generalist;
  readonly specialists: readonly Specialist[];
}

/** A specialist's regime at an equilibrium (Defs 4.1–4.3). */
export type Regime = "contributor" | "free-rider" | "abstainer";

/** Thrown when a player's utility has no maximum (e.g. revenue grows faster than cost). */
export class UnboundedUtilityError extends InputError {
  override readonly name = "UnboundedUtilityError";
}

/** Thrown when a cost or revenue is not a finite number where the solver needs it. */
export class NonFiniteError extends InputError {
  override readonly name = "NonFiniteError";
}

/** True when every function has the closed-form structure of Section 3 (with fixed costs). */
export function isPolynomialGame(game: FineTuningGame): boolean {
  const d = game.generalist.direct;
  return (
    game.generalist.cost.polynomial !== undefined &&
    (d === undefined || (d.cost.polynomial !== undefined && d.revenue.linear !== undefined)) &&
    game.specialists.every((s) => s.cost.polynomial !== undefined && s.revenue.linear !== undefined)
  );
}

/** Player names, G first. */
export function playerNames(game: FineTuningGame): string[] {
  return ["G", ...game.specialists.map((s) => s.name)];
}
