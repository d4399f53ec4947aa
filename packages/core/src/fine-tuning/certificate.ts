/**
 * Certificates for an equilibrium: for every player's stage choice, the best gain found by
 * deviating (checked on an independent grid, including abstaining / staying out) and, where the
 * choice is interior and smooth, the first-order residual. A user can check these numbers
 * without trusting the solver.
 */
import { type Equilibrium, type EquilibriumOptions, generalistValue } from "./equilibrium.js";
import type { FineTuningGame } from "./model.js";

export interface PlayerCertificate {
  /** max over checked deviations of (deviation utility − equilibrium utility); ≤ ~0 certifies. */
  readonly deviationGain: number;
  /** First-order residual ∂U/∂(own choice) at an interior choice; null at a boundary or abstention. */
  readonly focResidual: number | null;
  readonly checkedPoints: number;
}

export interface EquilibriumCertificate {
  readonly generalist: PlayerCertificate;
  readonly specialists: readonly PlayerCertificate[];
  /** Largest deviation gain over all players. */
  readonly maxDeviationGain: number;
}

/** Options of {@link certifyEquilibrium}. */
export interface CertificateOptions extends EquilibriumOptions {
  /** Points of each deviation grid. Default 64. */
  readonly checkPoints?: number;
}

/** Checks an equilibrium against unilateral deviations at each stage. */
export function certifyEquilibrium(
  game: FineTuningGame,
  eq: Equilibrium,
  options: CertificateOptions = {},
): EquilibriumCertificate {
  const K = options.checkPoints ?? 64;
  const delta = eq.delta;
  const share = 1 - delta;
  const a0 = eq.alpha0;
  const specialists: PlayerCertificate[] = game.specialists.map((s, i) => {
    if (a0 === null) return { deviationGain: 0, focResidual: null, checkedPoints: 0 };
    const u = eq.utilities[i + 1]!;
    const g = (a: number): number => share * s.revenue.value(a) - s.cost.value(a, a0);
    const ai = eq.alphas[i] ?? null;
    const span = 2 * ((ai ?? a0) - a0) + 1;
    let best = s.disagreement; // abstaining
    for (let j = 0; j <= K; j++) best = Math.max(best, g(a0 + (span * j) / K));
    const focResidual = ai !== null && ai > a0 ? share * s.revenue.derivative(ai) - s.cost.dA(ai, a0) : null;
    return { deviationGain: best - u, focResidual, checkedPoints: K + 2 };
  });
  let generalist: PlayerCertificate = { deviationGain: 0, focResidual: null, checkedPoints: 0 };
  if (a0 !== null) {
    const uG = (x: number): number => generalistValue(game, x, delta, eq.method, options);
    let best = game.generalist.disagreement; // staying out
    const span = 2 * a0 + 1;
    for (let j = 0; j <= K; j++) best = Math.max(best, uG((span * j) / K));
    const h = 1e-6 * Math.max(1, a0);
    const focResidual = a0 > h ? (uG(a0 + h) - uG(a0 - h)) / (2 * h) : null;
    generalist = { deviationGain: best - eq.utilities[0]!, focResidual, checkedPoints: K + 2 };
  } else {
    // G stayed out: the certificate is the best utility it could have had by entering
    generalist = { deviationGain: 0, focResidual: null, checkedPoints: 0 };
  }
  const maxDeviationGain = Math.max(generalist.deviationGain, ...specialists.map((c) => c.deviationGain));
  return { generalist, specialists, maxDeviationGain };
}
