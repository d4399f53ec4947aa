/**
 * The jobs of a fine-tuning solve's δ grid on the worker pool (see ./specialistsQueue.ts): what a
 * job carries, what a worker computes and returns (G's choice at each δ, every double exactly).
 */
import { type FineTuningGame, fineTuningModel, type PolynomialChoice, polynomialChoice } from "@ftg/core";

/** The name of these jobs on the sweep queue. */
export const SPECIALISTS_JOB = "specialists-choices";

/** Seconds a stored scenario is kept in Redis after the last run that submitted it. */
export const SCENARIO_TTL_S = 24 * 3600;

/** The Redis key of a scenario's text, by its hash. */
export const scenarioKey = (hash: string): string => `ftg:specialists:${hash}:scenario`;

/** One job: the scenario's hash and the δ's to compute G's choice at. */
export interface SpecialistsChunk {
  readonly hash: string;
  readonly deltas: readonly JsonNumber[];
}

/**
 * A double as JSON carries it exactly: finite numbers as themselves (JSON writes the shortest
 * representation that reads back to the same double), and what JSON cannot write as a string.
 */
export type JsonNumber = number | "-0" | "Infinity" | "-Infinity" | "NaN";

/** G's choice at one δ, JSON-safe. */
export interface EncodedChoice {
  readonly delta: JsonNumber;
  readonly alpha0: JsonNumber;
  readonly value: JsonNumber;
  readonly choice: PolynomialChoice["choice"];
  readonly item: number;
}

/** What a worker returns for a chunk. */
export interface SpecialistsChoices {
  readonly choices: readonly EncodedChoice[];
}

/** `x` as {@link JsonNumber}. */
export function encodeNumber(x: number): JsonNumber {
  if (Number.isFinite(x)) return Object.is(x, -0) ? "-0" : x;
  return Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
}

/** The double a {@link JsonNumber} stands for. */
export function decodeNumber(x: JsonNumber): number {
  return typeof x === "number" ? x : x === "-0" ? -0 : Number(x);
}

/** The choice at δ, JSON-safe. */
export function encodeChoice(delta: number, c: PolynomialChoice): EncodedChoice {
  return {
    delta: encodeNumber(delta),
    alpha0: encodeNumber(c.alpha0),
    value: encodeNumber(c.value),
    choice: c.choice,
    item: c.item,
  };
}

/** The choice back from JSON, with its δ. */
export function decodeChoice(e: EncodedChoice): [number, PolynomialChoice] {
  return [
    decodeNumber(e.delta),
    { alpha0: decodeNumber(e.alpha0), value: decodeNumber(e.value), choice: e.choice, item: e.item },
  ];
}

/** The games a worker has built, by scenario hash (the last one only: one may be gigabytes). */
export class GameCache {
  private hash = "";
  private game: FineTuningGame | undefined;
  get(hash: string): FineTuningGame | undefined {
    return hash === this.hash ? this.game : undefined;
  }
  set(hash: string, game: FineTuningGame): void {
    this.hash = hash;
    this.game = game;
  }
}

/**
 * Solves one chunk (what a worker runs): the game of the scenario stored under the chunk's hash
 * (read from Redis with `load` the first time), and G's choice at each of its δ's.
 */
export async function solveChoicesChunk(
  chunk: SpecialistsChunk,
  load: (key: string) => Promise<string | null>,
  cache: GameCache,
): Promise<SpecialistsChoices> {
  let game = cache.get(chunk.hash);
  if (game === undefined) {
    const text = await load(scenarioKey(chunk.hash));
    if (text === null) throw new Error(`scenario ${chunk.hash} is no longer in Redis (run ftg solve again)`);
    game = fineTuningModel.build(fineTuningModel.parse(JSON.parse(text)));
    cache.set(chunk.hash, game);
  }
  const choices: EncodedChoice[] = [];
  for (const e of chunk.deltas) {
    const delta = decodeNumber(e);
    choices.push(encodeChoice(delta, polynomialChoice(game, delta)));
    // each δ is synchronous: let the lock renewal run between them
    await new Promise((r) => setImmediate(r));
  }
  return { choices };
}
