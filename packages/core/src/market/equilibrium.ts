/**
 * The N-firm Bertrand–Nash equilibrium of the consumer-choice market (Definition 3 of Appendix B,
 * solved correctly), with its certificate.
 *
 * Conventions: N firms with fixed qualities q_i ≥ 0 (any order; results are in input order) choose
 * prices simultaneously; consumers choose exactly (see `consumerChoice`). An equilibrium is a price
 * vector at which no firm gains by a unilateral price change. Degenerate cases are handled
 * explicitly, not by iteration: a zero-quality firm never sells (price 0); if two or more firms
 * share the highest tied quality level q̄, Bertrand undercutting (Lemma 3) drives their prices to
 * 0, and every firm of quality ≤ q̄ then sells nothing (price 0, revenue 0); the firms above q̄
 * play the game against that free product. The remaining firms have distinct positive qualities;
 * their equilibrium is found by Gauss–Seidel best-response iteration against exact consumer choice
 * (method "best-response", any consumer density, from the given starting prices), by the same
 * iteration started at the root of the tridiagonal first-order system found by Newton's method
 * (method "newton", the default: each firm's demand depends only on its neighbours in the quality
 * order, so one Newton step is O(n) and the sweeps that confirm it are O(n log n)), or, for
 * uniform types, by solving the linear first-order system only (method "linear-system"). For
 * log-concave densities (uniform included) each firm's revenue is log-concave in its own price, so
 * the interior solution is the equilibrium. Demands and certificates come from the O(n log n)
 * envelope of the consumers' utility lines (./envelopeChoice.ts, ./certificate.ts).
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Lemma 2, Appendix B (Lemmas 6–7)
 */
import type { SolverResult, SolverStatus } from "../numerics/result.js";
import { bestResponseSweep } from "./bestResponseSweep.js";
import { certifyPricesFast } from "./certificate.js";
import { type ConsumerDistribution, uniformConsumers } from "./consumers.js";
import { duopolyRevenues } from "./duopoly.js";
import { envelopeChoice } from "./envelopeChoice.js";
import { newtonInteriorPrices } from "./newton.js";
import { qualityLevels } from "./rivals.js";
import { DEFAULT_MARKET_TOLERANCES, type MarketTolerances, priceScale } from "./tolerances.js";

/** A market: qualities of the firms and the consumer population. */
export interface Market {
  /** Qualities of the firms, any order, each ≥ 0. */
  readonly qualities: readonly number[];
  /** Consumer types; default uniform on [0, 1]. */
  readonly consumers?: ConsumerDistribution;
}

/** The evidence that a price vector is an equilibrium. */
export interface MarketCertificate {
  /**
   * Each firm's best gain from a unilateral price change, against exact consumer choice (input
   * order). Found twice — by the exact piecewise search and by a dense grid scan refined by golden section
   * — and the larger is reported.
   */
  readonly deviationGains: number[];
  readonly maxDeviationGain: number;
  /** Σ demands and the mass of consumers who buy something, computed independently. */
  readonly demandSum: number;
  readonly covered: number;
  /** |Σ demands − covered|. */
  readonly demandResidual: number;
  /** Every gain ≤ tolerance and the demand residual ≤ tolerance. */
  readonly isEquilibrium: boolean;
}

/** The market's equilibrium (arrays in input order). */
export interface MarketEquilibrium {
  readonly qualities: number[];
  readonly prices: number[];
  readonly demands: number[];
  readonly revenues: number[];
  readonly certificate: MarketCertificate;
  /** The highest quality level shared by two or more firms (their prices are 0), or null. */
  readonly tiedQuality: number | null;
  /** Which firms (input indices) played the game; the others are priced at 0 by the rules above. */
  readonly active: number[];
  readonly consumers: string;
}

/** Solution methods of {@link marketEquilibrium}. */
export type MarketMethod = "newton" | "best-response" | "linear-system";

