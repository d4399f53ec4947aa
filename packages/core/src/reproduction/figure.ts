/**
 * A reproduced figure: its data (plain rows), its plot specification, the parameters it was
 * computed with, and the numeric checks that compare our solvers with what the paper states.
 *
 * Conventions: a check passes when our value agrees with the paper's within the tolerance, or —
 * for a documented erratum — when our value agrees with the corrected statement (the erratum id
 * is recorded and the report shows it). Checks never depend on the plotting resolution: `quick`
 * only coarsens the grids that are drawn.
 */
import type { Row, VegaLiteSpec } from "../plots/spec.js";

/** The three papers. */
export type PaperId = "fine-tuning-games" | "defection-free-collaboration" | "openness-regulation";

/** One numeric check of a figure. */
export interface FigureCheck {
  readonly id: string;
  /** What is claimed, and where (section, proposition, figure). */
  readonly claim: string;
  /** The paper's value or statement. */
  readonly paper: string;
  /** Our value or finding. */
  readonly ours: string;
  /** Absolute tolerance, or null for a qualitative claim checked exactly. */
  readonly tolerance: number | null;
  readonly pass: boolean;
  /** Id of the documented erratum this check concerns, if any. */
  readonly erratum?: string;
}

/** A figure with its data, specification and checks. */
export interface Figure {
  readonly id: string;
  readonly paper: PaperId;
  /** "Figure 4", "Figure 2a–b", "n specialists", … */
  readonly label: string;
  readonly title: string;
  readonly caption: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Named tables of rows (each written as CSV). */
  readonly data: Readonly<Record<string, readonly Row[]>>;
  readonly spec: VegaLiteSpec;
  readonly checks: readonly FigureCheck[];
  readonly warnings: readonly string[];
}

/** Options of a figure builder. */
export interface FigureOptions {
  /** Coarser plotting grids (checks unchanged). Default false. */
  readonly quick?: boolean;
}

/** A figure that can be (re)built. */
export interface FigureDefinition {
  readonly id: string;
  readonly paper: PaperId;
  readonly label: string;
  readonly title: string;
  build(options?: FigureOptions): Figure;
}

/** A built figure's identity fields, taken from its definition (every builder starts its result with them). */
export function identity(d: Pick<FigureDefinition, "id" | "paper" | "label" | "title">) {
  return { id: d.id, paper: d.paper, label: d.label, title: d.title };
}

/** Compact number formatting for check tables (6 significant digits). */
export function show(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  const r = Number(x.toPrecision(6));
  return Object.is(r, -0) ? "0" : String(r);
}

/** A check of a number against the paper's value within an absolute tolerance. */
export function numericCheck(
  id: string,
  claim: string,
  paper: number,
  ours: number,
  tolerance: number,
  extra: { paperText?: string; erratum?: string } = {},
): FigureCheck {
  return {
    id,
    claim,
    paper: extra.paperText ?? show(paper),
    ours: show(ours),
    tolerance,
    pass: Number.isFinite(ours) && Math.abs(ours - paper) <= tolerance,
    ...(extra.erratum === undefined ? {} : { erratum: extra.erratum }),
  };
}

/** A qualitative claim checked exactly (over a stated range of parameters). */
export function claimCheck(
  id: string,
  claim: string,
  paper: string,
  ours: string,
  pass: boolean,
  erratum?: string,
): FigureCheck {
  return { id, claim, paper, ours, tolerance: null, pass, ...(erratum === undefined ? {} : { erratum }) };
}

/** n values spaced evenly on a log scale from `from` to `to`. */
export function logGrid(from: number, to: number, n: number): number[] {
  if (n <= 1) return [from];
  const a = Math.log(from);
  const b = Math.log(to);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? to : Math.exp(a + ((b - a) * i) / (n - 1))));
}

/** n values spaced evenly from `from` to `to`. */
export function linGrid(from: number, to: number, n: number): number[] {
  if (n <= 1) return [from];
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? to : from + ((to - from) * i) / (n - 1)));
}
