/**
 * The worker of {@link createThreadedEvaluator}: evaluates its half of the target whenever the
 * control word says WORK, until it says STOP. It blocks in Atomics.wait between requests.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createModel, createRng } from "@ftg/ml";
import { DONE, type EvaluatorWorkerData, FAILED, STOP, WORK } from "./evaluatorProtocol.js";

const data = workerData as EvaluatorWorkerData;
const model = createModel(data.kind, data, createRng(0));
const { control } = data;
parentPort?.postMessage("ready");
for (;;) {
  const state = Atomics.load(control, 0);
  if (state === STOP) break;
  if (state === WORK) {
    try {
      model.params.set(data.params);
      model.logitsMany(data.x, data.count, data.out);
      Atomics.store(control, 0, DONE);
    } catch {
      Atomics.store(control, 0, FAILED);
    }
    Atomics.notify(control, 0);
  } else Atomics.wait(control, 0, state);
}
