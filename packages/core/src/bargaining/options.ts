/**
 * The bargaining solver's options, result and certificate (./solve.ts solves; the constants the
 * options' defaults name are there too).
 */
import type { Tolerances } from "../numerics/tolerances.js";
import type { BargainOutcome, BargainSolution, SolutionMap } from "./problem.js";

/** Options of solveBargaining (./solve.ts); every field is optional. */
export interface BargainingOptions {
  /**
   * Problems with at most this many players get every check the certificate rests on (each
   * player's maxima refined, cells beside multimodal outcomes checked for extrema between their
   * ends, close calls of dominance resolved, every change of structure located); above it the
   * solver keeps to what scales (see ./solve.ts's MANY_PLAYERS) and the bargaining certificate is not
   * claimed. Default 64. Raise it to certify larger problems: the checks cost about
   * O(players × samples) evaluations' worth of reading, and seconds at a few hundred players.
   */
  readonly fullChecksMaxPlayers?: number;
  /** Number of grid intervals over δ ∈ [0, 1] sampled before refinement. Default 256. */
  readonly gridSize?: number;
  /** Tolerances (δ width for endpoints, breakpoints and maximisers; relative utility strictness). */
  readonly tolerances?: Partial<Tolerances>;
  /** Relative tolerance under which objective values count as tied. Default 1e-9. */
  readonly tieTolerance?: number;
  /**
   * Cap on Brent refinements of players' maxima; above it, the brackets holding maxima are
   * subdivided instead (for very many players). Default: no cap up to fullChecksMaxPlayers players, else 64.
   */
  readonly maxPeakRefinements?: number;
  /** Sub-intervals per bracket when the cap above is exceeded. Default 32. */
  readonly subdivision?: number;
  /**
   * Gaps between Pareto intervals narrower than this (δ units) are closed. Near a flat maximum a
   * utility is resolved only to ~√ε ≈ 1e-8 in δ, so round-off can cut slivers out of an interval.
   * Default 1e-7.
   */
  readonly paretoGap?: number;
  /** Which players get a `powerful-<name>` solution: "all" (default) or a list of names. */
  readonly powerful?: "all" | readonly string[];
  /** Cap on extra samples spent subdividing brackets of utility maxima. Default 512. */
  readonly peakSampleBudget?: number;
  /**
   * Cap on changes of structure located by bisection; beyond it only changes of agreement are
   * located, and the rest is reported. Default 512 (MAX_BREAKPOINTS), or 16 above
   * fullChecksMaxPlayers players (MANY_PLAYERS_MAX_BREAKPOINTS: each equilibrium then costs
   * O(n log n), and thousands of specialists change regime at hundreds of δ). The fine-tuning
   * polynomial path sets its own up to 100,000 specialists (a budget in changes ×
   * specialists: fine-tuning/limits.ts's POLYNOMIAL_BREAKPOINT_ITEMS).
   */
  readonly maxBreakpoints?: number;
  /**
   * Cap on samples spent checking the continuity of the outcomes' branch coordinate (see
   * BargainOutcome.branch and ./sampling.ts's resolveJumps). Default 4000.
   */
  readonly jumpBudget?: number;
  /**
   * Cap on midpoints evaluated checking that every utility is monotone between neighbouring
   * samples (see ./monotone.ts; up to fullChecksMaxPlayers players). Default 8 × gridSize.
   */
  readonly monotoneBudget?: number;
  /** Cap on samples spent resolving close calls of dominance (see ./pareto.ts). Default 4000. */
  readonly closeCallBudget?: number;
  /** Close calls are resolved for problems with at most this many players. Default: fullChecksMaxPlayers. */
  readonly closeCallMaxPlayers?: number;
  /**
   * Bytes of sampled utility vectors kept in memory; beyond it, vectors are rebuilt when read if
   * the model can (the answer is the same). Default 1 GiB (VECTOR_MEMORY_BUDGET, ./sampling.ts);
   * the fine-tuning solver's polynomial path sets 0 above 10,000 specialists
   * (POLYNOMIAL_KEEP_VECTORS_UP_TO).
   */
  readonly vectorMemory?: number;
  /**
   * Whether changes of structure in cells the model's bounds prove dominated are left unlocated
   * (BargainingProblem.cellBounds; ./bounded.ts). Default true; false locates every change.
   */
  readonly boundedCells?: boolean;
  /**
   * Whether cells of one structure are proven free of hidden windows where the model can
   * (BargainingProblem.sameStructure; ./smooth.ts). Default true; false takes equal structure at a
   * cell's ends to mean no change inside, as for models without the proof.
   */
  readonly structureProofs?: boolean;
}

