/**
 * `ftg landscape <scenario> --theta a:b:n --penalty a:b:n [--out file.json|file.csv] [--force]`:
 * the regulatory landscape of an openness scenario — the region of every (θ, p) on the grid, with
 * the indifference curve p*(θ) — written as JSON or CSV (by the file's extension, or `--format`).
 * With `--band a:b:n` it writes instead the effective threshold band (ω_NR(α0), θ_max(α0, p)]
 * over α0 for every penalty of `--penalty`.
 *
 * The scenario's regulation is replaced by each grid point (its `form` is kept). Existing files
 * are never overwritten without `--force`. A progress bar goes to stderr for large grids (when
 * stderr is a terminal). `--workers n` splits the θ rows across n worker threads (compiled
 * command only; default 1); `--queue redis://host:port` splits them into jobs of `--chunk-rows`
 * rows for the `ftg worker` pool (../sweep/landscapeQueue.ts), with the same answer row for row.
 */
import { writeFile } from "node:fs/promises";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import {
  type AnyModel,
  evenGrid,
  landscapeJson,
  landscapeTable,
  MODELS,
  type OpennessModel,
  type RegulatoryLandscape,
  regulatoryLandscape,
  thresholdBand,
  thresholdBandJson,
  thresholdBandTable,
} from "@ftg/core";
import { SingleBar } from "cli-progress";
import { UserError } from "../errors.js";
import { csvTable } from "../io/csv.js";
import { decimal, wholeNumber } from "../io/numbers.js";
import { prepareOutput } from "../io/output.js";
import { showProgress, status } from "../io/progress.js";
import { readScenario } from "../io/readScenario.js";
import type { Io } from "../io/streams.js";
import { buildScenario, scenarioModelWith } from "../models/answer.js";
import { asWritten } from "../sweep/grid.js";

/** Options of the landscape command, as commander parses them. */
export interface LandscapeCommandOptions {
  readonly theta?: string;
  readonly penalty?: string;
  readonly band?: string;
  readonly out?: string;
  readonly format?: string;
  readonly force?: boolean;
  readonly workers?: string;
  readonly progress?: boolean;
  readonly quiet?: boolean;
  readonly deltaGrid?: string;
  readonly queue?: string;
  readonly chunkRows?: string;
}

/** Largest grid accepted (cells), to keep a typo from allocating gigabytes. */
export const MAX_LANDSCAPE_CELLS = 4_000_000;

/**
 * Parses `from:to:count` (count ≥ 1 integer, from ≤ to, finite) or a comma-separated list.
 * @example
 * parseRange("--theta", "0:1:3", { min: 0, max: 1 }) // [0, 0.5, 1]
 */
export function parseRange(flag: string, text: string, bounds: { min: number; max: number }): number[] {
  const expect = `expected from:to:count (e.g. 0:1:101) or a list a,b,c with values in [${bounds.min}, ${bounds.max === Infinity ? "∞" : bounds.max}]`;
  let values: number[];
  const parts = text.split(":");
  if (parts.length === 3) {
    const [a, b, n] = parts.map(decimal) as [number, number, number];
    if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isInteger(n) || n < 1 || b < a) {
      throw new UserError(`${flag}: ${expect}, found ${JSON.stringify(text)}`);
    }
    if (n > 100_000) throw new UserError(`${flag}: count must be at most 100000, found ${n}`);
    // the grid's values as the user would write them (0.1, not 0.09999999999999999)
    values = evenGrid(a, b, n).map(asWritten);
  } else if (parts.length === 1) {
    values = text.split(",").map(decimal);
    if (values.some((v) => !Number.isFinite(v)))
      throw new UserError(`${flag}: ${expect}, found ${JSON.stringify(text)}`);
  } else {
    throw new UserError(`${flag}: ${expect}, found ${JSON.stringify(text)}`);
  }
  const bad = values.find((v) => v < bounds.min || v > bounds.max);
  if (bad !== undefined) throw new UserError(`${flag}: ${expect}, found ${bad}`);
  return values;
}