/** Progress of a long solve: the phase, units done and units in total. */
export interface MarketProgress {
  /** "sweep": best-response sweeps (total = maxIterations); "certificate": firms certified. */
  readonly phase: "sweep" | "certificate";
  readonly done: number;
  readonly total: number;
}

/** Options of {@link marketEquilibrium}. */
export interface MarketEquilibriumOptions {
  /** Default "newton"; "linear-system" requires uniform consumers. */
  readonly method?: MarketMethod;
  /** Called after each best-response sweep and every 1,000 certified firms. */
  readonly onProgress?: (progress: MarketProgress) => void;
  /** Sweeps of best-response iteration. Default 1000. */
  readonly maxIterations?: number;
  /** Tolerances; defaults in {@link DEFAULT_MARKET_TOLERANCES}. */
  readonly tolerances?: Partial<MarketTolerances>;
  /** Starting prices of the "best-response" iteration (input order). Default: all 0. */
  readonly initialPrices?: readonly number[];
  /**
   * "full" (default) computes the deviation-gain certificate; "skip" leaves it NaN, for inner loops
   * (collaboration schemes, bargaining searches) that call the solver thousands of times.
   */
  readonly certificate?: "full" | "skip";
}

interface Structure {
  readonly active: number[]; // input indices, descending quality, distinct, positive
  readonly tiedQuality: number | null;
  /** Quality of the best product below the active firms that is offered at price 0 (0 = outside). */
  readonly anchor: number;
}

function structure(qualities: readonly number[]): Structure {
  const order = qualities.map((_, i) => i).sort((a, b) => qualities[b]! - qualities[a]! || a - b);
  let tiedQuality: number | null = null;
  for (let k = 0; k + 1 < order.length; k++) {
    const q = qualities[order[k]!]!;
    // exact equality on purpose: only identical products trigger Bertrand undercutting
    if (q > 0 && q === qualities[order[k + 1]!]) {
      tiedQuality = q;
      break;
    }
  }
  const active = order.filter(
    (i) => qualities[i]! > 0 && (tiedQuality === null || qualities[i]! > tiedQuality),
  );
  return { active, tiedQuality, anchor: tiedQuality ?? 0 };
}

/** Interior equilibrium prices of firms with qualities q_1 > … > q_n > anchor ≥ 0 (uniform types). */
export function uniformInteriorPrices(sorted: readonly number[], anchor: number, thetaMax: number): number[] {
  const n = sorted.length;
  if (n === 0) return [];
  // Δ_i = q_i − q_{i+1}, q_{n+1} = anchor; FOC rows: firm 1: 2p_1/Δ_1 − p_2/Δ_1 = θmax;
  // firm i: −p_{i−1}/Δ_{i−1} + 2p_i(1/Δ_{i−1} + 1/Δ_i) − p_{i+1}/Δ_i = 0 (p_{n+1} = 0)
  const delta = sorted.map((q, i) => q - (i + 1 < n ? sorted[i + 1]! : anchor));
  const a = new Float64Array(n); // sub-diagonal
  const b = new Float64Array(n); // diagonal
  const c = new Float64Array(n); // super-diagonal
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const inv = 1 / delta[i]!;
    const invPrev = i === 0 ? 0 : 1 / delta[i - 1]!;
    b[i] = 2 * (invPrev + inv);
    a[i] = -invPrev;
    c[i] = i + 1 < n ? -inv : 0;
    d[i] = i === 0 ? thetaMax : 0;
  }
  // Thomas algorithm (the matrix is a diagonally dominant M-matrix, so no pivoting is needed)
  for (let i = 1; i < n; i++) {
    const m = a[i]! / b[i - 1]!;
    b[i] = b[i]! - m * c[i - 1]!;
    d[i] = d[i]! - m * d[i - 1]!;
  }
  const p = new Array<number>(n).fill(0);
  p[n - 1] = d[n - 1]! / b[n - 1]!;
  for (let i = n - 2; i >= 0; i--) p[i] = (d[i]! - c[i]! * p[i + 1]!) / b[i]!;
  return p;
}

