/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The collaboration page's model panel: the market (Bertrand–Nash prices for vertically
 * differentiated models) with the running example's numbers, the Nash target, the schemes, and
 * captioned presets with a tour (complete → one-sided → defection-free).
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md) Sections 2–4, Algorithm 1
 */
import type { CollaborationView } from "../compute.js";
import { h } from "../dom.js";
import { glossary, modelPanel, type Preset, presetsAndTour, theoryLink } from "../explain.js";
import { mathElement, texNum } from "../math.js";

/** A preset: the scenario and the scheme to show alone (null: every scheme). */
export interface CollaborationPresetState {
  readonly scenario: unknown;
  readonly scheme: string | null;
}

const running = {
  model: "collaboration",
  initial: { low: 0.5, high: 0.7 },
  maxQuality: 1,
  rounds: 200,
  learner: { kind: "analytic", rate: 0.05 },
};

export const COLLABORATION_PRESETS: readonly Preset<CollaborationPresetState>[] = [
  {
    id: "complete",
    title: "Complete collaboration",
    source: "Section 3.2",
    caption:
      "Both firms train on both data pools. Qualities converge, products become alike, price competition bites: the high firm's revenue falls — it would defect.",
    state: { scenario: running, scheme: "complete" },
  },
  {
    id: "one-sided",
    title: "One-sided sharing",
    source: "Section 3.3",
    caption:
      "Only the low firm shares its data: the high firm pulls ahead and gains, the low firm loses revenue as the quality gap widens.",
    state: { scenario: running, scheme: "one-sided-low" },
  },
  {
    id: "defection-free",
    title: "Defection-free collaboration",
    source: "Section 4, Algorithm 1",
    caption:
      "The high firm's steps are paced and the low firm's capped at the revenue-preserving ratio: neither ever loses revenue, and the pair reaches the Nash target N*.",
    state: { scenario: running, scheme: "defection-free" },
  },
  {
    id: "all",
    title: "All schemes side by side",
    source: "Figures of Section 5",
    caption:
      "Every scheme from the same start, on shared scales: only the defection-free scheme never costs a firm revenue.",
    state: { scenario: running, scheme: null },
  },
];

const TERMS: readonly (readonly [string, string])[] = [
  ["q_l, q_h", "The qualities of the low and the high firm's models (roles follow the starting qualities)."],
  ["q*", "The quality a model trained on all the data reaches."],
  [
    "θ, θmax",
    "A consumer's taste for quality, uniform on [0, θmax]; a consumer buys the product maximising θq − p.",
  ],
  [
    "Bertrand–Nash prices",
    "Prices at which neither firm gains by changing its own; the certificate is the best gain found by a unilateral price deviation.",
  ],
  ["Nash product N", "(R_l − R_l⁰)(R_h − R_h⁰): the product of both firms' revenue gains over the start."],
  ["N*, ρ*", "The largest Nash product reachable, and the quality ratio q_l*/q_h* at that target."],
  ["complete", "Both firms train on both pools every round."],
  ["one-sided-low, one-sided-high", "Only the low (high) firm shares: the other firm trains on both pools."],
  [
    "defection-free (Algorithm 1)",
    "The high firm's growth is paced, the low firm trains only up to the revenue-preserving ratio: no firm ever loses revenue.",
  ],
  [
    "a firm lost revenue?",
    "Whether, and in which round first, a firm's revenue fell below the previous round's — a reason to defect.",
  ],
];

export function collaborationModelPanel(apply: (s: CollaborationPresetState) => void): {
  root: HTMLElement;
  update(
    market: { qualities: readonly number[]; revenues: readonly number[] } | null,
    run: CollaborationView | null,
  ): void;
} {
  const live = mathElement("\\text{(values appear once the market is solved)}");
  const target = mathElement("\\text{—}");
  const root = modelPanel(
    "The model",
    [
      h(
        "ol",
        { class: "timing-steps" },
        h("li", {}, "Each round, the firms train their models on the data pools the scheme allows."),
        h("li", {}, "They set prices; consumers each buy the model worth most to them (θq − p) or none."),
        h(
          "li",
          {},
          "Revenues are the Bertrand–Nash equilibrium's; a firm that loses revenue has a reason to defect.",
        ),
      ),
      h("p", {}, "Two firms, consumer types uniform on [0, θmax], q_h > q_l (Lemma 2):"),
      mathElement(
        "R_h = \\theta_{\\max}\\frac{4q_h^2(q_h-q_l)}{(4q_h-q_l)^2},\\qquad R_l = \\theta_{\\max}\\frac{q_l\\,q_h(q_h-q_l)}{(4q_h-q_l)^2}",
      ).root,
      live.root,
      mathElement("N = (R_l - R_l^0)(R_h - R_h^0),\\qquad \\rho^* = q_l^*/q_h^*").root,
      target.root,
      glossary(TERMS),
      theoryLink(
        "collaboration",
        "the market, the schemes, the Nash target and Algorithm 1, with the paper's sections",
      ),
    ],
    [presetsAndTour(COLLABORATION_PRESETS, (p) => apply(p.state), "complete → one-sided → defection-free")],
  );
  return {
    root,
    update(market, run) {
      if (market !== null && market.qualities.length === 2) {
        const [a, b] = market.qualities;
        const [ra, rb] = market.revenues;
        const hi = a! >= b! ? 0 : 1;
        const [qh, ql, rh, rl] = hi === 0 ? [a!, b!, ra!, rb!] : [b!, a!, rb!, ra!];
        live.set(
          `q_l = ${texNum(ql)},\\; q_h = ${texNum(qh)}:\\quad R_h = ${texNum(rh)},\\; R_l = ${texNum(rl)}`,
        );
      } else if (market !== null)
        live.set("\\text{(the formulas are for two firms; the table solves any number)}");
      if (run !== null)
        target.set(
          `q_l^* = ${texNum(run.target.ql)},\\; q_h^* = ${texNum(run.target.qh)},\\; \\rho^* = ${texNum(run.target.rho)},\\; N^* = ${texNum(run.target.nash)}`,
        );
    },
  };
}
