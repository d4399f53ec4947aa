/**
 * `ftg solve market.json --queue redis://host:port [--chunk-firms n]`: an N-firm market whose
 * certificate is computed by the `ftg worker` pool. The equilibrium prices are found here
 * (`marketGamePrices`, O(N_newton·n + S·n log n)); the certificate's per-firm best deviation gains
 * — the expensive part, independent across firms given the prices — are computed by the workers
 * in jobs named "market-gains" of `--chunk-firms` firms each; the market model then assembles the
 * certificate from them (`deviationGains`), so the answer is the local run's, byte for byte.
 *
 * The scenario and the prices are stored once in Redis, under a key named by the SHA-256 of their
 * text and expiring after {@link SCENARIO_TTL_S}; jobs carry only that hash and their range of
 * firms, and a worker sets the deviation searches up once per hash. Job ids are
 * `market-<hash>-<n>-<chunk>-<k>`, deterministic: a run interrupted and started again collects
 * what the pool finished meanwhile instead of adding the work again.
 */
import { type MarketDeviationGains, type MarketGame, marketGamePrices, marketModel } from "@ftg/core";
import { SingleBar } from "cli-progress";
import { Interrupted } from "../errors.js";
import type { Io } from "../io/streams.js";
import {
  decodeGains,
  MARKET_JOB,
  type MarketChunk,
  type MarketGains,
  marketKey,
  storedMarketText,
} from "./marketGains.js";
import { assertRedisReachable, redisAddress } from "./queue.js";
import { scenarioHash, scenarioJson } from "./specialistsQueue.js";
import { runStoredJobs, type StoredJob } from "./storedJobs.js";

/** Firms per job unless `--chunk-firms` says otherwise (1,000 firms: 4 jobs). */
export const DEFAULT_CHUNK_FIRMS = 250;

/** Options of {@link gainsOnQueue}. */
export interface GainsOnQueueOptions {
  /** Firms per job. */
  readonly chunk: number;
  /** Told how many firms' gains arrived, as jobs complete. */
  readonly onFirms?: (n: number) => void;
  /** Stops waiting (the jobs stay queued; a later run of the same solve collects them). */
  readonly signal?: AbortSignal;
}

/**
 * Stores `text` (the scenario and the prices, {@link storedMarketText}) in Redis, enqueues the n
 * firms in chunks and collects their gains as jobs complete; undefined when `signal` aborted
 * first. Throws a UserError naming the chunks that failed after every attempt.
 */
export async function gainsOnQueue(
  url: string,
  text: string,
  n: number,
  options: GainsOnQueueOptions,
): Promise<number[] | undefined> {
  const { chunk } = options;
  const hash = scenarioHash(text);
  const gains = new Array<number>(n).fill(Number.NaN);
  const jobs: StoredJob<MarketChunk>[] = [];
  for (let from = 0, k = 0; from < n; from += chunk, k++) {
    jobs.push({
      jobId: `market-${hash}-${n}-${chunk}-${k}`,
      name: MARKET_JOB,
      data: { hash, from, to: Math.min(n, from + chunk) },
    });
  }
  const done = await runStoredJobs<MarketChunk, MarketGains>(
    url,
    { key: marketKey(hash), text },
    jobs,
    (_data, result) => {
      const part = decodeGains(result);
      for (let i = 0; i < part.length; i++) gains[result.from + i] = part[i]!;
      options.onFirms?.(part.length);
    },
    "the market's firms",
    options.signal,
  );
  return done ? gains : undefined;
}

/**
 * What `ftg solve market.json --queue` does before the model assembles the answer: checks that
 * the scenario can travel and that Redis answers, finds the equilibrium prices here, then has the
 * worker pool compute every firm's deviation gain at them, with a progress bar on a terminal.
 * Undefined when the equilibrium failed (no finite prices to certify: the local solve reports
 * it). Ctrl-C stops waiting (exit 130); the jobs stay queued, and the same command collects them.
 */
export async function marketGainsOnQueue(
  url: string,
  game: MarketGame,
  raw: unknown,
  label: string,
  chunk: number,
  io: Io,
): Promise<MarketDeviationGains | undefined> {
  const scenario = scenarioJson(raw, label);
  await assertRedisReachable(url);
  const stderr = io.stderr as NodeJS.WritableStream & { isTTY?: boolean };
  // the local part shows its sweeps as a local solve of this size does
  const sweeps =
    stderr.isTTY === true && marketModel.showsProgress?.(game) === true
      ? new SingleBar({ stream: io.stderr, format: "market sweeps [{bar}] {value}/{total}" })
      : null;
  let started = false;
  let prices: number[];
  try {
    prices = marketGamePrices(
      game,
      sweeps === null
        ? undefined
        : (p) => {
            if (!started) sweeps.start(p.total, p.done);
            else sweeps.update(p.done);
            started = true;
          },
    );
  } finally {
    if (started) sweeps?.stop();
  }
  if (!prices.every(Number.isFinite)) return undefined;
  const n = prices.length;
  const bar =
    stderr.isTTY === true
      ? new SingleBar({
          stream: io.stderr,
          format: "deviation gains on the queue [{bar}] {value}/{total} firms | eta {eta}s",
        })
      : null;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let done = 0;
  bar?.start(n, 0);
  try {
    const gains = await gainsOnQueue(url, storedMarketText(scenario, prices), n, {
      chunk,
      signal: stop.signal,
      onFirms: (k) => {
        done += k;
        bar?.update(done);
      },
    });
    bar?.stop();
    if (gains === undefined)
      throw new Interrupted(
        `ftg solve: interrupted after ${done} of ${n} firms' deviation gains; the rest stay queued at ${redisAddress(url)}, and the same command collects what the workers finish`,
      );
    return { prices, gains };
  } finally {
    bar?.stop();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}