function formatOf(opts: LandscapeCommandOptions): "json" | "csv" {
  const f = opts.format ?? (opts.out !== undefined && /\.csv$/i.test(opts.out) ? "csv" : "json");
  if (f !== "json" && f !== "csv")
    throw new UserError(`--format: expected "json" or "csv", found ${JSON.stringify(f)}`);
  return f;
}

interface WorkerJob {
  readonly ftgLandscapeWorker: true;
  readonly model: OpennessModel;
  readonly thetas: number[];
  readonly penalties: number[];
  readonly rows: [number, number];
  readonly deltaGrid: number;
}

function computeRows(job: Omit<WorkerJob, "ftgLandscapeWorker">, onProgress?: (done: number) => void) {
  return regulatoryLandscape(job.model, job.thetas, job.penalties, {
    rows: job.rows,
    certify: false,
    bargaining: { gridSize: job.deltaGrid },
    ...(onProgress === undefined ? {} : { onProgress: (d: number) => onProgress(d) }),
  });
}

// Worker entry: this same module, started with a job in workerData.
if (!isMainThread && (workerData as Partial<WorkerJob> | null)?.ftgLandscapeWorker === true) {
  const job = workerData as WorkerJob;
  const l = computeRows(job, (d) => parentPort?.postMessage({ progress: d }));
  parentPort?.postMessage({ done: true, landscape: l });
}

async function computeParallel(
  job: Omit<WorkerJob, "ftgLandscapeWorker" | "rows">,
  workers: number,
  tick: (rows: number) => void,
): Promise<RegulatoryLandscape> {
  const nT = job.thetas.length;
  const chunk = Math.ceil(nT / workers);
  const parts = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const rows: [number, number] = [w * chunk, Math.min(nT, (w + 1) * chunk)];
      if (rows[0] >= rows[1]) return Promise.resolve(null);
      return new Promise<RegulatoryLandscape>((resolve, reject) => {
        const worker = new Worker(new URL(import.meta.url), {
          workerData: { ...job, rows, ftgLandscapeWorker: true } satisfies WorkerJob,
        });
        let last = 0;
        worker.on("message", (m: { progress?: number; done?: boolean; landscape?: RegulatoryLandscape }) => {
          if (m.progress !== undefined) {
            tick(m.progress - last);
            last = m.progress;
          }
          if (m.done === true && m.landscape !== undefined) resolve(m.landscape);
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (code !== 0) reject(new Error(`landscape worker stopped with exit code ${code}`));
        });
      });
    }),
  );
  const done = parts.filter((p): p is RegulatoryLandscape => p !== null);
  const first = done[0]!;
  const nP = job.penalties.length;
  for (const part of done.slice(1)) {
    const [a, b] = part.rows;
    for (const key of ["region", "decision", "omega", "alpha1", "uG", "uD", "delta"] as const) {
      (first[key] as Float64Array | Uint8Array).set(
        (part[key] as Float64Array | Uint8Array).subarray(a * nP, b * nP),
        a * nP,
      );
    }
    for (let i = a; i < b; i++) first.indifference[i] = part.indifference[i] ?? null;
    for (const w of part.warnings) if (!first.warnings.includes(w)) first.warnings.push(w);
  }
  return { ...first, rows: [0, nT] };
}

