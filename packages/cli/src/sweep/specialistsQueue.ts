/**
 * `ftg solve scenario --queue redis://host:port`: a fine-tuning game with very many specialists on
 * the `ftg worker` pool. The expensive part of the bargaining solve is G's choice at each δ of its
 * uniform grid (a sort of n thresholds and a pass over the segments, `polynomialChoice`); the
 * workers compute those, in jobs named "specialists-choices" of `--chunk-deltas` δ's each, and the
 * submitting process rebuilds each equilibrium from its choice in O(n) (`equilibriumAtChoice`, the
 * same numbers) and runs the rest of the solve (refinement, solutions, certificates) itself, so the
 * answer is the local run's, byte for byte.
 *
 * The scenario (a million specialists is ~100 MB of JSON) is stored once in Redis, under a key
 * named by the SHA-256 of its text and expiring after {@link SCENARIO_TTL_S}; jobs carry only that
 * hash and their δ's, and a worker parses the scenario once per hash. Job ids are
 * `specialists-<hash>-<grid>-<chunk>-<k>`, deterministic: a run interrupted and started again
 * collects what the pool finished meanwhile instead of adding the work again.
 */
import { createHash } from "node:crypto";
import {
  type AnyModel,
  bargainingGrid,
  type FineTuningGame,
  fineTuningMethod,
  fineTuningModel,
  type PolynomialChoice,
} from "@ftg/core";
import { SingleBar } from "cli-progress";
import { Interrupted, UserError } from "../errors.js";
import type { Io } from "../io/streams.js";
import { assertRedisReachable, redisAddress } from "./queue.js";
import {
  decodeChoice,
  encodeNumber,
  SPECIALISTS_JOB,
  type SpecialistsChoices,
  type SpecialistsChunk,
  scenarioKey,
} from "./specialistsChoices.js";
import { runStoredJobs, type StoredJob } from "./storedJobs.js";

/**
 * The scenario as the workers will read it: its JSON text, when reading that text gives back the
 * same scenario (no NaN, ±Infinity or −0, dates or other values JSON cannot carry); else one line
 * naming the first field that does not survive.
 */
export function scenarioJson(raw: unknown, label: string): string {
  const text = JSON.stringify(raw);
  const problem = firstDifference(raw, JSON.parse(text) as unknown, "");
  if (problem !== undefined)
    throw new UserError(
      `--queue: ${label}: ${problem.path === "" ? "the scenario" : problem.path} is ${problem.value}, which JSON cannot carry to the workers; expected finite numbers, strings, booleans, lists and objects`,
    );
  return text;
}

function firstDifference(a: unknown, b: unknown, path: string): { path: string; value: string } | undefined {
  const here = () => ({
    path,
    value: Object.is(a, -0) ? "-0" : typeof a === "number" || a === undefined ? String(a) : describe(a),
  });
  if (typeof a === "number") return typeof b === "number" && Object.is(a, b) ? undefined : here();
  if (a === null || typeof a !== "object") return a === b ? undefined : here();
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || b.length !== a.length) return here();
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (Object.getPrototypeOf(a) !== Object.prototype || b === null || typeof b !== "object") return here();
  const bo = b as Record<string, unknown>;
  for (const [k, v] of Object.entries(a)) {
    const d = firstDifference(v, bo[k], path === "" ? k : `${path}.${k}`);
    if (d !== undefined) return d;
  }
  return Object.keys(bo).length === Object.keys(a).length ? undefined : here();
}

function describe(v: unknown): string {
  if (v instanceof Date) return `a date (${v.toISOString()})`;
  return typeof v === "object" ? `a ${v?.constructor?.name ?? "object"}` : `a ${typeof v}`;
}

/** The hash that names a scenario text in Redis and in job ids. */
export function scenarioHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

/** Options of {@link choicesOnQueue}. */
export interface ChoicesOnQueueOptions {
  /** δ's per job. */
  readonly chunk: number;
  /** Told how many δ's arrived, as jobs complete. */
  readonly onDeltas?: (n: number) => void;
  /** Stops waiting (the jobs stay queued; a later run with the same scenario collects them). */
  readonly signal?: AbortSignal;
}

