/**
 * `ftg solve <scenario|-> [--json] [--csv] [--delta δ]`: validates a scenario, dispatches on its
 * `"model"` field and prints a table (default), one JSON object (`--json`) or CSV (`--csv`).
 * Without a scenario argument, solves the built-in default scenario.
 */
import { DEFAULT_SCENARIO, DEFAULT_SCENARIO_TITLE, describeValue } from "@ftg/core";
import { UserError } from "../errors.js";
import { assertFiniteAnswer } from "../io/finite.js";
import { decimal } from "../io/numbers.js";
import { fillPlaceholders, parseSets } from "../io/placeholders.js";
import { readScenario } from "../io/readScenario.js";
import type { Io } from "../io/streams.js";
import type { SolveFlags } from "../models/handler.js";
import { MODELS } from "../models/index.js";

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

/** Runs `solve`; returns the text to print on stdout. */
export async function solveCommand(
  path: string | undefined,
  opts: SolveCommandOptions,
  io: Io,
): Promise<string> {
  const sets = parseSets(opts.set);
  const label = path === undefined ? "default scenario" : path === "-" ? "<stdin>" : path;
  const raw = fillPlaceholders(
    path === undefined ? DEFAULT_SCENARIO : await readScenario(path, io),
    sets,
    label,
  );
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new UserError(
      `${label}: expected a scenario object with a "model" field, found ${describeValue(raw)}`,
    );
  }
  const model = (raw as { model?: unknown }).model ?? "fine-tuning";
  const handler = typeof model === "string" ? MODELS.get(model) : undefined;
  if (handler === undefined) {
    const known = [...MODELS.keys()].map((m) => JSON.stringify(m)).join(", ");
    throw new UserError(`${label}: model: expected one of ${known}, found ${describeValue(model)}`);
  }
  if (opts.json === true && opts.csv === true)
    throw new UserError("--json and --csv: give one output format, not both");
  const delta = parseDelta(opts.delta);
  const flags: SolveFlags = {
    json: opts.json === true,
    csv: opts.csv === true,
    ...(delta === undefined ? {} : { delta }),
  };
  const out = await handler.solve(raw, flags, io, label);
  assertFiniteAnswer(out.json, label);
  if (flags.json) return `${JSON.stringify(out.json)}\n`;
  if (flags.csv) {
    if (out.csv === undefined) throw new UserError(`--csv is not available for model "${handler.model}"`);
    return out.csv;
  }
  const header = path === undefined ? `${DEFAULT_SCENARIO_TITLE}\n\n` : "";
  return `${header}${out.text}\n`;
}
