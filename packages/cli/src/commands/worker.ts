/**
 * `ftg worker --queue redis://host:port [--concurrency n]`: solves chunks of distributed sweeps
 * (`ftg sweep … --queue`), landscape rows (`ftg landscape … --queue`), the δ grid of
 * fine-tuning solves and the certificate of markets (`ftg solve … --queue`) until interrupted
 * (SIGINT/SIGTERM), on any machine that can reach Redis.
 * Start one per core. A worker killed mid-chunk loses nothing: its chunk is retried by another.
 * While Redis cannot be reached (at start or later) the worker says so, retries with back-off,
 * and still stops at once on Ctrl-C or SIGTERM.
 */
import { UserError } from "../errors.js";
import type { Io } from "../io/streams.js";

/** Flags of `ftg worker`. */
export interface WorkerFlags {
  readonly queue?: string;
  readonly concurrency?: string;
  readonly lockMs?: string;
}

/** Longest wait between two attempts to reach Redis, in ms. */
const MAX_BACKOFF_MS = 30_000;

function int(flag: string, s: string | undefined, min: number): number | undefined {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s) || Number(s) < min)
    throw new UserError(`${flag}: "${s}" is not a whole number ≥ ${min}`);
  return Number(s);
}

/** Waits `ms`, or less if `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Runs the worker until SIGINT/SIGTERM; returns the summary line. */
export async function workerCommand(flags: WorkerFlags, io: Io): Promise<string> {
  if (flags.queue === undefined) throw new UserError("--queue: a Redis URL (redis://host:port) is required");
  const url = flags.queue;
  const concurrency = int("--concurrency", flags.concurrency, 1);
  const lockMs = int("--lock-ms", flags.lockMs, 500);
  let chunks = 0;
  let points = 0;
  const { closeWithin, probeRedis, redisAddress, startQueueWorker, unlessAborted } = await import(
    "../sweep/queue.js"
  );
  const address = redisAddress(url);
  const stopped = new AbortController();
  const stop = () => stopped.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const summary = () => `ftg worker: solved ${chunks} chunks (${points} points)\n`;
  try {
    for (let delay = 1000; ; delay = Math.min(2 * delay, MAX_BACKOFF_MS)) {
      const problem = await unlessAborted(
        probeRedis(url).then((p) => p ?? "ok"),
        stopped.signal,
      );
      if (problem === undefined) return summary();
      if (problem === "ok") break;
      io.stderr.write(
        `ftg worker: cannot reach Redis at ${address} (${problem}); retrying in ${delay / 1000} s (Ctrl-C to stop)\n`,
      );
      await sleep(delay, stopped.signal);
      if (stopped.signal.aborted) return summary();
    }
    const worker = startQueueWorker(url, {
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(lockMs === undefined
        ? {}
        : { lockDuration: lockMs, stalledInterval: Math.max(250, Math.floor(lockMs / 2)) }),
      onChunk: (_sweep, n) => {
        chunks++;
        points += n;
      },
    });
    // BullMQ reports every failed reconnection; one line per outage is enough
    let lost = false;
    worker.on("error", (e) => {
      if (lost) return;
      lost = true;
      io.stderr.write(
        `ftg worker: lost Redis at ${address} (${e.message}); reconnecting with back-off (Ctrl-C to stop)\n`,
      );
    });
    worker.on("active", () => {
      if (lost) io.stderr.write(`ftg worker: Redis at ${address} is back\n`);
      lost = false;
    });
    try {
      if ((await unlessAborted(worker.waitUntilReady(), stopped.signal)) !== undefined) {
        io.stderr.write(`ftg worker: waiting for sweep chunks on ${url} (Ctrl-C to stop)\n`);
        await new Promise((resolve) => stopped.signal.addEventListener("abort", resolve, { once: true }));
      }
    } finally {
      if (!(await closeWithin([worker]))) {
        io.stderr.write(`ftg worker: Redis at ${address} did not answer; stopped without a clean close\n`);
        // BullMQ keeps its lock and stalled-job timers running while a close waits for Redis,
        // which would keep this process alive for good; the one exception to "run never exits".
        setTimeout(() => process.exit(), 500).unref();
      }
    }
    return summary();
  } finally {
    process.removeListener("SIGINT", stop);
    process.removeListener("SIGTERM", stop);
  }
}
