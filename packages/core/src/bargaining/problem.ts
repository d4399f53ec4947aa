/**
 * A bargaining problem over one revenue share δ ∈ [0, 1], shared by every model of the toolkit.
 *
 * Conventions: players are indexed 0..m−1 (player 0 is the generalist in the fine-tuning and
 * openness models). For each δ the model reports the subgame-perfect outcome: whether the bargain
 * forms at all (`agreement`; if not, every player gets its disagreement payoff), each player's
 * utility, and the total revenue (used by the maximum-performance solution). Gains are measured
 * from the disagreement point.
 */

/** What a model reports at one δ. */
export interface BargainOutcome {
  /** False when the bargain does not form at this δ (e.g. the generalist stays out). */
  readonly agreement: boolean;
  /** Utilities of the players, in the problem's player order. */
  readonly utilities: ArrayLike<number>;
  /** Total revenue created (Σ r_i(α_i) over participants): the maximum-performance objective. */
  readonly revenue: number;
  /**
   * The outcome's discrete structure (who participates, how the leading player chose), when the
   * model reports it: equal signatures over an interval of δ promise that the outcome is smooth
   * there. Changes of signature are located as breakpoints by the solver.
   */
  readonly signature?: string;
  /**
   * A coordinate of the outcome that moves continuously in δ within one piece of structure (in
   * fine-tuning games, G's α0 plus every performance), reported when the signature may not tell the
   * players' candidates apart (G's utility over α0 has several local maxima, and the rank of the
   * chosen one is no identity: ranks shift where a lower maximum vanishes; a specialist may jump
   * between local maxima of its own utility too). The solver then checks its continuity between
   * neighbouring samples and cuts the piece where it jumps (see ../bargaining/sampling.ts).
   */
  readonly branch?: number;
  /**
   * Whether a player chose among several local maxima (G's utility over α0 has more than one, or
   * a specialist's in α may): its choice, and every utility with it, can then dip and rise within one grid cell, and the
   * solver checks the cells beside such an outcome for extrema between samples (../bargaining/monotone.ts).
   */
  readonly multimodal?: boolean;
  /**
   * How far the leading player's choice is from giving way to another kind of choice inside its
   * stretch, in units that vary smoothly with δ (at G's threshold choice: minus the slope of U_G
   * just past the threshold; an interior maximum is born where it reaches 0). Where it is small
   * compared with how much it varies over a cell, the choice may switch inside the cell and back —
   * a window of another structure that the cell's ends do not show — and the cell is halved
   * (../bargaining/monotone.ts).
   */
  readonly margin?: number;
  /** Set when the model's own inner solve could not be certified at this δ (a one-line reason). */
  readonly uncertain?: string;
  /**
   * Recomputes `utilities` bit for bit from what the outcome keeps (without solving again), so
   * that with very many players the solver can drop stored vectors and stay within its memory
   * budget (see ../bargaining/sampling.ts); into `into` when given (of the same length). Must not
   * hold on to `utilities` itself.
   */
  readonly rebuildUtilities?: (into?: Float64Array) => Float64Array;
}

