/**
 * Runs `collab-train`'s experiment for every seed and scheme, streaming each round and each
 * finished run to a journal (`<out>.journal`, JSON lines, written synchronously so an interrupted
 * process — Ctrl-C stops it at once, exit status 130 — keeps everything done so far). Rerunning
 * the same command reads the journal back and runs only the (seed, scheme) pairs not finished;
 * a pair interrupted midway starts again from its round 0 (its setup — pre-training, the q_h*
 * estimate — is a deterministic function of the seed, so the result is the same as in one go).
 */
import { appendFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import {
  buildFirmData,
  type ExperimentHooks,
  type ExperimentOptions,
  type ExperimentResult,
  type ExperimentRun,
  type ExperimentSetup,
  type FirmDataSets,
  IdxFormatError,
  paperFirmData,
  runExperiment,
  runPaperExperiment,
} from "@ftg/ml";
import { DatasetNotFoundError, type LoadedImages, loadFashionMnist } from "@ftg/ml/node";
import { UserError } from "../errors.js";
import type { Io } from "../io/streams.js";
import {
  type CollabTrainSettings,
  cleanJson,
  provenance,
  type RunRecord,
  runFromRecord,
  runRecord,
  summary,
  trajectoryCsv,
} from "./collabRecord.js";
import { formatDuration, progressLine } from "./progress.js";
import { RECORD_TOOL } from "./recordFile.js";
import { createThreadedEvaluator } from "./threadedEvaluator.js";

/** The round-by-round journal of a run. */
export interface Journal {
  readonly path: string;
  /** Finished runs read back, by `${seed}/${scheme}`. */
  readonly done: ReadonlyMap<string, RunRecord>;
  /** Setups read back, by seed. */
  readonly setups: ReadonlyMap<number, ExperimentSetup>;
  append(entry: object): void;
  /** Removes the journal (the run's files are written). */
  finish(): void;
}

/** The settings that decide a run's result (not where it is written). */
function identity(s: CollabTrainSettings): string {
  const { out: _out, ...rest } = s;
  return cleanJson(rest);
}

/**
 * Opens (or, with `force` or when absent, starts) the journal at `path` for settings `s`.
 *
 * @throws UserError when the journal belongs to a run with other settings (and `force` is not set)
 */
export function openJournal(path: string, s: CollabTrainSettings, force: boolean): Journal {
  const done = new Map<string, RunRecord>();
  const setups = new Map<number, ExperimentSetup>();
  const id = identity(s);
  if (existsSync(path) && !force) {
    const lines = readFileSync(path, "utf8").split("\n");
    let header: { journal?: string; settings?: string } | undefined;
    try {
      header = JSON.parse(lines[0] ?? "");
    } catch {
      header = undefined;
    }
    if (header?.journal !== "ftg collab-train" || header.settings !== id) {
      throw new UserError(
        `--out: ${path} belongs to another run (different settings); pass --force to discard it and start over`,
      );
    }
    // The last line may be cut short by an interruption: it is skipped.
    for (const line of lines.slice(1)) {
      let entry: { kind?: string; seed?: number; scheme?: string; run?: RunRecord; setup?: ExperimentSetup };
      try {
        entry = JSON.parse(line);
      } catch {
        continue;
      }
      if (entry.kind === "run" && entry.run !== undefined)
        done.set(`${entry.seed}/${entry.scheme}`, entry.run);
      if (entry.kind === "setup" && entry.setup !== undefined) setups.set(entry.seed!, entry.setup);
    }
  } else {
    appendFileSync(path, `${JSON.stringify({ journal: "ftg collab-train", settings: id })}\n`, { flag: "w" });
  }
  return {
    path,
    done,
    setups,
    append(entry) {
      appendFileSync(path, `${cleanJson(entry)}\n`);
    },
    finish() {
      rmSync(path, { force: true });
    },
  };
}

/** A finished run: the experiment (first seed), the JSON record, the CSV and the summary text. */
export interface CollabTrainRun {
  /** The first seed's experiment with every scheme (from the journal where it was resumed). */
  readonly result: ExperimentResult;
  readonly json: string;
  readonly csv: string;
  readonly text: string;
}

async function load(s: CollabTrainSettings): Promise<LoadedImages> {
  try {
    return await loadFashionMnist(s.dataDir === null ? {} : { dir: s.dataDir });
  } catch (e) {
    if (e instanceof DatasetNotFoundError || e instanceof IdxFormatError) throw new UserError(e.message);
    if (e instanceof Error && "code" in e && typeof e.code === "string") {
      throw new UserError(`--data-dir: ${e.message}`);
    }
    throw e;
  }
}

/** The firms' data of one seed, with sizes resolved against the data set. */
function firmData(data: LoadedImages, s: CollabTrainSettings, seed: number): FirmDataSets {
  const testCount = data.test.count;
  if (s.targetSize !== "auto" && s.targetSize > testCount) {
    throw new UserError(
      `--target-size: expected at most the ${testCount} test examples of ${data.name}, found ${s.targetSize}`,
    );
  }
  const targetSize =
    s.targetSize === "auto" ? Math.min(s.model === "lenet5" ? 1000 : 10000, testCount) : s.targetSize;
  const used = s.firms.reduce((a, f) => a + f.size, 0);
  const left = Math.max(0, data.train.count - used);
  const validationSize =
    s.validationSize === "auto" ? Math.min(s.model === "lenet5" ? 1000 : 10000, left) : s.validationSize;
  try {
    return buildFirmData(data, {
      firms: s.firms,
      labelSplit: s.labelSplit,
      targetSize,
      validationSize,
      seed,
    });
  } catch (e) {
    if (e instanceof RangeError) {
      const m = e.message.replace(/^validationSize:/, "--validation-size:");
      throw new UserError(m);
    }
    throw e;
  }
}

/** The script's firm data (`--protocol paper`). */
function paperData(data: LoadedImages, s: CollabTrainSettings, seed: number): FirmDataSets {
  if (s.targetSize !== "auto" && s.targetSize > data.test.count) {
    throw new UserError(
      `--target-size: expected at most the ${data.test.count} test examples of ${data.name}, found ${s.targetSize}`,
    );
  }
  try {
    return paperFirmData(data, {
      seed,
      labelSplit: s.labelSplit,
      firmSize: s.firms[0]!.size,
      preTrain: [s.firms[0]!.preTrainEpochs, s.firms[1]!.preTrainEpochs],
      ...(s.targetSize === "auto" ? {} : { targetSize: s.targetSize }),
    });
  } catch (e) {
    if (e instanceof RangeError) throw new UserError(`--firm-size: ${e.message}`);
    throw e;
  }
}

/** runExperiment's signature over the script's protocol. */
function paperRun(sets: FirmDataSets, o: ExperimentOptions, hooks: ExperimentHooks): ExperimentResult {
  return runPaperExperiment(
    sets,
    {
      ...(o.model === undefined ? {} : { model: o.model }),
      ...(o.schemes === undefined ? {} : { schemes: o.schemes }),
      ...(o.rounds === undefined ? {} : { rounds: o.rounds }),
      ...(o.seed === undefined ? {} : { seed: o.seed }),
      ...(o.evaluator === undefined ? {} : { evaluator: o.evaluator }),
    },
    hooks,
  );
}

/**
 * Loads the data, builds the firms and runs every seed's schemes (those not already in the
 * journal), with the progress bar on `io.stderr` unless `progress` is false and the validation
 * set evaluated on `threads` threads; writes only the journal (`collab-train` writes the files).
 */
export async function runCollabTrain(
  s: CollabTrainSettings,
  io: Io,
  options: { readonly progress: boolean; readonly threads: 1 | 2; readonly journal?: Journal },
): Promise<CollabTrainRun> {
  const data = await load(s);
  const journal = options.journal;
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  const showProgress = options.progress;
  const status = (line: string): void => {
    if (showProgress) io.stderr.write(tty ? `\r${line.padEnd(110)}\n` : `${line}\n`);
  };
  if (journal !== undefined && journal.done.size > 0) {
    status(`collab-train: resuming from ${journal.path} (${journal.done.size} run(s) already done)`);
  } else if (journal !== undefined) {
    status(`collab-train: journal ${journal.path}; if interrupted, rerun the same command to resume`);
  }
  const started = performance.now();
  const runs: { seed: number; run: ExperimentRun }[] = [];
  const setups = new Map<number, ExperimentSetup>();
  let provenanceOfFirst: ReturnType<typeof provenance> | undefined;
  const units = s.seeds.length * s.schemes.length;
  let unitIndex = -1;
  for (const seed of s.seeds) {
    const sets = s.protocol === "paper" ? paperData(data, s, seed) : firmData(data, s, seed);
    provenanceOfFirst ??= provenance(data, sets);
    const todo = s.schemes.filter((scheme) => journal?.done.get(`${seed}/${scheme}`) === undefined);
    const stored = journal?.setups.get(seed);
    if (todo.length === 0 && stored !== undefined) {
      setups.set(seed, stored);
      unitIndex += s.schemes.length;
      for (const scheme of s.schemes)
        runs.push({ seed, run: runFromRecord(journal!.done.get(`${seed}/${scheme}`)!) });
      continue;
    }
    let trainingStarted = performance.now();
    let lastDraw = Number.NEGATIVE_INFINITY;
    const state = { scheme: "", round: 0 };
    const draw = (force: boolean): void => {
      const now = performance.now();
      // A progress bar only on a terminal; a log gets the status lines alone.
      if (!showProgress || !tty || (!force && now - lastDraw < 250)) return;
      lastDraw = now;
      const line =
        unitIndex < 0 || state.scheme === ""
          ? `collab-train: seed ${seed}: setting up the firms (pre-training, estimating q_h*) · ${formatDuration((now - started) / 1000)}`
          : progressLine({
              scheme: s.seeds.length > 1 ? `seed ${seed} ${state.scheme}` : state.scheme,
              schemeIndex: unitIndex,
              schemes: units,
              round: state.round,
              rounds: s.rounds,
              elapsed: (now - started) / 1000,
              trainingElapsed: (now - trainingStarted) / 1000,
            });
      io.stderr.write(`\r${line.padEnd(110)}`);
    };
    if (tty) draw(true);
    else status(`collab-train: seed ${seed}: setting up the firms (pre-training, estimating q_h*)`);
    const target = sets.validation ?? sets.target;
    const evaluator = options.threads === 2 ? await createThreadedEvaluator(s.model, target) : undefined;
    const doneHere = new Map<string, ExperimentRun>();
    let result: ExperimentResult;
    try {
      result = (s.protocol === "paper" ? paperRun : runExperiment)(
        sets,
        {
          ...(evaluator === undefined ? {} : { evaluator }),
          model: s.model,
          measure: s.measure,
          seed,
          rounds: s.rounds,
          schemes: todo,
          maxQuality: s.maxQuality,
          preTrainStepSize: s.preTrainStepSize,
          ...(s.stepSize === "auto" ? {} : { stepSize: s.stepSize }),
          ...(s.batchSize === "full"
            ? { raiseBatchSize: Number.POSITIVE_INFINITY }
            : { batchSize: s.batchSize, raiseBatchSize: s.batchSize }),
          schemeOptions: {
            stallRounds: s.stallRounds,
            stopOnStall: s.stopOnStall,
          },
        },
        {
          onSetup: (setup) => journal?.append({ kind: "setup", seed, setup }),
          onUpdate: (e) => {
            if (e.updates === 0 && e.firm === "") {
              if (state.scheme === "") trainingStarted = performance.now();
              unitIndex++;
              state.scheme = e.phase;
              state.round = 0;
              if (!tty) status(`collab-train: seed ${seed}: ${e.phase} (run ${unitIndex + 1} of ${units})`);
              draw(true);
            } else draw(false);
          },
          onRound: (e) => {
            state.round = e.round;
            journal?.append({ kind: "round", seed, scheme: e.phase, record: e.record });
            draw(e.round === e.rounds);
          },
          onRun: (r) => {
            const rec = runRecord(r, seed);
            doneHere.set(rec.scheme, r);
            journal?.append({ kind: "run", seed, scheme: rec.scheme, run: rec });
            const share =
              r.kind === "two-firm" && r.run.target.nash > 0
                ? r.run.trajectory.at(-1)!.nash / r.run.target.nash
                : null;
            status(
              `collab-train: seed ${seed}: ${rec.scheme} done · ${formatDuration((performance.now() - started) / 1000)}${share === null ? "" : ` · N_T/N* = ${share.toPrecision(4)}`}`,
            );
            const stalled = r.kind === "two-firm" ? r.run.verdict.stalledAt : null;
            if (stalled !== null) {
              io.stderr.write(
                `${tty ? "\n" : ""}collab-train: seed ${seed}, ${rec.scheme}: stalled at round ${stalled} (no quality moved for ${s.stallRounds} rounds)${r.kind === "two-firm" && r.run.verdict.stoppedEarly ? "; stopped" : ""}\n`,
              );
            }
          },
        },
      );
    } finally {
      await evaluator?.close();
    }
    setups.set(seed, result);
    unitIndex += s.schemes.length - todo.length;
    for (const scheme of s.schemes) {
      const fresh = doneHere.get(scheme);
      const run = fresh ?? runFromRecord(journal!.done.get(`${seed}/${scheme}`)!);
      runs.push({ seed, run });
    }
  }
  if (showProgress && tty) io.stderr.write("\n");
  const firstSeed = s.seeds[0]!;
  const setup = setups.get(firstSeed)!;
  const firstRuns = runs.filter((r) => r.seed === firstSeed).map((r) => r.run);
  const result: ExperimentResult = { ...setup, runs: firstRuns };
  const record = {
    tool: RECORD_TOOL,
    format: 2,
    seed: firstSeed,
    seeds: s.seeds,
    settings: s,
    data: provenanceOfFirst,
    setups: s.seeds.map((seed) => {
      const { runs: _runs, ...rest } = setups.get(seed)! as ExperimentResult;
      return rest;
    }),
    stepSize: setup.stepSize,
    start: setup.start,
    roles: setup.roles,
    maxQuality: setup.maxQuality,
    runs: runs.map((r) => runRecord(r.run, r.seed)),
    warnings: [...data.warnings, ...setup.warnings],
  };
  const warnings = [...new Set([...record.warnings, ...runs.flatMap((r) => r.run.run.warnings)])].map(
    (w) => `warning: ${w}`,
  );
  for (const w of warnings) io.stderr.write(`collab-train: ${w}\n`);
  return {
    result,
    json: `${cleanJson(record, 2)}\n`,
    csv: trajectoryCsv(runs),
    text: summary(
      setup,
      runs,
      data.name,
      s.protocol === "paper" ? "test set, the authors' script" : undefined,
    ),
  };
}
