/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The openness-regulation page: the region map over (θ, p) with the indifference curve p*(θ)
 * (the core's heat-map specification), hover for the outcome at a point, sliders for α0, ε, λ, κ
 * and the δ mode, and the scenario's own (θ, p) solved exactly beside the unregulated equilibrium.
 * @see ../../../../shared/models/openness-regulation.md
 */
import {
  heatmapSpec,
  OPENNESS_BARGAINING_SOLUTIONS,
  opennessScenarioSchema,
  REGULATORY_REGIONS,
  validateWith,
} from "@ftg/core";
import type { OpennessView } from "../compute.js";
import { download, field, fmt, h, numCell, parseNumber, scenarioToolbar, showIssues } from "../dom.js";
import { Figure } from "../figure.js";
import { parseScenarioText, scenarioToText } from "../scenarioFile.js";
import { compute, SUPERSEDED } from "../workerClient.js";
import type { PageContext } from "./context.js";

type Raw = Record<string, unknown>;

/** The default scenario: our specification's defaults, a binding threshold and a moderate penalty. */
export const DEFAULT_OPENNESS_SCENARIO = Object.freeze({
  model: "openness",
  alpha0: 0.5,
  delta: 0.5,
  regulation: { threshold: 0.6, penalty: 0.05, form: "fixed" },
  params: { cD: 1, lambda: 0.5, epsilon: 0.2, kappa: 0.2 },
});

/** Region colours (colour-blind-safe, Okabe–Ito). */
const REGION_COLORS = ["#e8e8e8", "#d55e00", "#e69f00", "#009e73", "#0072b2", "#cc79a7"];

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export function mountOpenness(root: HTMLElement, ctx: PageContext): () => void {
  let scenario: Raw = clone((ctx.state.scenario ?? DEFAULT_OPENNESS_SCENARIO) as Raw);
  let resolution = Number(ctx.state.params["n"] ?? "41");
  if (!(resolution >= 5 && resolution <= 121)) resolution = 41;
  let pMax = Number(ctx.state.params["pmax"] ?? "0.3");
  if (!(pMax > 0 && Number.isFinite(pMax))) pMax = 0.3;
  let alive = true;
  let view: OpennessView | null = null;
  const messages = h("div", { class: "messages", role: "status", "aria-live": "polite" });
  const form = h("div", { class: "form" });
  const figure = new Figure(
    "openness-regions",
    "Regulatory regions over threshold θ and penalty p, with the indifference curve",
  );
  const hover = h(
    "p",
    { class: "hover", "aria-live": "polite", "data-hover": "" },
    "Point at the map to see the outcome there.",
  );
  const pointPanel = h("section", { class: "panel" });
  const timing = h("p", { class: "timing" });
  const fileInput = h("input", {
    type: "file",
    accept: ".json,.yaml,.yml",
    id: "op-import",
    "aria-label": "Import a scenario file",
  });
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files?.[0];
    fileInput.value = "";
    if (file === undefined) return;
    const parsed = parseScenarioText(await file.text(), file.name);
    if (!parsed.ok) return say(parsed.issues.map((i) => `${file.name}: ${i.path}: ${i.message}`));
    if (parsed.model !== "openness") return ctx.openScenario(parsed.model, parsed.value);
    scenario = clone(parsed.value as Raw);
    buildForm();
    changed();
  });

  root.replaceChildren(
    h("h2", {}, "Openness regulation"),
    h(
      "p",
      { class: "lede" },
      "A regulator requires openness ω ≥ θ or charges a penalty p. Each cell of the map compares the regulated equilibrium with the unregulated one. ",
      "The black line is the indifference penalty p*(θ): above it G complies.",
    ),
    scenarioToolbar({
      fileInput,
      exportAs: exportAs,
      copyLink: () => void ctx.copyLink(),
    }),
    messages,
    h(
      "div",
      { class: "layout" },
      h("div", { class: "inputs" }, form),
      h("div", { class: "outputs" }, figure.root, hover, pointPanel, timing),
    ),
  );

  figure.onHover = (d) => {
    if (d === null || typeof d["region"] !== "string") return;
    hover.textContent = `θ = ${fmt(d["theta"] as number)}, p = ${fmt(d["p"] as number)}: ${d["region"]} — G ${d["decision"]}s, ω = ${fmt(d["omega"] as number | null)}, U_G = ${fmt(d["uG"] as number | null)}, U_D = ${fmt(d["uD"] as number | null)}${d["delta"] === null ? "" : `, δ = ${fmt(d["delta"] as number)}`}`;
    hover.dataset["hover"] = JSON.stringify(d);
  };

  function say(lines: string[]): void {
    messages.replaceChildren(...lines.map((l) => h("p", { class: "error" }, l)));
  }

  function exportAs(format: "json" | "yaml"): void {
    const r = validateWith(opennessScenarioSchema, scenario);
    if (!r.ok) {
      say(["fix the marked fields before exporting"]);
      return;
    }
    download(`openness.${format}`, scenarioToText(r.value, format));
  }

  const get = (path: string[]): unknown =>
    path.reduce<unknown>((o, k) => (o as Raw | undefined)?.[k], scenario);
  const set = (path: string[], v: unknown): void => {
    let o = scenario;
    for (const k of path.slice(0, -1)) {
      if (o[k] === null || typeof o[k] !== "object") o[k] = {};
      o = o[k] as Raw;
    }
    if (v === undefined) delete o[path[path.length - 1]!];
    else o[path[path.length - 1]!] = v;
  };

  function num(
    path: string[],
    label: string,
    min: number,
    max: number,
    step: number,
    fallback: number,
    hint?: string,
  ) {
    return field({
      label,
      path: path.join("."),
      value: String(get(path) ?? fallback),
      slider: { min, max, step },
      ...(hint === undefined ? {} : { hint }),
      onInput: (t) => {
        set(path, parseNumber(t));
        changed();
      },
    }).root;
  }

  function buildForm(): void {
    const d = scenario["delta"];
    const mode = typeof d === "object" && d !== null ? String((d as Raw)["bargaining"]) : "fixed";
    const modeField = field({
      label: "δ mode",
      path: "delta.bargaining",
      value: mode,
      options: ["fixed", ...OPENNESS_BARGAINING_SOLUTIONS],
      hint: "a fixed share, or bargained (each cell bargains anew)",
      onInput: (t) => {
        set(["delta"], t === "fixed" ? 0.5 : { bargaining: t });
        buildForm();
        changed();
      },
    });
    const endogenous = scenario["alpha0"] === "endogenous";
    form.replaceChildren(
      h(
        "fieldset",
        {},
        h("legend", {}, "Model"),
        endogenous
          ? h("p", {}, "α0 is endogenous (G chooses it at cost c_G·α0²).")
          : num(["alpha0"], "α0 (baseline performance)", 0, 2, 0.01, 0.5),
        modeField.root,
        mode === "fixed" ? num(["delta"], "δ (fixed revenue share)", 0, 1, 0.01, 0.5) : null,
        num(["params", "epsilon"], "ε (reputational benefit of openness)", 0, 1, 0.01, 0.2),
        num(["params", "lambda"], "λ (openness cuts D's cost)", 0, 0.99, 0.01, 0.5),
        num(["params", "kappa"], "κ (cost of open artefacts)", 0, 1, 0.01, 0.2),
        num(["params", "cD"], "c_D (D's cost scale)", 0.1, 5, 0.05, 1),
      ),
      h(
        "fieldset",
        {},
        h("legend", {}, "The scenario's rule (marked + on the map)"),
        num(["regulation", "threshold"], "θ (openness threshold)", 0, 1, 0.01, 0),
        num(["regulation", "penalty"], "p (penalty)", 0, 1, 0.005, 0),
        field({
          label: "penalty form",
          path: "regulation.form",
          value: String(get(["regulation", "form"]) ?? "fixed"),
          options: ["fixed", "proportional"],
          onInput: (t) => {
            set(["regulation", "form"], t);
            changed();
          },
        }).root,
      ),
      h(
        "fieldset",
        {},
        h("legend", {}, "Map"),
        field({
          label: "largest penalty shown",
          path: "pmax",
          value: String(pMax),
          slider: { min: 0.05, max: 2, step: 0.05 },
          onInput: (t) => {
            const x = Number(t);
            if (!(x > 0 && Number.isFinite(x)))
              return say([`pmax: expected a number > 0 (found ${JSON.stringify(t)})`]);
            pMax = x;
            changed();
          },
        }).root,
        field({
          label: "cells per axis",
          path: "n",
          value: String(resolution),
          options: ["21", "41", "61", "81"],
          onInput: (t) => {
            resolution = Number(t);
            changed();
          },
        }).root,
      ),
    );
    (modeField.input as HTMLSelectElement).value = mode;
  }

  let valid: ReturnType<typeof validateWith<ReturnType<typeof opennessScenarioSchema.parse>>> = {
    ok: false,
    issues: [],
  };

  function changed(): void {
    valid = validateWith(opennessScenarioSchema, scenario);
    const orphans = showIssues(form, valid.ok ? [] : valid.issues);
    if (!valid.ok) {
      say(["The map shows the last valid scenario.", ...orphans.map((i) => `${i.path}: ${i.message}`)]);
      root.classList.add("stale");
      return;
    }
    root.classList.remove("stale");
    messages.replaceChildren();
    ctx.setUrl({ scenario: valid.value, params: { n: String(resolution), pmax: String(pMax) } });
    void solve();
  }

  async function solve(): Promise<void> {
    if (!valid.ok) return;
    const t0 = performance.now();
    root.setAttribute("aria-busy", "true");
    const r = await compute("openness", {
      kind: "openness",
      scenario: valid.value,
      grid: { thetas: resolution, penalties: resolution, pMax },
    });
    if (!alive || (!r.ok && r.error === SUPERSEDED)) return;
    root.removeAttribute("aria-busy");
    if (!r.ok) return say([`The solver stopped: ${r.error}`]);
    view = r.value as OpennessView;
    await draw(view);
    renderPoint(view);
    timing.textContent = `${view.thetas.length}×${view.penalties.length} cells solved in ${r.ms.toFixed(0)} ms (worker), drawn in ${figure.lastRenderMs.toFixed(0)} ms; total ${(performance.now() - t0).toFixed(0)} ms`;
    root.dataset["solves"] = String(Number(root.dataset["solves"] ?? "0") + 1);
  }

  async function draw(v: OpennessView): Promise<void> {
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
      subtitle: `${v.mode === "fixed" ? "fixed δ" : "bargained δ"}; hover a cell for its outcome`,
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
    await figure.show(spec);
  }

  function renderPoint(v: OpennessView): void {
    const p = v.point;
    const u = p.unregulated;
    pointPanel.replaceChildren(
      h(
        "h3",
        {},
        `At θ = ${fmt(p.theta)}, p = ${fmt(p.penalty)}: `,
        h("span", { "data-region": p.region }, p.region),
      ),
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["", "decision", "openness ω", "δ", "α1", "U_G", "U_D"].map((t) =>
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
      ...v.warnings.slice(0, 5).map((w) => h("p", { class: "warning" }, `warning: ${w}`)),
    );
  }

  buildForm();
  if (ctx.state.scenarioError !== undefined) say([ctx.state.scenarioError]);
  changed();
  return () => {
    alive = false;
  };
}
