/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The fine-tuning game page: costs by sliders, fields or expressions; any number of specialists
 * in an editable table; the utilities against δ with the Pareto set shaded and every bargaining
 * solution marked (the core's figure); the equilibrium at a δ the user drags; the solutions compared.
 * @see ../../../../shared/papers/fine-tuning-games.md Sections 2–4
 */
import {
  type CrowdCurvesData,
  type CurveSamples,
  crowdCurvesDataFromSamples,
  crowdCurvesSpec,
  crowdMarks,
  DEFAULT_SCENARIO,
  type FieldIssue,
  utilityCurvesSpec,
} from "@ftg/core";
import {
  type EquilibriumView,
  type FineTuningView,
  fineTuningAt,
  fineTuningView,
  GameCache,
} from "../compute.js";
import {
  download,
  type Field,
  field,
  fmt,
  h,
  numCell,
  parseNumber,
  scenarioToolbar,
  showIssues,
} from "../dom.js";
import { Figure } from "../figure.js";
import type { Job, Response } from "../protocol.js";
import { parseScenarioText, scenarioToText, validateFineTuning } from "../scenarioFile.js";
import { compute, SUPERSEDED } from "../workerClient.js";
import type { PageContext } from "./context.js";

type Raw = Record<string, unknown>;
type Spec = { name?: unknown; cost: unknown; revenue?: unknown; disagreement?: unknown };

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Specialists' rows in the equilibrium table before "Show all" (the highlighted one among them). */
const EQUILIBRIUM_ROWS = 12;

function setAt(obj: Raw, path: (string | number)[], value: unknown): void {
  let o = obj as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) {
    if (o[k] === null || typeof o[k] !== "object") o[k] = {};
    o = o[k] as Record<string | number, unknown>;
  }
  o[path[path.length - 1]!] = value;
}

