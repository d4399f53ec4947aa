/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The openness page's model panel: the timing, the payoffs with the scenario's values substituted,
 * the regions of the map (including "other"), and captioned presets with a tour.
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193) (our specification, consistent with the
 *   findings the paper states)
 */
import type { OpennessView } from "../compute.js";
import { h } from "../dom.js";
import { glossary, modelPanel, type Preset, presetsAndTour, theoryLink } from "../explain.js";
import { mathElement, texNum } from "../math.js";

const base = {
  model: "openness",
  alpha0: 0.5,
  delta: 0.5,
  regulation: { threshold: 0.6, penalty: 0.05, form: "fixed" },
  params: { cD: 1, lambda: 0.5, epsilon: 0.2, kappa: 0.2 },
};
const scenario = (o: { alpha0?: number; theta?: number; p?: number; delta?: unknown }) => ({
  ...base,
  alpha0: o.alpha0 ?? base.alpha0,
  delta: o.delta ?? base.delta,
  regulation: { ...base.regulation, threshold: o.theta ?? 0, penalty: o.p ?? 0 },
});

/** The tour: from an unregulated release to the indifference curve. */
export const OPENNESS_PRESETS: readonly Preset<unknown>[] = [
  {
    id: "unregulated-strong",
    title: "Unregulated release of a strong model",
    source: "finding 1",
    caption:
      "No rule (θ = 0, p = 0) and a high baseline α0 = 0.9: G keeps its model closed (ω = 0) and earns its share δ of D's revenue.",
    state: scenario({ alpha0: 0.9 }),
  },
  {
    id: "unregulated-weak",
    title: "Unregulated release of a weaker model",
    source: "finding 1",
    caption:
      "With α0 = 0.2 G opens part of its model by itself (0 < ω < 1): openness cuts D's fine-tuning cost, which raises α1 and the revenue G shares.",
    state: scenario({ alpha0: 0.2 }),
  },
  {
    id: "threshold",
    title: "A threshold with a small penalty",
    source: "finding 2, deadweight loss",
    caption:
      "θ = 0.6 with p = 0.01: complying costs G more than the penalty, so it ignores the rule and pays — openness unchanged, both worse off (below the black curve).",
    state: scenario({ theta: 0.6, p: 0.01 }),
  },
  {
    id: "penalty",
    title: "A penalty that bites",
    source: "findings 2–3, transfer",
    caption:
      "Raise p above the indifference curve p*(θ): G complies (ω = θ), its utility falls and D's rises — a transfer from G to D, with a better fine-tuned model.",
    state: scenario({ theta: 0.6, p: 0.2 }),
  },
  {
    id: "indifference",
    title: "The indifference curve with a bargained δ",
    source: "finding 2, Pareto improvement",
    caption:
      "With δ bargained (Nash) in every cell, and a weak model, some rules raise openness without either player losing: the Pareto-improvement region. Each cell bargains, so the map takes a few seconds.",
    state: scenario({ alpha0: 0.2, theta: 0.5, p: 0.1, delta: { bargaining: "nash" } }),
  },
];

const TERMS: readonly (readonly [string, string])[] = [
  ["ω (openness)", "0 = a hosted closed model, 1 = open weights, code and data."],
  ["θ, p", "The rule: openness at least θ, or pay the penalty p (fixed, or proportional to θ − ω)."],
  ["δ", "G's share of revenue on the closed part: fixed, or bargained in every cell."],
  [
    "ε, κ, λ, c_D",
    "Openness's reputational benefit to G, its cost to G, how much it cuts D's cost, D's cost scale.",
  ],
  ["non-binding", "The rule changes nothing: G is at least as open without it."],
  ["deadweight-loss", "G ignores the rule and pays: openness unchanged, utilities fall."],
  ["transfer", "G complies: openness rises, G loses and D gains."],
  ["pareto-improvement", "Openness rises and neither player loses (possible when δ is bargained)."],
  ["abstain", "Under the rule G leaves the market: both get 0."],
  ["other", "Any other change (e.g. openness rises and both lose, or G gains): none of the named patterns."],
  [
    "p*(θ) (black curve)",
    "The penalty at which G is indifferent between complying and paying: above it G complies.",
  ],
];

export function opennessModelPanel(apply: (scenario: unknown) => void): {
  root: HTMLElement;
  update(v: OpennessView | null): void;
} {
  const live = mathElement("\\text{(values appear once the scenario is solved)}");
  const root = modelPanel(
    "The model (our specification, consistent with the paper's findings)",
    [
      h(
        "ol",
        { class: "timing-steps" },
        h("li", {}, "The regulator sets the threshold θ and the penalty p."),
        h("li", {}, "δ is fixed, or bargained between G and D."),
        h("li", {}, "G chooses its openness ω (or leaves the market)."),
        h("li", {}, "D fine-tunes to α1 ≥ α0 (or abstains)."),
      ),
      mathElement(
        "U_D = \\bigl(1-\\delta(1-\\omega)\\bigr)\\,\\alpha_1 - c_D(1-\\lambda\\omega)(\\alpha_1-\\alpha_0)^2",
      ).root,
      mathElement(
        "U_G = \\delta(1-\\omega)\\,\\alpha_1 + \\varepsilon\\omega - \\kappa\\omega^2 - c_G\\alpha_0^2 - p\\,\\mathbf{1}[\\omega<\\theta]",
      ).root,
      h("p", { class: "hint" }, "At the scenario's own rule (the + on the map):"),
      live.root,
      glossary(TERMS),
      theoryLink("openness", "the model, its regions and the findings it reproduces"),
    ],
    [presetsAndTour(OPENNESS_PRESETS, (p) => apply(p.state), "from no rule to the indifference curve")],
  );
  return {
    root,
    update(v) {
      if (v === null) return;
      const p = v.point;
      if (p.omega === null || p.alpha1 === null) {
        live.set("\\text{G leaves the market: } U_G = U_D = 0");
        return;
      }
      live.set(
        `\\begin{aligned}\\omega &= ${texNum(p.omega)}, & \\delta &= ${texNum(p.delta)}, & \\alpha_1 &= ${texNum(p.alpha1)},\\\\ U_G &= ${texNum(p.uG)}, & U_D &= ${texNum(p.uD)}\\end{aligned}`,
      );
    },
  };
}
