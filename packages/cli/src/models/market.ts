/**
 * `ftg solve` for `"model": "market"`: the Bertrand–Nash equilibrium of the vertically
 * differentiated market for any qualities (arrays in the input's order), with certificates, and —
 * for uniform types — the paper's printed N-firm prices (Lemma 7) certified the same way.
 */
import {
  certifyPrices,
  consumersFromSpec,
  lemma7AsPrinted,
  type MarketProgress,
  marketEquilibrium,
  marketScenarioSchema,
} from "@ftg/core";
import { SingleBar } from "cli-progress";
import { UserError } from "../errors.js";
import { fmt, table } from "../io/format.js";
import { validate } from "../io/validate.js";
import { MODEL_SUMMARIES } from "./catalog.js";
import type { ModelHandler } from "./handler.js";

/** Markets from this many firms draw a progress bar (on a terminal); smaller ones finish at once. */
const PROGRESS_MIN_FIRMS = 2000;

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

export const marketHandler: ModelHandler = {
  model: "market",
  summary: MODEL_SUMMARIES.market,
  solve(raw, flags, io, label) {
    const s = validate(marketScenarioSchema, raw, label);
    if (flags.delta !== undefined) throw new UserError('--delta applies to "fine-tuning" scenarios only');
    const consumers = consumersFromSpec(s.consumers);
    if (s.method === "linear-system" && !consumers.uniform) {
      throw new UserError(`${label}: method: "linear-system" needs uniform consumers; use "best-response"`);
    }
    // progress only where someone watches it: a terminal, and a market large enough to take a while
    const stderr = io.stderr as NodeJS.WritableStream & { isTTY?: boolean };
    const bar =
      stderr.isTTY === true && s.qualities.length >= PROGRESS_MIN_FIRMS
        ? new SingleBar({ stream: io.stderr, format: "market {phase} [{bar}] {value}/{total}" })
        : null;
    let phase = "";
    const r = (() => {
      try {
        return marketEquilibrium(
          { qualities: s.qualities, consumers },
          {
            ...(s.method ? { method: s.method } : {}),
            ...(bar === null
              ? {}
              : {
                  onProgress: (p: MarketProgress) => {
                    const label = p.phase === "sweep" ? "sweeps" : "certified firms";
                    if (phase !== label) {
                      if (phase !== "") bar.stop();
                      phase = label;
                      bar.start(p.total, p.done, { phase: label });
                    } else bar.update(p.done);
                  },
                }),
          },
        );
      } finally {
        bar?.stop();
      }
    })();
    const v = r.value;
    const json = {
      model: "market",
      consumers: v.consumers,
      qualities: v.qualities,
      prices: v.prices,
      demands: v.demands,
      revenues: v.revenues,
      certificates: v.certificate,
      status: r.status,
      iterations: r.iterations,
      residual: r.residual,
      tiedQuality: v.tiedQuality,
      paper: paperCheck(v.qualities, consumers.uniform),
      warnings: r.warnings,
    };
    const rows = v.qualities.map((q, i) => [
      String(i + 1),
      fmt(q),
      fmt(v.prices[i]),
      fmt(v.demands[i]),
      fmt(v.revenues[i]),
      fmt(v.certificate.deviationGains[i]),
    ]);
    const text = [
      `Market (${v.consumers}), ${r.status} after ${r.iterations} sweep(s)`,
      table(["firm", "quality", "price", "demand", "revenue", "best deviation gain"], rows),
      `Σ demand ${fmt(v.certificate.demandSum)} = covered ${fmt(v.certificate.covered)}; equilibrium certified: ${v.certificate.isEquilibrium ? "yes" : "NO"}`,
      ...r.warnings.map((w) => `warning: ${w}`),
    ].join("\n");
    const csv = [
      "firm,quality,price,demand,revenue,deviationGain",
      ...v.qualities.map(
        (q, i) =>
          `${i + 1},${q},${v.prices[i]},${v.demands[i]},${v.revenues[i]},${v.certificate.deviationGains[i]}`,
      ),
    ].join("\n");
    return { json, text, csv: `${csv}\n` };
  },
};
