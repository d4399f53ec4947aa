/**
 * Distributed sweeps on BullMQ (a Redis-backed job queue): the grid is enqueued in chunks on the
 * queue `ftg-sweep`; any number of `ftg worker --queue redis://host:port` processes, on any
 * machines, pull chunks, solve their points (the same `solvePoint` as local sweeps, so rows are
 * identical) and return the rows as the job's result. A worker that dies mid-chunk stops renewing
 * its lock; BullMQ's stalled-job check moves the chunk back to the queue and another worker takes
 * it. Chunks have deterministic ids (`<sweep signature>:<chunk>`), so re-enqueueing on resume never
 * duplicates work, and the submitting process writes each point once, to the local journal.
 */
import { connect } from "node:net";
import { type ConnectionOptions, Job, Queue, QueueEvents, Worker } from "bullmq";
import { UserError } from "../errors.js";
import type { GridPoint } from "./grid.js";
import {
  LANDSCAPE_JOB,
  type LandscapeChunk,
  type LandscapeRows,
  solveLandscapeRows,
} from "./landscapeRows.js";
import {
  MARKET_JOB,
  type MarketChunk,
  type MarketGains,
  MarketSetupCache,
  solveMarketChunk,
} from "./marketGains.js";
import {
  GameCache,
  SPECIALISTS_JOB,
  type SpecialistsChoices,
  type SpecialistsChunk,
  solveChoicesChunk,
} from "./specialistsChoices.js";
import { type PointResult, solvePoint, type WorkerInit } from "./worker.js";

/** The queue every sweep uses; jobs carry their sweep's signature. */
export const QUEUE_NAME = "ftg-sweep";

/** Redis connection options from `redis://[:password@]host:port[/db]`. */
export function connectionFromUrl(url: string): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`--queue: "${url}" is not a URL; expected redis://host:port`);
  }
  if (u.protocol !== "redis:")
    throw new UserError(`--queue: "${url}" is not a redis:// URL; expected redis://host:port`);
  const port = u.port === "" ? 6379 : Number(u.port);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0)
    throw new UserError(`--queue: database "${u.pathname.slice(1)}" in "${url}" is not a whole number`);
  return {
    host: u.hostname,
    port,
    db,
    ...(u.password === "" ? {} : { password: decodeURIComponent(u.password) }),
    maxRetriesPerRequest: null,
  };
}

/** How long a TCP connection to Redis may take before Redis counts as unreachable, in ms. */
export const REDIS_CONNECT_TIMEOUT_MS = 5000;

/** `host:port` of a redis:// URL, for messages. */
export function redisAddress(url: string): string {
  const c = connectionFromUrl(url) as { host: string; port: number };
  return `${c.host}:${c.port}`;
}

/**
 * Whether a TCP connection to the Redis of `url` opens within `timeoutMs`: undefined when it does,
 * else the reason (ECONNREFUSED, ENOTFOUND, "no answer within 5 s", …). BullMQ itself retries a
 * connection forever without a word, so every entry point asks this first.
 */
