/**
 * The answers of `ftg landscape` as data: the regulatory landscape of an openness scenario over a
 * (θ, p) grid as its stable JSON and as a table, and the threshold band over α0 likewise. The
 * surfaces write them (JSON, or CSV through their one CSV writer) and know nothing of their keys.
 * @see the openness model specification, docs/theory/openness-regulation.md
 */
import { RELEASE_DECISIONS, type RegulatoryLandscape, type ThresholdBand } from "../openness/landscape.js";
import type { OpennessModel } from "../openness/model.js";
import { REGULATORY_REGIONS } from "../openness/regions.js";
import type { Table } from "./types.js";

const num = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : x;

/** The landscape's stable JSON answer (grids indexed [θ index][penalty index]). */
export function landscapeJson(model: OpennessModel, l: RegulatoryLandscape) {
  const nP = l.penalties.length;
  const rows = <T>(f: (k: number) => T): T[][] =>
    l.thetas.map((_, i) => Array.from({ length: nP }, (_, j) => f(i * nP + j)));
  return {
    model: "openness",
    mode: l.mode,
    scenario: model,
    thetas: l.thetas,
    penalties: l.penalties,
    layout: "grids are indexed [theta index][penalty index]",
    region: rows((k) => REGULATORY_REGIONS[l.region[k]!]),
    decision: rows((k) => RELEASE_DECISIONS[l.decision[k]!]),
    omega: rows((k) => num(l.omega[k])),
    alpha1: rows((k) => num(l.alpha1[k])),
    uG: rows((k) => num(l.uG[k])),
    uD: rows((k) => num(l.uD[k])),
    delta: rows((k) => num(l.delta[k])),
    indifference: l.thetas.map((theta, i) => ({ theta, penalty: l.indifference[i] ?? null })),
    unregulated: l.unregulated,
    warnings: l.warnings,
  };
}

/** The landscape as a table: one row per (θ, p), θ-major; non-finite values as null. */
export function landscapeTable(l: RegulatoryLandscape): Table {
  const nP = l.penalties.length;
  return {
    columns: [
      "theta",
      "penalty",
      "region",
      "decision",
      "omega",
      "alpha1",
      "uG",
      "uD",
      "delta",
      "indifference_penalty",
    ],
    rows: l.thetas.flatMap((theta, i) =>
      l.penalties.map((p, j) => {
        const k = i * nP + j;
        return [
          theta,
          p,
          REGULATORY_REGIONS[l.region[k]!]!,
          RELEASE_DECISIONS[l.decision[k]!]!,
          num(l.omega[k]),
          num(l.alpha1[k]),
          num(l.uG[k]),
          num(l.uD[k]),
          num(l.delta[k]),
          num(l.indifference[i]),
        ];
      }),
    ),
  };
}

/** One threshold band (ω_NR(α0), θ_max(α0, p)] at one penalty. */
export type PenaltyBand = ThresholdBand & { readonly penalty: number };

/** The threshold bands' stable JSON answer. */
export function thresholdBandJson(model: OpennessModel, bands: readonly PenaltyBand[]) {
  return {
    model: "openness",
    scenario: model,
    band: bands.map((r) => ({
      alpha0: r.alpha0,
      penalty: r.penalty,
      omegaNR: r.low,
      thetaMax: r.high,
      empty: r.empty,
    })),
  };
}

/** The threshold bands as a table, one row per (penalty, α0). */
export function thresholdBandTable(bands: readonly PenaltyBand[]): Table {
  return {
    columns: ["alpha0", "penalty", "omega_nr", "theta_max", "empty"],
    rows: bands.map((r) => [r.alpha0, r.penalty, r.low, r.high, r.empty]),
  };
}
