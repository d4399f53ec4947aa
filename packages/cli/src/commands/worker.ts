/**
 * `ftg worker --queue redis://host:port [--concurrency n]`: solves chunks of distributed sweeps
 * (`ftg sweep … --queue`) until interrupted (SIGINT/SIGTERM), on any machine that can reach Redis.
 * Start one per core. A worker killed mid-chunk loses nothing: its chunk is retried by another.
 */
import { UserError } from "../errors.js";
import type { Io } from "../io/streams.js";

/** Flags of `ftg worker`. */
export interface WorkerFlags {
  readonly queue?: string;
  readonly concurrency?: string;
  readonly lockMs?: string;
}

function int(flag: string, s: string | undefined, min: number): number | undefined {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s) || Number(s) < min)
    throw new UserError(`${flag}: "${s}" is not a whole number ≥ ${min}`);
  return Number(s);
}

/** Runs the worker until SIGINT/SIGTERM; returns the summary line. */
export async function workerCommand(flags: WorkerFlags, io: Io): Promise<string> {
  if (flags.queue === undefined) throw new UserError("--queue: a Redis URL (redis://host:port) is required");
  const concurrency = int("--concurrency", flags.concurrency, 1);
  const lockMs = int("--lock-ms", flags.lockMs, 500);
  let chunks = 0;
  let points = 0;
  const { startQueueWorker } = await import("../sweep/queue.js");
  const worker = startQueueWorker(flags.queue, {
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(lockMs === undefined
      ? {}
      : { lockDuration: lockMs, stalledInterval: Math.max(250, Math.floor(lockMs / 2)) }),
    onChunk: (_sweep, n) => {
      chunks++;
      points += n;
    },
  });
  worker.on("error", (e) => io.stderr.write(`ftg worker: ${e.message}\n`));
  await worker.waitUntilReady();
  io.stderr.write(`ftg worker: waiting for sweep chunks on ${flags.queue} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.removeListener("SIGINT", stop);
      process.removeListener("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await worker.close();
  // a status line, like every other: stderr (a worker has no answer for stdout)
  io.stderr.write(`ftg worker: solved ${chunks} chunks (${points} points)\n`);
  return "";
}
