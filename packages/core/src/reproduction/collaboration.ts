/**
 * "Defection-free Collaboration" Figures 1–8; the learning figures (1–3) are built in
 * ./collaborationLearning.ts and run the schemes with the
 * data-free analytic learner (the paper trains on MNIST; the command line can substitute real
 * training); Figures 4–8 are the paper's analytic figures, computed exactly.
 * Setting: two firms, starting qualities q_l = 0.2, q_h = 0.7, best attainable quality 1, uniform
 * consumer types, analytic learners with rate 0.05, 200 rounds.
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md) Sections 3–4, Appendix A
 */
import { nashTarget } from "../collaboration/nashTarget.js";
import { bRho, bTilde, thresholdB } from "../collaboration/threshold.js";
import { duopolyRevenues } from "../market/duopoly.js";
import { lineChartSpec } from "../plots/lineChart.js";
import { num, panels, type Row } from "../plots/spec.js";
import {
  analyticRun,
  COLLABORATION_SETTING,
  fig,
  figure1,
  figure2,
  figure3,
  trajectoryRows,
  trajectorySpec,
} from "./collaborationLearning.js";
import {
  claimCheck,
  type Figure,
  type FigureCheck,
  type FigureDefinition,
  linGrid,
  numericCheck,
  show,
} from "./figure.js";

export { analyticRun, COLLABORATION_SETTING, trajectoryRows, trajectorySpec };

const figure4: FigureDefinition = {
  id: "dfc-figure-4",
  paper: "defection-free-collaboration",
  label: "Figure 4",
  title: "Proposition 1: how the firms' revenues vary with the qualities",
  build(options = {}): Figure {
    const n = options.quick ? 101 : 401;
    const byQl: Row[] = [];
    const byQh: Row[] = [];
    for (const ql of linGrid(0, 1, n)) {
      const r = duopolyRevenues(ql, 1);
      byQl.push({ q: ql, series: "U_l", value: r.low }, { q: ql, series: "U_h", value: r.high });
    }
    for (const qh of linGrid(0.3, 1, n)) {
      const r = duopolyRevenues(0.3, qh);
      byQh.push({ q: qh, series: "U_l", value: r.low }, { q: qh, series: "U_h", value: r.high });
    }
    // argmax of U_l over q_l at q_h = 1 (golden-section on the exact revenue)
    let a = 0;
    let b = 1;
    for (let k = 0; k < 200 && b - a > 1e-13; k++) {
      const m1 = a + (b - a) * 0.381966;
      const m2 = a + (b - a) * 0.618034;
      if (duopolyRevenues(m1, 1).low < duopolyRevenues(m2, 1).low) a = m1;
      else b = m2;
    }
    const grid = linGrid(0.01, 0.99, 99);
    const monotone = (f: (x: number) => number, dir: 1 | -1) =>
      grid.every((x, i) => i === 0 || dir * (f(x) - f(grid[i - 1]!)) > 0);
    const hDecQl = monotone((ql) => duopolyRevenues(ql, 1).high, -1);
    const hIncQh = monotone((qh) => duopolyRevenues(0.005, qh * 1).high, 1);
    const lIncQh = monotone((qh) => duopolyRevenues(0.005, qh).low, 1);
    const checks: FigureCheck[] = [
      // a maximiser is located to about √ε of the revenue's round-off (flat top), hence 1e-7
      numericCheck(
        "P1-item4",
        "Proposition 1.4: U_l peaks at q_l = 4q_h/7 (q_h = 1)",
        4 / 7,
        (a + b) / 2,
        1e-7,
      ),
      claimCheck(
        "P1-item1",
        "Proposition 1.1: U_h increases in q_h",
        "increasing",
        hIncQh ? "increasing on the grid" : "not monotone",
        hIncQh,
      ),
      claimCheck(
        "P1-item2",
        "Proposition 1.2 as printed: 'U_h is decreasing in q_h'",
        "decreasing in q_h",
        `U_h is decreasing in q_l (${hDecQl ? "on the whole grid" : "NOT on the grid"}) and increasing in q_h`,
        hDecQl && hIncQh,
        "proposition1-item2",
      ),
      claimCheck(
        "P1-item3",
        "Proposition 1.3: U_l increases in q_h",
        "increasing",
        lIncQh ? "increasing on the grid" : "not monotone",
        lIncQh,
      ),
    ];
    const chart = (rows: Row[], title: string, x: string) =>
      lineChartSpec({
        title,
        data: rows,
        x: { field: "q", title: x },
        y: { field: "value", title: "revenue", zero: true },
        series: "series",
        seriesTitle: "",
        width: 300,
        height: 200,
      });
    return fig(
      this,
      "Left: revenues against q_l at q_h = 1 (U_l peaks at 4q_h/7, U_h falls). Right: against q_h at q_l = 0.3 (both rise).",
      { "by-ql": byQl, "by-qh": byQh },
      panels(
        [
          {
            ...chart(byQl, "against q_l (q_h = 1)", "low firm's quality q_l"),
            layer: [
              ...(chart(byQl, "", "q_l")["layer"] as unknown[]),
              {
                data: { values: [{}] },
                mark: { type: "rule", strokeDash: [2, 2], color: "#666" },
                encoding: { x: { datum: 4 / 7 } },
              },
            ],
          },
          chart(byQh, "against q_h (q_l = 0.3)", "high firm's quality q_h"),
        ],
        { title: "Figure 4 — revenues against qualities (Lemma 2)" },
      ),
      checks,
      [],
    );
  },
};

