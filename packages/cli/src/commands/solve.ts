/**
 * `ftg solve <scenario|-> [--json] [--csv] [--delta δ] [--full-checks]`: validates a scenario, looks its
 * `"model"` up in the core's registry and prints a table (default), one JSON object (`--json`) or
 * CSV (`--csv`). Without a scenario argument, solves the built-in default scenario.
 *
 * `--queue redis://host:port [--chunk-deltas n]` (fine-tuning games on the polynomial path, many
 * specialists): G's choices at the bargaining grid's δ's are computed by the `ftg worker` pool
 * (../sweep/specialistsQueue.ts) and the rest of the solve runs here; the answer is the same.
 * `--queue redis://host:port [--chunk-firms n]` (markets): the equilibrium prices are found here,
 * every firm's deviation gain by the pool (../sweep/marketQueue.ts); the answer is the same.
 */
import type { MarketGame, ModelId, ModelSolveOptions } from "@ftg/core";
import { DEFAULT_SCENARIO, DEFAULT_SCENARIO_TITLE } from "@ftg/core/catalog";
import { UserError } from "../errors.js";
import { decimal, wholeNumber } from "../io/numbers.js";
import { fillPlaceholders, parseSets } from "../io/placeholders.js";
import { readScenario } from "../io/readScenario.js";
import { type Io, type Output, outputText } from "../io/streams.js";
import {
  answerOutput,
  buildScenario,
  checkSolveOptions,
  type Models,
  outputMode,
  scenarioModel,
  solveGame,
} from "../models/answer.js";

export interface SolveCommandOptions {
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly delta?: string;
  /** `--set name=value` (repeatable): fills `{{name}}` placeholders. */
  readonly set?: readonly string[];
  /** `--queue redis://host:port`: the δ grid on the worker pool. */
  readonly queue?: string;
  /** `--chunk-deltas n`: grid δ's per job (with --queue, fine-tuning). */
  readonly chunkDeltas?: string;
  /** `--chunk-firms n`: firms per certificate job (with --queue, markets). */
  readonly chunkFirms?: string;
  /** `--full-checks`: every check of the bargaining certificate, whatever the number of players (fine-tuning). */
  readonly fullChecks?: boolean;
}

/** Parses `--chunk-deltas` (with `--queue` only): an integer in [1, 100000]. */
function parseChunkDeltas(opts: SolveCommandOptions): number | undefined {
  if (opts.chunkDeltas === undefined) return undefined;
  if (opts.queue === undefined)
    throw new UserError("--chunk-deltas: only with --queue (the δ's per job of the worker pool)");
  const n = wholeNumber(opts.chunkDeltas);
  if (!Number.isInteger(n) || n < 1 || n > 100_000)
    throw new UserError(
      `--chunk-deltas: expected an integer in [1, 100000], found ${JSON.stringify(opts.chunkDeltas)}`,
    );
  return n;
}

/** Parses `--chunk-firms` (with `--queue` only): an integer in [1, 10000000]. */
function parseChunkFirms(opts: SolveCommandOptions): number | undefined {
  if (opts.chunkFirms === undefined) return undefined;
  if (opts.queue === undefined)
    throw new UserError("--chunk-firms: only with --queue (the firms per job of the worker pool)");
  const n = wholeNumber(opts.chunkFirms);
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000)
    throw new UserError(
      `--chunk-firms: expected an integer in [1, 10000000], found ${JSON.stringify(opts.chunkFirms)}`,
    );
  return n;
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

/** The models whose scenarios take the options of their own (`--full-checks`, `--queue`'s kinds). */
const FINE_TUNING: ModelId = "fine-tuning";
const MARKET: ModelId = "market";

/**
 * Runs `solve`; returns the text to print on stdout. `models` is the registry to look the
 * scenario's model up in (the core's, each model loaded when named, unless a test brings its own).
 */
export async function solveCommand(
  path: string | undefined,
  opts: SolveCommandOptions,
  io: Io,
  models?: Models,
): Promise<string> {
  return outputText(await solveOutput(path, opts, io, models));
}

/** Runs `solve`; returns what to print on stdout, JSON and CSV in pieces (see {@link answerOutput}). */
export async function solveOutput(
  path: string | undefined,
  opts: SolveCommandOptions,
  io: Io,
  models?: Models,
): Promise<Output> {
  const mode = outputMode(opts);
  const chunkDeltas = parseChunkDeltas(opts);
  const chunkFirms = parseChunkFirms(opts);
  const sets = parseSets(opts.set);
  const label = path === undefined ? "default scenario" : path === "-" ? "<stdin>" : path;
  let raw: unknown = fillPlaceholders(
    path === undefined ? DEFAULT_SCENARIO : await readScenario(path, io),
    sets,
    label,
  );
  const model = await scenarioModel(raw, label, models);
  const delta = parseDelta(opts.delta);
  if (opts.queue !== undefined && delta !== undefined)
    throw new UserError(
      "--queue and --delta: the worker pool solves the bargaining grid; one equilibrium at a given δ needs no queue (drop one)",
    );
  if (opts.fullChecks === true && model.id !== FINE_TUNING)
    throw new UserError(
      `--full-checks: only for a fine-tuning game (its bargaining certificate); ${label} is a "${model.id}" scenario`,
    );
  if (opts.fullChecks === true && delta !== undefined)
    throw new UserError("--full-checks and --delta: at a given δ there is no bargaining to check (drop one)");
  const options = {
    ...(delta === undefined ? {} : { delta }),
    ...(opts.fullChecks === true ? { fullChecks: true } : {}),
  };
  await checkSolveOptions(model, options, models);
  const game = await buildScenario(model, raw, label);
  let queued: Pick<ModelSolveOptions, "choices" | "deviationGains"> = {};
  if (opts.queue !== undefined && model.id === MARKET) {
    if (chunkDeltas !== undefined)
      throw new UserError(
        `--chunk-deltas: ${label} is a market, whose certificate is split by firms; use --chunk-firms`,
      );
    // bullmq is loaded only when a queue is used
    const { DEFAULT_CHUNK_FIRMS, marketGainsOnQueue } = await import("../sweep/marketQueue.js");
    const chunk = chunkFirms ?? DEFAULT_CHUNK_FIRMS;
    const gains = await marketGainsOnQueue(opts.queue, game as MarketGame, raw, label, chunk, io);
    if (gains !== undefined) queued = { deviationGains: gains };
  } else if (opts.queue !== undefined) {
    if (chunkFirms !== undefined)
      throw new UserError(
        `--chunk-firms: only for a market (the firms per certificate job); ${label} is a "${model.id}" scenario`,
      );
    const { DEFAULT_CHUNK_DELTAS, gridChoicesOnQueue } = await import("../sweep/specialistsQueue.js");
    const chunk = chunkDeltas ?? DEFAULT_CHUNK_DELTAS;
    queued = { choices: await gridChoicesOnQueue(opts.queue, model, game, raw, label, chunk, io) };
  }
  // the parsed file is not needed once the game is built: let the solve have its memory (a
  // million specialists' file parses to ~300 MB of objects)
  raw = undefined;
  const result = await solveGame(model, game, { ...options, ...queued }, io, label);
  const out = answerOutput(model, result, mode, label);
  if (mode !== "table") return out;
  const header = path === undefined ? `${DEFAULT_SCENARIO_TITLE}\n\n` : "";
  return `${header}${outputText(out)}\n`;
}
