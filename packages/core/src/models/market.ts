/**
 * The vertically differentiated market (defection-free collaboration paper) as a model object:
 * the Bertrand–Nash prices, demands and revenues of N firms for any qualities (in the input's
 * order), certified by every firm's best deviation gain; for uniform consumers, also the paper's
 * printed N-firm prices (Lemma 7) certified the same way.
 */

import { InputError } from "../inputError.js";
import { assemblePriceCertificate } from "../market/certificate.js";
import type { ConsumerDistribution } from "../market/consumers.js";
import {
  certifyPrices,
  type MarketEquilibrium,
  type MarketEquilibriumOptions,
  marketEquilibrium,
} from "../market/equilibrium.js";
import { lemma7AsPrinted } from "../market/paperFormulas.js";
import type { SolverResult } from "../numerics/result.js";
import { lineChartSpec } from "../plots/lineChart.js";
import type { Row } from "../plots/spec.js";
import { parseInput } from "../scenario/issues.js";
import { consumersFromSpec, type MarketScenario, marketScenarioSchema } from "../scenario/market.js";
import { formatNumber as fmt } from "./format.js";
import { MODEL_SUMMARIES } from "./summaries.js";
import type { MarketDeviationGains, ModelDefinition, SolveProgress } from "./types.js";

/** Markets from this many firms are worth a progress display; smaller ones finish at once. */
export const MARKET_PROGRESS_MIN_FIRMS = 2000;

/** A market ready to solve. */
export interface MarketGame {
  readonly qualities: readonly number[];
  readonly consumers: ConsumerDistribution;
  readonly method?: NonNullable<MarketEquilibriumOptions["method"]>;
}

/** The equilibrium with the solver's status, and whether consumers are uniform. */
export interface MarketModelResult {
  readonly run: SolverResult<MarketEquilibrium>;
  readonly uniform: boolean;
  readonly certificate: MarketEquilibrium["certificate"];
  readonly warnings: readonly string[];
}

/** Lemma 7's printed prices in input order, certified; null when not applicable. */
function paperCheck(qualities: readonly number[], consumersUniform: boolean) {
  const order = qualities.map((_, i) => i).sort((a, b) => qualities[b]! - qualities[a]! || a - b);
  const ranked = order.map((i) => qualities[i]!);
  const distinct = ranked.every((q, k) => q > 0 && (k === 0 || q < ranked[k - 1]!));
  if (!consumersUniform || qualities.length < 2 || !distinct) return null;
  const printed = lemma7AsPrinted(ranked);
  const prices = new Array<number>(qualities.length);
  order.forEach((i, k) => {
    prices[i] = printed.prices[k]!;
  });
  const cert = certifyPrices(qualities, prices);
  return {
    lemma7Prices: prices,
    lemma7DeviationGains: cert.deviationGains,
    lemma7IsEquilibrium: cert.isEquilibrium,
  };
}

type Progress = (p: SolveProgress) => void;

function equilibrium(game: MarketGame, certificate: "full" | "skip", onProgress?: Progress) {
  return marketEquilibrium(
    { qualities: game.qualities, consumers: game.consumers },
    {
      certificate,
      ...(game.method === undefined ? {} : { method: game.method }),
      ...(onProgress === undefined
        ? {}
        : {
            onProgress: (p: { phase: "sweep" | "certificate"; done: number; total: number }) =>
              onProgress({ ...p, phase: p.phase === "sweep" ? "sweeps" : "certified firms" }),
          }),
    },
  );
}

/** Equilibria without their certificate, by game: computed once for the prices and the solve. */
const uncertified = new WeakMap<MarketGame, SolverResult<MarketEquilibrium>>();

/**
 * The game's equilibrium prices (input order) before any certificate: what every firm's
 * deviation gain is computed at when the certificate is split into ranges of firms
 * (`marketDeviationGains`), then passed to `solve` as `deviationGains`. The equilibrium is kept
 * for that solve (per game object), so it runs once.
 */
export function marketGamePrices(game: MarketGame, onProgress?: Progress): number[] {
  let run = uncertified.get(game);
  if (run === undefined) {
    run = equilibrium(game, "skip", onProgress);
    uncertified.set(game, run);
  }
  return [...run.value.prices];
}

