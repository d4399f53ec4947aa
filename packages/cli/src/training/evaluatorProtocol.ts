/** The shared-memory protocol between {@link createThreadedEvaluator} and its worker. */
import type { ModelKind } from "@ftg/ml";

/** States of the control word: the main thread writes WORK and STOP, the worker DONE and FAILED. */
export const IDLE = 0;
export const WORK = 1;
export const DONE = 2;
export const STOP = 3;
export const FAILED = 4;

/** What the worker receives: the model kind, its images and the shared buffers. */
export interface EvaluatorWorkerData {
  readonly kind: ModelKind;
  readonly rows: number;
  readonly cols: number;
  /** Images the worker evaluates. */
  readonly count: number;
  readonly control: Int32Array;
  readonly params: Float64Array;
  readonly x: Float32Array;
  readonly out: Float64Array;
}
