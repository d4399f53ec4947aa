/**
 * `ftg solve <scenario|-> [--json] [--csv] [--delta δ]`: validates a scenario, looks its
 * `"model"` up in the core's registry and prints a table (default), one JSON object (`--json`) or
 * CSV (`--csv`). Without a scenario argument, solves the built-in default scenario.
 */
import { type AnyModel, DEFAULT_SCENARIO, DEFAULT_SCENARIO_TITLE, MODELS } from "@ftg/core";
import { UserError } from "../errors.js";
import { decimal } from "../io/numbers.js";
import { fillPlaceholders, parseSets } from "../io/placeholders.js";
import { readScenario } from "../io/readScenario.js";
import type { Io } from "../io/streams.js";
import {
  buildScenario,
  checkSolveOptions,
  outputMode,
  renderAnswer,
  scenarioModel,
  solveGame,
} from "../models/answer.js";

export interface SolveCommandOptions {
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly delta?: string;
  /** `--set name=value` (repeatable): fills `{{name}}` placeholders. */
  readonly set?: readonly string[];
}

/** Parses `--delta`: a finite number in [0, 1]. */
export function parseDelta(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const d = decimal(text);
  if (!Number.isFinite(d) || d < 0 || d > 1) {
    throw new UserError(`--delta: expected a number in [0, 1], found ${JSON.stringify(text)}`);
  }
  return d;
}

/**
 * Runs `solve`; returns the text to print on stdout. `models` is the registry to look the
 * scenario's model up in (the core's, unless a test brings its own).
 */
export async function solveCommand(
  path: string | undefined,
  opts: SolveCommandOptions,
  io: Io,
  models: ReadonlyMap<string, AnyModel> = MODELS,
): Promise<string> {
  const mode = outputMode(opts);
  const sets = parseSets(opts.set);
  const label = path === undefined ? "default scenario" : path === "-" ? "<stdin>" : path;
  const raw = fillPlaceholders(
    path === undefined ? DEFAULT_SCENARIO : await readScenario(path, io),
    sets,
    label,
  );
  const model = await scenarioModel(raw, label, models);
  const delta = parseDelta(opts.delta);
  const options = delta === undefined ? {} : { delta };
  checkSolveOptions(model, options, models);
  const game = await buildScenario(model, raw, label);
  const result = await solveGame(model, game, options, io, label);
  const out = renderAnswer(model, result, mode, label);
  if (mode !== "table") return out;
  const header = path === undefined ? `${DEFAULT_SCENARIO_TITLE}\n\n` : "";
  return `${header}${out}\n`;
}
