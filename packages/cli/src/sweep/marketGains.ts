/**
 * The jobs of a market's certificate on the worker pool (see ./marketQueue.ts): what a job
 * carries (the stored solve's hash and a range of firms), what a worker computes and returns
 * (every firm's best deviation gain in the range, every double exactly).
 */
import { type DeviationGainsSetup, deviationGainsFor, deviationGainsSetup, marketModel } from "@ftg/core";
import { decodeNumber, encodeNumber, type JsonNumber } from "./specialistsChoices.js";

/** The name of these jobs on the sweep queue. */
export const MARKET_JOB = "market-gains";

/** The Redis key of a stored market solve (scenario and equilibrium prices), by its hash. */
export const marketKey = (hash: string): string => `ftg:market:${hash}:prices`;

/** What is stored once per solve: the scenario and the prices to certify, exactly. */
export interface StoredMarket {
  readonly scenario: unknown;
  readonly prices: readonly JsonNumber[];
}

/** One job: the stored solve's hash and the firms `from` … `to` − 1 (input order). */
export interface MarketChunk {
  readonly hash: string;
  readonly from: number;
  readonly to: number;
}

/** What a worker returns for a chunk: the gains of its firms, in order. */
export interface MarketGains {
  readonly from: number;
  readonly gains: readonly JsonNumber[];
}

/** The stored solve as the workers read it. */
export function storedMarketText(scenarioText: string, prices: readonly number[]): string {
  return `{"scenario":${scenarioText},"prices":${JSON.stringify(prices.map(encodeNumber))}}`;
}

/** The gains of a returned chunk, decoded. */
export function decodeGains(r: MarketGains): number[] {
  return r.gains.map(decodeNumber);
}

/** The deviation searches' shared setup a worker has built, by hash (the last one only). */
export class MarketSetupCache {
  private hash = "";
  private setup: DeviationGainsSetup | undefined;
  get(hash: string): DeviationGainsSetup | undefined {
    return hash === this.hash ? this.setup : undefined;
  }
  set(hash: string, setup: DeviationGainsSetup): void {
    this.hash = hash;
    this.setup = setup;
  }
}

/** Firms between two yields to the event loop (a chunk is synchronous work otherwise). */
const FIRMS_PER_SLICE = 100;

/**
 * Solves one chunk (what a worker runs): the market stored under the chunk's hash (read from
 * Redis with `load` and set up in O(n log n) the first time), and the gains of its firms.
 */
export async function solveMarketChunk(
  chunk: MarketChunk,
  load: (key: string) => Promise<string | null>,
  cache: MarketSetupCache,
): Promise<MarketGains> {
  let setup = cache.get(chunk.hash);
  if (setup === undefined) {
    const text = await load(marketKey(chunk.hash));
    if (text === null) throw new Error(`market ${chunk.hash} is no longer in Redis (run ftg solve again)`);
    const stored = JSON.parse(text) as StoredMarket;
    const game = marketModel.build(marketModel.parse(stored.scenario));
    setup = deviationGainsSetup(game.qualities, stored.prices.map(decodeNumber), game.consumers);
    cache.set(chunk.hash, setup);
  }
  const gains: JsonNumber[] = [];
  for (let a = chunk.from; a < chunk.to; a += FIRMS_PER_SLICE) {
    for (const g of deviationGainsFor(setup, a, Math.min(chunk.to, a + FIRMS_PER_SLICE)))
      gains.push(encodeNumber(g));
    // let the lock renewal run between slices
    await new Promise((r) => setImmediate(r));
  }
  return { from: chunk.from, gains };
}
