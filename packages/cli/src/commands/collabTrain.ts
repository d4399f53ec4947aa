/**
 * `ftg collab-train [options]`: the collaboration schemes with real training (Werner et al.,
 * Section 5) on Fashion-MNIST from Debian's dataset-fashion-mnist package — logistic regression or
 * LeNet-5, the firms' skewed training sets, quality on the test set. Writes the trajectory of
 * every scheme as `<out>.json` (with seed, data hashes and every resolved option) and `<out>.csv`
 * (one row per scheme and round); prints a summary table on stdout and progress on stderr.
 * Existing files are never overwritten without `--force`. Figures are not drawn here.
 */
import { constants } from "node:fs";
import { access, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { SCHEMES, type Scheme } from "@ftg/core";
import {
  buildFirmData,
  type ExperimentResult,
  type FirmDataSets,
  type FirmSpec,
  type MaxQualitySpec,
  type ModelKind,
  PAPER_FIRMS,
  PRETRAIN_STEP_SIZE,
  type QualityMeasure,
  runExperiment,
} from "@ftg/ml";
import { DatasetNotFoundError, hashExamples, type LoadedImages, loadFashionMnist } from "@ftg/ml/node";
import { UserError } from "../errors.js";
import { fmt, table } from "../io/format.js";
import type { Io } from "../io/streams.js";
import { createThreadedEvaluator } from "../training/threadedEvaluator.js";

/** Options of the command, as commander parses them (all strings). */
export interface CollabTrainCommandOptions {
  readonly model?: string;
  readonly scheme?: string;
  readonly rounds?: string;
  readonly stepSize?: string;
  readonly batchSize?: string;
  readonly measure?: string;
  readonly firmSize?: string;
  readonly skew?: string;
  readonly labelSplit?: string;
  readonly pretrain?: string;
  readonly pretrainStepSize?: string;
  readonly firms?: string;
  readonly targetSize?: string;
  readonly maxQuality?: string;
  readonly maxQualityEpochs?: string;
  readonly maxLowSteps?: string;
  readonly maxBacktracks?: string;
  readonly seed?: string;
  readonly dataDir?: string;
  readonly out?: string;
  readonly force?: boolean;
  readonly progress?: boolean;
  readonly threads?: string;
}

/** The fully resolved settings of a run (recorded in the JSON). */
export interface CollabTrainSettings {
  readonly model: ModelKind;
  readonly schemes: readonly Scheme[];
  readonly rounds: number;
  readonly stepSize: number | "auto";
  readonly batchSize: number | "full";
  readonly measure: QualityMeasure;
  readonly firms: readonly FirmSpec[];
  /** Learning rate of the firms' pre-training. */
  readonly preTrainStepSize: number;
  readonly labelSplit: number;
  readonly targetSize: number;
  readonly maxQuality: MaxQualitySpec;
  readonly maxLowSteps: number | null;
  readonly maxBacktracks: number | null;
  readonly seed: number;
  readonly dataDir: string | null;
  readonly out: string;
}

function num(flag: string, text: string, ok: (x: number) => boolean, expect: string): number {
  const x = Number(text);
  if (text.trim() === "" || !Number.isFinite(x) || !ok(x)) {
    throw new UserError(`${flag}: expected ${expect}, found ${JSON.stringify(text)}`);
  }
  return x;
}

const int = (flag: string, text: string, min: number): number =>
  num(flag, text, (x) => Number.isInteger(x) && x >= min, `an integer ≥ ${min}`);

/** Validates the flags and fills in the defaults (which depend on the model). */
export function resolveCollabTrainOptions(opts: CollabTrainCommandOptions): CollabTrainSettings {
  const model = (opts.model ?? "logistic") as ModelKind;
  if (model !== "logistic" && model !== "lenet5") {
    throw new UserError(`--model: expected "logistic" or "lenet5", found ${JSON.stringify(opts.model)}`);
  }
  const schemeText = opts.scheme ?? "all";
  const schemes =
    schemeText === "all"
      ? [...SCHEMES]
      : schemeText.split(",").map((s) => {
          const name = s.trim() as Scheme;
          if (!SCHEMES.includes(name)) {
            throw new UserError(
              `--scheme: expected "all" or a list of ${SCHEMES.join(", ")}, found ${JSON.stringify(s)}`,
            );
          }
          return name;
        });
  const measure = (opts.measure ?? "accuracy") as QualityMeasure;
  if (measure !== "accuracy" && measure !== "loss") {
    throw new UserError(`--measure: expected "accuracy" or "loss", found ${JSON.stringify(opts.measure)}`);
  }
  const rounds = opts.rounds === undefined ? 200 : int("--rounds", opts.rounds, 1);
  const stepSize =
    opts.stepSize === undefined || opts.stepSize === "auto"
      ? "auto"
      : num("--step-size", opts.stepSize, (x) => x > 0, 'a number > 0 or "auto"');
  const batchSize =
    opts.batchSize === undefined
      ? model === "logistic"
        ? "full"
        : 64
      : opts.batchSize === "full"
        ? "full"
        : int("--batch-size", opts.batchSize, 1);
  const labelSplit = opts.labelSplit === undefined ? 5 : int("--label-split", opts.labelSplit, 0);
  if (labelSplit > 8)
    throw new UserError(`--label-split: expected an integer in [0, 8], found ${labelSplit}`);
  let firms: FirmSpec[];
  if (opts.firms !== undefined) {
    if (opts.firmSize !== undefined || opts.skew !== undefined || opts.pretrain !== undefined) {
      throw new UserError("--firms: give either --firms or --firm-size/--skew/--pretrain, not both");
    }
    firms = opts.firms.split(",").map((part, i) => {
      const fields = part.split(":");
      if (fields.length !== 4 || fields[0]!.trim() === "") {
        throw new UserError(
          `--firms[${i}]: expected id:size:lowLabelShare:preTrainEpochs (e.g. low:1000:0.8:0), found ${JSON.stringify(part)}`,
        );
      }
      return {
        id: fields[0]!.trim(),
        size: int(`--firms[${i}].size`, fields[1]!, 1),
        lowLabelShare: num(
          `--firms[${i}].lowLabelShare`,
          fields[2]!,
          (x) => x >= 0 && x <= 1,
          "a number in [0, 1]",
        ),
        preTrainEpochs: int(`--firms[${i}].preTrainEpochs`, fields[3]!, 0),
      };
    });
    const ids = new Set(firms.map((f) => f.id));
    if (ids.size !== firms.length) throw new UserError(`--firms: expected distinct ids, found ${opts.firms}`);
    if (firms.length === 2 && !(firms[0]!.id === "low" && firms[1]!.id === "high")) {
      throw new UserError(
        `--firms: with two firms the ids must be low then high, found ${firms.map((f) => f.id).join(", ")}`,
      );
    }
    if (firms.length < 2) throw new UserError(`--firms: expected at least two firms, found ${firms.length}`);
  } else {
    const size = opts.firmSize === undefined ? 1000 : int("--firm-size", opts.firmSize, 1);
    const skew =
      opts.skew === undefined ? 0.8 : num("--skew", opts.skew, (x) => x >= 0 && x <= 1, "a number in [0, 1]");
    let pre: [number, number] = [PAPER_FIRMS[0]!.preTrainEpochs, PAPER_FIRMS[1]!.preTrainEpochs];
    if (opts.pretrain !== undefined) {
      const parts = opts.pretrain.split(",");
      if (parts.length !== 2) {
        throw new UserError(
          `--pretrain: expected low,high epochs (e.g. 0,10), found ${JSON.stringify(opts.pretrain)}`,
        );
      }
      pre = [int("--pretrain (low)", parts[0]!, 0), int("--pretrain (high)", parts[1]!, 0)];
    }
    firms = [
      { id: "low", size, lowLabelShare: skew, preTrainEpochs: pre[0] },
      // Rounded so that 1 − 0.8 is recorded as 0.2, not 0.19999999999999996.
      { id: "high", size, lowLabelShare: Math.round((1 - skew) * 1e12) / 1e12, preTrainEpochs: pre[1] },
    ];
  }
  if (firms.length > 2 && schemes.some((s) => s !== "defection-free")) {
    if (opts.scheme !== undefined) {
      throw new UserError(
        `--scheme: with ${firms.length} firms only "defection-free" (Appendix B) is available`,
      );
    }
  }
  const targetSize =
    opts.targetSize === undefined
      ? model === "logistic"
        ? 10000
        : 1000
      : int("--target-size", opts.targetSize, 1);
  let maxQuality: MaxQualitySpec;
  if (opts.maxQuality === undefined || opts.maxQuality === "estimate") {
    const epochs =
      opts.maxQualityEpochs === undefined
        ? model === "logistic"
          ? 30
          : 10
        : int("--max-quality-epochs", opts.maxQualityEpochs, 1);
    maxQuality = { method: "estimate", epochs };
  } else {
    maxQuality = {
      method: "given",
      value: num(
        "--max-quality",
        opts.maxQuality,
        (x) => x > 0 && x <= 1,
        'a number in (0, 1] or "estimate"',
      ),
    };
  }
  const preTrainStepSize =
    opts.pretrainStepSize === undefined
      ? PRETRAIN_STEP_SIZE[model]
      : num("--pretrain-step-size", opts.pretrainStepSize, (x) => x > 0, "a number > 0");
  return {
    model,
    schemes: firms.length > 2 ? ["defection-free"] : schemes,
    rounds,
    stepSize,
    batchSize,
    measure,
    firms,
    preTrainStepSize,
    labelSplit,
    targetSize,
    maxQuality,
    // LeNet-5 has no line-search shortcut (every retry re-reads the targets), so its runs get a
    // smaller search budget by default; logistic regression keeps the schemes' defaults.
    maxLowSteps:
      opts.maxLowSteps === undefined
        ? model === "lenet5"
          ? 3
          : null
        : int("--max-low-steps", opts.maxLowSteps, 1),
    maxBacktracks:
      opts.maxBacktracks === undefined
        ? model === "lenet5"
          ? 6
          : null
        : int("--max-backtracks", opts.maxBacktracks, 0),
    seed:
      opts.seed === undefined
        ? 0
        : num(
            "--seed",
            opts.seed,
            (x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32,
            "an integer in [0, 2^32)",
          ),
    dataDir: opts.dataDir ?? null,
    out: opts.out ?? "collab-train",
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/** Rounds non-integers to 10 significant digits so files are stable and readable. */
function clean(x: number | null): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  return Number.isInteger(x) ? x : Number(x.toPrecision(10));
}

/** The trajectory as CSV: one row per scheme and round. */
export function trajectoryCsv(result: ExperimentResult): string {
  const lines: string[] = [];
  const first = result.runs[0];
  if (first === undefined) return "";
  if (first.kind === "two-firm") {
    lines.push("scheme,round,q_low,q_high,revenue_low,revenue_high,rho,nash,threshold");
    for (const r of result.runs) {
      if (r.kind !== "two-firm") continue;
      for (const t of r.run.trajectory) {
        const cells = [t.ql, t.qh, t.revenueLow, t.revenueHigh, t.rho, t.nash, t.threshold].map(
          (x) => clean(x) ?? "",
        );
        lines.push([r.run.scheme, t.round, ...cells].join(","));
      }
    }
  } else {
    const ids = first.run.ids;
    lines.push(
      ["scheme", "round", ...ids.map((id) => `q_${id}`), ...ids.map((id) => `revenue_${id}`), "nash"].join(
        ",",
      ),
    );
    for (const r of result.runs) {
      if (r.kind !== "n-firm") continue;
      for (const t of r.run.trajectory) {
        const cells = [...t.qualities, ...t.revenues, t.nash].map((x) => clean(x) ?? "");
        lines.push(["defection-free", t.round, ...cells].join(","));
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

function provenance(data: LoadedImages, sets: FirmDataSets) {
  return {
    dir: data.dir,
    files: data.sha256,
    labelSplit: sets.labelSplit,
    firms: sets.firms.map((f) => ({
      ...f.spec,
      labelCounts: f.labelCounts,
      empiricalCdfAtSplit: f.empiricalCdfAtSplit,
      sha256: hashExamples(f.examples),
    })),
    target: {
      count: sets.target.count,
      labelCounts: sets.targetLabelCounts,
      sha256: hashExamples(sets.target),
    },
    unionCdfAtSplit: sets.unionCdfAtSplit,
    targetCdfAtSplit: sets.targetCdfAtSplit,
  };
}

/** The summary table `collab-train` prints. */
function summary(result: ExperimentResult): string {
  const rows: string[][] = [];
  for (const r of result.runs) {
    if (r.kind === "two-firm") {
      const last = r.run.trajectory[r.run.trajectory.length - 1]!;
      const loss = (e: { round: number } | null) => (e === null ? "never" : `round ${e.round}`);
      rows.push([
        r.run.scheme,
        fmt(last.ql, 4),
        fmt(last.qh, 4),
        fmt(last.revenueLow, 4),
        fmt(last.revenueHigh, 4),
        loss(r.run.verdict.firstLoss.low),
        loss(r.run.verdict.firstLoss.high),
        fmt(r.run.verdict.distance, 3),
        fmt(r.run.verdict.nashGap, 3),
      ]);
    } else {
      const last = r.run.trajectory[r.run.trajectory.length - 1]!;
      rows.push([
        "defection-free (N firms)",
        last.qualities.map((q) => fmt(q, 4)).join(" "),
        "",
        last.revenues.map((u) => fmt(u, 4)).join(" "),
        "",
        r.run.anyLoss ? "some firm" : "never",
        "",
        fmt(r.run.distance, 3),
        "",
      ]);
    }
  }
  const start = result.start.map((s) => `${s.id} ${fmt(s.quality, 4)}`).join(", ");
  const head = [
    `model ${result.model}, quality = ${result.measure === "accuracy" ? "1 − error rate" : "1 − normalised loss"} on the target, seed ${result.seed}`,
    `step size ${fmt(result.stepSize.value, 4)}${result.stepSize.smoothness === null ? "" : ` (1/L, L = ${fmt(result.stepSize.smoothness, 4)})`}, pre-training ${fmt(result.preTrainStepSize, 4)}; start: ${start}; q_h* = ${fmt(result.maxQuality.value, 4)} (${result.maxQuality.method})`,
    "",
  ];
  const body = table(
    ["scheme", "q_low", "q_high", "U_low", "U_high", "low lost", "high lost", "dist. to NBS", "Nash gap"],
    rows,
  );
  const warnings = [...result.warnings, ...result.runs.flatMap((r) => r.run.warnings)].map(
    (w) => `warning: ${w}`,
  );
  return [...head, body, ...warnings, ""].join("\n");
}

/** "1 h 02 min", "3 min 05 s", "12.3 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${String(Math.floor(seconds - 60 * m)).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

/** Where a run is, for {@link progressLine}. */
export interface CollabProgress {
  readonly scheme: string;
  /** 0-based index of the running scheme. */
  readonly schemeIndex: number;
  readonly schemes: number;
  /** Rounds finished in the running scheme. */
  readonly round: number;
  readonly rounds: number;
  /** Seconds since the command started. */
  readonly elapsed: number;
  /** Seconds since the first scheme started (after setting up the firms). */
  readonly trainingElapsed: number;
}

/**
 * The progress line of `collab-train`: a bar over every round of every scheme, the position, the
 * elapsed time and the ETA (rounds still to run × the average time of a finished round; "…" until
 * one has finished).
 *
 * @example
 * ```ts
 * progressLine({ scheme: "complete", schemeIndex: 1, schemes: 2, round: 50, rounds: 100, elapsed: 80, trainingElapsed: 60 });
 * // "[███████████████░░░░░] 75% · complete round 50/100 · scheme 2/2 · 1 min 20 s · ETA 20.0 s"
 * ```
 */
export function progressLine(p: CollabProgress): string {
  const total = p.schemes * p.rounds;
  const done = Math.min(total, p.schemeIndex * p.rounds + p.round);
  const width = 20;
  const filled = Math.floor((width * done) / total);
  const bar = `[${"█".repeat(filled)}${"░".repeat(width - filled)}]`;
  const eta = done > 0 ? formatDuration((p.trainingElapsed / done) * (total - done)) : "…";
  return `${bar} ${Math.floor((100 * done) / total)}% · ${p.scheme} round ${p.round}/${p.rounds} · scheme ${p.schemeIndex + 1}/${p.schemes} · ${formatDuration(p.elapsed)} · ETA ${eta}`;
}

/** Runs `collab-train`; returns the text for stdout. */
export async function collabTrainCommand(opts: CollabTrainCommandOptions, io: Io): Promise<string> {
  const s = resolveCollabTrainOptions(opts);
  const jsonPath = `${s.out}.json`;
  const csvPath = `${s.out}.csv`;
  if (opts.force !== true) {
    for (const path of [jsonPath, csvPath]) {
      if (await exists(path)) throw new UserError(`--out: ${path} exists; pass --force to overwrite it`);
    }
  }
  const { result, json, csv } = await runCollabTrain(s, io, {
    progress: opts.progress !== false,
    threads: resolveThreads(opts.threads),
  });
  await writeFile(jsonPath, json);
  await writeFile(csvPath, csv);
  return `${summary(result)}wrote ${jsonPath} and ${csvPath}\n`;
}

/**
 * Threads evaluating the target: "1" or "2", or "auto" (the default) — 2 when the machine has two
 * cores or more. Not a setting of the run: results are identical either way.
 */
export function resolveThreads(text: string | undefined): 1 | 2 {
  if (text === undefined || text === "auto") return availableParallelism() >= 2 ? 2 : 1;
  if (text === "1" || text === "2") return Number(text) as 1 | 2;
  throw new UserError(`--threads: expected 1, 2 or "auto", found ${JSON.stringify(text)}`);
}

/** A finished run: the experiment, and the JSON record and CSV trajectory as written by `collab-train`. */
export interface CollabTrainRun {
  readonly result: ExperimentResult;
  readonly json: string;
  readonly csv: string;
}

/**
 * Loads the data, builds the firms and runs the experiment of resolved settings, with the
 * progress bar on `io.stderr` unless `progress` is false and the target evaluated on `threads`
 * threads ({@link resolveThreads}); writes nothing (`collab-train` and `reproduce --real` do).
 */
export async function runCollabTrain(
  s: CollabTrainSettings,
  io: Io,
  options: { readonly progress: boolean; readonly threads: 1 | 2 },
): Promise<CollabTrainRun> {
  let data: LoadedImages;
  try {
    data = await loadFashionMnist(s.dataDir === null ? {} : { dir: s.dataDir });
  } catch (e) {
    if (e instanceof DatasetNotFoundError) throw new UserError(e.message);
    throw e;
  }
  let sets: FirmDataSets;
  try {
    sets = buildFirmData(data, {
      firms: s.firms,
      labelSplit: s.labelSplit,
      targetSize: Math.min(s.targetSize, data.test.count),
      seed: s.seed,
    });
  } catch (e) {
    if (e instanceof RangeError) throw new UserError(e.message);
    throw e;
  }
  const showProgress = options.progress;
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  const started = performance.now();
  let trainingStarted = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  const state = { scheme: "", schemeIndex: -1, round: 0 };
  // A terminal gets one line redrawn in place (every 250 ms at most); a log gets a line every 2 s
  // and at the start and end of every scheme.
  const draw = (force: boolean): void => {
    const now = performance.now();
    if (!showProgress || (!force && now - lastDraw < (tty ? 250 : 2000))) return;
    lastDraw = now;
    const line =
      state.schemeIndex < 0
        ? `collab-train: setting up the firms (pre-training, estimating q_h*) · ${formatDuration((now - started) / 1000)}`
        : progressLine({
            scheme: state.scheme,
            schemeIndex: state.schemeIndex,
            schemes: s.schemes.length,
            round: state.round,
            rounds: s.rounds,
            elapsed: (now - started) / 1000,
            trainingElapsed: (now - trainingStarted) / 1000,
          });
    io.stderr.write(tty ? `\r${line.padEnd(110)}` : `${line}\n`);
  };
  draw(true);
  const evaluator = options.threads === 2 ? await createThreadedEvaluator(s.model, sets.target) : undefined;
  let result: ExperimentResult;
  try {
    result = runExperiment(
      sets,
      {
        ...(evaluator === undefined ? {} : { evaluator }),
        model: s.model,
        measure: s.measure,
        seed: s.seed,
        rounds: s.rounds,
        schemes: s.schemes,
        maxQuality: s.maxQuality,
        preTrainStepSize: s.preTrainStepSize,
        ...(s.stepSize === "auto" ? {} : { stepSize: s.stepSize }),
        ...(s.batchSize === "full" ? {} : { batchSize: s.batchSize }),
        schemeOptions: {
          ...(s.maxLowSteps === null ? {} : { maxLowSteps: s.maxLowSteps }),
          ...(s.maxBacktracks === null ? {} : { maxBacktracks: s.maxBacktracks }),
        },
      },
      {
        onUpdate: (e) => {
          if (e.updates === 0 && e.firm === "") {
            if (state.schemeIndex < 0) trainingStarted = performance.now();
            state.schemeIndex++;
            state.scheme = e.phase;
            state.round = 0;
            draw(true);
          } else draw(false);
        },
        onRound: (e) => {
          state.round = e.round;
          draw(e.round === e.rounds);
        },
      },
    );
  } finally {
    await evaluator?.close();
  }
  if (showProgress && tty) io.stderr.write("\n");
  const record = {
    tool: "ftg collab-train",
    format: 1,
    seed: s.seed,
    settings: s,
    data: provenance(data, sets),
    stepSize: result.stepSize,
    start: result.start,
    roles: result.roles,
    maxQuality: result.maxQuality,
    runs: result.runs.map((r) =>
      r.kind === "two-firm"
        ? {
            scheme: r.run.scheme,
            target: r.run.target,
            verdict: r.run.verdict,
            warnings: r.run.warnings,
            counters: r.counters,
            trajectory: r.run.trajectory,
          }
        : {
            scheme: "defection-free",
            firms: r.run.ids,
            target: r.run.target,
            verdict: {
              firstLoss: r.run.firstLoss,
              anyLoss: r.run.anyLoss,
              distance: r.run.distance,
              converged: r.run.converged,
            },
            warnings: r.run.warnings,
            counters: r.counters,
            trajectory: r.run.trajectory,
          },
    ),
    warnings: result.warnings,
  };
  const json = `${JSON.stringify(record, (_k, v) => (typeof v === "number" ? clean(v) : v), 2)}\n`;
  return { result, json, csv: trajectoryCsv(result) };
}
