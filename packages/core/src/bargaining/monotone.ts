/**
 * The check of the solver's working assumption that between two neighbouring samples of one piece
 * every utility (and the revenue) is monotone, so that its maxima are the samples' local maxima
 * (refined in ./peaks.ts) and over a cell it lies between its ends' values (./pareto.ts). A wiggle
 * of the leading player's choice (G's investment moving along a wiggly cost) can make a utility dip
 * and rise again within one grid cell: its minimum and maximum are then both inside, and the
 * samples show a monotone run.
 */
import type { SolveContext } from "./context.js";
import type { BargainOutcome } from "./problem.js";
import type { Sample } from "./sampling.js";

/** A midpoint value outside its cell's end values by less than this fraction of the utility scale is round-off. */
const MONOTONE_NOISE = 1e-10;

/**
 * A cell is halved while the smallest margin (BargainOutcome.margin) at its ends and midpoint is
 * below this multiple of the margin's change over a half: it could reach 0 inside.
 */
const SWITCH_REACH = 2;

/** What {@link revealHiddenExtrema} did. */
export interface MonotoneReport {
  /** Midpoints evaluated. */
  readonly evaluations: number;
  /** Cells left unchecked when the budget ran out (0: every cell of every piece checked). */
  readonly unchecked: number;
}

/**
 * Evaluates the midpoint of every cell of a piece wider than `minWidth` beside an outcome chosen
 * among several local maxima (BargainOutcome.multimodal); where some utility or the
 * revenue there lies outside the values at the cell's ends (beyond round-off), the cell holds an
 * extremum no sample shows, and both halves are checked in turn, down to `minWidth`, so that the
 * samples bracket it (it is then refined with the other maxima).
 * Stops after `budget` evaluations.
 */
export function revealHiddenExtrema<O extends BargainOutcome>(
  ctx: SolveContext<O>,
  budget: number,
  minWidth: number,
): MonotoneReport {
  const { sampler, md: m } = ctx;
  const noise = MONOTONE_NOISE * ctx.scale;
  const all = sampler.sorted();
  const stack: [Sample, Sample][] = [];
  for (let i = all.length - 1; i > 0; i--) {
    const a = all[i - 1]!;
    const b = all[i]!;
    if (!(a.multimodal || b.multimodal) || !a.agreement || !b.agreement || a.sig !== b.sig) continue;
    if (b.delta - a.delta > minWidth) stack.push([a, b]);
  }
  let evaluations = 0;
  while (stack.length > 0 && evaluations < budget) {
    const [a, b] = stack.pop()!;
    const c = sampler.at(0.5 * (a.delta + b.delta));
    evaluations++;
    // another structure inside: located by resolveStructure, and each side checked on its own
    if (!c.agreement || c.sig !== a.sig) continue;
    const ua = a.dom;
    const ub = b.dom;
    const uc = c.dom;
    const outside = (x: number, y: number, z: number): boolean =>
      z > Math.max(x, y) + noise || z < Math.min(x, y) - noise;
    let hidden = outside(a.revenue, b.revenue, c.revenue);
    for (let p = 0; p < m && !hidden; p++) hidden = outside(ua[p]!, ub[p]!, uc[p]!);
    // the choice may give way to another kind inside and come back: its margin is within reach of
    // how much the margin varies over the halves
    if (!hidden && Number.isFinite(a.margin) && Number.isFinite(b.margin) && Number.isFinite(c.margin)) {
      const varies = Math.max(Math.abs(c.margin - a.margin), Math.abs(b.margin - c.margin));
      hidden = Math.min(a.margin, b.margin, c.margin) < SWITCH_REACH * varies;
    }
    if (!hidden) continue;
    for (const [x, y] of [
      [c, b],
      [a, c],
    ] as const) {
      if (y.delta - x.delta > minWidth) stack.push([x, y]);
    }
  }
  return { evaluations, unchecked: stack.length };
}