/** The certified equilibrium from precomputed gains: the same result as the full solve. */
function withGains(game: MarketGame, given: MarketDeviationGains, onProgress?: Progress) {
  const run = uncertified.get(game) ?? equilibrium(game, "skip", onProgress);
  const prices = run.value.prices;
  // a failed solve (NaN prices) keeps the full path's own certificate
  if (!prices.every(Number.isFinite)) return equilibrium(game, "full", onProgress);
  if (given.prices.length !== prices.length || given.prices.some((p, i) => !Object.is(p, prices[i])))
    throw new InputError([
      {
        path: "deviationGains.prices",
        message: "expected the game's equilibrium prices (marketGamePrices), found other prices",
      },
    ]);
  const certificate = assemblePriceCertificate(run.value.qualities, prices, game.consumers, given.gains);
  return {
    ...run,
    value: { ...run.value, certificate },
    // the warning `marketEquilibrium` adds to an uncertified price vector, word for word
    warnings: certificate.isEquilibrium
      ? run.warnings
      : [...run.warnings, `certificate: a firm gains ${certificate.maxDeviationGain} by changing its price`],
  };
}

function solveMarket(game: MarketGame, onProgress?: Progress, gains?: MarketDeviationGains) {
  const run =
    gains === undefined ? equilibrium(game, "full", onProgress) : withGains(game, gains, onProgress);
  return { run, uniform: game.consumers.uniform, certificate: run.value.certificate, warnings: run.warnings };
}

export const marketModel: ModelDefinition<MarketScenario, MarketGame, MarketModelResult> = {
  id: "market",
  summary: MODEL_SUMMARIES.market,
  parse: (raw) => parseInput(marketScenarioSchema, raw),
  build(s) {
    const consumers = consumersFromSpec(s.consumers);
    if (s.method === "linear-system" && !consumers.uniform)
      throw new InputError([
        { path: "method", message: '"linear-system" needs uniform consumers; use "best-response"' },
      ]);
    return { qualities: s.qualities, consumers, ...(s.method ? { method: s.method } : {}) };
  },
  showsProgress: (game) => game.qualities.length >= MARKET_PROGRESS_MIN_FIRMS,
  solve: (game, options = {}) => solveMarket(game, options.onProgress, options.deviationGains),
  json(r) {
    const v = r.run.value;
    return {
      model: "market",
      consumers: v.consumers,
      qualities: v.qualities,
      prices: v.prices,
      demands: v.demands,
      revenues: v.revenues,
      certificates: v.certificate,
      status: r.run.status,
      iterations: r.run.iterations,
      residual: r.run.residual,
      tiedQuality: v.tiedQuality,
      paper: paperCheck(v.qualities, r.uniform),
      warnings: r.run.warnings,
    };
  },
  report(r) {
    const v = r.run.value;
    return {
      before: [`Market (${v.consumers}), ${r.run.status} after ${r.run.iterations} sweep(s)`],
      table: {
        columns: ["firm", "quality", "price", "demand", "revenue", "best deviation gain"],
        rows: v.qualities.map((q, i) => [
          String(i + 1),
          fmt(q),
          fmt(v.prices[i]),
          fmt(v.demands[i]),
          fmt(v.revenues[i]),
          fmt(v.certificate.deviationGains[i]),
        ]),
      },
      after: [
        `Σ demand ${fmt(v.certificate.demandSum)} = covered ${fmt(v.certificate.covered)}; equilibrium certified: ${v.certificate.isEquilibrium ? "yes" : "NO"}`,
        ...r.warnings.map((w) => `warning: ${w}`),
      ],
    };
  },
  csv(r) {
    const v = r.run.value;
    return {
      columns: ["firm", "quality", "price", "demand", "revenue", "deviationGain"],
      rows: v.qualities.map((q, i) => [
        i + 1,
        q,
        v.prices[i]!,
        v.demands[i]!,
        v.revenues[i]!,
        v.certificate.deviationGains[i]!,
      ]),
    };
  },
  figure(game, options) {
    const v = solveMarket(game).run.value;
    const rows: Row[] = [];
    for (const key of ["prices", "demands", "revenues"] as const) {
      v[key].forEach((x, i) => {
        rows.push({ quality: v.qualities[i]!, series: key, value: x });
      });
    }
    return lineChartSpec({
      title: "Market equilibrium against quality",
      subtitle: options.subtitle ?? options.source,
      data: rows,
      x: { field: "quality", title: "firm's quality" },
      y: { field: "value", title: "price, demand, revenue", zero: true },
      series: "series",
      mark: "points",
    });
  },
};
