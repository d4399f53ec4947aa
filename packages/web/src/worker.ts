/**
 * The compute worker: runs the core's solvers off the main thread so sliders never freeze the page.
 * One worker per channel (see ./workerClient.ts); each keeps the last fine-tuning game it built.
 * A job that needs the expression parser before it has loaded (./lazy/mathjs.ts) waits for it.
 */
import { isParserNotLoaded, loadMathjs } from "./lazy/mathjs.js";
import type { Answers, JobKind, Request, Response } from "./protocol.js";
import { answer, GameCache } from "./workerCompute.js";

const games = new GameCache();

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Request>) => void) | null;
  postMessage(message: Response, transfer?: Transferable[]): void;
};

/** The buffers of the typed arrays in a view's curve samples: moved to the page, not copied. */
function transferables(value: Answers[JobKind]): Transferable[] {
  const s = "samples" in value ? value.samples : null;
  return s == null ? [] : [s.delta.buffer, s.utilities.buffer, s.regimes.buffer];
}

scope.onmessage = async (e) => {
  const { id, job } = e.data;
  const t0 = performance.now();
  try {
    const partial = (value: Answers[JobKind]) =>
      scope.postMessage({ id, ok: true, partial: true, value, ms: performance.now() - t0 });
    let value: Answers[JobKind];
    try {
      value = answer(job, games, undefined, partial);
    } catch (err) {
      if (!isParserNotLoaded(err)) throw err;
      await loadMathjs();
      value = answer(job, games, undefined, partial);
    }
    scope.postMessage({ id, ok: true, value, ms: performance.now() - t0 }, transferables(value));
  } catch (err) {
    const message =
      err instanceof Error ? `${err.name === "Error" ? "" : `${err.name}: `}${err.message}` : String(err);
    scope.postMessage({ id, ok: false, error: message.split("\n")[0]!, ms: performance.now() - t0 });
  }
};
