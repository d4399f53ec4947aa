/**
 * The model object: everything a surface (the command line, the explorer, a sweep worker) needs
 * to read, solve, tabulate and draw one kind of scenario. Surfaces hold no model-specific code:
 * they look a model up in the registry (./registry.ts) and call these members.
 *
 * Flow: `parse(raw)` → `build(scenario)` → `solve(game, options)` → `json`/`report`/`csv`/
 * `sweepRow`, and `figure(game, options)` for the natural chart. Every member is pure; bad input
 * throws an {@link InputError} (from ../inputError.ts), anything else thrown is a bug.
 */
import type { CheckResult } from "../fine-tuning/check.js";
import type { CheckTolerances } from "../fine-tuning/checkTypes.js";
import type { PolynomialChoice } from "../fine-tuning/equilibriumPolynomial.js";
import type { OpennessModel } from "../openness/model.js";
import type { VegaLiteSpec } from "../plots/spec.js";

/** A cell of a table, a CSV file or a sweep row. */
export type Cell = number | string | boolean | null;

/** Plain data for a table or a CSV file: column names and one array of cells per row. */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

/**
 * The human-readable answer as data: lines above the table, the table (cells already rendered as
 * text, numbers to six significant digits), lines below. Surfaces lay the table out.
 */
export interface Report {
  readonly before: readonly string[];
  readonly table: { readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] };
  readonly after: readonly string[];
}

/** Progress of a long solve, for surfaces that show it. */
export interface SolveProgress {
  readonly phase: string;
  readonly done: number;
  readonly total: number;
}

/** Options every model accepts (members a model does not use are ignored or rejected). */
export interface ModelSolveOptions {
  /** A fixed revenue share δ instead of the bargaining analysis (models with `fixedDelta`). */
  readonly delta?: number;
  /** Compute certificates (default true). */
  readonly certify?: boolean;
  /** Bargaining grid intervals over δ (default: the solver's). */
  readonly deltaGrid?: number;
  /**
   * Fine-tuning: every check of the bargaining certificate whatever the number of players (the
   * solver's `bargaining.fullChecksMaxPlayers` lifted, and on the polynomial path its proofs that
   * no window of another structure hides in a cell, `bargaining.structureProofs`; by default the
   * certificate is not claimed above 64 players on the numeric path, 100,000 specialists on the
   * polynomial one, or 10,000 for the proofs).
   */
  readonly fullChecks?: boolean;
  /** Called as a long solve advances (models with `showsProgress`). */
  readonly onProgress?: (p: SolveProgress) => void;
  /**
   * Fine-tuning on the polynomial path: G's choices at δ's of the bargaining grid, computed
   * beforehand (a worker pool's; see `bargainingGrid`); the answer is the same with or without.
   */
  readonly choices?: ReadonlyMap<number, PolynomialChoice>;
  /**
   * Markets: every firm's best deviation gain at the game's equilibrium prices, computed
   * beforehand (a worker pool's, by `marketDeviationGains` at `marketGamePrices(game)`); the
   * answer is the same with or without.
   */
  readonly deviationGains?: MarketDeviationGains;
}

/** A market's deviation gains (input order) and the prices they were computed at. */
export interface MarketDeviationGains {
  readonly prices: readonly number[];
  readonly gains: readonly number[];
}

/** Options of a model's natural figure. */
export interface ModelFigureOptions {
  /** Grid points along the figure's axis (default 201, where the model samples). */
  readonly samples?: number;
  /** The player drawn as a line among many (models with `figureHighlight`). */
  readonly highlight?: string;
  /** Subtitle of the figure (default: `source`). */
  readonly subtitle?: string;
  /** How the surface names the scenario (a file name), for subtitles and messages. */
  readonly source: string;
}

/** The answer of any model: warnings as data, and the model's certificate where it has one. */
export interface ModelResult {
  readonly warnings: readonly string[];
}

/**
 * One model. `S` is the validated scenario, `G` the built game, `R` the typed result.
 * @see ../../../../docs/architecture.md for how to add one.
 */
export interface ModelDefinition<S = unknown, G = unknown, R extends ModelResult = ModelResult> {
  /** The value of a scenario's `"model"` field. */
  readonly id: string;
  /** One line for help texts. */
  readonly summary: string;
  /** Validates a raw scenario (throws InputError naming every bad field). */
  parse(raw: unknown): S;
  /** The game the solver takes (throws InputError for scenarios the schema cannot catch). */
  build(scenario: S): G;
  /** Solves the game; the result carries its certificate and warnings. */
  solve(game: G, options?: ModelSolveOptions): R;
  /** The stable JSON answer (what `ftg solve --json` prints). */
  json(result: R): unknown;
  /** The human-readable answer as data. */
  report(result: R): Report;
  /** The CSV answer (what `ftg solve --csv` prints). */
  csv(result: R): Table;
  /** One flat row for sweeps (default: the JSON answer flattened, see {@link flattenRow}). */
  sweepRow?(result: R): Record<string, Cell>;
  /** The model's natural figure (solving where it needs to). */
  figure(game: G, options: ModelFigureOptions): VegaLiteSpec;
  /** True when the model honours `options.delta`. */
  readonly fixedDelta?: boolean;
  /** True when the figure honours `options.highlight`. */
  readonly figureHighlight?: boolean;
  /** True when a solve of this game is long enough to be worth a progress display. */
  showsProgress?(game: G): boolean;
  /** Models whose claimed answers can be verified independently (`ftg check`). */
  readonly checker?: AnswerChecker<G>;
  /** Models with a regulatory landscape over (θ, p) (`ftg landscape`): the regulated game. */
  regulated?(game: G): OpennessModel;
}

/**
 * The independent check of a claimed answer: `read` validates the claim against the game (throws
 * an {@link InputError} naming the answer's field), `check` gives one verdict per item.
 */
export interface AnswerChecker<G> {
  /** The tolerances `check` accepts overrides of, with their defaults for exact games. */
  readonly tolerances: CheckTolerances;
  read(game: G, json: unknown): unknown;
  check(game: G, answer: unknown, options: { readonly tolerances?: Partial<CheckTolerances> }): CheckResult;
}

/** A model of any scenario, game and result types, as the registry holds it. */
// biome-ignore lint/suspicious/noExplicitAny: the registry erases each model's own types
export type AnyModel = ModelDefinition<any, any, any>;