const figure5: FigureDefinition = {
  id: "dfc-figure-5",
  paper: "defection-free-collaboration",
  label: "Figure 5",
  title: "Lemma 4: B(a, b) ≥ a for all b ≥ 1",
  build(options = {}): Figure {
    const bs = linGrid(1, 3, options.quick ? 41 : 201);
    const as = [0, 0.2, 0.4, 0.6, 0.8, 0.95];
    const rows: Row[] = [];
    for (const a of as) for (const b of bs) rows.push({ b, a: `a = ${a}`, B: thresholdB(a, b) });
    let worst = Number.POSITIVE_INFINITY;
    for (const a of linGrid(0, 1, 201))
      for (const b of linGrid(1, 10, 201)) worst = Math.min(worst, thresholdB(a, b) - a);
    const checks = [
      claimCheck(
        "L4",
        "Lemma 4: B(a, b) ≥ a for all b ≥ 1 (201 × 201 grid, a ∈ [0, 1], b ∈ [1, 10])",
        "min (B − a) ≥ 0",
        `min (B − a) = ${show(worst)}`,
        worst >= -1e-15,
      ),
      numericCheck("B-at-1", "B(a, 1) = a (no improvement, no room)", 0.5, thresholdB(0.5, 1), 1e-15),
    ];
    return fig(
      this,
      "The revenue-preserving threshold B(a, b) of Algorithm 1 against the high firm's improvement b, one curve per starting ratio a; each curve starts at a and rises.",
      { B: rows },
      lineChartSpec({
        title: "Figure 5 — B(a, b) ≥ a",
        data: rows,
        x: { field: "b", title: "b = q_h,t / q_h,t−1" },
        y: { field: "B", title: "B(a, b)", domain: [0, 1] },
        series: "a",
        seriesTitle: "starting ratio",
      }),
      checks,
      [],
    );
  },
};

const figure6: FigureDefinition = {
  id: "dfc-figure-6",
  paper: "defection-free-collaboration",
  label: "Figure 6",
  title: "Proposition 5: the pacing bound b_ρ and b̃ = min b_ρ",
  build(options = {}): Figure {
    const rhos = linGrid(0.02, 0.78, options.quick ? 39 : 77);
    const rows: Row[] = rhos.map((rho) => ({ rho, b: num(bRho(rho)) }));
    const t = bTilde();
    return fig(
      this,
      "For each quality ratio ρ, the largest growth factor b of the high firm's quality per round that still lets the defection-free scheme converge to the Nash bargaining solution; the minimum over ρ is b̃.",
      { bRho: rows, bTilde: [{ rho: t.rho, b: t.b }] },
      lineChartSpec({
        title: "Figure 6 — b_ρ against ρ",
        subtitle: `b̃ = ${show(t.b)} at ρ = ${show(t.rho)}`,
        data: rows,
        x: { field: "rho", title: "ρ = q_l,t−1 / q_h,t−1" },
        y: { field: "b", title: "b_ρ" },
        mark: "points",
        hrules: [{ y: t.b, label: `b̃ ≈ ${t.b.toFixed(4)}` }],
      }),
      [
        numericCheck("P5-b-tilde", "Section 4 / Figure 6: b̃ ≈ 1.03", 1.03, t.b, 0.005),
        numericCheck(
          "P5-rho",
          "Figure 6: the minimum is at ρ ≈ 0.33 (read off the figure)",
          0.33,
          t.rho,
          0.02,
        ),
      ],
      [],
    );
  },
};

