/**
 * Stages 3 and (for a given openness ω) 2 of the openness game, in closed form: D's best
 * response α1* = α0 + s(ω)/(2c(ω)) with its participation decision, and — when α0 is endogenous —
 * G's best α0 for that ω. The result is G's payoff before any penalty, the quantity stage 2
 * maximises over ω.
 *
 * Conventions: see ./model.ts. D participates iff its optimum U_D* = s·α0 + s²/(4c) − f_D ≥ 0.
 * With endogenous α0, G may raise α0 to the smallest level that keeps D in (U_D* is increasing
 * in α0), or let D abstain; it takes whichever pays more (participation on ties).
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193), "Useful facts"
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Theorem 3.1 (the reduction at ω = 0)
 */
import { bisectPredicate } from "../numerics/roots.js";
import type { OpennessGame } from "./model.js";

/**
 * Width (ω units) to which D's participation threshold is bisected: the payoff jumps there, so the
 * threshold is located to near round-off (~45 halvings of [0, 1]).
 */
const PARTICIPATION_TOLERANCE = 1e-13;

/** Everything that happens after G chooses ω (given δ), before any penalty. */
export interface OpennessOutcome {
  readonly omega: number;
  /** α0: the given baseline, or G's choice when endogenous. */
  readonly alpha0: number;
  /** D's fine-tuned performance; null when D abstains. */
  readonly alpha1: number | null;
  /** G's payoff before the penalty. */
  readonly uG: number;
  /** D's payoff (0 when D abstains). */
  readonly uD: number;
  readonly dParticipates: boolean;
}

/** D's share s(ω) = 1 − δ(1 − ω). */
export function opennessShare(game: OpennessGame, omega: number): number {
  return 1 - game.delta * (1 - omega);
}

/** D's cost scale c(ω) = c_D(1 − λω). */
export function opennessCost(game: OpennessGame, omega: number): number {
  return game.params.cD * (1 - game.params.lambda * omega);
}

/**
 * The outcome of stages 2 (α0 only) and 3 at openness ω.
 * @example
 * const g = resolveOpennessGame({ alpha0: 0.3, delta: 0.5 }, 0.5);
 * opennessOutcomeAt(g, 0).alpha1 // 0.55 — α0 + δ/2 = 0.3 + 0.5/2
 */
export function opennessOutcomeAt(game: OpennessGame, omega: number): OpennessOutcome {
  const { epsilon, kappa, cG, fD, reputation } = game.params;
  const mult = reputation === "multiplicative";
  const d = game.delta;
  const s = 1 - d * (1 - omega);
  const c = opennessCost(game, omega);
  const weight = d * (1 - omega) + (mult ? epsilon * omega : 0); // G's payoff per unit of α1
  const additive = mult ? 0 : epsilon * omega;
  const operation = kappa * omega * omega;
  const lift = s / (2 * c); // α1* − α0
  const surplus = (s * s) / (4 * c); // D's payoff beyond s·α0
  if (game.alpha0 !== null) {
    const a0 = game.alpha0;
    const uD = s * a0 + surplus - fD;
    const p = game.params;
    const uG = exogenousPayoffG(d, a0, mult, epsilon, kappa, cG, fD, p.cD, p.lambda, omega);
    if (uD >= 0) return { omega, alpha0: a0, alpha1: a0 + lift, uG, uD, dParticipates: true };
    return { omega, alpha0: a0, alpha1: null, uG, uD: 0, dParticipates: false };
  }
  // Endogenous α0 (c_G > 0 is validated upstream): unconstrained optimum weight/(2c_G), raised to
  // the participation floor when D would otherwise stay out.
  let floor = 0;
  let feasible = true;
  if (fD > 0) {
    if (s > 0) floor = Math.max(0, (fD - surplus) / s);
    else feasible = false; // s = 0: D earns nothing and cannot cover f_D
  }
  const a0n = mult ? (epsilon * omega) / (2 * cG) : 0;
  const uGout = (mult ? epsilon * omega * a0n : additive) - operation - cG * a0n * a0n;
  if (feasible) {
    const a0 = Math.max(weight / (2 * cG), floor);
    const a1 = a0 + lift;
    const uG = weight * a1 + additive - operation - cG * a0 * a0;
    if (uG >= uGout) {
      // at the floor U_D is 0 up to round-off; clamp so that a participant never shows U_D < 0
      return {
        omega,
        alpha0: a0,
        alpha1: a1,
        uG,
        uD: Math.max(0, s * a0 + surplus - fD),
        dParticipates: true,
      };
    }
  }
  return { omega, alpha0: a0n, alpha1: null, uG: uGout, uD: 0, dParticipates: false };
}