/** A fresh name not used by any specialist. */
function freshName(specs: readonly Spec[], base = "D"): string {
  const used = new Set(specs.map((s, i) => (typeof s.name === "string" ? s.name : `D${i + 1}`)));
  for (let i = specs.length + 1; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

/** Mounts the page; returns its teardown. */
export function mountFineTuning(root: HTMLElement, ctx: PageContext): () => void {
  const fromUrl = ctx.state.scenario;
  let scenario: Raw = clone((fromUrl ?? DEFAULT_SCENARIO) as Raw);
  let delta = Number(ctx.state.params["delta"] ?? "0.5");
  if (!(delta >= 0 && delta <= 1)) delta = 0.5;
  let selected: string | null = ctx.state.params["sel"] ?? null;
  /** The specialist drawn as its own line when there are too many for a line each. */
  let highlight: string | null = ctx.state.params["hl"] ?? null;
  let view: FineTuningView | null = null;
  let at: EquilibriumView | null = null;
  let alive = true;
  const specs = (): Spec[] =>
    Array.isArray(scenario["specialists"]) ? (scenario["specialists"] as Spec[]) : [];

  const messages = h("div", { class: "messages", role: "status", "aria-live": "polite" });
  const form = h("div", { class: "form" });
  const deltaField = field({
    label: "Revenue share δ (G's share)",
    path: "delta",
    value: String(delta),
    slider: { min: 0, max: 1, step: 0.001 },
    hint: "drag to see the equilibrium at δ",
    onInput: (t) => {
      const d = Number(t);
      if (t.trim() === "" || !(d >= 0 && d <= 1)) {
        deltaField.setError(`expected δ in [0, 1] (found ${JSON.stringify(t)})`);
        return;
      }
      deltaField.setError(null);
      delta = d;
      selected = null;
      requestAt();
    },
  });
  const solutionButtons = h("div", {
    class: "solution-buttons",
    role: "group",
    "aria-label": "bargaining solutions",
  });
  const eqPanel = h("section", { class: "panel", "aria-labelledby": "ft-eq-h" });
  const solTable = h("section", { class: "panel", "aria-labelledby": "ft-sol-h" });
  const figure = new Figure(
    "fine-tuning-utilities",
    "Equilibrium utilities against δ, Pareto set shaded, solutions marked",
  );
  figure.onClick = (d) => {
    if (d !== null && typeof d["solution"] === "string" && d["solution"] !== "selected δ")
      select(d["solution"]);
  };
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
  const timing = h("p", { class: "timing", "aria-live": "off" });
  const highlightSelect = h("select", { id: "ft-highlight" });
  const highlightBox = h(
    "div",
    { class: "highlight-box", hidden: true },
    h("label", { for: "ft-highlight" }, "Specialist drawn as a line "),
    highlightSelect,
  );
  let highlightOptions = "";
  /** The last many-specialists figure data, for redrawing only the marks when δ moves. */
  let crowdCache: { samples: CurveSamples; highlight: string | null; data: CrowdCurvesData } | null = null;
  /** Whether the equilibrium table lists every specialist (else a dozen). */
  let showAll = false;
  highlightSelect.addEventListener("change", () => {
    highlight = highlightSelect.value;
    if (valid.ok) ctx.setUrl({ scenario: valid.value, params: urlParams() });
    void render(false);
  });

  root.replaceChildren(
    h("h2", {}, "Fine-tuning game"),
    h(
      "p",
      { class: "lede" },
      "A generalist G builds a model to performance α0; specialists fine-tune it to α ≥ α0 and pay G a share δ of their revenue. ",
      "Change the costs and watch the equilibrium, the Pareto set of bargains and the bargaining solutions move.",
    ),
    scenarioToolbar({
      fileInput,
      exportAs: exportScenario,
      copyLink: () => void ctx.copyLink(),
      extra: [h("button", { type: "button", onclick: () => resetDefault() }, "Figure 4 scenario")],
    }),
    messages,
    h(
      "div",
      { class: "layout" },
      h("div", { class: "inputs" }, form),
      h("div", { class: "outputs" }, highlightBox, figure.root, eqPanel, solTable, timing),
    ),
  );

  fileInput.addEventListener("change", () => void importFile(fileInput, "replace"));
  appendInput.addEventListener("change", () => void importFile(appendInput, "append"));

  async function importFile(input: HTMLInputElement, how: "replace" | "append"): Promise<void> {
    const file = input.files?.[0];
    input.value = "";
    if (file === undefined) return;
    const parsed = parseScenarioText(await file.text(), file.name);
    if (!parsed.ok)
      return showMessages(
        parsed.issues.map((i) => `${file.name}: ${i.path}: ${i.message}`),
        "error",
      );
    if (parsed.model !== "fine-tuning") {
      if (how === "replace") return ctx.openScenario(parsed.model, parsed.value);
      return showMessages(
        [`${file.name}: expected a fine-tuning scenario, found model "${parsed.model}"`],
        "error",
      );
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
    buildForm();
    changed();
  }

  function exportScenario(format: "json" | "yaml"): void {
    const r = validateFineTuning(scenario);
    if (!r.ok) {
      showMessages(["fix the marked fields before exporting"], "error");
      return;
    }
    download(`fine-tuning.${format}`, scenarioToText({ model: "fine-tuning", ...r.value }, format));
  }

  function resetDefault(): void {
    scenario = clone(DEFAULT_SCENARIO as Raw);
    delta = 0.5;
    deltaField.setValue("0.5");
    buildForm();
    changed();
  }

  function showMessages(lines: string[], kind: "error" | "warning"): void {
    messages.replaceChildren(...lines.map((l) => h("p", { class: kind }, l)));
  }

  // ---- the form -------------------------------------------------------------------------------

  let fields: Field[] = [];

  function costFields(path: (string | number)[], cost: unknown, variables: string): HTMLElement {
    const p = path.join(".").replace(/\.(\d+)/g, "[$1]");
    if (typeof cost === "string") {
      return field({
        label: `cost expression in ${variables}`,
        path: p,
        value: cost,
        width: "14em",
        onInput: (t) => {
          setAt(scenario, path, t);
          changed();
        },
      }).root;
    }
    const poly = ((cost as Raw | null)?.["polynomial"] ?? {}) as Raw;
    const num = (key: string, label: string, slider: { min: number; max: number; step: number }) => {
      const f = field({
        label,
        path: `${p}.polynomial.${key}`,
        value: String(poly[key] ?? ""),
        slider,
        onInput: (t) => {
          setAt(scenario, [...path, "polynomial", key], parseNumber(t));
          changed();
        },
      });
      fields.push(f);
      return f.root;
    };
    const isG = path[0] === "generalist";
    return h(
      "div",
      { class: "poly" },
      num("c", isG ? "c0 (cost scale)" : "c (cost scale)", { min: 0.05, max: 5, step: 0.01 }),
      num("k", isG ? "k0 (exponent)" : "k (exponent)", { min: 1.1, max: 4, step: 0.05 }),
      isG ? null : num("fixed", "fixed cost", { min: 0, max: 1, step: 0.01 }),
    );
  }

  function modeSelect(
    path: (string | number)[],
    cost: unknown,
    label: string,
    toExpression: () => string,
  ): HTMLElement {
    const sel = h(
      "select",
      { "aria-label": label },
      h("option", { value: "polynomial" }, "polynomial c·x^k"),
      h("option", { value: "expression" }, "expression"),
    );
    sel.value = typeof cost === "string" ? "expression" : "polynomial";
    sel.addEventListener("change", () => {
      setAt(scenario, path, sel.value === "expression" ? toExpression() : { polynomial: { c: 1, k: 2 } });
      buildForm();
      changed();
    });
    return sel;
  }

  function polyToExpr(cost: unknown, generalist: boolean): string {
    const p = ((cost as Raw | null)?.["polynomial"] ?? { c: 1, k: 2 }) as {
      c?: number;
      k?: number;
      fixed?: number;
    };
    const base = generalist ? `${p.c ?? 1}*a0^${p.k ?? 2}` : `${p.c ?? 1}*(a-a0)^${p.k ?? 2}`;
    return p.fixed ? `${base}+${p.fixed}` : base;
  }

  function buildForm(): void {
    fields = [];
    const g = (scenario["generalist"] ?? {}) as Raw;
    const gen = h(
      "fieldset",
      {},
      h("legend", {}, "Generalist G: cost φ0(α0)"),
      modeSelect(["generalist", "cost"], g["cost"], "generalist cost form", () =>
        polyToExpr(g["cost"], true),
      ),
      costFields(["generalist", "cost"], g["cost"], "a0"),
      field({
        label: "d0 (disagreement payoff)",
        path: "generalist.disagreement",
        value: String(g["disagreement"] ?? 0),
        width: "5em",
        onInput: (t) => {
          setAt(scenario, ["generalist", "disagreement"], parseNumber(t));
          changed();
        },
      }).root,
    );
    const rows = specs().map((s, i) => {
      const path = ["specialists", i];
      const p = `specialists[${i}]`;
      return h(
        "tr",
        { "data-specialist": i },
        h(
          "td",
          {},
          field({
            label: "name",
            path: `${p}.name`,
            value: typeof s.name === "string" ? s.name : "",
            width: "5em",
            onInput: (t) => {
              setAt(scenario, [...path, "name"], t === "" ? undefined : t);
              changed();
            },
          }).root,
        ),
        h(
          "td",
          {},
          modeSelect([...path, "cost"], s.cost, `cost form of specialist ${i + 1}`, () =>
            polyToExpr(s.cost, false),
          ),
          costFields([...path, "cost"], s.cost, "a and a0"),
        ),
        h(
          "td",
          {},
          field({
            label: "revenue r(a)",
            path: `${p}.revenue`,
            value: typeof s.revenue === "string" ? s.revenue : "a",
            width: "6em",
            onInput: (t) => {
              setAt(scenario, [...path, "revenue"], t);
              changed();
            },
          }).root,
          field({
            label: "d (disagreement)",
            path: `${p}.disagreement`,
            value: String(s.disagreement ?? 0),
            width: "5em",
            onInput: (t) => {
              setAt(scenario, [...path, "disagreement"], parseNumber(t));
              changed();
            },
          }).root,
        ),
        // a fixed-size box: its text changes with every δ, and must not re-lay out the whole table
        h("td", {}, h("span", { class: "regime regime-box", "data-regime-of": i }, "—")),
        h(
          "td",
          { class: "row-actions" },
          h(
            "button",
            { type: "button", "aria-label": `duplicate specialist ${i + 1}`, onclick: () => duplicate(i) },
            "Duplicate",
          ),
          h(
            "button",
            {
              type: "button",
              "aria-label": `remove specialist ${i + 1}`,
              disabled: specs().length <= 1,
              onclick: () => remove(i),
            },
            "Remove",
          ),
        ),
      );
    });
    const table = h(
      "fieldset",
      {},
      h("legend", {}, `Specialists (${rows.length})`),
      h("span", { class: "err", "data-error-for": "specialists" }),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "specialists" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ...["name", "cost φ(α; α0)", "revenue, d", "regime at δ", ""].map((t) =>
                h("th", { scope: "col" }, t),
              ),
            ),
          ),
          h("tbody", {}, ...rows),
        ),
      ),
      h(
        "div",
        { class: "toolbar" },
        h("button", { type: "button", onclick: () => add() }, "Add specialist"),
        h("label", { class: "button", for: "ft-import-specialists" }, "Import specialists…"),
        appendInput,
      ),
    );
    form.replaceChildren(
      gen,
      table,
      h("fieldset", {}, h("legend", {}, "Bargain"), deltaField.root, solutionButtons),
    );
  }

  function add(): void {
    const list = specs();
    list.push({ name: freshName(list), cost: { polynomial: { c: 2, k: 2 } }, revenue: "a", disagreement: 0 });
    buildForm();
    changed();
  }
  function duplicate(i: number): void {
    const list = specs();
    const c = clone(list[i]!);
    c.name = freshName(list, typeof c.name === "string" ? c.name.replace(/\d+$/, "") || "D" : "D");
    list.splice(i + 1, 0, c);
    buildForm();
    changed();
  }
  function remove(i: number): void {
    specs().splice(i, 1);
    buildForm();
    changed();
  }

  // ---- computing ------------------------------------------------------------------------------

  let valid: ReturnType<typeof validateFineTuning> = { ok: false, issues: [] };

  function changed(): void {
    valid = validateFineTuning(scenario);
    const orphans = showIssues(form, valid.ok ? [] : valid.issues);
    if (!valid.ok) {
      showMessages(
        [
          "The results below are for the last valid scenario.",
          ...orphans.map((i: FieldIssue) => `${i.path}: ${i.message}`),
        ],
        "error",
      );
      root.classList.add("stale");
      return;
    }
    root.classList.remove("stale");
    messages.replaceChildren();
    scen++;
    ctx.setUrl({ scenario: valid.value, params: urlParams() });
    void requestView();
  }

  function urlParams(): Record<string, string> {
    return {
      delta: String(delta),
      ...(selected === null ? {} : { sel: selected }),
      ...(highlight === null ? {} : { hl: highlight }),
    };
  }

  // Light work runs inline: a job whose last run on a game of the same structure took under
  // INLINE_BUDGET_MS is computed on the main thread (a worker round trip costs a frame's worth of
  // latency); anything heavier, and every first run, goes to the worker so the page never freezes.
  const INLINE_BUDGET_MS = 4;
  const localGames = new GameCache();
  const lastMs = new Map<string, number>();
  const structure = (): string =>
    `${typeof (scenario["generalist"] as Raw | undefined)?.["cost"] === "string" ? "e" : "p"}:${specs()
      .map((s) => (typeof s.cost === "string" || (s.revenue !== undefined && s.revenue !== "a") ? "e" : "p"))
      .join("")}`;
  async function run(job: Job & { kind: "fine-tuning" | "fine-tuning-at" }): Promise<Response> {
    const key = `${job.kind}|${structure()}`;
    if ((lastMs.get(key) ?? Number.POSITIVE_INFINITY) < INLINE_BUDGET_MS) {
      const t = performance.now();
      try {
        const game = localGames.get(job.scenario);
        const value =
          job.kind === "fine-tuning" ? fineTuningView(game, job.delta) : fineTuningAt(game, job.delta);
        const ms = performance.now() - t;
        lastMs.set(key, ms);
        return { id: 0, ok: true, value, ms };
      } catch (e) {
        return { id: 0, ok: false, error: (e as Error).message.split("\n")[0]!, ms: performance.now() - t };
      }
    }
    const r = await compute(job.kind, job);
    if (r.ok) lastMs.set(key, r.ms);
    return r;
  }

  // Answers arrive out of order (two workers, and inline runs): each is tagged with the
  // scenario it was computed for (`scen`, counted by `changed`) and with its request number, and
  // nothing older replaces something newer on screen.
  let scen = 0;
  /** Solves slower than this (ms) get the equilibrium at δ from a separate job first. */
  const EARLY_AT_MS = 150;
  let slowSolve = false;
  /** The scenario of the view on screen and of the equilibrium `at` on screen. */
  let viewScen = 0;
  let atScen = 0;
  let pendingStart = 0;
  let viewSeq = 0;
  let shownViewSeq = 0;
  let atSeq = 0;
  let shownAtSeq = 0;
  /** Milliseconds the last render spent on tables (the benchmark reports it). */
  let tables = 0;
  async function requestView(): Promise<void> {
    if (!valid.ok) return;
    const t0 = performance.now();
    pendingStart = t0;
    root.setAttribute("aria-busy", "true");
    const seq = ++viewSeq;
    const thisScen = scen;
    // The equilibrium at δ is ready long before a slow solve (a thousand specialists): the δ
    // worker answers it at once. Not for faster solves (100 specialists): the extra layout of the
    // page delays the full update by more than the early numbers gain.
    const answer = run({ kind: "fine-tuning", scenario: valid.value, delta });
    if (slowSolve) requestAt();
    const r = await answer;
    const waited = performance.now() - t0;
    // a worker answer may arrive after a newer inline one: never show an older state over a newer
    if (seq < shownViewSeq) return;
    shownViewSeq = seq;
    if (!alive) return;
    if (!r.ok) {
      if (r.error === SUPERSEDED) return; // a newer request is on its way
      root.removeAttribute("aria-busy");
      showMessages([`The solver stopped: ${r.error}`], "error");
      return;
    }
    view = r.value as FineTuningView;
    slowSolve = r.ms > EARLY_AT_MS;
    viewScen = thisScen;
    if (selected !== null) {
      const s = view.solutions.find((x) => x.id === selected);
      if (s?.delta !== null && s?.delta !== undefined) delta = s.delta;
      else selected = null;
    }
    if (view.at.delta === delta && thisScen >= atScen) {
      at = view.at;
      atScen = thisScen;
    }
    await render();
    if (at === null || at.delta !== delta || atScen < viewScen) requestAt();
    if (pendingStart === t0) root.removeAttribute("aria-busy");
    const total = performance.now() - t0;
    timing.textContent = `solved in ${r.ms.toFixed(1)} ms (worker), drawn in ${figure.lastRenderMs.toFixed(1)} ms; total ${total.toFixed(1)} ms`;
    root.dataset["lastMs"] = JSON.stringify({
      kind: "solve",
      worker: r.ms,
      solve: view.solveMs,
      tables,
      draw: figure.lastRenderMs,
      total,
      waited,
    });
    root.dataset["solves"] = String(Number(root.dataset["solves"] ?? "0") + 1);
  }

  function requestAt(): void {
    if (!valid.ok) return;
    ctx.setUrl({ scenario: valid.value, params: urlParams() });
    const d = delta;
    const t0 = performance.now();
    const seq = ++atSeq;
    const thisScen = scen;
    void run({ kind: "fine-tuning-at", scenario: valid.value, delta: d }).then(async (r) => {
      const waited = performance.now() - t0;
      if (seq < shownAtSeq || thisScen < atScen) return;
      shownAtSeq = seq;
      if (!alive || !r.ok) {
        if (alive && !r.ok && r.error !== SUPERSEDED)
          showMessages([`The solver stopped: ${r.error}`], "error");
        return;
      }
      at = r.value as EquilibriumView;
      atScen = thisScen;
      if (view !== null && thisScen > viewScen) {
        // the equilibrium of a scenario whose solve is still running: its numbers now, the
        // figure when the solve arrives
        renderEquilibrium(view);
        return;
      }
      await render(false);
      const total = performance.now() - t0;
      root.dataset["lastMs"] = JSON.stringify({
        kind: "delta",
        worker: r.ms,
        tables,
        draw: figure.lastRenderMs,
        total,
        waited,
      });
      root.dataset["deltaUpdates"] = String(Number(root.dataset["deltaUpdates"] ?? "0") + 1);
    });
  }

  function select(id: string): void {
    const s = view?.solutions.find((x) => x.id === id);
    if (s === undefined || s.delta === null) return;
    selected = id;
    delta = s.delta;
    deltaField.setValue(String(delta));
    deltaField.setError(null);
    requestAt();
  }

  // ---- rendering ------------------------------------------------------------------------------

  /** Draws the page; `solutions` false when only δ moved (the solutions table is unchanged). */
  async function render(solutions = true): Promise<void> {
    if (view === null) return;
    const t0 = performance.now();
    if (solutions) renderSolutions(view);
    renderEquilibrium(view);
    tables = performance.now() - t0;
    const subtitle = `${view.players.length - 1} specialist${view.players.length === 2 ? "" : "s"}; click a solution's mark to select it`;
    // the δ marks belong to the figure's scenario: the newest equilibrium if it is of the same one
    const markAt = atScen === viewScen ? at : view.at;
    const drawn = [
      ...view.solutions.flatMap((s) =>
        s.delta === null ? [] : [{ solution: s.id, delta: s.delta, utilities: s.utilities }],
      ),
      ...(markAt === null
        ? []
        : [{ solution: "selected δ", delta: markAt.delta, utilities: markAt.utilities }]),
    ];
    // The marks drawn, by solution (read by the end-to-end tests and by assistive summaries).
    figure.root.dataset["marks"] = JSON.stringify(drawn.map((r) => [r.solution, r.delta]));
    if (view.samples !== null) {
      const hl = highlighted(view);
      const names = view.players.slice(1).join("\n");
      if (names !== highlightOptions) {
        highlightOptions = names;
        highlightSelect.replaceChildren(...view.players.slice(1).map((n) => h("option", { value: n }, n)));
      }
      if (hl !== null) highlightSelect.value = hl;
      highlightBox.hidden = false;
      // when only δ moved, the curves' rows are the ones on screen: Vega re-encodes only the marks
      const cached = crowdCache?.samples === view.samples && crowdCache.highlight === hl ? crowdCache : null;
      const input = {
        players: view.players,
        samples: view.samples,
        pareto: view.pareto,
        marks: drawn,
        highlight: hl,
      };
      const data =
        cached === null ? crowdCurvesDataFromSamples(input) : { ...cached.data, ...crowdMarks(input) };
      crowdCache = { samples: view.samples, highlight: hl, data };
      await figure.show(
        crowdCurvesSpec(data, {
          // no numbers in the subtitle: a figure whose text is fixed is redrawn by swapping its data
          subtitle: `${subtitle}; grey bands: the spread of all specialists`,
        }),
      );
      return;
    }
    highlightBox.hidden = true;
    const data = view.figure!;
    const marks =
      markAt === null
        ? []
        : view.players.map((p) => ({
            solution: "selected δ",
            delta: markAt!.delta,
            player: p,
            utility: markAt!.utilities[p] ?? null,
          }));
    await figure.show(
      utilityCurvesSpec(
        { ...data, solutions: [...data.solutions, ...marks] },
        // no numbers in the subtitle: a figure whose text is fixed is redrawn by swapping its data
        { subtitle, width: 460, height: view.players.length > 6 ? 240 : 260 },
      ),
    );
  }

  /** The highlighted specialist: the chosen one if it still exists, else the first. */
  function highlighted(v: FineTuningView): string | null {
    if (highlight !== null && v.players.includes(highlight) && highlight !== "G") return highlight;
    return v.players[1] ?? null;
  }

  function paretoText(v: FineTuningView): string {
    return v.pareto.length === 0
      ? "empty"
      : v.pareto.map(([a, b]) => (a === b ? `{${fmt(a)}}` : `[${fmt(a)}, ${fmt(b)}]`)).join(" ∪ ");
  }

  function renderSolutions(v: FineTuningView): void {
    solutionButtons.replaceChildren(
      h("span", { class: "hint" }, "Jump to a solution: "),
      ...v.solutions.map((s) =>
        h(
          "button",
          {
            type: "button",
            "aria-pressed": String(selected === s.id),
            disabled: s.delta === null,
            "data-solution": s.id,
            onclick: () => select(s.id),
          },
          s.id,
        ),
      ),
    );
    const specialists = v.players.slice(1);
    const few = specialists.length <= 3;
    const head = [
      "solution",
      "δ",
      "in Pareto set",
      "α0",
      "U_G",
      ...(few
        ? specialists.map((n) => `U_${n}`)
        : ["Σ U specialists", "contributors / free-riders / abstainers"]),
    ];
    const rows = v.solutions.map((s) => {
      const counts = { contributor: 0, "free-rider": 0, abstainer: 0 };
      for (const n of specialists) counts[s.regimes[n] ?? "abstainer"]++;
      const sumD = specialists.reduce((acc, n) => acc + (s.utilities[n] ?? 0), 0);
      return h(
        "tr",
        { "data-solution-row": s.id, class: selected === s.id ? "selected" : null },
        h(
          "th",
          { scope: "row" },
          h("button", { type: "button", class: "link", onclick: () => select(s.id) }, s.id),
        ),
        numCell(s.delta),
        h("td", {}, s.inParetoSet ? "yes" : "no"),
        numCell(s.alpha0),
        numCell(s.utilities["G"]),
        ...(few
          ? specialists.map((n) => numCell(s.utilities[n]))
          : [
              numCell(sumD),
              h("td", {}, `${counts.contributor} / ${counts["free-rider"]} / ${counts.abstainer}`),
            ]),
      );
    });
    solTable.replaceChildren(
      h("h3", { id: "ft-sol-h" }, "Bargaining solutions"),
      h(
        "p",
        {},
        "Pareto set of δ: ",
        h("strong", { "data-pareto": JSON.stringify(v.pareto) }, paretoText(v)),
        ` (certificate: uniform gain ${fmt(v.certificate.paretoUniformGain)}, deviation gain ${fmt(v.certificate.maxDeviationGain)})`,
      ),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          {},
          h("thead", {}, h("tr", {}, ...head.map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, ...rows),
        ),
      ),
      ...v.warnings.map((w) => h("p", { class: "warning" }, `warning: ${w}`)),
    );
  }

  function renderEquilibrium(v: FineTuningView): void {
    const e = at;
    if (e === null) return;
    // the specialists of the equilibrium shown (it may belong to a scenario newer than `v`)
    const specialists = Object.keys(e.alphas);
    for (const cell of form.querySelectorAll<HTMLElement>("[data-regime-of]")) {
      const n = specialists[Number(cell.dataset["regimeOf"])];
      const r = n === undefined ? undefined : e.regimes[n];
      cell.textContent = e.agreement ? (r ?? "—") : "no bargain";
      cell.className = `regime regime-box ${r ?? ""}`;
    }
    // a dozen rows, the highlighted specialist among them; every row on demand
    const hl = v.samples === null ? null : highlighted(v);
    const first = specialists.slice(0, EQUILIBRIUM_ROWS);
    const shown =
      showAll || specialists.length <= EQUILIBRIUM_ROWS
        ? specialists
        : hl === null || first.includes(hl)
          ? first
          : [...first.slice(0, EQUILIBRIUM_ROWS - 1), hl];
    const row = (n: string): HTMLElement =>
      h(
        "tr",
        { "data-player": n },
        h("th", { scope: "row" }, n),
        numCell(e.alphas[n]),
        numCell(e.utilities[n]),
        h("td", { class: `regime ${e.regimes[n]}` }, e.regimes[n] ?? "—"),
      );
    eqPanel.replaceChildren(
      h(
        "h3",
        { id: "ft-eq-h" },
        "Equilibrium at δ = ",
        h("span", { "data-eq-delta": String(e.delta) }, fmt(e.delta)),
        selected === null ? "" : ` (${selected})`,
      ),
      h(
        "p",
        {},
        e.agreement
          ? "G enters: "
          : "G stays out: no bargain forms; every player gets its disagreement payoff. ",
        e.agreement ? h("span", { "data-alpha0": String(e.alpha0) }, `α0 = ${fmt(e.alpha0)}`) : null,
        e.maxDeviationGain === null
          ? ""
          : ` · certificate: best one-stage deviation gain ${fmt(e.maxDeviationGain)}`,
      ),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "equilibrium" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ...["player", "performance α", "utility U", "regime"].map((t) => h("th", { scope: "col" }, t)),
            ),
          ),
          h(
            "tbody",
            {},
            h(
              "tr",
              { "data-player": "G" },
              h("th", { scope: "row" }, "G"),
              numCell(e.alpha0),
              numCell(e.utilities["G"]),
              h("td", {}, e.agreement ? "generalist" : "out"),
            ),
            ...shown.map(row),
          ),
        ),
      ),
      ...(specialists.length > EQUILIBRIUM_ROWS
        ? [
            h(
              "button",
              {
                type: "button",
                class: "link",
                "aria-expanded": String(showAll),
                onclick: () => {
                  showAll = !showAll;
                  renderEquilibrium(v);
                },
              },
              showAll
                ? `Show the first ${EQUILIBRIUM_ROWS} specialists only`
                : `Show all ${specialists.length} specialists (${specialists.length - shown.length} more)`,
            ),
          ]
        : []),
    );
  }

  buildForm();
  if (ctx.state.scenarioError !== undefined) showMessages([ctx.state.scenarioError], "error");
  changed();
  return () => {
    alive = false;
  };
}
