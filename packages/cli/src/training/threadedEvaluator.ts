/**
 * Target evaluation on two threads for real-data runs (`collab-train`, `reproduce --real`).
 *
 * Conventions: the learners of @ftg/ml ask for target logits synchronously, once per quality
 * check (and, for logistic regression, once per line-search direction); runs spend most of their
 * time there. This evaluator keeps the second half of
 * the target's images in a worker thread; for each request the main thread puts the parameters
 * in shared memory, wakes the worker, computes the first half itself and blocks (Atomics.wait)
 * until the worker has written the second half. Each logit is a fixed-order function of its own
 * image (in both kernels, lenet5.ts and logistic.ts), so the split changes no bit of any result:
 * runs are identical with one thread or two, on any machine (tested).
 */
import { createModel, createRng, type Examples, type ModelKind, type TargetEvaluator } from "@ftg/ml";
import { startWorker } from "../workers.js";
import { DONE, type EvaluatorWorkerData, FAILED, IDLE, STOP, WORK } from "./evaluatorProtocol.js";

/** A two-thread {@link TargetEvaluator}; `close` stops its worker. */
export interface ThreadedEvaluator extends TargetEvaluator {
  close(): Promise<void>;
}

/**
 * Longest wait for the worker's half, in milliseconds, before the run stops with an error (a half
 * takes well under a second; the margin covers a heavily loaded machine).
 */
const TIMEOUT_MS = 120_000;

/**
 * Starts the worker (resolves once it is ready) for evaluating models of `kind` on `target`.
 *
 * @example
 * ```ts
 * // fashionMnist: the images `await loadFashionMnist()` returns (from "@ftg/ml/node")
 * const sets = buildFirmData(fashionMnist);
 * const evaluator = await createThreadedEvaluator("logistic", sets.target);
 * const model = createLogisticRegression();
 * // prepareFirms(sets, { evaluator }) evaluates every firm's model this way
 * evaluate(model, sets.target, evaluator).meanLoss === evaluate(model, sets.target).meanLoss // true — the same as on one thread
 * await evaluator.close();
 * ```
 */
export async function createThreadedEvaluator(kind: ModelKind, target: Examples): Promise<ThreadedEvaluator> {
  const model = createModel(kind, target, createRng(0));
  const classes = model.classes;
  const count = target.count;
  const dim = target.dim;
  const split = Math.ceil(count / 2);
  const rest = count - split;
  const control = new Int32Array(new SharedArrayBuffer(4));
  const params = new Float64Array(new SharedArrayBuffer(8 * model.params.length));
  const x = new Float32Array(new SharedArrayBuffer(4 * Math.max(1, rest * dim)));
  x.set(target.x.subarray(split * dim, count * dim));
  const out = new Float64Array(new SharedArrayBuffer(8 * Math.max(1, rest * classes)));
  const workerData: EvaluatorWorkerData = {
    kind,
    rows: target.rows,
    cols: target.cols,
    count: rest,
    control,
    params,
    x,
    out,
  };
  const worker = startWorker(import.meta.url, "./evaluatorWorker", workerData);
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`target evaluation thread exited (code ${code})`)));
  });
  worker.removeAllListeners();
  worker.unref();
  return {
    logits(at: Float64Array, dst: Float64Array): void {
      params.set(at);
      Atomics.store(control, 0, WORK);
      Atomics.notify(control, 0);
      model.params.set(at);
      model.logitsMany(target.x, split, dst);
      for (;;) {
        const state = Atomics.load(control, 0);
        if (state === DONE) break;
        if (state === FAILED) throw new Error("target evaluation thread failed");
        if (Atomics.wait(control, 0, state, TIMEOUT_MS) === "timed-out") {
          throw new Error(`target evaluation thread did not answer within ${TIMEOUT_MS} ms`);
        }
      }
      dst.set(out.subarray(0, rest * classes), split * classes);
      Atomics.store(control, 0, IDLE);
    },
    async close(): Promise<void> {
      Atomics.store(control, 0, STOP);
      Atomics.notify(control, 0);
      await worker.terminate();
    },
  };
}
