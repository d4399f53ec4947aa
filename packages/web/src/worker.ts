/**
 * The compute worker: runs the core's solvers off the main thread so sliders never freeze the page.
 * One worker per channel (see ./workerClient.ts); each keeps the last fine-tuning game it built.
 */
import type { CurveSamples } from "@ftg/core";
import { GameCache, runJob } from "./compute.js";
import type { Request, Response } from "./protocol.js";

const games = new GameCache();
const run = (job: Request["job"]): unknown => runJob(job, games);

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Request>) => void) | null;
  postMessage(message: Response, transfer?: Transferable[]): void;
};

/** The buffers of the typed arrays in a view's curve samples: moved to the page, not copied. */
function transferables(value: unknown): Transferable[] {
  const s = (value as { samples?: CurveSamples | null } | null)?.samples;
  return s == null ? [] : [s.delta.buffer, s.utilities.buffer, s.regimes.buffer];
}

scope.onmessage = (e) => {
  const { id, job } = e.data;
  const t0 = performance.now();
  try {
    const value = run(job);
    scope.postMessage({ id, ok: true, value, ms: performance.now() - t0 }, transferables(value));
  } catch (err) {
    const message =
      err instanceof Error ? `${err.name === "Error" ? "" : `${err.name}: `}${err.message}` : String(err);
    scope.postMessage({ id, ok: false, error: message.split("\n")[0]!, ms: performance.now() - t0 });
  }
};
