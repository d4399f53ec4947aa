/**
 * Pareto dominance between utility vectors, with the tolerances that keep round-off from
 * creating or hiding dominance.
 */

/**
 * Relative slack allowed on "not worse": none. Near a player's maximum its utility is flat to
 * second order, so any slack s lets points within √s of the maximum "dominate" it from the far
 * side and moves Pareto endpoints by √s (1e-14 moved them by 1e-7). Exact comparison errs the
 * other way — round-off can keep a dominated point — which only widens the set by ~√ε ≈ 1e-8.
 */
export const NOT_WORSE_SLACK = 0;

/** `a` Pareto-dominates `b`: nobody worse (up to {@link NOT_WORSE_SLACK}), somebody better by > strictTol. */
export function dominates(a: ArrayLike<number>, b: ArrayLike<number>, strictTol: number): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const scale = Math.max(1, Math.abs(x), Math.abs(y));
    if (x < y - NOT_WORSE_SLACK * scale) return false;
    if (!better && x > y + strictTol * scale) better = true;
  }
  return better;
}
