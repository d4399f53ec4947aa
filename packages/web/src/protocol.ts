/**
 * Messages between the pages and the workers (structured-clone friendly). A job's `kind`
 * determines its answer's type ({@link Answers}): `compute(channel, job)` of a
 * `{ kind: "market" }` job resolves with a {@link MarketView}, and so on.
 */
import type {
  CollaborationScenario,
  FineTuningScenario,
  MarketScenario,
  OpennessScenario,
  Report,
  Table,
} from "@ftg/core";
import type {
  CollaborationView,
  EquilibriumView,
  FineTuningView,
  MarketView,
  OpennessGrid,
  OpennessView,
} from "./compute.js";

/** The jobs of the explorer's pages, by kind. */
export interface Jobs {
  "fine-tuning": {
    readonly kind: "fine-tuning";
    readonly scenario: FineTuningScenario;
    readonly delta: number;
  };
  "fine-tuning-at": {
    readonly kind: "fine-tuning-at";
    readonly scenario: FineTuningScenario;
    readonly delta: number;
  };
  openness: { readonly kind: "openness"; readonly scenario: OpennessScenario; readonly grid: OpennessGrid };
  /**
   * The map at each size of `sizes` (cells per axis, ascending) over θ ∈ [0, 1] × p ∈ [0, pMax]:
   * every map but the last comes as a partial answer (`partial: true`), the last as the answer.
   */
  "openness-progressive": {
    readonly kind: "openness-progressive";
    readonly scenario: OpennessScenario;
    readonly pMax: number;
    readonly sizes: readonly number[];
  };
  market: { readonly kind: "market"; readonly scenario: MarketScenario };
  collaboration: { readonly kind: "collaboration"; readonly scenario: CollaborationScenario };
  /**
   * Any model of the core's registry, by the scenario's `"model"` field (as `ftg solve` reads a
   * file): validated, built and solved by the model object, answered as {@link ModelAnswer}.
   */
  model: { readonly kind: "model"; readonly scenario: unknown; readonly certify?: boolean };
}

/** What a registered model answers: its id and its own JSON, report and CSV of the result. */
export interface ModelAnswer {
  readonly model: string;
  readonly json: unknown;
  readonly report: Report;
  readonly csv: Table;
  readonly warnings: readonly string[];
}

/** The answer to each kind of job. */
export interface Answers {
  "fine-tuning": FineTuningView;
  "fine-tuning-at": EquilibriumView;
  openness: OpennessView;
  "openness-progressive": OpennessView;
  market: MarketView;
  collaboration: CollaborationView;
  model: ModelAnswer;
}

export type JobKind = keyof Jobs;

/** A job for the worker (of one kind `K`, or any). */
export type Job<K extends JobKind = JobKind> = Jobs[K];

export interface Request<K extends JobKind = JobKind> {
  readonly id: number;
  readonly job: Job<K>;
}

/**
 * The worker's answer: the value, or the solver's error as one line; `ms` is the compute time.
 * A progressive job's earlier answers come first with `partial: true`.
 */
export type Response<K extends JobKind = JobKind> =
  | {
      readonly id: number;
      readonly ok: true;
      readonly value: Answers[K];
      readonly ms: number;
      readonly partial?: boolean;
    }
  | { readonly id: number; readonly ok: false; readonly error: string; readonly ms: number };

/** A Vega-Lite specification (without its data) for the figure worker to compile. */
export interface CompileRequest {
  readonly id: number;
  readonly spec: unknown;
}

/** The compiled Vega specification, or the compiler's error as one line. */
export type CompileResponse =
  | { readonly id: number; readonly ok: true; readonly spec: object }
  | { readonly id: number; readonly ok: false; readonly error: string };
