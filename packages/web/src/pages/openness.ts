/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The openness-regulation page: the region map over (θ, p) with the indifference curve p*(θ)
 * (the core's heat-map specification), hover for the outcome at a point, sliders for α0, ε, λ, κ
 * and the δ mode, and the scenario's own (θ, p) solved exactly beside the unregulated equilibrium.
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193)
 */
import { OPENNESS_BARGAINING_SOLUTIONS, opennessScenarioSchema, validateWith } from "@ftg/core";
import { type OpennessView, opennessView } from "../compute.js";
import { download, field, fmt, h, parseNumber, scenarioToolbar, showIssues } from "../dom.js";
import { Figure } from "../figure.js";
import type { Response } from "../protocol.js";
import { parseScenarioText, scenarioToText } from "../scenarioFile.js";
import { ResultStatus } from "../status.js";
import { compute, computeHere, LatestOnly, SUPERSEDED } from "../workerClient.js";
import type { PageContext } from "./context.js";
import { mapSpec, pointTable } from "./opennessMap.js";
import { opennessModelPanel } from "./opennessModel.js";

type Raw = Record<string, unknown>;

/** The default scenario: our specification's defaults, a binding threshold and a moderate penalty. */
export const DEFAULT_OPENNESS_SCENARIO = Object.freeze({
  model: "openness",
  alpha0: 0.5,
  delta: 0.5,
  regulation: { threshold: 0.6, penalty: 0.05, form: "fixed" },
  params: { cD: 1, lambda: 0.5, epsilon: 0.2, kappa: 0.2 },
});

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export function mountOpenness(root: HTMLElement, ctx: PageContext): () => void {
  let scenario: Raw = clone((ctx.state.scenario ?? DEFAULT_OPENNESS_SCENARIO) as Raw);
  let resolution = Number(ctx.state.params["n"] ?? "41");
  if (!(resolution >= 5 && resolution <= 121)) resolution = 41;
  let pMax = Number(ctx.state.params["pmax"] ?? "0.3");
  if (!(pMax > 0 && Number.isFinite(pMax))) pMax = 0.3;
  let alive = true;
  let view: OpennessView | null = null;
  const messages = h("div", { class: "messages", role: "alert" });
  const form = h("div", { class: "form" });
  const figure = new Figure(
    "openness-regions",
    "Regulatory regions over threshold θ and penalty p, with the indifference curve",
    "the map of regulatory regions",
  );
  const hover = h(
    "p",
    { class: "hover", "aria-live": "polite", "data-hover": "" },
    "Point at the map (or focus it and use the arrow keys) to see the outcome in a cell; click (or Enter) to make that cell the scenario's rule.",
  );
  const pointPanel = h("section", { class: "panel" });
  const timing = h("p", { class: "timing" });
  const outputs = h(
    "div",
    { class: "outputs" },
    figure.root,
    hover,
    pointPanel,
    h("details", { class: "diagnostics" }, h("summary", {}, "Timing"), timing),
  );
  const status = new ResultStatus(root, [outputs]);
  const requests = new LatestOnly();
  const model = opennessModelPanel((sc) => {
    scenario = clone(sc as Raw);
    buildForm();
    changed();
  });
  // the map by keyboard: a focusable figure with a cell cursor
  figure.plot.tabIndex = 0;
  figure.plot.setAttribute("aria-roledescription", "map");
  let cursor: [number, number] | null = null;
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
    const parsed = await parseScenarioText(await file.text(), file.name);
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
    model.root,
    scenarioToolbar({
      fileInput,
      exportAs: exportAs,
      copyLink: () => void ctx.copyLink(),
      what: "openness scenario",
    }),
    messages,
    status.root,
    h("div", { class: "layout" }, h("div", { class: "inputs" }, form), outputs),
  );

  const describeCell = (d: Record<string, unknown>): void => {
    hover.textContent = `θ = ${fmt(d["theta"] as number)}, p = ${fmt(d["p"] as number)}: ${d["region"]} — G ${d["decision"]}s, ω = ${fmt(d["omega"] as number | null)}, U_G = ${fmt(d["uG"] as number | null)}, U_D = ${fmt(d["uD"] as number | null)}${d["delta"] === null ? "" : `, δ = ${fmt(d["delta"] as number)}`}`;
    hover.dataset["hover"] = JSON.stringify(d);
  };
  figure.onHover = (d) => {
    if (d === null || typeof d["region"] !== "string") return;
    describeCell(d);
  };
  /** Makes a cell's (θ, p) the scenario's rule. */
  const setRule = (theta: number, p: number): void => {
    set(["regulation", "threshold"], theta);
    set(["regulation", "penalty"], Number(p.toPrecision(6)));
    buildForm();
    changed();
  };
  figure.onClick = (d) => {
    if (
      d !== null &&
      typeof d["theta"] === "number" &&
      typeof d["p"] === "number" &&
      typeof d["region"] === "string"
    )
      setRule(d["theta"], d["p"]);
  };
  const cellAt = (i: number, j: number): Record<string, unknown> | null => {
    if (view === null) return null;
    const P = view.penalties.length;
    const k = i * P + j;
    const nul = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? null : x);
    return {
      theta: view.thetas[i],
      p: view.penalties[j],
      region: view.region[k],
      decision: view.decision[k],
      omega: nul(view.omega[k]),
      uG: nul(view.uG[k]),
      uD: nul(view.uD[k]),
      delta: nul(view.delta[k]),
    };
  };
  figure.plot.addEventListener("keydown", (e) => {
    if (view === null) return;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, 1],
      ArrowDown: [0, -1],
    };
    if (e.key === "Enter" || e.key === " ") {
      if (cursor === null) return;
      e.preventDefault();
      setRule(view.thetas[cursor[0]]!, view.penalties[cursor[1]]!);
      return;
    }
    const m = moves[e.key];
    if (m === undefined) return;
    e.preventDefault();
    const I = view.thetas.length - 1;
    const J = view.penalties.length - 1;
    const near = (xs: number[], x: number) =>
      xs.reduce((b, v, k) => (Math.abs(v - x) < Math.abs(xs[b]! - x) ? k : b), 0);
    const c = cursor ?? [near(view.thetas, view.point.theta), near(view.penalties, view.point.penalty)];
    cursor = [Math.max(0, Math.min(I, c[0] + m[0])), Math.max(0, Math.min(J, c[1] + m[1]))];
    describeCell(cellAt(cursor[0], cursor[1])!);
  });

  function say(lines: string[]): void {
    messages.replaceChildren(...lines.map((l) => h("p", { class: "error" }, l)));
  }
  const grid = (): string => `${resolution}×${resolution}`;

  async function exportAs(format: "json" | "yaml"): Promise<void> {
    const r = validateWith(opennessScenarioSchema, scenario);
    if (!r.ok) {
      say(["Export: fix the marked fields first (only a valid scenario is exported)."]);
      return;
    }
    const rule = r.value.regulation;
    download(
      `openness.${format}`,
      await scenarioToText(r.value, format, [
        `Openness regulation scenario: the model's parameters and the rule θ = ${rule?.threshold ?? 0}, p = ${rule?.penalty ?? 0}.`,
        `Solve it with: npx ftg solve openness.${format}  (or open it with "Import scenario…" in the explorer).`,
        `The explorer's map (not part of the scenario): ${resolution}×${resolution} cells, penalties up to ${pMax}.`,
      ]),
    );
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
            if (!(x > 0 && Number.isFinite(x))) {
              say([`largest penalty shown: expected a number > 0 (found ${JSON.stringify(t)})`]);
              status.stale(
                "The map is for the last valid inputs: the largest penalty shown must be a number > 0.",
              );
              return;
            }
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
      const first = valid.issues[0];
      say(orphans.map((i) => `${i.path}: ${i.message}`));
      status.stale(
        `The map and the numbers are for the last valid scenario${first === undefined ? "" : `: ${first.path} — ${first.message}`}.`,
      );
      return;
    }
    messages.replaceChildren();
    ctx.setUrl({ scenario: valid.value, params: { n: String(resolution), pmax: String(pMax) } });
    void solve();
  }

  /** Cells per axis of the first, coarse fixed-δ map. */
  const COARSE_CELLS = 11;
  /**
   * Cells per axis of the coarse bargained maps, before the full resolution (every cell bargains
   * over δ: a 6×6 map, θ in steps of 0.2, is about a fiftieth of the work of a 41×41 one).
   */
  const BARGAINED_LEVELS = [6, 21];
  /** A coarse fixed-δ map computed inline must take at most this long (ms), or it moves to the worker. */
  const COARSE_INLINE_MS = 50;
  let inlineCoarse = true;
  let solveVersion = 0;
  let shownVersion = 0;
  async function solve(): Promise<void> {
    if (!valid.ok) return;
    const t0 = performance.now();
    const sc = valid.value;
    const bargained = typeof sc.delta === "object";
    const mine = ++solveVersion;
    delete root.dataset["coarseMs"];
    delete root.dataset["coarseCells"];
    /** Draws a coarser map while the full map of the same inputs has not arrived. */
    const showCoarse = async (c: Response<"openness" | "openness-progressive"> | null) => {
      if (c === null || !c.ok || !alive || mine !== solveVersion || shownVersion === mine) return;
      const v = c.value;
      view = v;
      await draw(v);
      renderPoint(v);
      if (shownVersion !== mine && mine === solveVersion)
        status.busy(
          `A coarse ${v.thetas.length}×${v.penalties.length} map is shown; refining it to ${grid()}…`,
        );
      root.dataset["coarseMs"] ??= String(performance.now() - t0);
      root.dataset["coarseCells"] ??= String(v.thetas.length);
    };
    // fixed δ: a coarse map inline when it is cheap, then the full one from the worker
    if (!bargained && inlineCoarse && root.dataset["solves"] !== undefined) {
      const tc = performance.now();
      try {
        const v = opennessView(sc, { thetas: COARSE_CELLS, penalties: COARSE_CELLS, pMax });
        if (performance.now() - tc > COARSE_INLINE_MS) inlineCoarse = false;
        void showCoarse({ id: 0, ok: true, value: v, ms: performance.now() - tc });
      } catch {
        inlineCoarse = false;
      }
    }
    // δ bargained in every cell: one progressive job (the core's progressiveLandscape), each
    // coarser map drawn as it arrives
    const sizes = [...BARGAINED_LEVELS.filter((n) => n < resolution), resolution];
    const job = bargained
      ? ({ kind: "openness-progressive", scenario: sc, pMax, sizes } as const)
      : ({
          kind: "openness",
          scenario: sc,
          grid: { thetas: resolution, penalties: resolution, pMax },
        } as const);
    // the page's first fixed-δ map is computed here (tens of ms), not after the worker has loaded
    const here = !bargained && root.dataset["solves"] === undefined;
    const answer = requests.run<Response<"openness" | "openness-progressive">>(() =>
      job.kind === "openness"
        ? here
          ? computeHere(job)
          : compute("openness", job)
        : compute("openness", job, (partial) => void showCoarse(partial)),
    );
    status.busy(
      bargained
        ? `Computing the ${grid()} map with a bargain over δ in every cell (a few seconds)…`
        : `Computing the ${grid()} map…`,
    );
    const r = await answer;
    if (r !== null) shownVersion = mine;
    if (r === null || !alive || (!r.ok && r.error === SUPERSEDED)) return;
    if (!r.ok) {
      status.error(`The solver stopped: ${r.error}. The map and numbers shown are for the previous inputs.`);
      return;
    }
    view = r.value;
    cursor = null;
    await draw(view);
    renderPoint(view);
    model.update(view);
    const p = view.point;
    status.ok(
      `At θ = ${fmt(p.theta)}, p = ${fmt(p.penalty)}: ${p.region}; G ${p.decision}s${p.omega === null ? "" : ` with openness ω = ${fmt(p.omega)}`}, U_G = ${fmt(p.uG)}, U_D = ${fmt(p.uD)}.`,
    );
    figure.describe(
      `${view.mode === "fixed" ? "Fixed δ" : "Bargained δ"}; the scenario's rule θ = ${fmt(p.theta)}, p = ${fmt(p.penalty)} is in the ${p.region} region. Focus the map and use the arrow keys to read cells.`,
    );
    timing.textContent = `${view.thetas.length}×${view.penalties.length} cells solved in ${r.ms.toFixed(0)} ms, drawn in ${figure.lastRenderMs.toFixed(0)} ms; total ${(performance.now() - t0).toFixed(0)} ms`;
    root.dataset["fullMs"] = String(performance.now() - t0);
    // the first map was solved here: start the worker now (a 2×2 map), so a bargained map's first
    // coarse picture does not wait for the worker to load
    if (here)
      void compute("openness", { kind: "openness", scenario: sc, grid: { thetas: 2, penalties: 2, pMax } });
    root.dataset["solves"] = String(Number(root.dataset["solves"] ?? "0") + 1);
  }

  async function draw(v: OpennessView): Promise<void> {
    await figure.show(mapSpec(v, pMax));
  }

  function renderPoint(v: OpennessView): void {
    pointPanel.replaceChildren(...pointTable(v));
  }

  buildForm();
  if (ctx.state.scenarioError !== undefined) say([ctx.state.scenarioError]);
  changed();
  return () => {
    alive = false;
  };
}
