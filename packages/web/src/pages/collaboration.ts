/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The collaboration page: the Bertrand–Nash market for given qualities, and every collaboration
 * scheme run from the analytic learner, animated round by round (revenues and the Nash product
 * of revenue gains; the core's line-chart specification).
 * @see ../../../../shared/papers/defection-free-collaboration.md Sections 2–4, Algorithm 1
 */
import { collaborationScenarioSchema, lineChartSpec, marketScenarioSchema, validateWith } from "@ftg/core";
import type { CollaborationView, MarketView } from "../compute.js";
import { download, field, fmt, h, numCell, parseNumber, scenarioToolbar, showIssues } from "../dom.js";
import { Figure } from "../figure.js";
import { parseScenarioText, scenarioToText } from "../scenarioFile.js";
import { compute, SUPERSEDED } from "../workerClient.js";
import type { PageContext } from "./context.js";

type Raw = Record<string, unknown>;

/** The default run: the paper's running example (q_l = 0.5, q_h = 0.7, union of the data reaches 1). */
export const DEFAULT_COLLABORATION_SCENARIO = Object.freeze({
  model: "collaboration",
  initial: { low: 0.5, high: 0.7 },
  maxQuality: 1,
  rounds: 200,
  learner: { kind: "analytic", rate: 0.05 },
});

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export function mountCollaboration(root: HTMLElement, ctx: PageContext): () => void {
  let scenario: Raw = clone((ctx.state.scenario ?? DEFAULT_COLLABORATION_SCENARIO) as Raw);
  let qualitiesText = ctx.state.params["q"] ?? "0.9, 0.6, 0.3";
  let thetaMax: unknown = Number(ctx.state.params["tmax"] ?? "1");
  let round = Number(ctx.state.params["round"] ?? "-1");
  let alive = true;
  let run: CollaborationView | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const messages = h("div", { class: "messages", role: "status", "aria-live": "polite" });
  const marketForm = h("div", { class: "form" });
  const schemeForm = h("div", { class: "form" });
  const marketOut = h("section", { class: "panel" });
  const revenueFig = new Figure(
    "collaboration-revenues",
    "Revenues of both firms over rounds, one panel per scheme",
  );
  const nashFig = new Figure("collaboration-nash", "Nash product of revenue gains over rounds, per scheme");
  const schemeTable = h("section", { class: "panel" });
  const roundSlider = h("input", {
    type: "range",
    min: 0,
    max: 1,
    step: 1,
    value: 0,
    id: "co-round",
    "aria-label": "round",
  });
  const roundLabel = h("output", { for: "co-round", "data-round": "" });
  const play = h("button", { type: "button", "aria-pressed": "false" }, "Play");
  const fileInput = h("input", {
    type: "file",
    accept: ".json,.yaml,.yml",
    id: "co-import",
    "aria-label": "Import a scenario file",
  });

  root.replaceChildren(
    h("h2", {}, "Competitors who collaborate"),
    h(
      "p",
      { class: "lede" },
      "Firms sell vertically differentiated models; pooling data raises quality but can cost a firm revenue. The defection-free scheme (Algorithm 1) paces training so that no firm ever loses.",
    ),
    scenarioToolbar({
      fileInput,
      exportAs: exportAs,
      copyLink: () => void ctx.copyLink(),
    }),
    messages,
    h("h3", {}, "The market for given qualities"),
    h(
      "div",
      { class: "layout" },
      h("div", { class: "inputs" }, marketForm),
      h("div", { class: "outputs" }, marketOut),
    ),
    h("h3", {}, "Collaboration schemes from the analytic learner"),
    h(
      "div",
      { class: "layout" },
      h("div", { class: "inputs" }, schemeForm),
      h(
        "div",
        { class: "outputs" },
        h(
          "div",
          { class: "player" },
          play,
          h("label", { for: "co-round" }, "round "),
          roundSlider,
          roundLabel,
        ),
        schemeTable,
        revenueFig.root,
        nashFig.root,
      ),
    ),
  );

  fileInput.addEventListener("change", async () => {
    const file = fileInput.files?.[0];
    fileInput.value = "";
    if (file === undefined) return;
    const parsed = parseScenarioText(await file.text(), file.name);
    if (!parsed.ok) return say(parsed.issues.map((i) => `${file.name}: ${i.path}: ${i.message}`));
    if (parsed.model === "market") {
      const m = parsed.value as { qualities: number[]; consumers?: { thetaMax?: number } };
      qualitiesText = m.qualities.join(", ");
      thetaMax = m.consumers?.thetaMax ?? 1;
      buildForms();
      marketChanged();
      return;
    }
    if (parsed.model !== "collaboration") return ctx.openScenario(parsed.model, parsed.value);
    scenario = clone(parsed.value as Raw);
    buildForms();
    schemeChanged();
  });

  function say(lines: string[]): void {
    messages.replaceChildren(...lines.map((l) => h("p", { class: "error" }, l)));
  }

  function exportAs(format: "json" | "yaml"): void {
    const r = validateWith(collaborationScenarioSchema, scenario);
    if (!r.ok) {
      say(["fix the marked fields before exporting"]);
      return;
    }
    download(`collaboration.${format}`, scenarioToText(r.value, format));
  }

  const set = (path: string[], v: unknown): void => {
    let o = scenario;
    for (const k of path.slice(0, -1)) {
      if (o[k] === null || typeof o[k] !== "object") o[k] = {};
      o = o[k] as Raw;
    }
    o[path[path.length - 1]!] = v;
  };
  const get = (path: string[]): unknown =>
    path.reduce<unknown>((o, k) => (o as Raw | undefined)?.[k], scenario);

  function buildForms(): void {
    marketForm.replaceChildren(
      h(
        "fieldset",
        {},
        h("legend", {}, "Market"),
        field({
          label: "qualities (comma-separated, in [0, 1])",
          path: "qualities",
          value: qualitiesText,
          width: "14em",
          onInput: (t) => {
            qualitiesText = t;
            marketChanged();
          },
        }).root,
        field({
          label: "θmax (consumer types uniform on [0, θmax])",
          path: "consumers.thetaMax",
          value: String(thetaMax),
          slider: { min: 0.1, max: 3, step: 0.05 },
          onInput: (t) => {
            thetaMax = parseNumber(t);
            marketChanged();
          },
        }).root,
      ),
    );
    const num = (path: string[], label: string, min: number, max: number, step: number, fallback: number) =>
      field({
        label,
        path: path.join("."),
        value: String(get(path) ?? fallback),
        slider: { min, max, step },
        onInput: (t) => {
          set(path, parseNumber(t));
          schemeChanged();
        },
      }).root;
    schemeForm.replaceChildren(
      h(
        "fieldset",
        {},
        h("legend", {}, "Firms and learners"),
        num(["initial", "low"], "q_l (low firm's starting quality)", 0, 1, 0.01, 0.5),
        num(["initial", "high"], "q_h (high firm's starting quality)", 0, 1, 0.01, 0.7),
        num(["maxQuality"], "q* (quality of a model trained on all data)", 0.05, 1, 0.01, 1),
        num(["learner", "rate"], "learning rate of the analytic learner", 0.005, 0.5, 0.005, 0.05),
        num(["rounds"], "rounds T", 10, 1000, 10, 200),
      ),
    );
  }

  function marketScenario(): Raw {
    const qualities = qualitiesText
      .split(/[,\s]+/)
      .filter((s) => s !== "")
      .map((s) => parseNumber(s));
    return { model: "market", qualities, consumers: { thetaMax } };
  }

  async function marketChanged(): Promise<void> {
    const r = validateWith(marketScenarioSchema, marketScenario());
    const issues = r.ok
      ? []
      : r.issues.map((i) => ({ ...i, path: i.path.replace(/^qualities\[\d+\]$/, "qualities") }));
    const orphans = showIssues(marketForm, issues);
    if (orphans.length > 0) say(orphans.map((i) => `${i.path}: ${i.message}`));
    if (!r.ok) return;
    syncUrl();
    const res = await compute("market", { kind: "market", scenario: r.value });
    if (!alive || (!res.ok && res.error === SUPERSEDED)) return;
    if (!res.ok) return say([`The market solver stopped: ${res.error}`]);
    const m = res.value as MarketView;
    marketOut.replaceChildren(
      h(
        "table",
        { class: "market" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["firm", "quality", "price", "demand", "revenue"].map((t) => h("th", { scope: "col" }, t)),
          ),
        ),
        h(
          "tbody",
          {},
          ...m.qualities.map((q, i) =>
            h(
              "tr",
              { "data-firm": i },
              h("th", { scope: "row" }, String(i + 1)),
              numCell(q),
              numCell(m.prices[i]),
              numCell(m.demands[i]),
              numCell(m.revenues[i]),
            ),
          ),
        ),
      ),
      h(
        "p",
        {},
        `${m.consumers}; ${m.isEquilibrium ? "certified equilibrium" : "NOT certified"}: best unilateral price deviation gains ${fmt(m.maxDeviationGain)} (${m.status}).`,
      ),
    );
  }

  function syncUrl(): void {
    const r = validateWith(collaborationScenarioSchema, scenario);
    ctx.setUrl({
      ...(r.ok ? { scenario: r.value } : {}),
      params: { q: qualitiesText, tmax: String(thetaMax), ...(round >= 0 ? { round: String(round) } : {}) },
    });
  }

  async function schemeChanged(): Promise<void> {
    const r = validateWith(collaborationScenarioSchema, scenario);
    const orphans = showIssues(schemeForm, r.ok ? [] : r.issues);
    if (!r.ok) {
      say([
        "The runs shown are for the last valid scenario.",
        ...orphans.map((i) => `${i.path}: ${i.message}`),
      ]);
      root.classList.add("stale");
      return;
    }
    if (Object.keys(r.value.initial).length !== 2)
      return say([
        'the explorer animates two-firm schemes (firms "low" and "high"); run three or more firms with `npx ftg solve`',
      ]);
    root.classList.remove("stale");
    messages.replaceChildren();
    syncUrl();
    root.setAttribute("aria-busy", "true");
    const res = await compute("collaboration", { kind: "collaboration", scenario: r.value });
    if (!alive || (!res.ok && res.error === SUPERSEDED)) return;
    root.removeAttribute("aria-busy");
    if (!res.ok) return say([`The scheme runner stopped: ${res.error}`]);
    run = res.value as CollaborationView;
    const T = run.schemes[0]!.rounds.length - 1;
    roundSlider.max = String(T);
    if (round < 0 || round > T) round = T;
    roundSlider.value = String(round);
    await showRound();
    root.dataset["solves"] = String(Number(root.dataset["solves"] ?? "0") + 1);
  }

  let drawing = false;
  async function showRound(): Promise<void> {
    if (run === null || drawing) return;
    drawing = true;
    const t = round;
    roundLabel.textContent = `${t} / ${run.schemes[0]!.rounds.length - 1}`;
    roundLabel.dataset["round"] = String(t);
    schemeTable.replaceChildren(
      h(
        "p",
        {},
        `Nash bargaining target: q_l* = ${fmt(run.target.ql)}, q_h* = ${fmt(run.target.qh)}, ρ* = ${fmt(run.target.rho)}, N* = ${fmt(run.target.nash)}`,
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
          ...run.schemes.map((s) => {
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
    );
    const upto = run.schemes.flatMap((s) =>
      s.rounds.slice(0, t + 1).flatMap((r, k) => [
        { round: k, scheme: s.scheme, firm: "low firm", revenue: r.revenueLow },
        { round: k, scheme: s.scheme, firm: "high firm", revenue: r.revenueHigh },
      ]),
    );
    const T = run.schemes[0]!.rounds.length - 1;
    const nash = run.schemes.flatMap((s) =>
      s.rounds.slice(0, t + 1).map((r, k) => ({ round: k, scheme: s.scheme, nash: r.nash })),
    );
    await revenueFig.show(
      lineChartSpec({
        title: "Revenues over rounds",
        data: upto,
        x: { field: "round", title: "round", domain: [0, T] },
        y: { field: "revenue", title: "equilibrium revenue" },
        series: "firm",
        facet: "scheme",
        facetColumns: 2,
        width: 220,
        height: 130,
      }),
    );
    await nashFig.show(
      lineChartSpec({
        title: "Nash product of revenue gains over rounds",
        data: nash,
        x: { field: "round", title: "round", domain: [0, T] },
        y: { field: "nash", title: "Nash product" },
        series: "scheme",
        hrules: [{ y: run.target.nash, label: "N* (target)" }],
        width: 460,
        height: 200,
      }),
    );
    drawing = false;
    if (round !== t) void showRound();
  }

  roundSlider.addEventListener("input", () => {
    round = Number(roundSlider.value);
    syncUrl();
    void showRound();
  });
  play.addEventListener("click", () => {
    if (timer !== null) return stop();
    if (run === null) return;
    const T = run.schemes[0]!.rounds.length - 1;
    if (round >= T) round = 0;
    play.textContent = "Pause";
    play.setAttribute("aria-pressed", "true");
    const stride = Math.max(1, Math.round(T / 80));
    timer = setInterval(() => {
      if (drawing) return;
      round = Math.min(T, round + stride);
      roundSlider.value = String(round);
      void showRound();
      if (round >= T) stop();
    }, 50);
  });
  function stop(): void {
    if (timer !== null) clearInterval(timer);
    timer = null;
    play.textContent = "Play";
    play.setAttribute("aria-pressed", "false");
    syncUrl();
  }

  buildForms();
  if (ctx.state.scenarioError !== undefined) say([ctx.state.scenarioError]);
  void marketChanged();
  void schemeChanged();
  return () => {
    alive = false;
    stop();
  };
}
