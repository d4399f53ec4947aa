/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Talks to the compute workers. Each channel has its own worker and at most one job in flight;
 * while it runs, newer jobs replace the pending one (a dragged slider only needs its latest
 * position), so the page never queues stale work.
 */
import { GameCache, type PageJobKind, runJob } from "./compute.js";
import type { Job, Response } from "./protocol.js";

type Settle = (r: Response) => void;
interface Pending {
  readonly job: Job;
  readonly settle: Settle;
  readonly partial: Settle | undefined;
}

class Channel {
  private readonly worker: Worker;
  private busy = false;
  private pending: Pending | null = null;
  private nextId = 1;
  private current: Settle | null = null;
  private currentPartial: Settle | undefined;

  constructor() {
    this.worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
    this.worker.onmessage = (e: MessageEvent<Response>) => {
      // a progressive job's earlier answer: the job is still running
      if (e.data.ok && e.data.partial === true) {
        this.currentPartial?.(e.data);
        return;
      }
      const settle = this.current;
      this.current = null;
      this.busy = false;
      settle?.(e.data);
      this.pump();
    };
    this.worker.onerror = (e) => {
      const settle = this.current;
      this.current = null;
      this.busy = false;
      settle?.({ id: 0, ok: false, error: `worker failed: ${e.message}`, ms: 0 });
      this.pump();
    };
  }

  submit(job: Job, settle: Settle, partial?: Settle): void {
    if (this.pending !== null) this.pending.settle({ id: 0, ok: false, error: "superseded", ms: 0 });
    this.pending = { job, settle, partial };
    this.pump();
  }

  private pump(): void {
    if (this.busy || this.pending === null) return;
    const { job, settle, partial } = this.pending;
    this.pending = null;
    this.busy = true;
    this.current = settle;
    this.currentPartial = partial;
    this.worker.postMessage({ id: this.nextId++, job });
  }
}

const channels = new Map<string, Channel>();

/** The superseded marker: a job replaced by a newer one on its channel before it started. */
export const SUPERSEDED = "superseded";

/**
 * Runs a job on a channel's worker; resolves with the worker's response (also for errors).
 * A job replaced by a newer one before it started resolves with `error: "superseded"`.
 * A progressive job's earlier answers go to `partial` before the promise resolves with the last.
 */
export function compute<J extends Job>(
  channel: string,
  job: J,
  partial?: (r: Response<J["kind"]>) => void,
): Promise<Response<J["kind"]>> {
  let c = channels.get(channel);
  if (c === undefined) {
    c = new Channel();
    channels.set(channel, c);
  }
  const ch = c;
  // the worker answers a job of kind K with Answers[K] (./workerCompute.ts)
  return new Promise((resolve) => ch.submit(job, resolve as Settle, partial as Settle | undefined));
}

/**
 * Requests of one purpose where only the newest answer is wanted ("latest answer wins"): an
 * answer that arrives after a newer request was made is dropped (`run` resolves with null), so
 * nothing older ever replaces something newer on screen, whatever order the answers come in.
 */
export class LatestOnly {
  private newest = 0;
  private answered = 0;

  /** Makes a request; resolves with its answer, or null when a newer request was made meanwhile. */
  async run<T>(request: () => Promise<T>): Promise<T | null> {
    const ticket = ++this.newest;
    try {
      const answer = await request();
      return ticket === this.newest ? answer : null;
    } finally {
      if (ticket === this.newest) this.answered = ticket;
    }
  }

  /** Whether the newest request is still waiting for its answer. */
  get pending(): boolean {
    return this.answered !== this.newest;
  }
}

const pageGames = new GameCache();

/**
 * Runs a job on the page itself, answering as the worker would. For a page's first result when
 * the job is known to take milliseconds: it then does not wait for the worker to load.
 */
export function computeHere<J extends Job<PageJobKind>>(job: J): Promise<Response<J["kind"]>> {
  const t0 = performance.now();
  try {
    const value = runJob(job, pageGames);
    return Promise.resolve({ id: 0, ok: true, value, ms: performance.now() - t0 });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return Promise.resolve({ id: 0, ok: false, error: message.split("\n")[0]!, ms: performance.now() - t0 });
  }
}