/** Options of {@link certifyPrices}. */
export interface CertifyOptions {
  /** Tolerances; defaults in {@link DEFAULT_MARKET_TOLERANCES}. */
  readonly tolerances?: Partial<MarketTolerances>;
  /** Prices of the independent scan of each firm's revenue. Default 64. */
  readonly gridSize?: number;
  /** Called every 1,000 firms with (firms done, firms in total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Certificate of any price vector: each firm's best unilateral deviation gain against exact
 * consumer choice, and demands against the covered market, in O(n log n) for log-concave
 * densities (./certificate.ts). Usable on prices from any source (e.g. the paper's formulas).
 * @example
 * certifyPrices([1, 0.5], [2 / 7, 1 / 14]).maxDeviationGain // ≈ 0 (Lemma 2 prices)
 */
export function certifyPrices(
  qualities: readonly number[],
  prices: readonly number[],
  consumers: ConsumerDistribution = uniformConsumers(),
  options: CertifyOptions = {},
): MarketCertificate {
  return certifyPricesFast(qualities, prices, consumers, options);
}

/**
 * Bertrand–Nash equilibrium of the N-firm market by exact consumer choice.
 * `residual` is the largest price change of the last sweep (price units); `iterations` the sweeps.
 * @param model qualities and consumers (default uniform on [0, 1]).
 * @param options method (default "newton"), maxIterations (default 1000), tolerances,
 *   initialPrices (default 0, "best-response" only), onProgress.
 * @example
 * marketEquilibrium({ qualities: [1, 0.5] }).value.prices // ≈ [0.285714, 0.071429] — 2/7 and 1/14 (Lemma 2)
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Lemma 2 and Appendix B
 */
export function marketEquilibrium(
  model: Market,
  options: MarketEquilibriumOptions = {},
): SolverResult<MarketEquilibrium> {
  const consumers = model.consumers ?? uniformConsumers();
  const qualities = [...model.qualities];
  const tol = { ...DEFAULT_MARKET_TOLERANCES, ...options.tolerances };
  const method = options.method ?? "newton";
  const maxIterations = options.maxIterations ?? 1000;
  const warnings: string[] = [];
  const bad = qualities.findIndex((q) => !Number.isFinite(q) || q < 0);
  const n = qualities.length;
  const prices = new Array<number>(n).fill(0);
  if (bad >= 0) {
    return failed(qualities, consumers, "nanEncountered", [
      `qualities[${bad}]: expected a finite number ≥ 0, found ${qualities[bad]}`,
    ]);
  }
  const s = structure(qualities);
  if (s.tiedQuality !== null) {
    warnings.push(
      `firms with equal quality ${s.tiedQuality} undercut each other to price 0 (Lemma 3); firms at or below that quality sell nothing`,
    );
  }
  const scale = consumers.thetaMax * qualities.reduce((m, q) => Math.max(m, q), 0);
  let status: SolverStatus = "converged";
  let iterations = 0;
  let residual = 0;
  switch (method) {
    case "linear-system": {
      if (!consumers.uniform) {
        return failed(qualities, consumers, "infeasible", [
          'method "linear-system" needs uniform consumer types; use "best-response"',
        ]);
      }
      const p = uniformInteriorPrices(
        s.active.map((i) => qualities[i]!),
        s.anchor,
        consumers.thetaMax,
      );
      s.active.forEach((i, k) => {
        prices[i] = p[k]!;
      });
      break;
    }
    case "newton":
    case "best-response": {
      if (method === "newton") {
        const start = newtonInteriorPrices(
          s.active.map((i) => qualities[i]!),
          s.anchor,
          consumers,
          consumers.uniform
            ? {}
            : {
                start: uniformInteriorPrices(
                  s.active.map((i) => qualities[i]!),
                  s.anchor,
                  consumers.thetaMax,
                ),
              },
        );
        // a failed Newton start is not an error: the exact sweeps below start from 0 instead
        if (start.value.every((p) => Number.isFinite(p) && p >= 0))
          s.active.forEach((i, k) => {
            prices[i] = start.value[k]!;
          });
      } else if (options.initialPrices !== undefined) {
        for (const i of s.active) prices[i] = Math.max(0, options.initialPrices[i] ?? 0);
      }
      const levels = qualityLevels(qualities);
      const moves = new Uint8Array(n);
      for (const i of s.active) moves[i] = 1;
      status = "maxIterations";
      for (; iterations < maxIterations; ) {
        iterations++;
        residual = bestResponseSweep(levels, prices, moves, consumers);
        options.onProgress?.({ phase: "sweep", done: iterations, total: maxIterations });
        if (!Number.isFinite(residual)) {
          status = "nanEncountered";
          break;
        }
        if (residual <= tol.price * priceScale(scale)) {
          status = "converged";
          break;
        }
      }
      if (status === "maxIterations") {
        warnings.push(
          `best-response iteration stopped after ${iterations} sweeps; last price change ${residual}`,
        );
      }
      break;
    }
  }
  const choice = envelopeChoice(qualities, prices, consumers);
  const onProgress = options.onProgress;
  const certificate =
    options.certificate === "skip"
      ? skippedCertificate(qualities)
      : certifyPrices(qualities, prices, consumers, {
          tolerances: tol,
          ...(onProgress === undefined
            ? {}
            : {
                onProgress: (done: number, total: number) =>
                  onProgress({ phase: "certificate", done, total }),
              }),
        });
  if (options.certificate !== "skip" && !certificate.isEquilibrium) {
    warnings.push(`certificate: a firm gains ${certificate.maxDeviationGain} by changing its price`);
  }
  return {
    value: {
      qualities,
      prices,
      demands: choice.demands,
      revenues: prices.map((p, i) => p * choice.demands[i]!),
      certificate,
      tiedQuality: s.tiedQuality,
      active: s.active,
      consumers: consumers.description,
    },
    status,
    iterations,
    residual,
    warnings,
  };
}

function skippedCertificate(qualities: readonly number[]): MarketCertificate {
  return {
    deviationGains: qualities.map(() => Number.NaN),
    maxDeviationGain: Number.NaN,
    demandSum: Number.NaN,
    covered: Number.NaN,
    demandResidual: Number.NaN,
    isEquilibrium: false,
  };
}

function failed(
  qualities: number[],
  consumers: ConsumerDistribution,
  status: SolverStatus,
  warnings: string[],
): SolverResult<MarketEquilibrium> {
  const nan = qualities.map(() => Number.NaN);
  return {
    value: {
      qualities,
      prices: nan,
      demands: nan,
      revenues: nan,
      certificate: {
        deviationGains: nan,
        maxDeviationGain: Number.NaN,
        demandSum: Number.NaN,
        covered: Number.NaN,
        demandResidual: Number.NaN,
        isEquilibrium: false,
      },
      tiedQuality: null,
      active: [],
      consumers: consumers.description,
    },
    status,
    iterations: 0,
    residual: Number.NaN,
    warnings,
  };
}

/**
 * Equilibrium revenues for given qualities (input order): Lemma 2 in closed form for two firms with
 * uniform types, the N-firm solver otherwise. Used by the collaboration schemes.
 */
export function marketRevenues(qualities: readonly number[], consumers: ConsumerDistribution): number[] {
  if (consumers.uniform && qualities.length === 2) {
    const r = duopolyRevenues(qualities[0]!, qualities[1]!, consumers.thetaMax);
    return [r.low, r.high];
  }
  const method = consumers.uniform ? "linear-system" : "best-response";
  return marketEquilibrium({ qualities, consumers }, { method, certificate: "skip" }).value.revenues;
}
