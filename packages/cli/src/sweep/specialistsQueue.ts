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
import { Job, type JobsOptions, Queue } from "bullmq";
import { SingleBar } from "cli-progress";
import { Interrupted, UserError } from "../errors.js";
import type { Io } from "../io/streams.js";
import {
  assertRedisReachable,
  closeWithin,
  connectionFromUrl,
  QUEUE_NAME,
  redisAddress,
  unlessAborted,
} from "./queue.js";
import {
  decodeChoice,
  encodeNumber,
  SCENARIO_TTL_S,
  SPECIALISTS_JOB,
  type SpecialistsChoices,
  type SpecialistsChunk,
  scenarioKey,
} from "./specialistsChoices.js";

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

/** The name under which the EXPIRE script is defined on the queue's Redis client. */
const EXPIRE_COMMAND = "ftgExpireScenario";

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
  const { chunk, signal } = options;
  const connection = connectionFromUrl(url);
  const queue = new Queue<SpecialistsChunk, SpecialistsChoices>(QUEUE_NAME, { connection });
  const hash = scenarioHash(text);
  const key = scenarioKey(hash);
  const choices = new Map<number, PolynomialChoice>();
  try {
    if ((await unlessAborted(queue.waitUntilReady(), signal)) === undefined) return undefined;
    const client = await queue.client;
    // BullMQ's client declares only the commands BullMQ uses; EXPIRE goes through a script
    client.defineCommand(EXPIRE_COMMAND, {
      numberOfKeys: 1,
      lua: "return redis.call('EXPIRE', KEYS[1], ARGV[1])",
    });
    // the scenario is sent once per expiry (one already there is only kept longer), and again if
    // it has gone (Redis restarted, say) while the jobs wait
    const store = async (): Promise<boolean> => {
      const kept = await unlessAborted(client.runCommand(EXPIRE_COMMAND, [key, SCENARIO_TTL_S]), signal);
      if (kept === undefined) return false;
      if (kept !== 0) return true;
      return (await unlessAborted(client.set(key, text, { EX: SCENARIO_TTL_S }), signal)) !== undefined;
    };
    if (!(await store())) return undefined;
    const jobs = new Map<string, { name: string; data: SpecialistsChunk; opts: JobsOptions }>();
    for (let a = 0, k = 0; a < deltas.length; a += chunk, k++) {
      const jobId = `specialists-${hash}-${deltas.length}-${chunk}-${k}`;
      jobs.set(jobId, {
        name: SPECIALISTS_JOB,
        data: { hash, deltas: deltas.slice(a, a + chunk).map(encodeNumber) },
        opts: { jobId, attempts: 3, backoff: { type: "fixed", delay: 500 } },
      });
    }
    const open = new Set(jobs.keys());
    if ((await unlessAborted(queue.addBulk([...jobs.values()]), signal)) === undefined) return undefined;
    const failures: string[] = [];
    let polls = 0;
    while (open.size > 0) {
      for (const id of [...open]) {
        // the state first, then the job: a job fetched before it completes carries no return value
        const state = await unlessAborted(queue.getJobState(id), signal);
        if (state === undefined) return undefined;
        // gone before this process read it (collected by the same command run at the same time,
        // or lost with Redis's data): added again, the ids make it one job
        if (state === "unknown") {
          const spec = jobs.get(id)!;
          if ((await unlessAborted(queue.add(spec.name, spec.data, spec.opts), signal)) === undefined)
            return undefined;
          continue;
        }
        if (state !== "completed" && state !== "failed") continue;
        const j = await unlessAborted(Job.fromId<SpecialistsChunk, SpecialistsChoices>(queue, id), signal);
        if (j === undefined) continue;
        open.delete(id);
        if (state === "failed") failures.push(`${id}: ${j.failedReason}`);
        else {
          for (const e of j.returnvalue.choices) {
            const [d, c] = decodeChoice(e);
            choices.set(d, c);
          }
          options.onDeltas?.(j.data.deltas.length);
        }
        // a failed job is removed too, so that running the command again tries it again
        await unlessAborted(j.remove(), signal);
      }
      if (signal?.aborted === true) return undefined;
      // a long wait for workers must not outlive the scenario they will need (every ~10 s)
      if (++polls % 50 === 0 && !(await store())) return undefined;
      if (open.size > 0) await new Promise((r) => setTimeout(r, 200));
    }
    if (failures.length > 0)
      throw new UserError(
        `--queue: ${failures.length} chunk(s) of the δ grid failed after every attempt: ${failures.join("; ")}`,
      );
    return choices;
  } finally {
    await closeWithin([queue]);
  }
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
