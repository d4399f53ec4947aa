/**
 * Runs a sweep: every grid point solved on worker threads (one per core by default), finished
 * points appended to a journal next to the output (`<out>.journal`, one JSON line per point) so
 * that an interrupted sweep resumes where it stopped, a progress bar with ETA on stderr, and the
 * output (CSV or JSON, one row per point, in grid order) written atomically at the end — or,
 * without an output file, returned as text (no journal: there is nothing to resume into).
 */
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { AnyModel } from "@ftg/core";
import { SingleBar } from "cli-progress";
import { UserError } from "../errors.js";
import { csvText } from "../io/csv.js";
import type { Io } from "../io/streams.js";
import { startWorker } from "../workers.js";
import type { Cell, SweepSolverOptions } from "./evaluate.js";
import { type Axis, type GridPoint, gridPoint, gridSize } from "./grid.js";
import { type PointResult, solvePoint, type WorkerInit } from "./worker.js";

/** Options of {@link runSweep}. */
export interface SweepRunOptions {
  /** Output file; undefined: the output is returned in the summary's `text` (no journal). */
  readonly out?: string;
  readonly format: "csv" | "json";
  /** Overwrite an existing output (and discard its journal). Default false. */
  readonly force?: boolean;
  /** Worker threads; 0 solves in this thread. Default: available parallelism. */
  readonly workers?: number;
  /** Points per message to a worker. Default: adaptive (≈ 1/16 of each worker's share, 1–64). */
  readonly chunk?: number;
  readonly progress?: boolean;
  readonly solver?: SweepSolverOptions;
  /** Label of the scenario (its file name) recorded in the output. */
  readonly label?: string;
  /** Stops dispatching new points when aborted; finished points stay in the journal. */
  readonly signal?: AbortSignal;
  /** Run on a BullMQ queue at this redis:// URL (workers: `ftg worker --queue`) instead of threads. */
  readonly queue?: string;
  /** Called after each finished chunk with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * The registry to look the scenario's model up in, for points solved in this thread
   * (`workers: 0`; threads and queue workers use the core's). Default: the core's.
   */
  readonly models?: ReadonlyMap<string, AnyModel>;
}

/** What a sweep did. */
export interface SweepSummary {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  /** Points taken from an earlier run's journal. */
  readonly resumed: number;
  readonly interrupted: boolean;
  readonly workers: number;
  /** Chunks retried after a queue worker was lost (queue mode). */
  readonly retried: number;
  readonly seconds: number;
  /** The output, when no output file was given and the sweep finished. */
  readonly text?: string;
}

/** The journal path of an output. */
export function journalPath(out: string): string {
  return `${out}.journal`;
}

function signature(raw: unknown, axes: readonly Axis[], solver: SweepSolverOptions): string {
  return createHash("sha256")
    .update(JSON.stringify({ raw, axes: axes.map((a) => [a.name, a.values]), solver }))
    .digest("hex")
    .slice(0, 16);
}

function readJournal(path: string, sig: string): Map<number, PointResult> {
  const done = new Map<number, PointResult>();
  if (!existsSync(path)) return done;
  const lines = readFileSync(path, "utf8").split("\n");
  let header: { signature?: string } = {};
  try {
    header = JSON.parse(lines[0] ?? "{}");
  } catch {
    // unreadable header: treated as a mismatch below
  }
  if (header.signature !== sig) {
    throw new UserError(
      `journal "${path}" belongs to a different sweep (scenario, --vary or solver options changed); pass --force to start over`,
    );
  }
  for (const line of lines.slice(1)) {
    if (line.trim() === "") continue;
    try {
      const r = JSON.parse(line) as PointResult;
      done.set(r.index, r);
    } catch {
      // a line cut short by an interruption: that point is solved again
    }
  }
  return done;
}

/** The output table: fixed leading columns, then the union of result keys in first-seen order. */
export function sweepTable(
  axes: readonly Axis[],
  results: readonly PointResult[],
): { columns: string[]; rows: Record<string, Cell>[] } {
  const keys = new Set<string>();
  for (const r of results) for (const k of Object.keys(r.row)) keys.add(k);
  const lead = ["point", ...axes.map((a) => a.name), "status", "error"];
  const columns = [...lead, ...[...keys].filter((k) => !lead.includes(k))];
  const rows = results.map((r) => {
    const row: Record<string, Cell> = { point: r.index };
    axes.forEach((a, k) => {
      row[a.name] = r.values[k]!;
    });
    row["status"] = r.ok ? "ok" : "failed";
    row["error"] = r.error;
    for (const [k, v] of Object.entries(r.row)) if (!(k in row)) row[k] = v;
    return row;
  });
  return { columns, rows };
}

function render(
  format: "csv" | "json",
  axes: readonly Axis[],
  results: readonly PointResult[],
  meta: Record<string, unknown>,
): string {
  const { columns, rows } = sweepTable(axes, results);
  if (format === "json") {
    return `${JSON.stringify({ ...meta, columns, rows }, null, 1)}\n`;
  }
  return csvText(
    columns,
    rows.map((r) => columns.map((c) => r[c])),
  );
}

