/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The fine-tuning page's model panel: the timing of the game, the utilities with the equilibrium's
 * values substituted (coloured like the curves), the terms the page shows, and the paper's
 * scenarios as captioned presets and a tour.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Sections 2–4, equations (1)–(2)
 */
import type { FineTuningScenario } from "@ftg/core";
import type { EquilibriumView } from "../../compute.js";
import { h } from "../../dom.js";
import { glossary, modelPanel, type Preset, presetsAndTour, theoryLink } from "../../explain.js";
import { coloured, mathElement, texNum } from "../../math.js";
import { seeded } from "./form.js";

/** The curves' colours (Vega's category10, as the core's figure uses): G, then the first specialist. */
const G_COLOUR = "#1f77b4";
/** The specialist's colour darkened for text (the curve's orange is 2.6:1 on white; this is 5:1). */
const D_TEXT = "#a84f00";

const quad = (c: number) => ({ polynomial: { c, k: 2 } });

/** A preset's state: the scenario, and optionally δ and a selected solution. */
export interface FineTuningPresetState {
  readonly scenario: unknown;
  readonly delta?: number;
  readonly selected?: string;
}

const crowd = (() => {
  const rnd = seeded(100);
  return Array.from({ length: 100 }, (_, i) => ({
    name: `D${i + 1}`,
    cost: quad(Number((0.5 + 2.5 * rnd()).toPrecision(3))),
    revenue: "a",
  }));
})();

/** The paper's scenarios, in the tour's order. */
export const FINE_TUNING_PRESETS: readonly Preset<FineTuningPresetState>[] = [
  {
    id: "figure-4",
    title: "One specialist",
    source: "Figure 4, Section 3",
    caption:
      "Quadratic costs φ0 = α0², φ1 = 2(α1 − α0)², revenue r(α) = α. G's utility rises with δ; D's rises, peaks, then falls: every bargain between their peaks is Pareto-optimal.",
    state: {
      scenario: { generalist: { cost: quad(1) }, specialists: [{ name: "D", cost: quad(2), revenue: "a" }] },
      delta: 0.5,
    },
  },
  {
    id: "pareto-nash",
    title: "The Pareto set and the Nash bargain",
    source: "Definitions 2.2 and 3.4, Figure 4",
    caption:
      "The shaded interval is the Pareto set: outside it both players can gain. The Nash bargain maximises U_G·U_D inside it; the other solutions maximise other joint utilities.",
    state: {
      scenario: { generalist: { cost: quad(1) }, specialists: [{ name: "D", cost: quad(2), revenue: "a" }] },
      selected: "nash",
    },
  },
  {
    id: "delta-matters",
    title: "Why δ matters",
    source: "Section 3.1",
    caption:
      "At δ = 0.15 G keeps too little revenue to invest: α0 is low and both players are worse off than inside the Pareto set. Drag δ to the right and watch α0, both utilities and the marks move.",
    state: {
      scenario: { generalist: { cost: quad(1) }, specialists: [{ name: "D", cost: quad(2), revenue: "a" }] },
      delta: 0.15,
    },
  },
  {
    id: "free-riding",
    title: "Free-riding with two specialists",
    source: "Section 4",
    caption:
      "B's cost rises steeply from the first step of fine-tuning (a linear term): at most δ it uses G's model as it is (α = α0) and pays only the share δ — a free-rider — while A contributes.",
    state: {
      scenario: {
        generalist: { cost: quad(1) },
        specialists: [
          { name: "A", cost: quad(1), revenue: "a" },
          { name: "B", cost: "2*(a-a0)+(a-a0)^2", revenue: "a" },
        ],
      },
      delta: 0.5,
    },
  },
  {
    id: "crowd",
    title: "A crowd of 100 specialists",
    source: "Section 4, n specialists",
    caption:
      "A hundred specialists with quadratic costs c ∈ [0.5, 3]: G's utility on top, one specialist and the spread of all of them in the middle, how many contribute, free-ride or abstain at each δ below.",
    state: { scenario: { generalist: { cost: quad(1) }, specialists: crowd }, delta: 0.5 },
  },
];