/**
 * Stores the scenario (`text`, its JSON) in Redis, enqueues `deltas` in chunks and collects G's
 * choice at each as jobs complete; undefined when `signal` aborted first. Throws a UserError
 * naming the chunks that failed after every attempt.
 */
export async function choicesOnQueue(
  url: string,
  text: string,
  deltas: readonly number[],
  options: ChoicesOnQueueOptions,
): Promise<Map<number, PolynomialChoice> | undefined> {
  const { chunk } = options;
  const hash = scenarioHash(text);
  const choices = new Map<number, PolynomialChoice>();
  const jobs: StoredJob<SpecialistsChunk>[] = [];
  for (let a = 0, k = 0; a < deltas.length; a += chunk, k++) {
    jobs.push({
      jobId: `specialists-${hash}-${deltas.length}-${chunk}-${k}`,
      name: SPECIALISTS_JOB,
      data: { hash, deltas: deltas.slice(a, a + chunk).map(encodeNumber) },
    });
  }
  const done = await runStoredJobs<SpecialistsChunk, SpecialistsChoices>(
    url,
    { key: scenarioKey(hash), text },
    jobs,
    (data, result) => {
      for (const e of result.choices) {
        const [d, c] = decodeChoice(e);
        choices.set(d, c);
      }
      options.onDeltas?.(data.deltas.length);
    },
    "the δ grid",
    options.signal,
  );
  return done ? choices : undefined;
}

/** δ's per job unless `--chunk-deltas` says otherwise (257 grid δ's: 17 jobs). */
export const DEFAULT_CHUNK_DELTAS = 16;

/**
 * What `ftg solve … --queue` does before the local solve: checks that the scenario is a
 * fine-tuning game on the polynomial path and that Redis answers, then has the worker pool compute
 * G's choice at every δ of the grid the solve samples, with a progress bar on a terminal. Ctrl-C
 * stops waiting (exit 130); the jobs stay queued, and the same command collects them later.
 */
export async function gridChoicesOnQueue(
  url: string,
  model: AnyModel,
  game: unknown,
  raw: unknown,
  label: string,
  chunk: number,
  io: Io,
): Promise<Map<number, PolynomialChoice>> {
  const expected =
    "a fine-tuning scenario with polynomial costs and linear revenues for every player (the polynomial path)";
  if (model.id !== fineTuningModel.id)
    throw new UserError(
      `--queue: ftg solve distributes ${expected} or a market; ${label} is a "${model.id}" scenario`,
    );
  const g = game as FineTuningGame;
  const method = fineTuningMethod(g);
  if (method === "numeric")
    throw new UserError(
      `--queue: ftg solve distributes ${expected}; ${label} has a cost or revenue outside that family (solve it without --queue)`,
    );
  if (method === "closed-form")
    throw new UserError(
      `--queue: ${label} is solved in closed form (one specialist), with no δ grid to distribute; solve it without --queue`,
    );
  const text = scenarioJson(raw, label);
  await assertRedisReachable(url);
  const deltas = bargainingGrid(g);
  const stderr = io.stderr as NodeJS.WritableStream & { isTTY?: boolean };
  const bar =
    stderr.isTTY === true
      ? new SingleBar({
          stream: io.stderr,
          format: "δ grid on the queue [{bar}] {value}/{total} | eta {eta}s",
        })
      : null;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let done = 0;
  bar?.start(deltas.length, 0);
  try {
    const choices = await choicesOnQueue(url, text, deltas, {
      chunk,
      signal: stop.signal,
      onDeltas: (n) => {
        done += n;
        bar?.update(done);
      },
    });
    bar?.stop();
    if (choices === undefined)
      throw new Interrupted(
        `ftg solve: interrupted after ${done} of ${deltas.length} grid δ's; the rest stay queued at ${redisAddress(url)}, and the same command collects what the workers finish`,
      );
    return choices;
  } finally {
    bar?.stop();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}
