/**
 * Starting a worker thread from either form of the CLI: compiled (dist/*.js) the worker is the
 * plain module next to its caller; run from the TypeScript sources (tests, tsx) the worker first
 * registers tsx's loader, which a worker does not inherit, and resolves workspace packages to
 * their sources (--conditions=source) like the main thread.
 */
import { Worker } from "node:worker_threads";

/**
 * Starts the worker module `name` (without extension, e.g. "./worker") that lies next to the
 * module at `callerUrl` (its `import.meta.url`), passing it `workerData`.
 *
 * @example
 * ```ts
 * // from this module (src/workers.ts): the sweep's worker, which waits for grid points
 * const init = { raw: { generalist: { cost: "a0^2" }, specialists: [{ cost: "2*(a-a0)^2" }] }, axes: [], solver: {} };
 * const worker = startWorker(import.meta.url, "./sweep/worker", { sweep: true, init });
 * const answer = new Promise((resolve) => worker.once("message", resolve));
 * worker.postMessage({ points: [{ index: 0, values: [] }] });
 * (await answer).results[0].ok // true — the worker solved the scenario
 * await worker.terminate();
 * ```
 */
export function startWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  if (!callerUrl.endsWith(".ts")) return new Worker(new URL(`${name}.js`, callerUrl), { workerData });
  const url = new URL(`${name}.ts`, callerUrl).href;
  const code = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(url)}); })`;
  return new Worker(code, { eval: true, workerData, execArgv: ["--conditions=source"] });
}