/** Starting points of Figures 7–8: q_l,0 < q_h,0 on a grid, q_h* = 1. */
function startGrid(n: number): { ql0: number; qh0: number }[] {
  const out: { ql0: number; qh0: number }[] = [];
  for (const qh0 of linGrid(0.1, 0.95, n))
    for (const f of linGrid(0.05, 0.95, n)) out.push({ ql0: f * qh0, qh0 });
  return out;
}

const figure7: FigureDefinition = {
  id: "dfc-figure-7",
  paper: "defection-free-collaboration",
  label: "Figure 7",
  title: "Empirical check of (4 − 5ρ*)·log10(q_h*/q_h,0) ≥ ρ* − ρ0",
  build(options = {}): Figure {
    const rows: Row[] = [];
    let worst = Number.POSITIVE_INFINITY;
    let count = 0;
    for (const { ql0, qh0 } of startGrid(options.quick ? 12 : 20)) {
      const t = nashTarget(
        { initial: { low: ql0, high: qh0 }, maxQuality: 1 },
        { certificateGrid: 201 },
      ).value;
      const lhs = (4 - 5 * t.rho) * Math.log10(1 / qh0);
      const rhs = t.rho - ql0 / qh0;
      worst = Math.min(worst, lhs - rhs);
      count++;
      rows.push({ ql0, qh0, rho0: ql0 / qh0, rhoStar: t.rho, lhs, rhs });
    }
    return fig(
      this,
      "For starting qualities on a grid (q_h* = 1), the left side (4 − 5ρ*)·log10(q_h*/q_h,0) against the right side ρ* − ρ0: every point lies above the diagonal.",
      { points: rows },
      lineChartSpec({
        title: "Figure 7 — (4 − 5ρ*)·log10(q_h*/q_h,0) ≥ ρ* − ρ0",
        data: rows,
        x: { field: "rhs", title: "ρ* − ρ0" },
        y: { field: "lhs", title: "(4 − 5ρ*)·log10(q_h*/q_h,0)" },
        mark: "scatter",
      }),
      [
        claimCheck(
          "F7",
          `Figure 7: the inequality holds for every starting point (${count} points, q_h,0 ∈ [0.1, 0.95], q_l,0/q_h,0 ∈ [0.05, 0.95])`,
          "holds",
          `min (left − right) = ${show(worst)}`,
          worst >= 0,
        ),
      ],
      [],
    );
  },
};

const figure8: FigureDefinition = {
  id: "dfc-figure-8",
  paper: "defection-free-collaboration",
  label: "Figure 8",
  title: "The Nash bargaining solution's low-firm quality stays below 0.43 (q_h* = 1)",
  build(options = {}): Figure {
    const rows: Row[] = [];
    let max = 0;
    let count = 0;
    for (const { ql0, qh0 } of startGrid(options.quick ? 12 : 20)) {
      const t = nashTarget(
        { initial: { low: ql0, high: qh0 }, maxQuality: 1 },
        { certificateGrid: 201 },
      ).value;
      const applies = ql0 / qh0 <= t.rho;
      if (applies) {
        max = Math.max(max, t.ql);
        count++;
      }
      rows.push({ ql0, qh0, qlStar: t.ql, series: applies ? "ρ0 ≤ ρ* (Lemma 5 applies)" : "ρ0 > ρ*" });
    }
    return fig(
      this,
      "The Nash bargaining solution's q_l* against the low firm's starting quality, one series per q_h,0 (q_h* = 1).",
      { targets: rows },
      lineChartSpec({
        title: "Figure 8 — q_l* of the Nash bargaining solution",
        data: rows,
        x: { field: "ql0", title: "starting quality q_l,0" },
        y: { field: "qlStar", title: "q_l* (with q_h* = 1)", zero: true },
        series: "series",
        seriesTitle: "",
        mark: "scatter",
        hrules: [{ y: 0.43, label: "0.43" }],
      }),
      [
        claimCheck(
          "L5-F8",
          `Lemma 5 / Figure 8: for starting points with ρ0 ≤ ρ*, q_l* = ρ* ≤ 0.43 (${count} such points)`,
          "≤ 0.43",
          `max q_l* = ${show(max)}`,
          count > 0 && max <= 0.43,
        ),
      ],
      [],
    );
  },
};

/** The collaboration figures, in paper order. */
export const COLLABORATION_FIGURES: readonly FigureDefinition[] = [
  figure1,
  figure2,
  figure3,
  figure4,
  figure5,
  figure6,
  figure7,
  figure8,
];
