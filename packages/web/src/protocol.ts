/** Messages between the pages and the compute worker (structured-clone friendly). */
import type { CollaborationScenario, FineTuningScenario, MarketScenario, OpennessScenario } from "@ftg/core";
import type { OpennessGrid } from "./compute.js";

/** A job for the worker. */
export type Job =
  | { readonly kind: "fine-tuning"; readonly scenario: FineTuningScenario; readonly delta: number }
  | { readonly kind: "fine-tuning-at"; readonly scenario: FineTuningScenario; readonly delta: number }
  | { readonly kind: "openness"; readonly scenario: OpennessScenario; readonly grid: OpennessGrid }
  | { readonly kind: "market"; readonly scenario: MarketScenario }
  | { readonly kind: "collaboration"; readonly scenario: CollaborationScenario };

export interface Request {
  readonly id: number;
  readonly job: Job;
}

/** The worker's answer: the value, or the solver's error as one line; `ms` is the compute time. */
export type Response =
  | { readonly id: number; readonly ok: true; readonly value: unknown; readonly ms: number }
  | { readonly id: number; readonly ok: false; readonly error: string; readonly ms: number };
