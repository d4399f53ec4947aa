/**
 * Pareto dominance between utility vectors, with the tolerances that keep round-off from
 * creating or hiding dominance.
 */

/**
 * Slack allowed on "not worse", relative to max(1, |u|, |v|): 8 ulps. Utilities that are equal in
 * theory (a specialist held exactly at its outside option) differ by round-off, which must not
 * hide dominance. The slack must stay tiny: near a player's maximum its utility is flat to second
 * order, so a slack s lets points within √s of the maximum "dominate" it from the far side and
 * moves Pareto endpoints by √s (here ≈ 4e-8; 1e-14 moved them by 1e-7).
 */
export const NOT_WORSE_SLACK = 8 * Number.EPSILON;

/**
 * `a` Pareto-dominates `b`: nobody worse (up to {@link NOT_WORSE_SLACK} × the player's utility
 * scale), somebody better by more than `strictTol` × max(1, |a_i|, |b_i|).
 * @param scales per-player magnitude of utilities in the problem (round-off is relative to it);
 *   default max(1, |a_i|, |b_i|).
 */
export function dominates(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  strictTol: number,
  scales?: ArrayLike<number>,
): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const scale = Math.max(1, Math.abs(x), Math.abs(y));
    if (x < y - NOT_WORSE_SLACK * (scales === undefined ? scale : scales[i]!)) return false;
    if (!better && x > y + strictTol * scale) better = true;
  }
  return better;
}

/**
 * Each player's "not worse" slack: `relative` times that player's largest |utility| over
 * `vectors` (the bargains examined). Round-off is relative to each player's own magnitude (a
 * slack relative to the game's scale lets a player whose utility is a millionth of another's lose
 * unnoticed); the solver (./context.ts) and the fine-tuning checker share it.
 */
export function ownSlacks(
  vectors: Iterable<ArrayLike<number>>,
  players: number,
  relative: number,
): Float64Array {
  const out = new Float64Array(players);
  for (const u of vectors) for (let i = 0; i < players; i++) out[i] = Math.max(out[i]!, Math.abs(u[i]!));
  for (let i = 0; i < players; i++) out[i] = relative * out[i]!;
  return out;
}