/** Runs the sweep of `raw` over `axes`; see the module comment. */
export async function runSweep(
  raw: unknown,
  axes: readonly Axis[],
  options: SweepRunOptions,
  io: Io,
): Promise<SweepSummary> {
  const started = performance.now();
  const solver = options.solver ?? {};
  const total = gridSize(axes);
  const jpath = options.out === undefined ? undefined : journalPath(options.out);
  // bullmq is loaded only for distributed sweeps (it costs start-up time everywhere else)
  const queueModule = options.queue === undefined ? undefined : await import("./queue.js");
  if (options.queue !== undefined) await queueModule?.assertRedisReachable(options.queue);
  if (options.out !== undefined && jpath !== undefined) {
    if (existsSync(options.out)) {
      if (options.force !== true)
        throw new UserError(`--out: "${options.out}" exists; pass --force to overwrite it`);
      rmSync(options.out);
      rmSync(jpath, { force: true });
    } else if (options.force === true) rmSync(jpath, { force: true });
  }
  const sig = signature(raw, axes, solver);
  const finished = jpath === undefined ? new Map<number, PointResult>() : readJournal(jpath, sig);
  const resumed = finished.size;
  if (jpath !== undefined && !existsSync(jpath))
    writeFileSync(jpath, `${JSON.stringify({ signature: sig, total })}\n`);
  if (resumed > 0)
    io.stderr.write(`ftg sweep: resuming — ${resumed} of ${total} points already in ${jpath}\n`);

  const pending: GridPoint[] = [];
  for (let i = 0; i < total; i++) if (!finished.has(i)) pending.push(gridPoint(axes, i));
  const requested = options.workers ?? availableParallelism();
  const nWorkers = Math.max(0, Math.min(requested, pending.length));
  const chunk =
    options.chunk ?? Math.max(1, Math.min(64, Math.ceil(pending.length / Math.max(1, nWorkers) / 16)));

  const bar =
    options.progress === false
      ? null
      : new SingleBar({
          stream: io.stderr as NodeJS.WriteStream,
          format:
            "sweep [{bar}] {value}/{total} points | {percentage}% | ETA {eta_formatted} | failed {failed}",
          hideCursor: false,
          noTTYOutput: true,
          notTTYSchedule: 2000,
          etaBuffer: 50,
        });
  bar?.start(total, resumed, { failed: 0, retried: "" });
  let retried = 0;
  let done = resumed;
  let failed = [...finished.values()].filter((r) => !r.ok).length;
  const record = (results: readonly PointResult[]): void => {
    if (jpath !== undefined) appendFileSync(jpath, results.map((r) => `${JSON.stringify(r)}\n`).join(""));
    for (const r of results) {
      finished.set(r.index, r);
      if (!r.ok) failed++;
    }
    done += results.length;
    bar?.update(done, { failed, retried: options.queue === undefined ? "" : ` | retried ${retried}` });
    options.onProgress?.(done, total);
  };

  let next = 0;
  const take = (): GridPoint[] => {
    if (options.signal?.aborted === true) return [];
    const batch = pending.slice(next, next + chunk);
    next += batch.length;
    return batch;
  };
  const init: WorkerInit = { raw, axes, solver };
  if (options.queue !== undefined) {
    const seen = new Set<number>(finished.keys());
    await queueModule!.runOnQueue(
      options.queue,
      sig,
      init,
      pending,
      chunk,
      (results) => {
        // a chunk retried after a lost worker may come back twice: each point is written once
        const fresh = results.filter((r) => !seen.has(r.index));
        for (const r of fresh) seen.add(r.index);
        if (fresh.length > 0) record(fresh);
      },
      {
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onRetry: (n) => {
          retried = n;
        },
      },
    );
  } else if (nWorkers === 0) {
    for (let batch = take(); batch.length > 0; batch = take()) {
      const results: PointResult[] = [];
      for (const p of batch) results.push(await solvePoint(init, p, options.models));
      record(results);
      // solving is synchronous: let a Ctrl-C (a macrotask) abort between batches
      await new Promise((r) => setImmediate(r));
    }
  } else {
    const workers: Worker[] = [];
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      const stopAll = () => {
        for (const w of workers) void w.terminate();
      };
      options.signal?.addEventListener("abort", () => {
        stopAll();
        resolve();
      });
      for (let k = 0; k < nWorkers; k++) {
        const w = startWorker(import.meta.url, "./worker", { sweep: true, init });
        workers.push(w);
        running++;
        const feed = () => {
          const batch = take();
          if (batch.length === 0) {
            running--;
            void w.terminate();
            if (running === 0) resolve();
            return;
          }
          w.postMessage({ points: batch });
        };
        w.on("message", (msg: { results: PointResult[] }) => {
          record(msg.results); // finished work is kept even when interrupted
          if (options.signal?.aborted === true) return;
          feed();
        });
        w.on("error", (e) => {
          stopAll();
          reject(e);
        });
        feed();
      }
    });
  }
  bar?.stop();
  const interrupted = done < total;
  let text: string | undefined;
  if (!interrupted) {
    const results = [...finished.values()].sort((a, b) => a.index - b.index);
    const meta = {
      scenario: options.label ?? null,
      vary: axes.map((a) => ({
        path: a.name,
        scale: a.scale,
        from: a.values[0],
        to: a.values[a.values.length - 1],
        count: a.values.length,
      })),
      solver,
      points: total,
      failed,
    };
    const rendered = render(options.format, axes, results, meta);
    if (options.out === undefined || jpath === undefined) text = rendered;
    else {
      const tmp = `${options.out}.tmp`;
      writeFileSync(tmp, rendered);
      renameSync(tmp, options.out);
      rmSync(jpath, { force: true });
    }
  }
  return {
    total,
    done,
    failed,
    resumed,
    interrupted,
    workers: nWorkers,
    retried,
    seconds: (performance.now() - started) / 1000,
    ...(text === undefined ? {} : { text }),
  };
}
