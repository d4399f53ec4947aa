/**
 * What the two figures of utilities against the revenue share δ share (the per-player figure,
 * ./utilityCurves.ts, and the many-specialists figure, ./crowdCurves.ts): the δ grid their curves
 * are sampled on.
 */

/**
 * The figure's δ grid: `points` evenly spaced over [0, 1], plus the Pareto endpoints and the
 * solutions' δ (null: no δ, skipped), increasing and without repeats.
 * @example
 * curveGrid(3, [[0.2, 0.5]], [0.3, null]) // [0, 0.2, 0.3, 0.5, 1]
 */
export function curveGrid(
  points: number,
  pareto: readonly (readonly [number, number])[],
  solutionDeltas: readonly (number | null)[],
): number[] {
  const ds = new Set<number>();
  for (let i = 0; i < points; i++) ds.add(i / (points - 1));
  for (const [a, b] of pareto) ds.add(a).add(b);
  for (const d of solutionDeltas) if (d !== null) ds.add(d);
  return [...ds].sort((a, b) => a - b);
}
