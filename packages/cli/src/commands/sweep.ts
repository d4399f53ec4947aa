/**
 * `ftg sweep <scenario> --vary <path>=<from>:<to>[:log]:<count> [--vary …] [--out <file.csv|.json>]`:
 * any numeric field (or `{{name}}` placeholder) of a scenario over a grid, every point solved on
 * worker threads, one row per point; CSV on stdout without --out. With --out, interrupt with
 * Ctrl-C and rerun the same command to resume; an existing output is never overwritten without
 * `--force`. The summary goes to stderr (silenced by --quiet).
 */
import { extname } from "node:path";
import type { AnyModel } from "@ftg/core";
import { Interrupted, UserError } from "../errors.js";
import { prepareOutput } from "../io/output.js";
import { showProgress, status } from "../io/progress.js";
import { readScenario } from "../io/readScenario.js";
import type { Io } from "../io/streams.js";
import { type Axis, checkAxis, gridSize, parseVary } from "../sweep/grid.js";
import { runSweep } from "../sweep/run.js";

/** Raw options of the command (from commander). */
export interface SweepFlags {
  readonly vary?: string[];
  readonly out?: string;
  readonly format?: string;
  readonly force?: boolean;
  readonly workers?: string;
  readonly chunk?: string;
  readonly certify?: boolean;
  readonly deltaGrid?: string;
  readonly progress?: boolean;
  readonly quiet?: boolean;
  readonly queue?: string;
}

function positiveInt(flag: string, s: string | undefined, min: number): number | undefined {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s) || Number(s) < min)
    throw new UserError(`${flag}: "${s}" is not a whole number ≥ ${min}`);
  return Number(s);
}

/** Runs the command; returns what to print on stdout. */
export async function sweepCommand(
  path: string,
  flags: SweepFlags,
  io: Io,
  models?: ReadonlyMap<string, AnyModel>,
): Promise<string> {
  const specs = flags.vary ?? [];
  if (specs.length === 0)
    throw new UserError("--vary: at least one --vary <path>=<from>:<to>[:log]:<count> is required");
  const format =
    flags.format ?? (flags.out === undefined ? "csv" : extname(flags.out).slice(1).toLowerCase());
  if (format !== "csv" && format !== "json")
    throw new UserError(
      `--format: "${format}" is not supported; expected csv or json (or an --out ending in .csv/.json)`,
    );
  const axes: Axis[] = specs.map(parseVary);
  const raw = await readScenario(path, io);
  for (const a of axes) checkAxis(raw, a);
  const names = new Set<string>();
  for (const a of axes) {
    if (names.has(a.name)) throw new UserError(`--vary: "${a.name}" is varied twice`);
    names.add(a.name);
  }
  const total = gridSize(axes);
  if (total > 10_000_000)
    throw new UserError(`--vary: the grid has ${total} points; expected at most 10,000,000`);
  const workers = positiveInt("--workers", flags.workers, 0);
  const chunk = positiveInt("--chunk", flags.chunk, 1);
  const deltaGrid = positiveInt("--delta-grid", flags.deltaGrid, 2);
  if (flags.out !== undefined) prepareOutput(flags.out, { force: flags.force === true });
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const s = await runSweep(
      raw,
      axes,
      {
        ...(flags.out === undefined ? {} : { out: flags.out }),
        format,
        force: flags.force === true,
        ...(workers === undefined ? {} : { workers }),
        ...(chunk === undefined ? {} : { chunk }),
        progress: showProgress(io, flags),
        solver: {
          ...(flags.certify === false ? { certify: false } : {}),
          ...(deltaGrid === undefined ? {} : { deltaGrid }),
        },
        label: path,
        signal: controller.signal,
        ...(flags.queue === undefined ? {} : { queue: flags.queue }),
        ...(models === undefined ? {} : { models }),
      },
      io,
    );
    if (s.interrupted) {
      throw new Interrupted(
        flags.out === undefined
          ? `ftg sweep: interrupted after ${s.done} of ${s.total} points; nothing written (give --out to keep finished points and resume)`
          : `ftg sweep: interrupted — ${s.done} of ${s.total} points saved in ${flags.out}.journal; run the same command again to resume`,
      );
    }
    const where =
      flags.queue === undefined
        ? `on ${s.workers} worker${s.workers === 1 ? "" : "s"}`
        : `on the queue at ${flags.queue} (${s.retried} chunk${s.retried === 1 ? "" : "s"} retried)`;
    status(
      io,
      flags,
      `ftg sweep: ${s.total} points (${s.failed} failed${s.resumed > 0 ? `, ${s.resumed} resumed` : ""}) ${where} in ${s.seconds.toFixed(2)} s → ${flags.out ?? "standard output"}`,
    );
    return s.text ?? "";
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}
