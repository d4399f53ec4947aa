/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The fine-tuning game page: costs by sliders, fields or expressions; any number of specialists
 * in an editable table; the utilities against δ with the Pareto set shaded and every bargaining
 * solution marked (the core's figure); the equilibrium at a δ the user drags; the solutions compared.
 * The form is ./form.ts, where jobs run ./requests.ts, what is drawn ./render.ts.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Sections 2–4
 */
import { DEFAULT_SCENARIO } from "@ftg/core";
import type { EquilibriumView, FineTuningView } from "../../compute.js";
import { download, field, fmt, h, scenarioToolbar, showIssues } from "../../dom.js";
import { Figure } from "../../figure.js";
import { isParserNotLoaded, loadMathjs, withParser } from "../../lazy/mathjs.js";
import { parseScenarioText, scenarioToText, validateFineTuning } from "../../scenarioFile.js";
import { ResultStatus } from "../../status.js";
import { SUPERSEDED } from "../../workerClient.js";
import type { PageContext } from "../context.js";
import { clone, FineTuningForm, freshName, type Raw, type Spec } from "./form.js";
import { fineTuningModelPanel } from "./model.js";
import {
  FineTuningFigure,
  highlighted,
  markSelection,
  paretoText,
  type RenderState,
  renderEquilibrium,
  renderSolutions,
} from "./render.js";
import { FineTuningRequests } from "./requests.js";

/** Mounts the page; returns its teardown. */
export function mountFineTuning(root: HTMLElement, ctx: PageContext): () => void {
  let scenario: Raw = clone((ctx.state.scenario ?? DEFAULT_SCENARIO) as Raw);
  let delta = Number(ctx.state.params["delta"] ?? "0.5");
  if (!(delta >= 0 && delta <= 1)) delta = 0.5;
  let selected: string | null = ctx.state.params["sel"] ?? null;
  /** The specialist drawn as its own line when there are too many for a line each. */
  let highlight: string | null = ctx.state.params["hl"] ?? null;
  let view: FineTuningView | null = null;
  /** The equilibrium at δ on screen, and the scenario version of the figure on screen. */
  let at: EquilibriumView | null = null;
  let atVersion = 0;
  let viewVersion = 0;
  /** The scenario's version: counts valid edits, so an answer names the scenario it is for. */
  let version = 0;
  let showAll = false;
  let alive = true;
  const requests = new FineTuningRequests();
  const specs = (): Spec[] =>
    Array.isArray(scenario["specialists"]) ? (scenario["specialists"] as Spec[]) : [];

  const messages = h("div", { class: "messages", role: "alert" });
  const deltaField = field({
    label: "Revenue share δ (G's share)",
    path: "delta",
    value: String(delta),
    slider: { min: 0, max: 1, step: 0.001 },
    hint: "drag here or on the figure to see the equilibrium at δ",
    onInput: (t) => {
      const d = Number(t);
      if (t.trim() === "" || !(d >= 0 && d <= 1)) {
        deltaField.setError(`δ: expected a number in [0, 1] (found ${JSON.stringify(t)})`);
        status.stale(`The equilibrium shown is for δ = ${fmt(delta)}: δ must be a number in [0, 1].`);
        return;
      }
      deltaField.setError(null);
      setDelta(d, null);
    },
  });
  const solutionButtons = h("div", {
    class: "solution-buttons",
    role: "group",
    "aria-label": "bargaining solutions",
  });
  const bargain = h("fieldset", {}, h("legend", {}, "Bargain"), deltaField.root, solutionButtons);
  const eqPanel = h("section", { class: "panel", "aria-labelledby": "ft-eq-h" });
  const solTable = h("section", { class: "panel", "aria-labelledby": "ft-sol-h" });
  const figure = new Figure(
    "fine-tuning-utilities",
    "Equilibrium utilities against δ, Pareto set shaded, solutions marked",
    "the utility curves",
  );
  const drawing = new FineTuningFigure(figure);
  const fileInput = h("input", {
    type: "file",
    accept: ".json,.yaml,.yml",
    "aria-label": "Import a scenario file",
    id: "ft-import",
  });
  const appendInput = h("input", {
    type: "file",
    accept: ".json,.yaml,.yml",
    "aria-label": "Import specialists",
    id: "ft-import-specialists",
  });
  const timing = h("p", { class: "timing" });
  const diagnostics = h("details", { class: "diagnostics" }, h("summary", {}, "Timing"), timing);
  const highlightSelect = h("select", { id: "ft-highlight" });
  const highlightBox = h(
    "div",
    { class: "highlight-box", hidden: true },
    h("label", { for: "ft-highlight" }, "Specialist drawn as a line "),
    highlightSelect,
  );
  let highlightOptions = "";
  highlightSelect.addEventListener("change", () => {
    highlight = highlightSelect.value;
    writeUrl();
    void draw(false);
  });
  const outputs = h("div", { class: "outputs" }, highlightBox, figure.root, eqPanel, solTable, diagnostics);
  const status = new ResultStatus(root, [outputs]);
  const form = new FineTuningForm({ scenario: () => scenario, changed, appendInput, bargain });
  const model = fineTuningModelPanel({
    apply(preset) {
      scenario = clone(preset.scenario as Raw);
      selected = preset.selected ?? null;
      setDeltaText(preset.delta ?? 0.5);
      form.build();
      markSelection(root, selected);
      changed();
    },
  });

  root.replaceChildren(
    h("h2", {}, "Fine-tuning game"),
    h(
      "p",
      { class: "lede" },
      "A generalist G builds a model to performance α0; specialists fine-tune it to α ≥ α0 and pay G a share δ of their revenue. ",
      "Change the costs and watch the equilibrium, the Pareto set of bargains and the bargaining solutions move.",
    ),
    model.root,
    scenarioToolbar({
      fileInput,
      exportAs: exportScenario,
      copyLink: () => void ctx.copyLink(),
      what: "fine-tuning scenario",
    }),
    messages,
    status.root,
    h("div", { class: "layout" }, h("div", { class: "inputs" }, form.root), outputs),
  );

  fileInput.addEventListener("change", () => void importFile(fileInput, "replace"));
  appendInput.addEventListener("change", () => void importFile(appendInput, "append"));

  // drag δ on the figure (a click sets it; keyboard users have the δ slider)
  let dragging = false;
  const fromPointer = (e: PointerEvent): void => {
    const d = figure.xOf(e.clientX);
    if (d === null) return;
    const r = Math.round(d * 1000) / 1000;
    setDeltaText(r);
    setDelta(r, null);
  };
  figure.plot.addEventListener("pointerdown", (e) => {
    dragging = true;
    figure.plot.setPointerCapture(e.pointerId);
    fromPointer(e);
  });
  figure.plot.addEventListener("pointermove", (e) => {
    if (dragging) fromPointer(e);
  });
  const endDrag = () => {
    dragging = false;
  };
  figure.plot.addEventListener("pointerup", endDrag);
  figure.plot.addEventListener("pointercancel", endDrag);
  // a click on a solution's mark selects it (after the pointerdown above moved δ to the pointer)
  figure.onClick = (d) => {
    const id = d?.["solution"];
    if (typeof id === "string" && id !== "selected δ") select(id);
  };

  async function importFile(input: HTMLInputElement, how: "replace" | "append"): Promise<void> {
    const file = input.files?.[0];
    input.value = "";
    if (file === undefined) return;
    const parsed = await parseScenarioText(await file.text(), file.name);
    if (!parsed.ok) return say(parsed.issues.map((i) => `${file.name}: ${i.path}: ${i.message}`));
    if (parsed.model !== "fine-tuning") {
      if (how === "replace") return ctx.openScenario(parsed.model, parsed.value);
      return say([`${file.name}: expected a fine-tuning scenario, found model "${parsed.model}"`]);
    }
    const sc = parsed.value as Raw;
    if (how === "replace") scenario = clone(sc);
    else {
      const list = specs();
      for (const s of sc["specialists"] as Spec[]) {
        const c = clone(s);
        const name = typeof c.name === "string" ? c.name : "D";
        if (list.some((o, i) => (typeof o.name === "string" ? o.name : `D${i + 1}`) === name))
          c.name = freshName(list, name);
        list.push(c);
      }
    }
    form.build();
    changed();
  }

  async function exportScenario(format: "json" | "yaml"): Promise<void> {
    const r = await withParser(() => validateFineTuning(scenario));
    if (!r.ok) {
      say(["Export: fix the marked fields first (only a valid scenario is exported)."]);
      return;
    }
    const n = r.value.specialists.length;
    const header = [
      `Fine-tuning game scenario: the generalist's cost and ${n} specialist${n === 1 ? "" : "s"} (costs, revenues, disagreement payoffs).`,
      `Solve it with: npx ftg solve fine-tuning.${format}  (or open it with "Import scenario…" in the explorer).`,
      `The explorer's view when exported (not part of the scenario): δ = ${delta}${selected === null ? "" : `, solution ${selected}`}.`,
    ];
    download(
      `fine-tuning.${format}`,
      await scenarioToText({ model: "fine-tuning", ...r.value }, format, header),
    );
  }

  function say(lines: string[]): void {
    messages.replaceChildren(...lines.map((l) => h("p", { class: "error" }, l)));
  }

  function urlParams(): Record<string, string> {
    return {
      delta: String(delta),
      ...(selected === null ? {} : { sel: selected }),
      ...(highlight === null ? {} : { hl: highlight }),
    };
  }
  let valid: ReturnType<typeof validateFineTuning> = { ok: false, issues: [] };
  function writeUrl(): void {
    if (valid.ok) ctx.setUrl({ scenario: valid.value, params: urlParams() });
  }

  /** After every edit of the scenario: validate, then solve (or say why the results are old). */
  function changed(): void {
    try {
      valid = validateFineTuning(scenario);
    } catch (e) {
      if (!isParserNotLoaded(e)) throw e;
      // an expression: the parser loads once, on the first one (it is not part of the first page)
      status.busy("Loading the expression parser…");
      void loadMathjs().then(() => alive && changed());
      return;
    }
    const orphans = showIssues(form.root, valid.ok ? [] : valid.issues);
    if (!valid.ok) {
      const first = valid.issues[0];
      say(orphans.map((i) => `${i.path}: ${i.message}`));
      status.stale(
        `The results are for the last valid scenario${first === undefined ? "" : `: ${first.path} — ${first.message}`}.`,
      );
      return;
    }
    messages.replaceChildren();
    version++;
    writeUrl();
    void requestView();
  }

  function busy(): void {
    if (!requests.pending) return;
    status.busy(
      requests.solving
        ? view === null
          ? "Solving the game…"
          : "Solving the game for the new inputs…"
        : `Computing the equilibrium at δ = ${fmt(delta)}…`,
    );
  }

  async function requestView(): Promise<void> {
    if (!valid.ok) return;
    const t0 = performance.now();
    const answer = requests.view(valid.value, delta, version);
    busy();
    const r = await answer;
    if (r === null || !alive) return; // overtaken by a newer request
    const waited = performance.now() - t0;
    if (!r.ok) {
      if (r.error !== SUPERSEDED)
        status.error(`The solver stopped: ${r.error}. The results shown are for the previous inputs.`);
      return;
    }
    view = r.value;
    viewVersion = r.version;
    if (selected !== null) {
      const s = view.solutions.find((x) => x.id === selected);
      if (s?.delta !== null && s?.delta !== undefined) setDeltaText(s.delta);
      else selected = null;
      if (s?.delta !== null && s?.delta !== undefined) delta = s.delta;
    }
    if (view.at.delta === delta) {
      at = view.at;
      atVersion = r.version;
    }
    await draw(true);
    if (at === null || at.delta !== delta || atVersion < viewVersion) requestAt();
    done(r.ms, t0, { kind: "solve", worker: r.ms, solve: view.solveMs, waited }, "solves");
    if (!warmed && valid.ok) {
      warmed = true;
      const sc = valid.value;
      const d = delta;
      requestIdle(() => requests.warm(sc, d));
    }
  }
  let warmed = false;
  const requestIdle = (f: () => void): void => {
    if (typeof requestIdleCallback === "function") requestIdleCallback(f, { timeout: 2000 });
    else setTimeout(f, 500);
  };

  /** Moves δ (from the slider, the box, the figure or a solution) and asks for its equilibrium. */
  function setDelta(d: number, sel: string | null): void {
    delta = d;
    selected = sel;
    markSelection(root, selected);
    requestAt();
  }

  function setDeltaText(d: number): void {
    delta = d;
    deltaField.setValue(fmt(d) === String(d) ? String(d) : String(Number(d.toPrecision(6))));
    deltaField.setError(null);
  }

  function requestAt(): void {
    if (!valid.ok) return;
    writeUrl();
    const t0 = performance.now();
    const answer = requests.at(valid.value, delta, version);
    busy();
    void answer.then(async (r) => {
      if (r === null || !alive) return;
      const waited = performance.now() - t0;
      if (!r.ok) {
        if (r.error !== SUPERSEDED)
          status.error(
            `The equilibrium solver stopped: ${r.error}. The numbers shown are for the previous δ.`,
          );
        return;
      }
      if (r.version < version && requests.solving) return; // a newer scenario's solve is on its way
      at = r.value;
      atVersion = r.version;
      if (view !== null && r.version > viewVersion) {
        // the equilibrium of a scenario whose solve is still running: its numbers now, the figure later
        renderTables(false);
        busy();
        return;
      }
      await draw(false);
      done(r.ms, t0, { kind: "delta", worker: r.ms, waited }, "deltaUpdates");
    });
  }

  function select(id: string): void {
    const s = view?.solutions.find((x) => x.id === id);
    if (s === undefined || s.delta === null) return;
    setDeltaText(s.delta);
    setDelta(s.delta, id);
  }

  /** Milliseconds the last render spent on tables (the benchmark reports it). */
  let tables = 0;
  function state(): RenderState {
    return {
      view: view!,
      markAt: atVersion === viewVersion ? at : view!.at,
      at,
      selected,
      highlight,
      showAll,
    };
  }
  function renderTables(solutions: boolean): void {
    if (view === null) return;
    const t0 = performance.now();
    if (solutions) renderSolutions(view, selected, select, solutionButtons, solTable);
    else markSelection(root, selected);
    renderEquilibrium(state(), form.root, eqPanel, () => {
      showAll = !showAll;
      renderTables(false);
    });
    tables = performance.now() - t0;
  }

  async function draw(solutions: boolean): Promise<void> {
    if (view === null) return;
    renderTables(solutions);
    if (view.samples !== null) {
      const hl = highlighted(view, highlight);
      const names = view.players.slice(1).join("\n");
      if (names !== highlightOptions) {
        highlightOptions = names;
        highlightSelect.replaceChildren(...view.players.slice(1).map((n) => h("option", { value: n }, n)));
      }
      if (hl !== null) highlightSelect.value = hl;
      highlightBox.hidden = false;
    } else highlightBox.hidden = true;
    await drawing.draw(state(), Math.max(240, Math.min(460, outputs.clientWidth - 200)));
  }

  function done(
    ms: number,
    t0: number,
    timingData: Record<string, unknown>,
    counter: "solves" | "deltaUpdates",
  ): void {
    if (!alive) return;
    const total = performance.now() - t0;
    if (requests.pending) busy();
    else if (valid.ok && view !== null && at !== null) {
      const nash = view.solutions.find((s) => s.id === "nash");
      status.ok(
        `At δ = ${fmt(at.delta)}${selected === null ? "" : ` (${selected})`}: ${at.agreement ? `α0 = ${fmt(at.alpha0)}, U_G = ${fmt(at.utilities["G"])}` : "G stays out"}. Pareto set ${paretoText(view)}${nash?.delta == null ? "" : `; Nash bargain at δ = ${fmt(nash.delta)}`}.`,
      );
    }
    timing.textContent = `computed in ${ms.toFixed(1)} ms, drawn in ${figure.lastRenderMs.toFixed(1)} ms; total ${total.toFixed(1)} ms`;
    root.dataset["lastMs"] = JSON.stringify({ ...timingData, tables, draw: figure.lastRenderMs, total });
    root.dataset[counter] = String(Number(root.dataset[counter] ?? "0") + 1);
    model.update(valid.ok ? valid.value : null, at);
  }

  form.build();
  if (ctx.state.scenarioError !== undefined) say([ctx.state.scenarioError]);
  changed();
  return () => {
    alive = false;
  };
}