/** Runs `landscape`; returns what to print on stdout (empty when writing a file). */
export async function landscapeCommand(
  path: string,
  opts: LandscapeCommandOptions,
  io: Io,
  models: ReadonlyMap<string, AnyModel> = MODELS,
): Promise<string> {
  const format = formatOf(opts);
  if (opts.out !== undefined) prepareOutput(opts.out, { force: opts.force === true });
  const raw = await readScenario(path, io);
  const label = path === "-" ? "<stdin>" : path;
  const scenarioModel = await scenarioModelWith(
    raw,
    label,
    "ftg landscape",
    (m) => m.regulated !== undefined,
    models,
  );
  const model: OpennessModel = scenarioModel.regulated!(await buildScenario(scenarioModel, raw, label));
  const penalties = parseRange("--penalty", opts.penalty ?? "0:1:101", {
    min: 0,
    max: Number.POSITIVE_INFINITY,
  });
  let text: string;
  if (opts.band !== undefined) {
    for (const [flag, value] of [
      ["--theta", opts.theta],
      ["--delta-grid", opts.deltaGrid],
      ["--workers", opts.workers],
    ] as const)
      if (value !== undefined)
        throw new UserError(
          `${flag}: not used with --band (the band replaces the θ grid); give one or the other`,
        );
    if (typeof model.delta === "object")
      throw new UserError("--band: the threshold band is computed in fixed-δ mode; give delta as a number");
    const alphas = parseRange("--band", opts.band, { min: 0, max: Number.POSITIVE_INFINITY });
    const bands = penalties.flatMap((p) =>
      alphas.map((a) => ({ penalty: p, ...thresholdBand({ ...model, alpha0: a }, p) })),
    );
    text =
      format === "json"
        ? `${JSON.stringify(thresholdBandJson(model, bands))}\n`
        : csvTable(thresholdBandTable(bands));
  } else {
    const thetas = parseRange("--theta", opts.theta ?? "0:1:101", { min: 0, max: 1 });
    const cells = thetas.length * penalties.length;
    if (cells > MAX_LANDSCAPE_CELLS)
      throw new UserError(`grid too large: ${cells} cells (at most ${MAX_LANDSCAPE_CELLS})`);
    const bargaining = typeof model.delta === "object";
    const deltaGrid = opts.deltaGrid === undefined ? 64 : wholeNumber(opts.deltaGrid);
    if (!Number.isInteger(deltaGrid) || deltaGrid < 4 || deltaGrid > 4096) {
      throw new UserError(
        `--delta-grid: expected an integer in [4, 4096], found ${JSON.stringify(opts.deltaGrid)}`,
      );
    }
    // Worker threads are opt-in: each worker rebuilds the per-δ caches the rows would otherwise
    // share, and on the shared 2-core machine two workers were slower than one (see docs).
    const workers = opts.workers === undefined ? 1 : wholeNumber(opts.workers);
    if (workers > 1 && !import.meta.url.endsWith(".js")) {
      throw new UserError("--workers: worker threads need the compiled command (npm run build; npx ftg …)");
    }
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
      throw new UserError(`--workers: expected an integer in [1, 64], found ${JSON.stringify(opts.workers)}`);
    }
    const chunkRows = opts.chunkRows === undefined ? 8 : Number(opts.chunkRows);
    if (!Number.isInteger(chunkRows) || chunkRows < 1 || chunkRows > 100_000) {
      throw new UserError(
        `--chunk-rows: expected an integer in [1, 100000], found ${JSON.stringify(opts.chunkRows)}`,
      );
    }
    if (opts.queue !== undefined && workers > 1)
      throw new UserError("--queue and --workers: give one of them");
    const showBar = showProgress(io, opts) && (bargaining || cells >= 10_000);
    const bar = showBar
      ? new SingleBar({
          stream: io.stderr,
          format: "landscape [{bar}] {percentage}% | θ rows {value}/{total} | eta {eta}s",
        })
      : null;
    bar?.start(thetas.length, 0);
    const job = { model, thetas, penalties, deltaGrid };
    let l: RegulatoryLandscape;
    try {
      if (opts.queue !== undefined) {
        // bullmq is loaded only when a queue is used
        const { landscapeOnQueue } = await import("../sweep/landscapeQueue.js");
        l = await landscapeOnQueue(opts.queue, job, chunkRows, (n) => bar?.increment(n));
      } else
        l =
          workers > 1
            ? await computeParallel(job, Math.min(workers, thetas.length), (n) => bar?.increment(n))
            : computeRows({ ...job, rows: [0, thetas.length] }, (d) => bar?.update(d));
    } finally {
      bar?.stop();
    }
    text = format === "json" ? `${JSON.stringify(landscapeJson(model, l))}\n` : csvTable(landscapeTable(l));
  }
  if (opts.out === undefined) return text;
  try {
    await writeFile(opts.out, text, { flag: opts.force === true ? "w" : "wx" });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      throw new UserError(`--out: ${opts.out} already exists; pass --force to overwrite it`);
    throw new UserError(`--out: cannot write ${opts.out}: ${(e as Error).message}`);
  }
  status(io, opts, `wrote ${opts.out}`);
  return "";
}
