/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * What the fine-tuning page draws from a solve: the figure (the core's utility-curves figure, or
 * its many-specialists figure above nine), the bargaining solutions compared, the equilibrium at δ.
 * Pure functions of the page's state; the page decides when to call them.
 */
import {
  type CrowdCurvesData,
  type CurveSamples,
  crowdCurvesDataFromSamples,
  crowdCurvesSpec,
  crowdMarks,
  utilityCurvesSpec,
} from "@ftg/core";
import type { EquilibriumView, FineTuningView } from "../../compute.js";
import { fmt, fmtCertificate, h, numCell, scrollBox } from "../../dom.js";
import type { Figure } from "../../figure.js";
import { solutionStyle, styleSolutions } from "../../figureStyle.js";

/** Specialists' rows in the equilibrium table before "Show all" (the highlighted one among them). */
export const EQUILIBRIUM_ROWS = 12;

/** The page state the renderers read. */
export interface RenderState {
  readonly view: FineTuningView;
  /** The equilibrium at δ of the figure's scenario (null: none yet). */
  readonly markAt: EquilibriumView | null;
  /** The equilibrium at δ on screen in the tables (may belong to a newer scenario than `view`). */
  readonly at: EquilibriumView | null;
  readonly selected: string | null;
  readonly highlight: string | null;
  readonly showAll: boolean;
}

/** The highlighted specialist: the chosen one if it still exists, else the first. */
export function highlighted(v: FineTuningView, highlight: string | null): string | null {
  if (highlight !== null && v.players.includes(highlight) && highlight !== "G") return highlight;
  return v.players[1] ?? null;
}

export function paretoText(v: FineTuningView): string {
  return v.pareto.length === 0
    ? "empty"
    : v.pareto.map(([a, b]) => (a === b ? `{${fmt(a)}}` : `[${fmt(a)}, ${fmt(b)}]`)).join(" ∪ ");
}

/** Draws the figure; keeps the many-specialists curves' rows between δ moves in `cache`. */
export class FineTuningFigure {
  private crowdCache: { samples: CurveSamples; highlight: string | null; data: CrowdCurvesData } | null =
    null;
  constructor(readonly figure: Figure) {}

  async draw(s: RenderState, width: number): Promise<void> {
    const { view, markAt } = s;
    const subtitle = `${view.players.length - 1} specialist${view.players.length === 2 ? "" : "s"}; click or drag to set δ, click a mark to select its solution`;
    const drawn = [
      ...view.solutions.flatMap((x) =>
        x.delta === null ? [] : [{ solution: x.id, delta: x.delta, utilities: x.utilities }],
      ),
      ...(markAt === null
        ? []
        : [{ solution: "selected δ", delta: markAt.delta, utilities: markAt.utilities }]),
    ];
    // The marks drawn, by solution (read by the end-to-end tests and by assistive summaries).
    this.figure.root.dataset["marks"] = JSON.stringify(drawn.map((r) => [r.solution, r.delta]));
    this.figure.root.dataset["selected"] = s.selected ?? "";
    this.figure.describe(
      `Pareto set of δ: ${paretoText(view)}. ${view.solutions
        .filter((x) => x.delta !== null)
        .map((x) => `${x.id} at δ = ${fmt(x.delta)}`)
        .join(", ")}.${markAt === null ? "" : ` Marked δ = ${fmt(markAt.delta)}.`}`,
    );
    if (view.samples !== null) {
      const hl = highlighted(view, s.highlight);
      const cached =
        this.crowdCache?.samples === view.samples && this.crowdCache.highlight === hl
          ? this.crowdCache
          : null;
      const input = {
        players: view.players,
        samples: view.samples,
        pareto: view.pareto,
        marks: drawn,
        highlight: hl,
      };
      const data =
        cached === null ? crowdCurvesDataFromSamples(input) : { ...cached.data, ...crowdMarks(input) };
      this.crowdCache = { samples: view.samples, highlight: hl, data };
      // no numbers in the subtitle: a figure whose text is fixed is redrawn by swapping its data
      const spec = crowdCurvesSpec(data, {
        subtitle: `${subtitle}; grey bands: the spread of all specialists`,
      });
      await this.figure.show(styleSolutions(spec, s.selected));
      return;
    }
    const data = view.figure!;
    const marks =
      markAt === null
        ? []
        : view.players.map((p) => ({
            solution: "selected δ",
            delta: markAt.delta,
            player: p,
            utility: markAt.utilities[p] ?? null,
          }));
    const spec = utilityCurvesSpec(
      { ...data, solutions: [...data.solutions, ...marks] },
      { subtitle, width, height: view.players.length > 6 ? 240 : 260 },
    );
    await this.figure.show(styleSolutions(spec, s.selected));
  }
}

