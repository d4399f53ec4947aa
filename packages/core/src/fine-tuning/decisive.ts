/**
 * The few specialists whose utilities decide Pareto dominance in a polynomial fine-tuning game with
 * linear revenues (BargainingProblem.decisive), so that the bargaining certificate's checks cost
 * O(decisive players) rather than O(n) per sample with many specialists.
 *
 * Why few suffice. With cost F_i + c_i·(α − α0)^k_i and revenue s_i·α, a specialist who joins at δ
 * gets P_i(δ) = s_i·a(δ) + w_i·β_k(δ) − F_i (./equilibriumPolynomial.ts, Theorem 3.1), where
 * a = (1 − δ)·α0(δ) is shared by all, β_k(δ) = (1 − δ)^{k/(k−1)} depends on δ and the exponent, and
 * w_i = (1 − 1/k)·s_i^{k/(k−1)}·(k·c_i)^{−1/(k−1)}; it joins iff P_i ≥ d_i, else gets d_i. So
 * U_i = max(P_i, d_i). Let ρ_i = w_i/s_i and γ_i = (F_i + d_i)/s_i: i strictly gains from
 * joining at δ iff a(δ) + ρ_i·β_k(δ) > γ_i.
 * - δ′ leaves specialist i at least as well off as δ iff i does not strictly gain at δ, or
 *   Δa + ρ_i·Δβ_k ≥ 0 (Δ from δ to δ′). Among the specialists of one exponent who gain at δ, this
 *   is linear in ρ_i: it holds for all of them iff it holds for the smallest and the largest ρ.
 * - Specialist j *covers* i from above when ρ_j ≥ ρ_i and j gains wherever i does, for every
 *   a ≥ 0 and β ∈ [0, 1]; γ_j ≤ γ_i suffices given ρ_j ≥ ρ_i, and the specialists no other covers
 *   this way are among the staircase of maxima of (ρ, −γ). From below: ρ_j ≤ ρ_i and j gains
 *   wherever i does (see gainsWherever). Ties are broken by index.
 * - Following covers from the largest-ρ (smallest-ρ) gainer at any δ ends at an uncovered gainer
 *   with the same ρ. So G and the uncovered specialists of each exponent decide whether δ′ leaves
 *   everyone at least as well off as δ. Someone strictly better: where G and they are all
 *   indifferent and two of them differ in ρ, Δa = Δβ = 0, so δ′ = δ (β is strictly decreasing);
 *   what is left is round-off, within the solver's tolerances.
 * For n random specialists the staircase holds O(log n) points, and so, in practice, does the other set.
 */
import type { PackedPolynomial } from "./packed.js";

/**
 * Each specialist's line of participation, a + ρ·β_k against γ (see the module comment), and the
 * specialists of each exponent k.
 */
export interface ParticipationLines {
  readonly rho: Float64Array;
  readonly gamma: Float64Array;
  readonly groups: ReadonlyMap<number, readonly number[]>;
}

/**
 * The specialists' lines, or null when the closed form does not hold for one (a slope, cost
 * coefficient or exponent outside s > 0, c > 0, 1 < k < ∞, or a parameter that is not finite).
 */
export function participationLines(p: PackedPolynomial): ParticipationLines | null {
  const { ns } = p;
  const rho = new Float64Array(ns);
  const gamma = new Float64Array(ns);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < ns; i++) {
    const s = p.slope[i]!;
    const c = p.c[i]!;
    const k = p.k[i]!;
    const F = p.fixed[i]!;
    const d = p.disagreement[i]!;
    if (!(s > 0 && c > 0 && k > 1 && Number.isFinite(s + c + k + F + d))) return null;
    // w/s = (1 − 1/k)·s^{1/(k−1)}·(k c)^{−1/(k−1)} = (1 − 1/k)·(s/(k c))^{1/(k−1)}
    rho[i] = (1 - 1 / k) * (s / (k * c)) ** (1 / (k - 1));
    gamma[i] = (F + d) / s;
    if (!Number.isFinite(rho[i]!) || !Number.isFinite(gamma[i]!)) return null;
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [i]);
    else g.push(i);
  }
  return { rho, gamma, groups };
}

/**
 * Player indices (G = 0, specialist i = i + 1) that decide dominance among specialists with these
 * lines, or null when they would be more than `cap` players.
 */
export function decisivePlayers(lines: ParticipationLines, cap: number): number[] | null {
  const { rho, gamma, groups } = lines;
  const keep = new Set<number>();
  for (const members of groups.values()) {
    for (const i of uncoveredFromAbove(members, rho, gamma)) keep.add(i);
    if (keep.size + 1 > cap) return null;
    for (const i of uncoveredFromBelow(members, rho, gamma, cap - keep.size)) keep.add(i);
    if (keep.size + 1 > cap) return null;
  }
  return [0, ...[...keep].sort((a, b) => a - b).map((i) => i + 1)];
}

/**
 * −1, 0 or 1 as a is below, equal to or above b (finite numbers): the sign of a − b, without a new
 * heap number at every comparison of a sort, as a difference of doubles returned to it makes.
 */
function compare(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The members no other covers from above: the staircase of maxima of (ρ, −γ), ties by index. */
function uncoveredFromAbove(members: readonly number[], rho: Float64Array, gamma: Float64Array): number[] {
  const order = [...members].sort(
    (i, j) => compare(rho[j]!, rho[i]!) || compare(gamma[i]!, gamma[j]!) || i - j,
  );
  const out: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  for (const i of order) {
    // an earlier member has ρ ≥ and, if its γ is ≤, covers i
    if (gamma[i]! < best) {
      out.push(i);
      best = gamma[i]!;
    }
  }
  return out;
}

/**
 * Whether j gains from joining wherever i does, for every a ≥ 0 and β ∈ [0, 1] (i gains iff
 * a > T_i(β) = γ_i − ρ_i·β): wherever T_j(β) ≥ 0, T_j(β) ≤ T_i(β). T_j is decreasing (ρ_j > 0),
 * so that is β ∈ [0, b*] with b* = min(1, γ_j/ρ_j), and a linear condition holds on it iff it holds
 * at both ends. (γ_j < 0: j gains everywhere.)
 */
function gainsWherever(j: number, i: number, rho: Float64Array, gamma: Float64Array): boolean {
  const gj = gamma[j]!;
  if (gj < 0) return true;
  const gi = gamma[i]!;
  if (!(gj <= gi)) return false;
  const b = Math.min(1, gj / rho[j]!);
  return gj - rho[j]! * b <= gi - rho[i]! * b;
}

/**
 * The members no other covers from below (ρ_j ≤ ρ_i and j gains wherever i does; ties by index),
 * or those found before more than `cap` are: a sweep in increasing ρ, each member tested against
 * the uncovered ones before it (covering is transitive, so they suffice).
 */
function uncoveredFromBelow(
  members: readonly number[],
  rho: Float64Array,
  gamma: Float64Array,
  cap: number,
): number[] {
  const order = [...members].sort(
    (i, j) => compare(rho[i]!, rho[j]!) || compare(gamma[i]!, gamma[j]!) || i - j,
  );
  const out: number[] = [];
  for (const i of order) {
    // the latest first: they are the likeliest to cover (closest in ρ)
    let covered = false;
    for (let k = out.length - 1; k >= 0 && !covered; k--) covered = gainsWherever(out[k]!, i, rho, gamma);
    if (covered) continue;
    out.push(i);
    if (out.length > cap) return out;
  }
  return out;
}