const TERMS: readonly (readonly [string, string])[] = [
  ["δ (revenue share)", "The share of every specialist's revenue paid to G, agreed before anyone invests."],
  [
    "α0, α",
    "The performance G builds the general model to, and the performance a specialist fine-tunes it to (α ≥ α0).",
  ],
  [
    "φ0, φ",
    "Costs: G's of building α0, a specialist's of going from α0 to α (polynomial c·x^k, plus a fixed cost, or an expression).",
  ],
  ["r(α)", "A specialist's revenue at performance α."],
  ["d0, d", "Disagreement payoffs: what each player gets if no bargain forms."],
  [
    "Pareto set",
    "The δ at which no other δ makes one player better off without making another worse off (shaded).",
  ],
  [
    "nash",
    "The δ in the Pareto set maximising the product of the players' gains over their disagreement payoffs.",
  ],
  [
    "kalai-smorodinsky",
    "The δ at which each player gets the same fraction of the most it could get in the Pareto set.",
  ],
  ["egalitarian", "The δ maximising the smallest gain: gains as equal as feasible."],
  ["utilitarian", "The δ maximising the sum of utilities (the 'vertical monopoly' solution)."],
  ["max-performance", "The δ at which the fine-tuned model performs best (largest α)."],
  ["powerful-G, powerful-D", "The δ a player would choose if it alone decided."],
  [
    "contributor, free-rider, abstainer",
    "At δ, a specialist fine-tunes (α > α0), uses G's model unchanged (α = α0), or stays out.",
  ],
  ["no bargain", "At this δ G would not enter; everyone gets the disagreement payoff."],
  [
    "deviation gain (certificate)",
    "The most any player could gain by changing its own choice alone; ≈ 0 or negative certifies an equilibrium.",
  ],
  [
    "uniform gain (certificate)",
    "How much every player could gain at once by moving δ; ≈ 0 certifies the Pareto set.",
  ],
];

/** The panel and a way to refresh its live values. */
export function fineTuningModelPanel(o: { apply(state: FineTuningPresetState): void }): {
  root: HTMLElement;
  update(scenario: FineTuningScenario | null, at: EquilibriumView | null): void;
} {
  const uG = `${coloured(G_COLOUR, "U_G(\\delta)")} = \\delta \\sum_i r_i(\\alpha_i) - \\phi_0(\\alpha_0)`;
  const uD = `${coloured(D_TEXT, "U_{D_i}(\\delta)")} = (1-\\delta)\\, r_i(\\alpha_i) - \\phi_i(\\alpha_i; \\alpha_0)`;
  const live = mathElement("\\text{(values appear once the game is solved)}");
  const root = modelPanel(
    "The model",
    [
      h(
        "ol",
        { class: "timing-steps" },
        h("li", {}, "G and the specialists bargain over the revenue share δ (no bargain: everyone gets d)."),
        h("li", {}, "G builds the general model to performance α0, paying φ0(α0)."),
        h("li", {}, "Each specialist fine-tunes it to α ≥ α0, paying φ(α; α0), or abstains."),
        h("li", {}, "Each specialist's revenue r(α) is split: δ to G, 1 − δ to the specialist."),
      ),
      h("p", {}, "Each player maximises its utility, later movers first (subgame-perfect equilibrium):"),
      mathElement(uG).root,
      mathElement(uD).root,
      h("p", { class: "hint" }, "With the numbers on screen (the equilibrium at the chosen δ):"),
      live.root,
      glossary(TERMS),
      theoryLink(
        "fine-tuning",
        "the timing, the utilities, the regimes and the bargaining solutions, with the paper's sections",
      ),
    ],
    [presetsAndTour(FINE_TUNING_PRESETS, (p) => o.apply(p.state), "one specialist to a crowd")],
  );
  return {
    root,
    update(scenario, at) {
      if (scenario === null || at === null || !at.agreement) {
        live.set(at !== null && !at.agreement ? "\\text{no bargain at this } \\delta" : "\\text{—}");
        return;
      }
      const first = scenario.specialists[0];
      const name = first?.name ?? Object.keys(at.alphas)[0] ?? "D";
      const R = at.revenue;
      const gU = at.utilities["G"] ?? 0;
      const phi0 = at.delta * R - gU;
      const dU = at.utilities[name];
      const n = scenario.specialists.length;
      const lines = [
        `${coloured(G_COLOUR, `U_G(${texNum(at.delta)})`)} = ${texNum(at.delta)} \\cdot ${texNum(R)} - ${texNum(phi0)} = ${texNum(gU)}`,
      ];
      if (n === 1 && dU !== undefined) {
        const phi = (1 - at.delta) * R - dU;
        lines.push(
          `${coloured(D_TEXT, `U_{${name}}(${texNum(at.delta)})`)} = ${texNum(1 - at.delta)} \\cdot ${texNum(R)} - ${texNum(phi)} = ${texNum(dU)}`,
        );
      }
      lines.push(
        `\\alpha_0 = ${texNum(at.alpha0)}${n === 1 && at.alphas[name] != null ? `,\\; \\alpha_{${name}} = ${texNum(at.alphas[name])}` : ""}`,
      );
      live.set(`\\begin{aligned}${lines.map((l) => l.replace("=", "&=")).join("\\\\")}\\end{aligned}`);
    },
  };
}