/** A small swatch in a solution's colour and shape, so tables and buttons match the figure. */
function swatch(id: string): HTMLElement {
  const st = solutionStyle(id);
  return h("span", { class: `swatch shape-${st.shape}`, style: `--c:${st.fill}`, "aria-hidden": "true" });
}

/** The solution buttons and the solutions table, with `select` on each. */
export function renderSolutions(
  v: FineTuningView,
  selected: string | null,
  select: (id: string) => void,
  buttons: HTMLElement,
  panel: HTMLElement,
): void {
  buttons.replaceChildren(
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
        swatch(s.id),
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
      {
        "data-solution-row": s.id,
        class: selected === s.id ? "selected" : null,
        "aria-selected": String(selected === s.id),
      },
      h(
        "th",
        { scope: "row" },
        swatch(s.id),
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
  panel.replaceChildren(
    h("h3", { id: "ft-sol-h" }, "Bargaining solutions"),
    h(
      "p",
      {},
      "Pareto set of δ: ",
      h("strong", { "data-pareto": JSON.stringify(v.pareto) }, paretoText(v)),
      " ",
      h(
        "span",
        { class: "hint" },
        `(certificate: ${fmtCertificate(v.certificate.paretoUniformGain)} uniform gain available, best deviation gain ${fmtCertificate(v.certificate.maxDeviationGain)})`,
      ),
    ),
    scrollBox(
      "Bargaining solutions table",
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, ...head.map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, ...rows),
      ),
    ),
    ...(v.warnings.length === 0
      ? []
      : [
          h(
            "details",
            { class: "diagnostics" },
            h("summary", {}, `Solver diagnostics (${v.warnings.length})`),
            ...v.warnings.map((w) => h("p", { class: "warning" }, w)),
          ),
        ]),
  );
}

/** Marks the selected solution in every view of it (buttons, table rows) without redrawing them. */
export function markSelection(root: HTMLElement, selected: string | null): void {
  for (const b of root.querySelectorAll<HTMLElement>("button[data-solution]"))
    b.setAttribute("aria-pressed", String(b.dataset["solution"] === selected));
  for (const r of root.querySelectorAll<HTMLElement>("tr[data-solution-row]")) {
    const on = r.dataset["solutionRow"] === selected;
    r.classList.toggle("selected", on);
    r.setAttribute("aria-selected", String(on));
  }
}

/** The regimes in the specialists' rows and the equilibrium table. */
export function renderEquilibrium(
  s: RenderState,
  form: HTMLElement,
  panel: HTMLElement,
  toggleShowAll: () => void,
): void {
  const e = s.at;
  if (e === null) return;
  const v = s.view;
  // the specialists of the equilibrium shown (it may belong to a scenario newer than `v`)
  const specialists = Object.keys(e.alphas);
  for (const cell of form.querySelectorAll<HTMLElement>("[data-regime-of]")) {
    const n = specialists[Number(cell.dataset["regimeOf"])];
    const r = n === undefined ? undefined : e.regimes[n];
    cell.textContent = e.agreement ? (r ?? "—") : "no bargain";
    cell.className = `regime regime-box ${r ?? ""}`;
  }
  const hl = v.samples === null ? null : highlighted(v, s.highlight);
  const first = specialists.slice(0, EQUILIBRIUM_ROWS);
  const shown =
    s.showAll || specialists.length <= EQUILIBRIUM_ROWS
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
  panel.replaceChildren(
    h(
      "h3",
      { id: "ft-eq-h" },
      "Equilibrium at δ = ",
      h("span", { "data-eq-delta": String(e.delta) }, fmt(e.delta)),
      s.selected === null ? "" : ` (${s.selected})`,
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
        : ` · certificate: best one-stage deviation gain ${fmtCertificate(e.maxDeviationGain)}`,
    ),
    scrollBox(
      "Equilibrium table",
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
            { type: "button", class: "link", "aria-expanded": String(s.showAll), onclick: toggleShowAll },
            s.showAll
              ? `Show the first ${EQUILIBRIUM_ROWS} specialists only`
              : `Show all ${specialists.length} specialists (${specialists.length - shown.length} more)`,
          ),
        ]
      : []),
  );
}
