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
 * const worker = startWorker(import.meta.url, "./evaluatorWorker", { kind: "lenet5" });
 * ```
 */
export function startWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  if (!callerUrl.endsWith(".ts")) return new Worker(new URL(`${name}.js`, callerUrl), { workerData });
  const url = new URL(`${name}.ts`, callerUrl).href;
  const code = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(url)}); })`;
  return new Worker(code, { eval: true, workerData, execArgv: ["--conditions=source"] });
}
