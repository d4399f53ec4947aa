/**
 * The submitting side shared by `ftg solve --queue` (specialists' δ grid, a market's firms): a
 * text stored once in Redis under `key`, expiring after {@link SCENARIO_TTL_S} (kept longer, and
 * stored again if it has gone, while the jobs wait), jobs with deterministic ids carrying only
 * what their worker needs besides that text, and their results collected as they complete. A job
 * gone before it was collected (collected by the same command run at the same time, or lost with
 * Redis's data) is added again under its id; a failed job is removed, so that running the command
 * again tries it again.
 */
import { Job, type JobsOptions, Queue } from "bullmq";
import { UserError } from "../errors.js";
import { closeWithin, connectionFromUrl, QUEUE_NAME, unlessAborted } from "./queue.js";
import { SCENARIO_TTL_S } from "./specialistsChoices.js";

/** The name under which the EXPIRE script is defined on the queue's Redis client. */
const EXPIRE_COMMAND = "ftgExpireStored";

/** Polls of the jobs' states between two renewals of the stored text's expiry (~10 s). */
const POLLS_PER_RENEWAL = 50;

/** Milliseconds between two polls of the jobs' states. */
const POLL_MS = 200;

/** One job: its id (deterministic), BullMQ job name and data. */
export interface StoredJob<D> {
  readonly jobId: string;
  readonly name: string;
  readonly data: D;
}

/**
 * Stores `text` under `key`, enqueues `jobs` and hands each result to `collect` as its job
 * completes; false when `signal` aborted first (the jobs stay queued). Throws a UserError naming
 * the jobs that failed after every attempt (`what`: what their chunks are of).
 */
export async function runStoredJobs<D, R>(
  url: string,
  stored: { readonly key: string; readonly text: string },
  jobs: readonly StoredJob<D>[],
  collect: (data: D, result: R) => void,
  what: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const queue = new Queue<D, R>(QUEUE_NAME, { connection: connectionFromUrl(url) });
  const { key, text } = stored;
  try {
    if ((await unlessAborted(queue.waitUntilReady(), signal)) === undefined) return false;
    const client = await queue.client;
    // BullMQ's client declares only the commands BullMQ uses; EXPIRE goes through a script
    client.defineCommand(EXPIRE_COMMAND, {
      numberOfKeys: 1,
      lua: "return redis.call('EXPIRE', KEYS[1], ARGV[1])",
    });
    // stored once per expiry (one already there is only kept longer), and again if it has gone
    // (Redis restarted, say) while the jobs wait
    const store = async (): Promise<boolean> => {
      const kept = await unlessAborted(client.runCommand(EXPIRE_COMMAND, [key, SCENARIO_TTL_S]), signal);
      if (kept === undefined) return false;
      if (kept !== 0) return true;
      return (await unlessAborted(client.set(key, text, { EX: SCENARIO_TTL_S }), signal)) !== undefined;
    };
    if (!(await store())) return false;
    const specs = new Map<string, { name: string; data: D; opts: JobsOptions }>();
    for (const j of jobs) {
      specs.set(j.jobId, {
        name: j.name,
        data: j.data,
        opts: { jobId: j.jobId, attempts: 3, backoff: { type: "fixed", delay: 500 } },
      });
    }
    const open = new Set(specs.keys());
    // BullMQ types a job's name by the queue's name type; any string is one here
    const add = (s: { name: string; data: D; opts: JobsOptions }) =>
      queue.add(s.name as never, s.data as never, s.opts);
    if ((await unlessAborted(queue.addBulk([...specs.values()] as never), signal)) === undefined)
      return false;
    const failures: string[] = [];
    let polls = 0;
    while (open.size > 0) {
      for (const id of [...open]) {
        // the state first, then the job: a job fetched before it completes carries no return value
        const state = await unlessAborted(queue.getJobState(id), signal);
        if (state === undefined) return false;
        // gone before this process read it: added again, the ids make it one job
        if (state === "unknown") {
          if ((await unlessAborted(add(specs.get(id)!), signal)) === undefined) return false;
          continue;
        }
        if (state !== "completed" && state !== "failed") continue;
        const j = await unlessAborted(Job.fromId<D, R>(queue, id), signal);
        if (j === undefined) continue;
        open.delete(id);
        if (state === "failed") failures.push(`${id}: ${j.failedReason}`);
        else collect(j.data, j.returnvalue);
        await unlessAborted(j.remove(), signal);
      }
      if (signal?.aborted === true) return false;
      // a long wait for workers must not outlive the text they will need
      if (++polls % POLLS_PER_RENEWAL === 0 && !(await store())) return false;
      if (open.size > 0) await new Promise((r) => setTimeout(r, POLL_MS));
    }
    if (failures.length > 0)
      throw new UserError(
        `--queue: ${failures.length} chunk(s) of ${what} failed after every attempt: ${failures.join("; ")}`,
      );
    return true;
  } finally {
    await closeWithin([queue]);
  }
}