/** What solveBargaining (./solve.ts) returns. */
export interface BargainingResult<O extends BargainOutcome = BargainOutcome> {
  /** Pareto set as disjoint closed intervals in increasing order (a point is [x, x]); empty = disagreement. */
  readonly pareto: readonly (readonly [number, number])[];
  /** Every solution, keyed by id (`powerful-<name>` for each player). */
  readonly solutions: SolutionMap<BargainSolution<O>>;
  /** Names of the parties (players who gain somewhere on the Pareto set). */
  readonly parties: readonly string[];
  /** "agreement" if some δ gives a bargain, "disagreement" otherwise. */
  readonly status: "agreement" | "disagreement";
  readonly warnings: readonly string[];
  /** Evidence: how δ was examined, and what could not be certified. */
  readonly certificate: BargainingCertificate;
}

/** The bargaining solver's certificate. */
export interface BargainingCertificate {
  readonly gridSize: number;
  readonly samples: number;
  readonly evaluations: number;
  /** Width of the final bisection bracket of every Pareto endpoint and breakpoint (δ units). */
  readonly endpointTolerance: number;
  /** Changes of the outcome's structure located by bisection. */
  readonly breakpoints: number;
  /** Changes of structure left at the samples' resolution (very many players). */
  readonly unresolvedBreakpoints: number;
  /**
   * Cells whose changes of structure were left unlocated because the model's bounds prove every
   * bargain in them dominated by a sample, and their revenue below the best examined (see
   * BargainingProblem.cellBounds and ./bounded.ts).
   */
  readonly boundedCells: number;
  /**
   * Stretches of one structure the model proved free of hidden windows (BargainingProblem.sameStructure
   * and ./smooth.ts; 0 when it offers no such proof).
   */
  readonly provenStretches: number;
  /** Cells of one structure left without that proof (0 certifies them; always 0 without the proof). */
  readonly unprovenCells: number;
  /**
   * Cells within CHANGE_NEIGHBOURHOOD δ tolerances of a located change of structure, where no proof
   * is sought (./smooth.ts): the resolution of the proofs, as the δ tolerance is the breakpoints'.
   */
  readonly cellsNearChanges: number;
  /** Jumps of the outcomes' branch coordinate within one signature, located and cut (see BargainOutcome.branch). */
  readonly jumps: number;
  /** Cells whose branch continuity was left unchecked when the budget ran out (0 certifies it). */
  readonly unresolvedJumps: number;
  /**
   * Cells of a piece not checked for an extremum between their ends when the budget ran out (0
   * certifies it; not checked at all above fullChecksMaxPlayers players, and then not certified).
   */
  readonly uncheckedCells: number;
  /** Close calls of dominance left unresolved when the budget ran out (0 certifies the set). */
  readonly unresolvedCloseCalls: number;
  /** Whether close calls were checked (problems with at most `closeCallMaxPlayers` players). */
  readonly closeCallsChecked: boolean;
  /**
   * The largest gain that every player could obtain at once by moving from a sampled Pareto point
   * to any other examined bargain: max over p in the set, q of min_P (U_P(q) − U_P(p)). At most 0
   * (up to round-off) certifies that no examined bargain improves on the set for all.
   */
  readonly largestUniformGain: number;
  /**
   * The largest uniform gain the certificate takes for round-off: 1e-8 of the utility scale (the
   * largest |utility| examined). Where the outcome jumps at a change of structure, located to the δ
   * tolerance, the samples either side may leave a sliver narrower than that tolerance where one
   * dominates the other by up to the jump.
   */
  readonly uniformGainAllowance: number;
  /**
   * For each solution, how much better its objective is at the best bargain examined (in its
   * pool: the Pareto set, or every bargain for max-performance) than at the reported δ. At most
   * the tie band certifies optimality over everything examined.
   */
  readonly optimalityGaps: Readonly<Record<string, number>>;
  /** Outcomes whose own inner solve reported uncertainty (see BargainOutcome.uncertain). */
  readonly uncertainOutcomes: number;
  /**
   * Parties outside BargainingProblem.decisive (and without a powerful solution) whose best
   * utility on the Pareto set, the ideal point of Kalai–Smorodinsky, is a sample inside an interval
   * rather than a refined maximum or an interval's end (0 certifies the ideal point; they matter
   * only where some bargain gives every party a gain, as Kalai–Smorodinsky's objective is 0
   * throughout otherwise).
   */
  readonly unrefinedIdeals: number;
  /**
   * Players over whose utilities dominance was checked: BargainingProblem.decisive's count when the
   * problem declares one, else every player.
   */
  readonly dominancePlayers: number;
  /**
   * True when every check above holds (nothing left unresolved, no optimality gap, no uniform gain)
   * and every check was made: at most fullChecksMaxPlayers players, every player's maximum refined.
   */
  readonly certified: boolean;
}
