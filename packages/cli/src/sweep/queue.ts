/**
 * Distributed sweeps on BullMQ (a Redis-backed job queue): the grid is enqueued in chunks on the
 * queue `ftg-sweep`; any number of `ftg worker --queue redis://host:port` processes, on any
 * machines, pull chunks, solve their points (the same `solvePoint` as local sweeps, so rows are
 * identical) and return the rows as the job's result. A worker that dies mid-chunk stops renewing
 * its lock; BullMQ's stalled-job check moves the chunk back to the queue and another worker takes
 * it. Chunks have deterministic ids (`<sweep signature>:<chunk>`), so re-enqueueing on resume never
 * duplicates work, and the submitting process writes each point once, to the local journal.
 */
import { type ConnectionOptions, Job, Queue, QueueEvents, Worker } from "bullmq";
import { UserError } from "../errors.js";
import type { GridPoint } from "./grid.js";
import {
  LANDSCAPE_JOB,
  type LandscapeChunk,
  type LandscapeRows,
  solveLandscapeRows,
} from "./landscapeRows.js";
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
    await queue.waitUntilReady();
    const client = await queue.client;
    // deleted when the sweep completes; kept while it can still be resumed
    await client.set(initKey(sig), JSON.stringify(init));
    // chunk ids follow the grid, so a resumed sweep re-adds exactly the unfinished chunks
    const byChunk = new Map<number, GridPoint[]>();
    for (const p of pending) {
      const k = Math.floor(p.index / chunk);
      const list = byChunk.get(k) ?? [];
      list.push(p);
      byChunk.set(k, list);
    }
    const open = new Set<string>();
    await queue.addBulk(
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
    );
    const failures: string[] = [];
    while (open.size > 0 && options.signal?.aborted !== true) {
      for (const id of [...open]) {
        // the state first, then the job: a job fetched before it completes carries no return value
        const state = await queue.getJobState(id);
        if (state !== "completed" && state !== "failed") continue;
        const job = await Job.fromId<ChunkData, PointResult[]>(queue, id);
        if (job === undefined) continue;
        if (state === "completed") {
          record(job.returnvalue);
          open.delete(id);
          await job.remove();
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
    await events.close();
    await queue.close();
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
): Worker<ChunkData, PointResult[] | LandscapeRows> {
  const connection = connectionFromUrl(url);
  const inits = new Map<string, WorkerInit>();
  const worker = new Worker<ChunkData, PointResult[] | LandscapeRows>(
    QUEUE_NAME,
    async (job) => {
      // landscapes split by rows share the queue (./landscapeQueue.ts)
      if (job.name === LANDSCAPE_JOB) {
        const chunk = job.data as unknown as LandscapeChunk;
        const rows = solveLandscapeRows(chunk);
        options.onChunk?.("landscape", chunk.rows[1] - chunk.rows[0]);
        return rows;
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