/** A bargaining problem over δ ∈ [0, 1]. */
export interface BargainingProblem<O extends BargainOutcome = BargainOutcome> {
  /** Player names; solutions are keyed `powerful-<name>`. */
  readonly players: readonly string[];
  /** Disagreement payoffs, same order as `players`. */
  readonly disagreement: ArrayLike<number>;
  /** Subgame-perfect outcome at δ. Must be deterministic; it is memoised by the solver. */
  evaluate(delta: number): O;
  /**
   * Hands back an outcome's utility vector that the solver will not read again: the model may
   * write a later outcome into it (with a million players, 8 MB less garbage per δ). Optional.
   */
  recycle?(utilities: Float64Array): void;
  /** δ values where the outcome is known to change regime (kinks, jumps): always sampled. */
  readonly breakpoints?: readonly number[];
  /**
   * Indices of players whose utilities decide dominance, when the model can prove that few do: for
   * any two bargains δ, δ′, every player is at least as well off at δ′ as at δ, and one better, iff
   * that holds for these players alone (up to the solver's round-off tolerances). The solver then
   * makes its dominance checks over these players only (the Pareto set, its close calls, the
   * uniform gain, extrema between samples and the refined maxima), and counts them, not all players,
   * against `fullChecksMaxPlayers`; the objectives still read every player. A model that declares a
   * set must include every player whose dominance it cannot reduce to the others (fine-tuning's
   * exact path: ../fine-tuning/decisive.ts). Default: every player.
   */
  readonly decisive?: readonly number[];
  /**
   * Every player's best utility over stretches of δ, each [lo, hi] between samples of one
   * structure (signature), `at` a sampled δ inside, to within 1e-12 of `scale` (the problem's
   * largest |utility|); NaN for a player the model leaves to the solver, null when it cannot. With
   * `decisive`, the solver refines only the decisive players' maxima, and takes the ideal points of
   * Kalai–Smorodinsky for the others from here (fine-tuning's exact path: ../fine-tuning/ideals.ts).
   */
  bestUtilities?(
    stretches: readonly { readonly lo: number; readonly hi: number; readonly at: number }[],
    scale: number,
  ): ArrayLike<number> | null;
  /**
   * Upper bounds over a cell [lo, hi] of δ, whatever the outcome's structure inside: at every δ of
   * the cell where the bargain forms, player `decisive[j]`'s utility is at most `upper[j]` (every
   * player's, in order, without `decisive`) and the revenue at most `revenue`. The solver then
   * leaves a change of structure in the cell unlocated when a sample dominates the bounds and the
   * revenue examined beats them (./bounded.ts); null when the model cannot bound the cell
   * (fine-tuning's exact path: ../fine-tuning/cellBounds.ts). `revenueBelow` is the revenue the
   * bound must be below to be of use: a model may spend more on a sharper bound where a first one
   * is not.
   */
  cellBounds?(
    lo: number,
    hi: number,
    revenueBelow?: number,
  ): { readonly upper: ArrayLike<number>; readonly revenue: number } | null;
  /**
   * Whether the model proves that the outcome's structure (agreement and signature) is the same at
   * every δ of [lo, hi] as at its ends, two δ the solver has evaluated and found of one structure:
   * no window of another structure hides inside. With it the solver halves every cell of one
   * structure it cannot prove, down to the δ tolerance, and claims its certificate only when none
   * is left (./smooth.ts); without it, equal structure at a cell's ends is taken to mean no change
   * inside (fine-tuning's exact path: ../fine-tuning/cellStructure.ts).
   */
  sameStructure?(lo: number, hi: number): boolean;
  /**
   * The decisive players' utilities (Sample.dom order) and then the revenue as a closed form of δ
   * along the piece of structure between two evaluated δ of one structure, `lo` < `hi`: a function
   * writing them into `into` (length: decisive players + 1), far cheaper than an outcome. The
   * solver locates maxima on it (./peaks.ts), evaluates the outcome where it puts one, and refines
   * on outcomes where the two disagree beyond round-off. Null when the model cannot (fine-tuning's
   * exact path with `decisive`: ../fine-tuning/piece.ts).
   */
  piece?(lo: number, hi: number): ((delta: number, into: Float64Array) => void) | null;
  /**
   * The same for every player (`into`: players + 1, the revenue last), for the objectives, which
   * read every player (./maximise.ts refines a solution's maximum on it the same way). Optional.
   */
  pieceUtilities?(lo: number, hi: number): ((delta: number, into: Float64Array) => void) | null;
}

/** The bargaining solutions of the toolkit (powerful-P for every player P). */
export type SolutionId =
  | "nash"
  | "kalai-smorodinsky"
  | "egalitarian"
  | "utilitarian"
  | "max-performance"
  | `powerful-${string}`;

/** The solutions every result has (besides `powerful-<name>` for each specialist). */
export type CoreSolutionId =
  | "nash"
  | "kalai-smorodinsky"
  | "egalitarian"
  | "utilitarian"
  | "max-performance"
  | "powerful-G";

/** Solutions keyed by id: the core ones always present, `powerful-<name>` per player. */
export type SolutionMap<T> = Readonly<Record<CoreSolutionId, T>> & Readonly<Partial<Record<SolutionId, T>>>;

/** One bargaining solution. `delta` is null when no bargain forms anywhere (disagreement). */
export interface BargainSolution<O extends BargainOutcome = BargainOutcome> {
  readonly id: SolutionId;
  readonly delta: number | null;
  /** The outcome at `delta` (null under disagreement). */
  readonly outcome: O | null;
  /** The objective's value at `delta`. */
  readonly objective: number;
  /**
   * When several δ maximise the objective (within the tie tolerance), the tied set as disjoint
   * closed intervals; `delta` is the smallest. Empty when the maximiser is unique.
   */
  readonly ties: readonly (readonly [number, number])[];
  /** Whether `delta` lies in the Pareto set (max-performance may not). */
  readonly inParetoSet: boolean;
}

/** The solutions of a map as [id, solution] pairs, in insertion order. */
export function solutionEntries<T>(solutions: SolutionMap<T>): [SolutionId, T][] {
  return (Object.entries(solutions) as [SolutionId, T | undefined][]).filter(
    (e): e is [SolutionId, T] => e[1] !== undefined,
  );
}

/** The solutions of a map, in insertion order. */
export function solutionList<T>(solutions: SolutionMap<T>): T[] {
  return solutionEntries(solutions).map(([, s]) => s);
}
