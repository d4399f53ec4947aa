/**
 * The result of a bargaining problem in which no δ ∈ [0, 1] yields a bargain: every solution is
 * the disagreement point, and the certificate holds unless an outcome's inner solve was uncertain.
 */

import type { BargainingResult } from "./options.js";
import type { BargainOutcome, BargainSolution, SolutionId, SolutionMap } from "./problem.js";
import type { Sampler } from "./sampling.js";

export function disagreement<O extends BargainOutcome>(
  powerful: readonly string[],
  sampler: Sampler<O>,
  gridSize: number,
  warnings: string[],
  dominancePlayers: number,
): BargainingResult<O> {
  const ids: SolutionId[] = [
    "nash",
    "kalai-smorodinsky",
    "egalitarian",
    "utilitarian",
    "max-performance",
    ...powerful.map((p) => `powerful-${p}` as const),
  ];
  const solutions: Record<string, BargainSolution<O>> = {};
  for (const id of ids) {
    solutions[id] = { id, delta: null, outcome: null, objective: 0, ties: [], inParetoSet: false };
  }
  warnings.push(
    "disagreement: no revenue share δ ∈ [0, 1] yields a bargain; every player gets its disagreement payoff",
  );
  return {
    pareto: [],
    solutions: solutions as SolutionMap<BargainSolution<O>>,
    parties: [],
    status: "disagreement",
    warnings,
    certificate: {
      gridSize,
      samples: sampler.byDelta.size,
      evaluations: sampler.evaluations,
      endpointTolerance: 0,
      breakpoints: 0,
      unresolvedBreakpoints: 0,
      boundedCells: 0,
      provenStretches: 0,
      unprovenCells: 0,
      cellsNearChanges: 0,
      jumps: 0,
      unresolvedJumps: 0,
      uncheckedCells: 0,
      unresolvedCloseCalls: 0,
      closeCallsChecked: true,
      largestUniformGain: 0,
      uniformGainAllowance: 0,
      optimalityGaps: {},
      uncertainOutcomes: sampler.uncertainOutcomes,
      unrefinedIdeals: 0,
      dominancePlayers,
      certified: sampler.uncertainOutcomes === 0,
    },
  };
}