export function probeRedis(url: string, timeoutMs = REDIS_CONNECT_TIMEOUT_MS): Promise<string | undefined> {
  const c = connectionFromUrl(url) as { host: string; port: number };
  return new Promise((resolve) => {
    const socket = connect({ host: c.host, port: c.port });
    const done = (problem: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    const timer = setTimeout(() => done(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
    socket.once("connect", () => done(undefined));
    socket.once("error", (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}

/** Throws a {@link UserError} when the Redis of `url` cannot be reached within the connect timeout. */
export async function assertRedisReachable(url: string): Promise<void> {
  const problem = await probeRedis(url);
  if (problem !== undefined)
    throw new UserError(
      `--queue: cannot reach Redis at ${redisAddress(url)} (${problem}); start redis-server there or check the URL`,
    );
}

/** Resolves with `p`, or with undefined as soon as `signal` aborts (the wait is abandoned, not `p`). */
export function unlessAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (signal === undefined) return p;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

/** Milliseconds a close may take before the connection is dropped instead (Redis may be gone). */
const CLOSE_GRACE_MS = 2000;

/**
 * Drops the Redis sockets of a BullMQ object at once, which also stops ioredis's reconnection
 * timers (the process can then exit). BullMQ has no public way to do this once a graceful close
 * is pending (its `close(force)` returns the pending close), so this reaches its RedisConnection's
 * `_client`, the ioredis instance.
 */
function dropConnections(o: object): void {
  for (const key of ["connection", "blockingConnection"]) {
    const c = (o as Record<string, { _client?: { disconnect(): void } } | undefined>)[key];
    c?._client?.disconnect();
  }
}

/**
 * Closes BullMQ objects gracefully, or drops their connections when Redis does not answer; true
 * when the close finished (false: BullMQ's own timers may still be pending).
 */
export async function closeWithin(closers: readonly { close(): Promise<void> }[]): Promise<boolean> {
  const closed = Promise.all(closers.map((c) => c.close().catch(() => undefined)));
  const within = async (ms: number): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((r) => {
      timer = setTimeout(() => r(false), ms);
    });
    const ok = await Promise.race([closed.then(() => true), timedOut]);
    clearTimeout(timer);
    return ok;
  };
  if (await within(CLOSE_GRACE_MS)) return true;
  // the pending close fails its Redis calls once the sockets are gone, and then clears its timers
  for (const c of closers) dropConnections(c);
  return within(CLOSE_GRACE_MS);
}

/** The data of one chunk job. */
interface ChunkData {
  readonly sweep: string;
  readonly points: GridPoint[];
}

const initKey = (sig: string) => `ftg:sweep:${sig}:init`;

/** Progress of a distributed sweep. */
export interface QueueProgress {
  readonly done: number;
  readonly failedChunks: number;
  readonly retried: number;
}

/**
 * Submits the pending points of a sweep and collects results as chunks complete. Calls `record`
 * once per finished chunk (points not yet recorded only). Resolves when every point is recorded or
 * the signal aborts; throws a UserError naming chunks that failed after all attempts.
 */
export async function runOnQueue(
  url: string,
  sig: string,
  init: WorkerInit,
  pending: readonly GridPoint[],
  chunk: number,
  record: (results: readonly PointResult[]) => void,
  options: { signal?: AbortSignal; onRetry?: (retried: number) => void; attempts?: number } = {},
): Promise<{ retried: number }> {
  const connection = connectionFromUrl(url);
  const signal = options.signal;
  const queue = new Queue<ChunkData, PointResult[]>(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  let retried = 0;
  const ours = new Set<string>();
  events.on("stalled", ({ jobId }) => {
    if (ours.has(jobId)) {
      retried++;
      options.onRetry?.(retried);
    }
  });
  try {
    if ((await unlessAborted(queue.waitUntilReady(), signal)) === undefined) return { retried };
    const client = await queue.client;
    // deleted when the sweep completes; kept while it can still be resumed
    if ((await unlessAborted(client.set(initKey(sig), JSON.stringify(init)), signal)) === undefined)
      return { retried };
    // chunk ids follow the grid, so a resumed sweep re-adds exactly the unfinished chunks
    const byChunk = new Map<number, GridPoint[]>();
    for (const p of pending) {
      const k = Math.floor(p.index / chunk);
      const list = byChunk.get(k) ?? [];
      list.push(p);
      byChunk.set(k, list);
    }
    const open = new Set<string>();
    const added = unlessAborted(
      queue.addBulk(
        [...byChunk].map(([k, points]) => {
          const jobId = `${sig}-${chunk}-${k}`;
          open.add(jobId);
          ours.add(jobId);
          return {
            name: "chunk",
            data: { sweep: sig, points },
            opts: { jobId, attempts: options.attempts ?? 3, backoff: { type: "fixed", delay: 500 } },
          };
        }),
      ),
      signal,
    );
    if ((await added) === undefined) return { retried };
    const failures: string[] = [];
    while (open.size > 0 && options.signal?.aborted !== true) {
      for (const id of [...open]) {
        // the state first, then the job: a job fetched before it completes carries no return value
        const state = await unlessAborted(queue.getJobState(id), signal);
        if (state === undefined) break;
        if (state !== "completed" && state !== "failed") continue;
        const job = await unlessAborted(Job.fromId<ChunkData, PointResult[]>(queue, id), signal);
        if (job === undefined) continue;
        if (state === "completed") {
          record(job.returnvalue);
          open.delete(id);
          await unlessAborted(job.remove(), signal);
        } else {
          failures.push(`${id}: ${job.failedReason}`);
          open.delete(id);
        }
      }
      if (open.size > 0) await new Promise((r) => setTimeout(r, 200));
    }
    if (failures.length > 0)
      throw new UserError(
        `sweep: ${failures.length} chunk(s) failed after every attempt: ${failures.join("; ")}`,
      );
    if (options.signal?.aborted !== true) await client.del(initKey(sig));
    return { retried };
  } finally {
    await closeWithin([events, queue]);
  }
}

/** Options of {@link startQueueWorker}. */
export interface QueueWorkerOptions {
  /** Chunks solved at once by this process (default 1: one core per worker process). */
  readonly concurrency?: number;
  /** Lock duration in ms: a worker silent this long is presumed dead (default 30000). */
  readonly lockDuration?: number;
  /** How often stalled chunks are looked for, in ms (default 15000). */
  readonly stalledInterval?: number;
  /** Called after each chunk. */
  readonly onChunk?: (sweep: string, points: number) => void;
}

/** Starts a BullMQ worker that solves sweep chunks until closed. */
export function startQueueWorker(
  url: string,
  options: QueueWorkerOptions = {},
): Worker<ChunkData, PointResult[] | LandscapeRows | SpecialistsChoices | MarketGains> {
  const connection = connectionFromUrl(url);
  const inits = new Map<string, WorkerInit>();
  const games = new GameCache();
  const markets = new MarketSetupCache();
  const worker = new Worker<ChunkData, PointResult[] | LandscapeRows | SpecialistsChoices | MarketGains>(
    QUEUE_NAME,
    async (job) => {
      // landscapes split by rows share the queue (./landscapeQueue.ts)
      if (job.name === LANDSCAPE_JOB) {
        const chunk = job.data as unknown as LandscapeChunk;
        const rows = solveLandscapeRows(chunk);
        options.onChunk?.("landscape", chunk.rows[1] - chunk.rows[0]);
        return rows;
      }
      // the δ grid of a fine-tuning solve with many specialists (./specialistsQueue.ts)
      if (job.name === SPECIALISTS_JOB) {
        const chunk = job.data as unknown as SpecialistsChunk;
        const client = await worker.client;
        const out = await solveChoicesChunk(chunk, (key) => client.get(key), games);
        options.onChunk?.("specialists", chunk.deltas.length);
        return out;
      }
      // a market's certificate by ranges of firms (./marketQueue.ts)
      if (job.name === MARKET_JOB) {
        const chunk = job.data as unknown as MarketChunk;
        const client = await worker.client;
        const out = await solveMarketChunk(chunk, (key) => client.get(key), markets);
        options.onChunk?.("market", chunk.to - chunk.from);
        return out;
      }
      let init = inits.get(job.data.sweep);
      if (init === undefined) {
        const text = await (await worker.client).get(initKey(job.data.sweep));
        if (text === null) throw new Error(`sweep ${job.data.sweep}: its scenario is no longer in Redis`);
        init = JSON.parse(text) as WorkerInit;
        inits.set(job.data.sweep, init);
      }
      const results: PointResult[] = [];
      for (const p of job.data.points) {
        results.push(await solvePoint(init, p));
        // solving is synchronous: let the lock renewal run between points
        await new Promise((r) => setImmediate(r));
      }
      options.onChunk?.(job.data.sweep, results.length);
      return results;
    },
    {
      connection,
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDuration ?? 30_000,
      stalledInterval: options.stalledInterval ?? 15_000,
      maxStalledCount: 5,
    },
  );
  return worker;
}
