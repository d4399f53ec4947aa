/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The collaboration page: the Bertrand–Nash market for given qualities, and every collaboration
 * scheme run from the analytic learner, animated round by round (revenues and the Nash product
 * of revenue gains; the core's line-chart specification).
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md) Sections 2–4, Algorithm 1
 */
import { collaborationScenarioSchema, type FirmId, marketScenarioSchema, validateWith } from "@ftg/core";
import type { CollaborationView, MarketView } from "../compute.js";
import {
  download,
  field,
  fmt,
  fmtCertificate,
  h,
  numCell,
  parseNumber,
  scenarioToolbar,
  scrollBox,
  showIssues,
} from "../dom.js";
import { Figure } from "../figure.js";
import { parseScenarioText, scenarioToText } from "../scenarioFile.js";
import { ResultStatus } from "../status.js";
import { compute, computeHere, LatestOnly, SUPERSEDED } from "../workerClient.js";
import { nashChart, revenueChart, schemeTableNodes } from "./collaborationCharts.js";
import { type CollaborationPresetState, collaborationModelPanel } from "./collaborationModel.js";
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

/** The page's first runs are computed on the page up to this many rounds (longer ones in the worker). */
const FIRST_RUN_HERE_ROUNDS = 500;

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export function mountCollaboration(root: HTMLElement, ctx: PageContext): () => void {
  let scenario: Raw = clone((ctx.state.scenario ?? DEFAULT_COLLABORATION_SCENARIO) as Raw);
  let qualitiesText = ctx.state.params["q"] ?? "0.9, 0.6, 0.3";
  let thetaMax: unknown = Number(ctx.state.params["tmax"] ?? "1");
  let round = Number(ctx.state.params["round"] ?? "-1");
  if (!Number.isInteger(round)) round = -1;
  /** The scheme shown alone, or null for every scheme. */
  let only: string | null = ctx.state.params["scheme"] ?? null;
  /** The horizon of the run on screen (a new horizon moves the round to its end). */
  let horizon: number | null = null;
  let alive = true;
  let run: CollaborationView | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const messages = h("div", { class: "messages", role: "alert" });
  const marketForm = h("div", { class: "form" });
  const schemeForm = h("div", { class: "form" });
  const marketOut = h("section", { class: "panel" });
  const revenueFig = new Figure(
    "collaboration-revenues",
    "Revenues of both firms over rounds, one panel per scheme",
    "the revenue curves",
  );
  const nashFig = new Figure(
    "collaboration-nash",
    "Nash product of revenue gains over rounds, per scheme",
    "the Nash product curves",
  );
  const schemeSelect = h("select", { id: "co-scheme" }, h("option", { value: "" }, "every scheme"));
  for (const s of ["defection-free", "complete", "one-sided-low", "one-sided-high"])
    schemeSelect.append(h("option", { value: s }, s));
  schemeSelect.value = only ?? "";
  schemeSelect.addEventListener("change", () => {
    only = schemeSelect.value === "" ? null : schemeSelect.value;
    syncUrl();
    void showRound();
  });
  const roles = h("p", { class: "hint", "data-roles": "" });
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
  const marketOutputs = h("div", { class: "outputs" }, marketOut);
  const schemeOutputs = h(
    "div",
    { class: "outputs" },
    h("div", { class: "player" }, play, h("label", { for: "co-round" }, "round "), roundSlider, roundLabel),
    h("div", { class: "field" }, h("label", { for: "co-scheme" }, "Play "), schemeSelect),
    roles,
    schemeTable,
    revenueFig.root,
    nashFig.root,
  );
  // the market's status does not hold the page busy (it answers within a frame)
  const marketStatus = new ResultStatus(marketOut, [marketOutputs], true);
  const status = new ResultStatus(root, [schemeOutputs]);
  const markets = new LatestOnly();
  const runs = new LatestOnly();
  let lastMarket: MarketView | null = null;
  const model = collaborationModelPanel((p: CollaborationPresetState) => {
    scenario = JSON.parse(JSON.stringify(p.scenario)) as Raw;
    only = p.scheme;
    schemeSelect.value = only ?? "";
    buildForms();
    void schemeChanged();
  });
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
    model.root,
    scenarioToolbar({
      fileInput,
      exportAs: exportAs,
      copyLink: () => void ctx.copyLink(),
      what: "collaboration scenario",
    }),
    messages,
    h("h3", {}, "The market for given qualities"),
    marketStatus.root,
    h("div", { class: "layout" }, h("div", { class: "inputs" }, marketForm), marketOutputs),
    h("h3", {}, "Collaboration schemes from the analytic learner"),
    status.root,
    h("div", { class: "layout" }, h("div", { class: "inputs" }, schemeForm), schemeOutputs),
  );

  fileInput.addEventListener("change", async () => {
    const file = fileInput.files?.[0];
    fileInput.value = "";
    if (file === undefined) return;
    const parsed = await parseScenarioText(await file.text(), file.name);
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

  async function exportAs(format: "json" | "yaml"): Promise<void> {
    const r = validateWith(collaborationScenarioSchema, scenario);
    if (!r.ok) {
      say(["Export: fix the marked fields first (only a valid scenario is exported)."]);
      return;
    }
    download(
      `collaboration.${format}`,
      await scenarioToText(r.value, format, [
        `Collaboration scenario: two firms' starting qualities, the learner and ${r.value.rounds ?? 200} rounds (every scheme runs from it).`,
        `Run it with: npx ftg solve collaboration.${format}  (or open it with "Import scenario…" in the explorer).`,
        `The explorer's view (not part of the scenario): round ${round}${only === null ? "" : `, scheme ${only}`}; the market table's qualities ${qualitiesText}.`,
      ]),
    );
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
    if (!r.ok) {
      const first = issues[0];
      marketStatus.stale(
        `The table is for the last valid qualities${first === undefined ? "" : `: ${first.path} — ${first.message}`}.`,
      );
      return;
    }
    syncUrl();
    const sc = r.value;
    const job = { kind: "market", scenario: sc } as const;
    // the first market is solved here (a millisecond), not after the worker has loaded
    const answer = markets.run(() => (lastMarket === null ? computeHere(job) : compute("market", job)));
    marketStatus.busy("Solving the market…");
    const res = await answer;
    if (res === null || !alive || (!res.ok && res.error === SUPERSEDED)) return;
    if (!res.ok) {
      marketStatus.error(`The market solver stopped: ${res.error}. The table is for the previous qualities.`);
      return;
    }
    const m = res.value;
    lastMarket = m;
    model.update(m, run);
    marketStatus.ok(
      `${m.qualities.length} firms: prices ${m.prices.map((x) => fmt(x)).join(", ")}; ${m.isEquilibrium ? "a certified equilibrium" : "NOT certified"}.`,
    );
    marketOut.replaceChildren(
      scrollBox(
        "Market equilibrium table",
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
      ),
      h(
        "p",
        {},
        `${m.consumers}; ${m.isEquilibrium ? "certified equilibrium" : "NOT certified"}: best unilateral price deviation gains ${fmtCertificate(m.maxDeviationGain)}.`,
      ),
    );
  }

  function syncUrl(): void {
    const r = validateWith(collaborationScenarioSchema, scenario);
    ctx.setUrl({
      ...(r.ok ? { scenario: r.value } : {}),
      params: {
        q: qualitiesText,
        tmax: String(thetaMax),
        ...(round >= 0 ? { round: String(round) } : {}),
        ...(only === null ? {} : { scheme: only }),
      },
    });
  }

  async function schemeChanged(): Promise<void> {
    const r = validateWith(collaborationScenarioSchema, scenario);
    const orphans = showIssues(schemeForm, r.ok ? [] : r.issues);
    if (!r.ok) {
      const first = r.issues[0];
      say(orphans.map((i) => `${i.path}: ${i.message}`));
      status.stale(
        `The runs shown are for the last valid scenario${first === undefined ? "" : `: ${first.path} — ${first.message}`}.`,
      );
      return;
    }
    if (Object.keys(r.value.initial).length !== 2) {
      status.stale(
        'The runs shown are for the last two-firm scenario: the explorer animates two firms ("low" and "high"); run three or more with `npx ftg solve`.',
      );
      return;
    }
    messages.replaceChildren();
    syncUrl();
    const job = { kind: "collaboration", scenario: r.value } as const;
    // the page's first runs (tens of ms for the default two hundred rounds) are computed here
    const here = run === null && (r.value.rounds ?? 200) <= FIRST_RUN_HERE_ROUNDS;
    const answer = runs.run(() => (here ? computeHere(job) : compute("collaboration", job)));
    status.busy(`Running every scheme for ${r.value.rounds ?? 200} rounds…`);
    const res = await answer;
    if (res === null || !alive || (!res.ok && res.error === SUPERSEDED)) return;
    if (!res.ok) {
      status.error(`The scheme runner stopped: ${res.error}. The runs shown are for the previous inputs.`);
      return;
    }
    run = res.value;
    // roles follow the starting qualities (the core's rolesByQuality): the firm that starts
    // better plays the high role, whatever its name; the runs are reported by role
    const swapped = run.roles.low !== "low";
    const initial = r.value.initial as Record<FirmId, number>;
    roles.textContent = swapped
      ? `Roles follow the starting qualities: firm "${run.roles.high}", starting at ${fmt(initial[run.roles.high])}, plays the high role; firm "${run.roles.low}", at ${fmt(initial[run.roles.low])}, the low one.`
      : "";
    roles.dataset["roles"] = swapped ? "swapped" : "";
    const T = run.schemes[0]!.rounds.length - 1;
    roundSlider.max = String(T);
    // a new horizon: the round moves to its end (a position in the old run means nothing in the new)
    if (horizon !== null && horizon !== T) round = T;
    horizon = T;
    if (round < 0 || round > T) round = T;
    roundSlider.value = String(round);
    await showRound();
    model.update(lastMarket, run);
    const df = run.schemes.find((x) => x.scheme === "defection-free");
    status.ok(
      `${run.schemes.length} schemes over ${T} rounds; Nash target N* = ${fmt(run.target.nash)}${df === undefined ? "" : `; defection-free: ${df.anyLoss ? "a firm lost revenue" : "no firm ever lost revenue"}`}.`,
    );
    syncUrl();
    root.dataset["solves"] = String(Number(root.dataset["solves"] ?? "0") + 1);
  }

  let drawing = false;
  async function showRound(): Promise<void> {
    if (run === null || drawing) return;
    drawing = true;
    const t = round;
    const shown = run.schemes.filter((s) => only === null || s.scheme === only);
    roundLabel.textContent = `${t} / ${run.schemes[0]!.rounds.length - 1}`;
    roundLabel.dataset["round"] = String(t);
    schemeTable.replaceChildren(...schemeTableNodes(run, shown, t));
    await revenueFig.show(revenueChart(run, shown, t));
    await nashFig.show(nashChart(run, shown, t));
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
