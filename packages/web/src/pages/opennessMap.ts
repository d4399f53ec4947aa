/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * What the openness page draws: the region map (the core's heat map with the scenario's rule
 * marked) and the table of the scenario's own rule beside the unregulated equilibrium.
 */
import { heatmapSpec, REGULATORY_REGIONS } from "@ftg/core";
import type { OpennessView } from "../compute.js";
import { fmt, h, numCell, scrollBox } from "../dom.js";

/** Region colours (colour-blind-safe, Okabe–Ito). */
const REGION_COLORS = ["#e8e8e8", "#d55e00", "#e69f00", "#009e73", "#0072b2", "#cc79a7"];

/** The map's specification for a view, penalties up to `pMax`. */
export function mapSpec(v: OpennessView, pMax: number): unknown {
  const P = v.penalties.length;
  const data = v.thetas.flatMap((theta, i) =>
    v.penalties.map((p, j) => {
      const k = i * P + j;
      const nul = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? null : x);
      return {
        theta,
        p,
        region: v.region[k]!,
        decision: v.decision[k]!,
        omega: nul(v.omega[k]),
        uG: nul(v.uG[k]),
        uD: nul(v.uD[k]),
        delta: nul(v.delta[k]),
      };
    }),
  );
  const curve = v.thetas.flatMap((theta, i) => {
    const p = v.indifference[i];
    return p === null || p === undefined || p > pMax
      ? []
      : [
          {
            theta,
            p,
            series: v.mode === "fixed" ? "p*(θ): G indifferent" : "smallest p at which G complies",
          },
        ];
  });
  const spec = heatmapSpec({
    title: "Regulatory landscape over (θ, p)",
    subtitle: `${v.mode === "fixed" ? "fixed δ" : "bargained δ"}; point at a cell for its outcome, click it to make it the rule (+)`,
    xs: v.thetas,
    ys: v.penalties,
    data,
    x: { field: "theta", title: "openness threshold θ" },
    y: { field: "p", title: "penalty p" },
    color: {
      field: "region",
      title: "region",
      type: "nominal",
      categories: REGULATORY_REGIONS,
      colors: REGION_COLORS,
    },
    overlay: { data: curve, series: "series", title: "curve" },
    width: 420,
    height: 320,
  }) as { layer: unknown[] };
  // The scenario's own rule, marked on the map (an annotation layer over the core's figure).
  spec.layer.push({
    data: { values: [{ theta: v.point.theta, p: v.point.penalty }] },
    mark: { type: "point", shape: "cross", size: 160, filled: true, color: "black", clip: true },
    encoding: { x: { field: "theta", type: "quantitative" }, y: { field: "p", type: "quantitative" } },
  });
  return spec;
}

/** The scenario's rule solved exactly, beside the unregulated equilibrium. */
export function pointTable(v: OpennessView): Node[] {
  const p = v.point;
  const u = p.unregulated;
  return [
    h(
      "h3",
      {},
      `At θ = ${fmt(p.theta)}, p = ${fmt(p.penalty)}: `,
      h("span", { "data-region": p.region }, p.region),
    ),
    scrollBox(
      "Outcome at the scenario's rule",
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["outcome", "decision", "openness ω", "δ", "α1", "U_G", "U_D"].map((t) =>
              h("th", { scope: "col" }, t),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          h(
            "tr",
            { "data-row": "regulated" },
            h("th", { scope: "row" }, "regulated"),
            h("td", {}, p.decision),
            numCell(p.omega),
            numCell(p.delta),
            numCell(p.alpha1),
            numCell(p.uG),
            numCell(p.uD),
          ),
          h(
            "tr",
            { "data-row": "unregulated" },
            h("th", { scope: "row" }, "unregulated"),
            h("td", {}, "—"),
            numCell(u.omega),
            numCell(u.delta),
            h("td", {}, ""),
            numCell(u.uG),
            numCell(u.uD),
          ),
        ),
      ),
    ),
    ...(v.warnings.length === 0
      ? []
      : [
          h(
            "details",
            { class: "diagnostics" },
            h("summary", {}, `Solver diagnostics (${v.warnings.length})`),
            ...v.warnings.slice(0, 20).map((w) => h("p", { class: "warning" }, w)),
          ),
        ]),
  ];
}
