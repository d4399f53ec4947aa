/**
 * The command line's side of the model object (see @ftg/core's models/types.ts): looking the model
 * up, solving with labelled errors and a progress bar, and laying the answer out as a table, JSON
 * or CSV. Nothing here knows any particular model.
 */
import type { AnyModel, ModelResult, ModelSolveOptions, Report, SolveProgress } from "@ftg/core";
import { describeValue, loadModel, loadModels, modelIn } from "@ftg/core/catalog";
import { SingleBar } from "cli-progress";
import { forScenario, UserError } from "../errors.js";
import { csvPieces } from "../io/csv.js";
import { assertFiniteAnswer } from "../io/finite.js";
import { table } from "../io/format.js";
import { jsonPieces } from "../io/json.js";
import { type Io, type Output, outputText } from "../io/streams.js";

/** How an answer is printed; chosen from the flags before anything is solved. */
export type OutputMode = "table" | "json" | "csv";

/** `--json` or `--csv` (not both: a conflict is an error, not silently resolved); neither means the table. */
export function outputMode(flags: { readonly json?: boolean; readonly csv?: boolean }): OutputMode {
  if (flags.json === true && flags.csv === true)
    throw new UserError("--json and --csv: give one output format, not both");
  return flags.json === true ? "json" : flags.csv === true ? "csv" : "table";
}

/**
 * The models a command looks scenarios up in: a registry of its own (a test's), or, when none is
 * given, the core's models, each loaded when a scenario names it (a command that solves one model
 * loads that model's code alone).
 */
export type Models = ReadonlyMap<string, AnyModel> | undefined;

/** The registry's models, all of them (loaded when the core's: for messages listing them). */
function allModels(models: Models): Promise<ReadonlyMap<string, AnyModel>> {
  return models === undefined ? loadModels() : Promise.resolve(models);
}

/** The model a raw scenario names, or a user error naming the scenario. */
export function scenarioModel(raw: unknown, label: string, models?: Models): Promise<AnyModel> {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new UserError(
      `${label}: expected a scenario object with a "model" field, found ${describeValue(raw)}`,
    );
  }
  const id = (raw as { model?: unknown }).model;
  // the registry given, or the core's through its loaders (the same lookup and message)
  return forScenario(label, () => (models === undefined ? loadModel(id) : modelIn(id, models)));
}

/**
 * The model of a raw scenario, when it has what a command needs (`has`); otherwise one line naming
 * the models that do, read from the registry.
 */
export async function scenarioModelWith(
  raw: unknown,
  label: string,
  command: string,
  has: (m: AnyModel) => boolean,
  models?: Models,
): Promise<AnyModel> {
  const model = await scenarioModel(raw, label, models);
  if (!has(model)) {
    const which = [...(await allModels(models)).values()].filter(has).map((m) => `"${m.id}"`);
    throw new UserError(
      `${label}: model: ${command} expects ${which.join(" or ")}, found ${JSON.stringify(model.id)}`,
    );
  }
  return model;
}

/** A raw scenario validated and built into its model's game (errors name the scenario). */
export function buildScenario(model: AnyModel, raw: unknown, label: string): Promise<unknown> {
  return forScenario(label, () => model.build(model.parse(raw)));
}

/** Options rejected before solving when the model does not honour them. */
export async function checkSolveOptions(
  model: AnyModel,
  options: ModelSolveOptions,
  models?: Models,
): Promise<void> {
  if (options.delta !== undefined && model.fixedDelta !== true) {
    const which = [...(await allModels(models)).values()]
      .filter((m) => m.fixedDelta === true)
      .map((m) => `"${m.id}"`);
    throw new UserError(`--delta applies to ${which.join(" and ")} scenarios only`);
  }
}

/** Solves `game`, with a progress bar on a terminal when the model says the solve is long. */
export function solveGame(
  model: AnyModel,
  game: unknown,
  options: ModelSolveOptions,
  io: Io,
  label: string,
): Promise<ModelResult> {
  const stderr = io.stderr as NodeJS.WritableStream & { isTTY?: boolean };
  const bar =
    stderr.isTTY === true && model.showsProgress?.(game) === true
      ? new SingleBar({ stream: io.stderr, format: `${model.id} {phase} [{bar}] {value}/{total}` })
      : null;
  let phase = "";
  const onProgress = (p: SolveProgress) => {
    if (bar === null) return;
    if (phase !== p.phase) {
      if (phase !== "") bar.stop();
      phase = p.phase;
      bar.start(p.total, p.done, { phase: p.phase });
    } else bar.update(p.done);
  };
  return forScenario(label, () => {
    try {
      return model.solve(game, bar === null ? options : { ...options, onProgress }) as ModelResult;
    } finally {
      bar?.stop();
    }
  });
}

/** Rows of a report's table printed on the terminal; JSON and CSV hold every row. */
export const TABLE_ROWS = 1000;

/** The table layout of a report: lines above, the table (at most {@link TABLE_ROWS} rows), lines below. */
export function reportText(report: Report): string {
  const body = table(report.table.columns, report.table.rows, { maxRows: TABLE_ROWS });
  return [...report.before, body, ...report.after].join("\n");
}

/**
 * The answer as printed in `mode`, in pieces for JSON and CSV (a million specialists' answer is
 * gigabytes of text, more than one string holds); JSON and CSV end with a newline, the table does not.
 */
export function answerOutput(
  model: AnyModel,
  result: ModelResult,
  mode: OutputMode,
  label = "scenario",
): Output {
  const json = model.json(result);
  // an answer holding NaN or Infinity is refused naming the field, never printed as null
  assertFiniteAnswer(json, label);
  switch (mode) {
    case "json":
      return jsonLines(json);
    case "csv":
      return csvPieces(model.csv(result));
    case "table":
      return reportText(model.report(result));
  }
}

function* jsonLines(json: unknown): Generator<string> {
  yield* jsonPieces(json);
  yield "\n";
}

/** The answer as printed in `mode`, as one text (JSON and CSV end with a newline; the table does not). */
export function renderAnswer(
  model: AnyModel,
  result: ModelResult,
  mode: OutputMode,
  label = "scenario",
): string {
  return outputText(answerOutput(model, result, mode, label));
}
