/**
 * The openness-regulation model: types, defaults and the resolved form used by the solvers.
 *
 * Conventions (our specification, consistent with the stated findings of Qiu, Laufer, Kleinberg &
 * Heidari, "Modeling the Economic Impacts of AI Openness Regulation", NeurIPS 2025 — not the
 * paper's own equations, which we do not have):
 * - Players: the generalist G (player 0) and the specialist D (player 1); a regulator fixes an
 *   open-source threshold θ ∈ [0, 1] and a penalty p ≥ 0 beforehand (no regulation: p = 0).
 * - Order of moves: (1) the revenue share δ is fixed ("fixed mode") or bargained over the
 *   subgame-perfect payoffs of stages 2–3 ("bargaining mode", disagreement (0, 0)); (2) G picks
 *   openness ω ∈ [0, 1] (and α0 when α0 is endogenous) or abstains (both get 0); (3) D picks
 *   α1 ≥ α0 or abstains.
 * - Payoffs with r(α1) = α1, s(ω) = 1 − δ(1 − ω), c(ω) = c_D(1 − λω):
 *   U_D = s(ω)·α1 − c(ω)(α1 − α0)² − f_D,
 *   U_G = δ(1 − ω)·α1 + ε·ω (or ε·ω·α1, "multiplicative") − κω² − c_G·α0² − penalty(ω),
 *   penalty = p·1[ω < θ] ("fixed") or p·(θ − ω)⁺ ("proportional").
 * - When D abstains there is no fine-tuned product: G earns no licensing revenue and keeps its
 *   stage-2 costs and reputation (ε·ω, or ε·ω·α0 when multiplicative). This is our choice for a
 *   case the summary does not discuss; it only arises with f_D > 0.
 * - Ties: D participates when indifferent; G participates when indifferent, complies when
 *   complying is worth at least ignoring the rule, and prefers the smaller ω among equal payoffs.
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193) (our specification)
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Sections 2–3 (the base game)
 */
import type { SolutionId } from "../bargaining/problem.js";

/** Form of the penalty for openness below the threshold. */
export type PenaltyForm = "fixed" | "proportional";

/** How openness earns G reputation: ε·ω ("additive") or ε·ω·α1 ("multiplicative"). */
export type ReputationForm = "additive" | "multiplicative";

/** The regulator's rule. */
export interface Regulation {
  /** Open-source threshold θ ∈ [0, 1]. */
  readonly threshold: number;
  /** Penalty p ≥ 0 (0 = no regulation). */
  readonly penalty: number;
  /** Default "fixed": p·1[ω < θ]; "proportional": p·(θ − ω)⁺. */
  readonly form?: PenaltyForm;
}

/** Cost and benefit parameters; every field defaults as in the specification. */
export interface OpennessParams {
  /** D's fine-tuning cost scale c_D > 0. Default 1. */
  readonly cD: number;
  /** How much openness cuts D's cost, λ ∈ [0, 1). Default 0.5. */
  readonly lambda: number;
  /** Reputational benefit of openness ε ≥ 0. Default 0.2. */
  readonly epsilon: number;
  /** Operation cost of open artefacts κ ≥ 0. Default 0.2. */
  readonly kappa: number;
  /** G's production cost c_G ≥ 0 (must be > 0 when α0 is endogenous). Default 0. */
  readonly cG: number;
  /** D's fixed entry cost f_D ≥ 0. Default 0. */
  readonly fD: number;
  /** Default "additive". */
  readonly reputation: ReputationForm;
}

/** The defaults of the specification. */
export const DEFAULT_OPENNESS_PARAMS: OpennessParams = Object.freeze({
  cD: 1,
  lambda: 0.5,
  epsilon: 0.2,
  kappa: 0.2,
  cG: 0,
  fD: 0,
  reputation: "additive",
});

/** Default revenue share in fixed mode. */
export const DEFAULT_OPENNESS_DELTA = 0.5;

/** How δ is determined. */
export type OpennessDeltaSpec = number | { readonly bargaining: SolutionId };

/** An openness-regulation scenario. */
export interface OpennessModel {
  /** Baseline performance α0 ≥ 0, or "endogenous" (G chooses it at cost c_G·α0²). */
  readonly alpha0: number | "endogenous";
  /** Fixed δ ∈ [0, 1] or a bargaining solution. Default 0.5. */
  readonly delta?: OpennessDeltaSpec;
  /** Default: no regulation (p = 0). */
  readonly regulation?: Regulation;
  readonly params?: Partial<OpennessParams>;
}

/** The stage-2/3 game at one δ, every default filled in. */
export interface OpennessGame {
  /** null = endogenous. */
  readonly alpha0: number | null;
  readonly delta: number;
  readonly threshold: number;
  readonly penalty: number;
  readonly form: PenaltyForm;
  readonly params: OpennessParams;
}

/** Fills in defaults; `delta` is the fixed share (bargaining mode passes each δ explicitly). */
export function resolveOpennessGame(model: OpennessModel, delta: number): OpennessGame {
  const reg = model.regulation;
  return {
    alpha0: model.alpha0 === "endogenous" ? null : model.alpha0,
    delta,
    threshold: reg?.threshold ?? 0,
    penalty: reg?.penalty ?? 0,
    form: reg?.form ?? "fixed",
    params: { ...DEFAULT_OPENNESS_PARAMS, ...model.params },
  };
}

/** The same game without regulation. */
export function withoutRegulation(game: OpennessGame): OpennessGame {
  return { ...game, threshold: 0, penalty: 0 };
}

/**
 * The inputs a solver cannot use, each naming the field, the value and the expectation (empty
 * when the model is valid). Scenario files are validated by the schema; this guards direct calls.
 * @example
 * opennessModelProblems({ alpha0: Number.NaN }) // ["alpha0: expected a finite number ≥ 0 or \"endogenous\", found NaN"]
 */
export function opennessModelProblems(model: OpennessModel): string[] {
  const out: string[] = [];
  const check = (path: string, v: number | undefined, ok: (x: number) => boolean, expected: string): void => {
    if (v !== undefined && !(Number.isFinite(v) && ok(v)))
      out.push(`${path}: expected ${expected}, found ${v}`);
  };
  if (model.alpha0 !== "endogenous")
    check("alpha0", model.alpha0, (x) => x >= 0, 'a finite number ≥ 0 or "endogenous"');
  if (typeof model.delta === "number")
    check("delta", model.delta, (x) => x >= 0 && x <= 1, "a number in [0, 1]");
  check("regulation.threshold", model.regulation?.threshold, (x) => x >= 0 && x <= 1, "a number in [0, 1]");
  check("regulation.penalty", model.regulation?.penalty, (x) => x >= 0, "a finite number ≥ 0");
  const p = model.params ?? {};
  check("params.cD", p.cD, (x) => x > 0, "a finite number > 0");
  check("params.lambda", p.lambda, (x) => x >= 0 && x < 1, "a number in [0, 1)");
  check("params.epsilon", p.epsilon, (x) => x >= 0, "a finite number ≥ 0");
  check("params.kappa", p.kappa, (x) => x >= 0, "a finite number ≥ 0");
  check("params.cG", p.cG, (x) => x >= 0, "a finite number ≥ 0");
  check("params.fD", p.fD, (x) => x >= 0, "a finite number ≥ 0");
  if (model.alpha0 === "endogenous" && !((p.cG ?? DEFAULT_OPENNESS_PARAMS.cG) > 0)) {
    out.push('params.cG: expected cG > 0 when alpha0 is "endogenous"');
  }
  return out;
}
