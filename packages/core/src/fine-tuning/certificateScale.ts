/**
 * The scales of the equilibrium certificate (./certificate.ts): the unit its tolerances are at
 * least relative to, and a specialist's first-order residual read at the precision of its α.
 */
import type { FineTuningGame } from "./model.js";
import type { Equilibrium } from "./outcome.js";

/**
 * A specialist's first-order residual f(α) at its choice α > a0, or 0 where it is within what a
 * step of one double in α changes it by (a0 included as the lower neighbour): the root is then as
 * close as double precision can place α. With a cost exponent near 1 the contribution α − a0 is
 * resolved only to an ulp of α (((1−δ)·s/(k·c))^{1/(k−1)} = 4e-17 for k = 1.05, an ulp 5.5e-17),
 * and c·k·(α − a0)^{k−1} jumps between neighbouring doubles: the residual at the rounded α read
 * −7.5e-3 at an optimum whose deviation gain was 0. An α off its optimum by far more than an ulp
 * keeps its residual.
 */
export function resolvedResidual(f: (a: number) => number, ai: number, a0: number): number {
  const r = f(ai);
  const step = ai * Number.EPSILON;
  let spread = 0;
  for (const x of [Math.max(a0, ai - step), ai + step]) {
    const rx = f(x);
    if (Number.isFinite(rx)) spread = Math.max(spread, Math.abs(rx - r));
  }
  return Math.abs(r) <= spread ? 0 : r;
}

/**
 * The equilibrium's unit of utility, the floor of its certificate's tolerances: min(1, the largest
 * of its revenue and every player's |utility| and |outside option|). It scales with the units of
 * utility (the equilibria do not change when every cost, revenue and outside option is multiplied
 * by λ), and it is 1 for games whose utilities or revenue reach 1, as the floor was.
 */
export function equilibriumUnit(game: FineTuningGame, eq: Equilibrium): number {
  let size = Math.max(Math.abs(eq.revenue), Math.abs(game.generalist.disagreement));
  const u = eq.utilities;
  for (let i = 0; i < u.length; i++) size = Math.max(size, Math.abs(u[i]!));
  for (const s of game.specialists) size = Math.max(size, Math.abs(s.disagreement));
  return size > 0 && Number.isFinite(size) ? Math.min(1, size) : 1;
}
