/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * What the collaboration page draws at a round: the schemes' table, the revenues (one panel per
 * scheme, one revenue scale for all, fixed over the run so playing it does not rescale) and the
 * Nash product against its target (the core's line charts).
 */
import { lineChartSpec } from "@ftg/core";
import type { CollaborationView, SchemeView } from "../compute.js";
import { fmt, h, numCell, scrollBox } from "../dom.js";

/** The target and the table of the schemes shown, at round `t`. */
export function schemeTableNodes(run: CollaborationView, shown: readonly SchemeView[], t: number): Node[] {
  return [
    h(
      "p",
      {},
      `Nash bargaining target: q_l* = ${fmt(run.target.ql)}, q_h* = ${fmt(run.target.qh)}, ρ* = ${fmt(run.target.rho)}, N* = ${fmt(run.target.nash)}`,
    ),
    scrollBox(
      "Schemes at the round shown",
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...[
              "scheme",
              "q_l",
              "q_h",
              "revenue low",
              "revenue high",
              "Nash product",
              "a firm lost revenue?",
            ].map((x) => h("th", { scope: "col" }, x)),
          ),
        ),
        h(
          "tbody",
          {},
          ...shown.map((s) => {
            const r = s.rounds[Math.min(t, s.rounds.length - 1)]!;
            const loss = [
              s.firstLoss.low === null ? null : `low in round ${s.firstLoss.low}`,
              s.firstLoss.high === null ? null : `high in round ${s.firstLoss.high}`,
            ].filter((x) => x !== null);
            return h(
              "tr",
              { "data-scheme": s.scheme },
              h("th", { scope: "row" }, s.scheme),
              numCell(r.ql),
              numCell(r.qh),
              numCell(r.revenueLow),
              numCell(r.revenueHigh),
              numCell(r.nash),
              h("td", { class: s.anyLoss ? "bad" : "good" }, s.anyLoss ? `yes: ${loss.join(", ")}` : "never"),
            );
          }),
        ),
      ),
    ),
  ];
}

/** The revenue chart up to round `t`. */
export function revenueChart(run: CollaborationView, shown: readonly SchemeView[], t: number): unknown {
  const T = run.schemes[0]!.rounds.length - 1;
  const upto = shown.flatMap((s) =>
    s.rounds.slice(0, t + 1).flatMap((r, k) => [
      { round: k, scheme: s.scheme, firm: "low firm", revenue: r.revenueLow },
      { round: k, scheme: s.scheme, firm: "high firm", revenue: r.revenueHigh },
    ]),
  );
  // one revenue scale for every scheme (the core's facets have their own), fixed over the whole run
  const allRevenues = run.schemes.flatMap((s) => s.rounds.flatMap((r) => [r.revenueLow, r.revenueHigh]));
  const yDomain = [Math.min(...allRevenues), Math.max(...allRevenues)];
  const revenueSpec = lineChartSpec({
    title: "Revenues over rounds",
    data: upto,
    x: { field: "round", title: "round", domain: [0, T] },
    y: { field: "revenue", title: "equilibrium revenue" },
    series: "firm",
    facet: "scheme",
    facetColumns: shown.length === 1 ? 1 : 2,
    width: shown.length === 1 ? 460 : 220,
    height: shown.length === 1 ? 220 : 130,
  }) as Record<string, unknown>;
  revenueSpec["resolve"] = { scale: { y: "shared" } };
  setYDomain(revenueSpec, yDomain);
  return revenueSpec;
}

/** The Nash product chart up to round `t`. */
export function nashChart(run: CollaborationView, shown: readonly SchemeView[], t: number): unknown {
  const T = run.schemes[0]!.rounds.length - 1;
  const nash = shown.flatMap((s) =>
    s.rounds.slice(0, t + 1).map((r, k) => ({ round: k, scheme: s.scheme, nash: r.nash })),
  );
  const allNash = [run.target.nash, ...run.schemes.flatMap((s) => s.rounds.map((r) => r.nash))];
  const nashSpec = lineChartSpec({
    title: "Nash product of revenue gains over rounds",
    data: nash,
    x: { field: "round", title: "round", domain: [0, T] },
    y: { field: "nash", title: "Nash product" },
    series: "scheme",
    hrules: [{ y: run.target.nash, label: "N* (target)" }],
    width: 460,
    height: 200,
  }) as Record<string, unknown>;
  setYDomain(nashSpec, [Math.min(...allNash), Math.max(...allNash)]);
  return nashSpec;
}

/** Fixes the y scale of a line chart (facet or not) to a domain. */
export function setYDomain(spec: Record<string, unknown>, domain: number[]): void {
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== "object") return;
    if (Array.isArray(x)) {
      x.forEach(walk);
      return;
    }
    const o = x as Record<string, unknown>;
    const enc = o["encoding"] as Record<string, Record<string, unknown>> | undefined;
    if (enc?.["y"] !== undefined && enc["y"]["type"] === "quantitative")
      enc["y"] = { ...enc["y"], scale: { ...((enc["y"]["scale"] as object | undefined) ?? {}), domain } };
    for (const v of Object.values(o)) walk(v);
  };
  walk(spec);
}
