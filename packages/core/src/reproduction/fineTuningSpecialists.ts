/**
 * "Fine-tuning Games" on the specialists' side: Figure 5 (Theorem 4.1's regimes from the
 * specialist's utility at α = α0) and the n-specialist figure (a disconnected Pareto set).
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Theorem 4.1, Figure 5, Section 5
 */
import { specialistResponseNumeric } from "../fine-tuning/equilibrium.js";
import { solveFineTuning } from "../fine-tuning/solve.js";
import { lineChartSpec } from "../plots/lineChart.js";
import { num, type Row } from "../plots/spec.js";
import { utilityCurvesData, utilityCurvesSpec } from "../plots/utilityCurves.js";
import { fineTuningGameFromScenario } from "../scenario/fineTuning.js";
import {
  claimCheck,
  type Figure,
  type FigureCheck,
  type FigureDefinition,
  identity,
  linGrid,
  show,
} from "./figure.js";

/** Theorem 4.1's four quadrants (five examples: the indeterminate case has two). */
const REGIME_EXAMPLES = [
  { label: "contributes (FCUC, MPI)", cost: "(a-a0)^2" },
  { label: "free-rides (FCUC, not MPI)", cost: "(a-a0) + (a-a0)^2" },
  { label: "abstains (not FCUC, not MPI)", cost: "0.6 + (a-a0) + (a-a0)^2" },
  { label: "(*) contributes (not FCUC, MPI)", cost: "0.6 + 0.25*(a-a0)^2" },
  { label: "(*) abstains (not FCUC, MPI)", cost: "0.6 + (a-a0)^2" },
] as const;

export const figure5: FigureDefinition = {
  id: "ftg-figure-5",
  paper: "fine-tuning-games",
  label: "Figure 5",
  title: "Theorem 4.1: the specialist's regime from its utility at α = α0",
  build(options = {}): Figure {
    const alpha0 = 1;
    const delta = 0.5;
    const alphas = linGrid(alpha0, alpha0 + 1.5, options.quick ? 61 : 151);
    const rows: Row[] = [];
    const checks: FigureCheck[] = [];
    for (const ex of REGIME_EXAMPLES) {
      const game = fineTuningGameFromScenario({
        generalist: { cost: "a0^2" },
        specialists: [{ name: "D", cost: ex.cost, revenue: "a" }],
      });
      const s = game.specialists[0]!;
      for (const a of alphas) {
        rows.push({
          example: ex.label,
          alpha: a,
          utility: num((1 - delta) * s.revenue.value(a) - s.cost.value(a, alpha0)),
        });
      }
      const resp = specialistResponseNumeric(s, alpha0, delta);
      // Theorem 4.1's conditions, evaluated from their definitions (independently of the solver)
      const fcuc = (1 - delta) * s.revenue.value(alpha0) > s.cost.value(alpha0, alpha0);
      const mpi = (1 - delta) * s.revenue.derivative(alpha0) > s.cost.dA(alpha0, alpha0);
      const table = fcuc
        ? mpi
          ? "contributor"
          : "free-rider"
        : mpi
          ? "contributor-or-abstainer"
          : "abstainer";
      const cond = {
        table,
        consistent:
          table === "contributor-or-abstainer" ? resp.regime !== "free-rider" : table === resp.regime,
      };
      const expected = ex.label.startsWith("(*)")
        ? ex.label.includes("contributes")
          ? "contributor"
          : "abstainer"
        : null;
      checks.push(
        claimCheck(
          `T4.1-${resp.regime}-${checks.length + 1}`,
          `Theorem 4.1 / Table 1, φ = ${ex.cost}: ${ex.label}`,
          `Table 1: ${cond.table}`,
          `optimised regime: ${resp.regime} (α = ${show(resp.alpha)}, U = ${show(resp.utility)})`,
          cond.consistent && (expected === null ? cond.table === resp.regime : resp.regime === expected),
        ),
      );
    }
    return {
      ...identity(this),
      caption:
        "The specialist's utility (1 − δ)·α − φ(α; α0) against its performance α for five costs at α0 = 1, δ = 1/2, r(α) = α. Abstaining is worth 0 (dashed). FCUC: fixed costs under control, (1 − δ)r(α0) > φ(α0; α0); MPI: marginally profitable investment, (1 − δ)r'(α0) > ∂φ/∂α(α0; α0). In the (*) quadrant either outcome can occur.",
      parameters: { alpha0, delta, revenue: "r(α) = α", costs: REGIME_EXAMPLES.map((e) => e.cost) },
      data: { utility: rows },
      spec: lineChartSpec({
        title: "Figure 5 — Theorem 4.1: contribute, free-ride, abstain",
        subtitle: "specialist's utility against its performance α, α0 = 1, δ = 1/2",
        data: rows,
        x: { field: "alpha", title: "specialist's performance α" },
        y: { field: "utility", title: "U_D = (1 − δ)α − φ(α; α0)" },
        facet: "example",
        facetColumns: 3,
        hrules: [{ y: 0 }],
        width: 220,
        height: 150,
      }),
      checks,
      warnings: [],
    };
  },
};

export const nSpecialists: FigureDefinition = {
  id: "ftg-n-specialists",
  paper: "fine-tuning-games",
  label: "n specialists",
  title: "Several specialists: a disconnected Pareto set",
  build(options = {}): Figure {
    const scenario = {
      generalist: { cost: "a0^2" },
      specialists: [
        { name: "D1", cost: "0.03 + (a-a0)^2", revenue: "a" },
        { name: "D2", cost: "(a-a0)^2", revenue: "a" },
      ],
    };
    const game = fineTuningGameFromScenario(scenario);
    const result = solveFineTuning(game);
    const data = utilityCurvesData(game, result, { samples: options.quick ? 201 : 401 });
    // In the gap between the pieces, someone is worse off than at a point of the pieces.
    const pieces = result.pareto;
    const checks: FigureCheck[] = [
      claimCheck(
        "n-disconnected",
        "Section 5 (n specialists): Theorem 2.1's single interval fails; the Pareto set can be disconnected",
        "a disconnected Pareto set is possible",
        `${pieces.length} pieces: ${pieces.map(([a, b]) => `[${show(a)}, ${show(b)}]`).join(" ∪ ")}`,
        pieces.length === 2,
      ),
      claimCheck(
        "n-certificate",
        "Certificate: no δ outside the reported set improves every player at once",
        "—",
        `largest uniform gain ${show(result.certificate.paretoUniformGain)}, largest deviation gain ${show(result.certificate.maxDeviationGain)}`,
        result.certificate.paretoUniformGain <= 1e-9 && result.certificate.maxDeviationGain <= 1e-8,
      ),
    ];
    return {
      ...identity(this),
      caption:
        "G (cost α0²) and two specialists, D1 with cost 0.03 + (α − α0)² and D2 with cost (α − α0)², r(α) = α. D1 abstains once its share cannot cover its fixed cost; the Pareto set splits into two pieces.",
      parameters: scenario,
      data: { curves: data.curves, pareto: data.pareto, solutions: data.solutions, regimes: data.regimes },
      spec: utilityCurvesSpec(data, {
        title: "n specialists — utilities over δ with a disconnected Pareto set",
        subtitle: "φ0 = α0², φ_D1 = 0.03 + (α − α0)², φ_D2 = (α − α0)²",
      }),
      checks,
      warnings: result.warnings,
    };
  },
};
