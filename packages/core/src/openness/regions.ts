/**
 * The regions of the regulatory landscape: how the regulated equilibrium compares with the
 * unregulated one (each with its own δ in bargaining mode).
 *
 * Rules, applied in order (Δ = regulated − unregulated; "rises"/"falls" beyond both the relative
 * utility tolerance and `omegaTol` relative — the resolution to which ω and δ are located — and ω
 * compared to `omegaTol`):
 * 1. both outcomes identical (same δ and ω to `omegaTol`, utilities to `omegaTol` relative — a
 *    change below the resolution of ω — or G abstains in both) → "non-binding";
 * 2. G abstains under regulation only → "abstain";
 * 3. ω does not rise, U_G falls, U_D does not rise → "deadweight-loss" (the rule is ignored and
 *    the penalty is pure loss);
 * 4. ω rises, neither player loses → "pareto-improvement";
 * 5. ω rises, U_G falls, U_D rises → "transfer" (compliance moves utility from G to D);
 * 6. anything else → "other".
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193), finding 2
 */
import { strictlyBetter } from "../numerics/tolerances.js";

/** A region of the (θ, p) plane. */
export type RegulatoryRegion =
  | "non-binding"
  | "deadweight-loss"
  | "transfer"
  | "pareto-improvement"
  | "abstain"
  | "other";

/** Regions in the order of their numeric codes (landscape grids store codes). */
export const REGULATORY_REGIONS: readonly RegulatoryRegion[] = Object.freeze([
  "non-binding",
  "deadweight-loss",
  "transfer",
  "pareto-improvement",
  "abstain",
  "other",
]);

/** The quantities compared. `omega` null = G abstains. */
export interface RegionInputs {
  readonly delta: number | null;
  readonly omega: number | null;
  readonly uG: number;
  readonly uD: number;
}

/** Tolerance on ω when deciding whether openness rose (units of ω). */
export const OPENNESS_OMEGA_TOLERANCE = 1e-9;

/**
 * Classifies a regulated outcome against the unregulated one.
 * @example
 * classifyRegulatoryRegion({ delta: 0.5, omega: 0.6, uG: 0.1, uD: 0.5 }, { delta: 0.5, omega: 0.2, uG: 0.2, uD: 0.3 }, 1e-12) // "transfer"
 */
export function classifyRegulatoryRegion(
  reg: RegionInputs,
  unreg: RegionInputs,
  utilityTol: number,
  omegaTol = OPENNESS_OMEGA_TOLERANCE,
): RegulatoryRegion {
  if (reg.omega === null) return unreg.omega === null ? "non-binding" : "abstain";
  if (unreg.omega === null) return "other"; // regulation cannot create a market G would leave
  // Unchanged up to the resolution of ω and δ: utilities move by O(omegaTol) when ω or δ do, so
  // they are compared at that (relative) scale too, not only at the stricter utility tolerance.
  const same = (a: number, b: number): boolean =>
    Math.abs(a - b) <= omegaTol * Math.max(1, Math.abs(a), Math.abs(b));
  const above = (a: number, b: number): boolean => strictlyBetter(a, b, utilityTol) && !same(a, b);
  const gDown = above(unreg.uG, reg.uG);
  const dUp = above(reg.uD, unreg.uD);
  const dDown = above(unreg.uD, reg.uD);
  const wUp = reg.omega > unreg.omega + omegaTol;
  const wDown = reg.omega < unreg.omega - omegaTol;
  const sameDelta =
    reg.delta === null || unreg.delta === null
      ? reg.delta === unreg.delta
      : Math.abs(reg.delta - unreg.delta) <= omegaTol;
  if (!wUp && !wDown && sameDelta && same(reg.uG, unreg.uG) && same(reg.uD, unreg.uD)) return "non-binding";
  if (!wUp && gDown && !dUp) return "deadweight-loss";
  if (wUp && !gDown && !dDown) return "pareto-improvement";
  if (wUp && gDown && dUp) return "transfer";
  return "other";
}