/**
 * G's payoff before the penalty at ω with α0 given: {@link opennessOutcomeAt}'s `uG`, in plain
 * numbers (small enough to be inlined into stage 2's searches, which evaluate it millions of
 * times). D participates iff its optimum s·α0 + s²/(4c) − f_D ≥ 0; G earns on α1 only then.
 */
function exogenousPayoffG(
  d: number,
  a0: number,
  mult: boolean,
  epsilon: number,
  kappa: number,
  cG: number,
  fD: number,
  cD: number,
  lambda: number,
  omega: number,
): number {
  const s = 1 - d * (1 - omega);
  const c = cD * (1 - lambda * omega);
  const weight = d * (1 - omega) + (mult ? epsilon * omega : 0); // G's payoff per unit of α1
  const additive = mult ? 0 : epsilon * omega;
  const operation = kappa * omega * omega;
  const production = cG * a0 * a0;
  if (s * a0 + (s * s) / (4 * c) - fD >= 0)
    return weight * (a0 + s / (2 * c)) + additive - operation - production;
  const reputationAlone = mult ? epsilon * omega * a0 : additive;
  return reputationAlone - operation - production;
}

/**
 * G's payoff before the penalty, V(ω) = `opennessOutcomeAt(game, ω).uG` bit for bit, for one game
 * evaluated at many ω (stage 2's searches): the parameters are read once, and with α0 given V is
 * computed without building the outcome.
 * @example
 * const v = new OpennessPayoff(resolveOpennessGame({ alpha0: 0.3, delta: 0.5 }, 0.5));
 * v.at(0) // 0.275 — δ·α1 = 0.5 · 0.55
 */
export class OpennessPayoff {
  private readonly d: number;
  private readonly a0: number | null;
  private readonly mult: boolean;
  private readonly epsilon: number;
  private readonly kappa: number;
  private readonly cG: number;
  private readonly fD: number;
  private readonly cD: number;
  private readonly lambda: number;

  constructor(private readonly game: OpennessGame) {
    const p = game.params;
    this.d = game.delta;
    this.a0 = game.alpha0;
    this.mult = p.reputation === "multiplicative";
    this.epsilon = p.epsilon;
    this.kappa = p.kappa;
    this.cG = p.cG;
    this.fD = p.fD;
    this.cD = p.cD;
    this.lambda = p.lambda;
  }

  /** V(ω). */
  at(omega: number): number {
    const a0 = this.a0;
    if (a0 === null) return opennessOutcomeAt(this.game, omega).uG;
    return exogenousPayoffG(
      this.d,
      a0,
      this.mult,
      this.epsilon,
      this.kappa,
      this.cG,
      this.fD,
      this.cD,
      this.lambda,
      omega,
    );
  }
}

/**
 * Residual of D's first-order condition s − 2c(α1 − α0) at the reported α1 (0 when D abstains):
 * part of every answer's certificate.
 */
export function opennessStage3Residual(game: OpennessGame, o: OpennessOutcome): number {
  if (o.alpha1 === null) return 0;
  return opennessShare(game, o.omega) - 2 * opennessCost(game, o.omega) * (o.alpha1 - o.alpha0);
}

/**
 * The openness at which D starts to participate (exogenous α0 with f_D > 0): U_D* is increasing
 * in ω, so participation is an upper set [ω_D, 1]. Returns 0 when D always participates and null
 * when it never does. Located by bisection to `xTol` (the first participating ω is returned, so
 * that evaluating there gives the participating branch).
 */
export function opennessParticipationThreshold(
  game: OpennessGame,
  xTol = PARTICIPATION_TOLERANCE,
): { readonly first: number; readonly lastOut: number } | null {
  const participates = (w: number): boolean => opennessOutcomeAt(game, w).dParticipates;
  if (participates(0)) return { first: 0, lastOut: 0 };
  if (!participates(1)) return null;
  // participation is an upper set: bisection on [0, 1] halves the bracket to xTol in ~45 steps
  const b = bisectPredicate(participates, 0, 1, { xTol });
  return { first: b.outside, lastOut: b.inside };
}
