/**
 * A sweep worker thread: receives the scenario once, then chunks of grid points; answers each
 * chunk with one row per point (a failed point carries its error instead of results).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { AnyModel } from "@ftg/core";
import { userErrorMessage } from "../errors.js";
import { type Cell, evaluateScenario, type SweepSolverOptions } from "./evaluate.js";
import { type Axis, applyPoint, type GridPoint } from "./grid.js";

/** What the main thread sends to a worker at start. */
export interface WorkerInit {
  readonly raw: unknown;
  readonly axes: readonly Axis[];
  readonly solver: SweepSolverOptions;
}

/** One finished point. */
export interface PointResult {
  readonly index: number;
  readonly values: readonly number[];
  readonly ok: boolean;
  readonly error: string | null;
  readonly row: Record<string, Cell>;
}

/**
 * Solves one grid point; failures become data: bad input as its one-line message, anything else
 * as the internal error (a bug) it is.
 */
export async function solvePoint(
  init: WorkerInit,
  p: GridPoint,
  models?: ReadonlyMap<string, AnyModel>,
): Promise<PointResult> {
  try {
    const row = await evaluateScenario(applyPoint(init.raw, init.axes, p.values), init.solver, models);
    return { index: p.index, values: p.values, ok: true, error: null, row };
  } catch (e) {
    const line = (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
    const msg = userErrorMessage(e) === undefined ? `internal error: ${line} (please report it)` : line;
    return { index: p.index, values: p.values, ok: false, error: msg, row: {} };
  }
}

if (parentPort !== null && (workerData as { sweep?: boolean } | null)?.sweep === true) {
  const init = (workerData as { init: WorkerInit }).init;
  const port = parentPort;
  port.on("message", async (msg: { points: GridPoint[] }) => {
    const results: PointResult[] = [];
    for (const p of msg.points) results.push(await solvePoint(init, p));
    port.postMessage({ results });
  });
}
