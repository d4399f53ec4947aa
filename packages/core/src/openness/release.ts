/**
 * Stage 2: G's release decision at a given δ — comply with the threshold, ignore it and pay, keep
 * its unregulated choice because the rule does not bind, or abstain.
 *
 * Conventions: see ./model.ts. The penalty makes U_G jump at ω = θ (fixed form) and D's
 * participation can make it jump at ω_D (f_D > 0), so G's problem is solved piece by piece:
 * - unregulated optimum ω_NR = argmax over [0, 1] of the pre-penalty payoff V(ω);
 * - comply: the best ω in [θ, 1] (no penalty);
 * - ignore: the best ω in [0, θ) net of the penalty — for the fixed form that is ω_NR itself
 *   whenever ω_NR < θ (a supremum approached at θ⁻ is worth V(θ) − p < V(θ), so complying is
 *   always better there); for the proportional form the maximiser of V(ω) − p(θ − ω) on [0, θ];
 * - abstain: 0 for both players.
 * With λ = 0 and f_D = 0 every piece is an exact quadratic maximisation ("closed-form");
 * otherwise each piece is maximised globally on a grid refined by Brent's method ("numeric").
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193), "Useful facts"
 */
import { brentMax } from "../numerics/brent.js";
import { notWorse, resolveTolerances, type Tolerances } from "../numerics/tolerances.js";
import {
  argmaxPayoffQuadratic,
  opennessHasClosedForm,
  opennessPayoffQuadratic,
  type PayoffQuadratic,
} from "./closedForm.js";
import type { OpennessGame } from "./model.js";
import {
  type OpennessOutcome,
  OpennessPayoff,
  opennessOutcomeAt,
  opennessParticipationThreshold,
} from "./stages.js";

/** How stage 2 is solved: exact quadratic (needs λ = 0, f_D = 0), numeric, or the best available. */
export type ReleaseMethod = "auto" | "closed-form" | "numeric";

/** G's release decision. */
export type ReleaseDecision = "comply" | "ignore" | "non-binding" | "abstain";

/**
 * Default width (ω units) of the final Brent bracket of each numeric maximum of G's payoff: a
 * tenth of the 1e-9 to which regions compare ω, so that a located ω never moves a region.
 */
const RELEASE_OMEGA_TOLERANCE = 1e-10;

/** Options of {@link solveRelease}. */
export interface ReleaseOptions {
  /** Default "auto": closed form when λ = 0 and f_D = 0, numeric otherwise. */
  readonly method?: ReleaseMethod;
  /** Grid intervals over [0, 1] used to bracket G's maxima numerically. Default 64. */
  readonly gridSize?: number;
  /** Width (in units of ω) of the final Brent bracket of each numeric maximum. Default 1e-10. */
  readonly xTol?: number;
  /** Tolerances (utility: ties between comply / ignore / abstain). Defaults: DEFAULT_TOLERANCES. */
  readonly tolerances?: Partial<Tolerances>;
}

/** A maximiser of G's payoff on a piece, with the payoff there (penalty included). */
export interface ReleaseCandidate {
  readonly omega: number;
  readonly value: number;
}

/** Stage-2 equilibrium at one δ. */
export interface ReleaseResult {
  readonly decision: ReleaseDecision;
  /** Chosen outcome (null when G abstains). `uG` includes the penalty paid. */
  readonly outcome: OpennessOutcome | null;
  readonly penaltyPaid: number;
  /** G's unregulated choice at the same δ (null when G would abstain even without regulation). */
  readonly unregulated: OpennessOutcome | null;
  readonly candidates: {
    readonly unregulated: ReleaseCandidate;
    readonly comply: ReleaseCandidate | null;
    readonly ignore: ReleaseCandidate | null;
  };
  readonly method: "closed-form" | "numeric";
  /** Evaluations of V(ω) spent (0 for the closed form). */
  readonly evaluations: number;
}

/**
 * The pieces of G's problem for one game (fixed δ), with the work that does not depend on (θ, p)
 * done once: the landscape reuses one `ReleaseSolver` per δ across its whole grid.
 */
export class ReleaseSolver {
  readonly method: "closed-form" | "numeric";
  readonly quadratic: PayoffQuadratic | null;
  private unregulatedBest: ReleaseCandidate | undefined;
  evaluations = 0;
  /** Set when a refinement of G's release search did not converge (its status, with where). */
  unconverged: string | undefined;
  private readonly breaks: readonly { first: number; lastOut: number }[];
  private readonly gridSize: number;
  private readonly xTol: number;
  private readonly samples: Float64Array;
  private readonly complyCache = new Map<number, ReleaseCandidate>();
  private readonly payoff: OpennessPayoff;
  private unimodalAtZero: boolean | undefined;

  constructor(
    readonly game: OpennessGame,
    options: ReleaseOptions = {},
  ) {
    const method = options.method ?? "auto";
    const closed = opennessHasClosedForm(game);
    if (method === "closed-form" && !closed) {
      throw new RangeError(
        `closed-form stage 2 needs lambda = 0 and fD = 0 (found lambda = ${game.params.lambda}, fD = ${game.params.fD})`,
      );
    }
    this.method = method === "numeric" || !closed ? "numeric" : "closed-form";
    this.quadratic = this.method === "closed-form" ? opennessPayoffQuadratic(game) : null;
    this.payoff = new OpennessPayoff(game);
    this.gridSize = Math.max(4, Math.round(options.gridSize ?? 64));
    this.xTol = options.xTol ?? RELEASE_OMEGA_TOLERANCE;
    this.samples = new Float64Array(this.gridSize + 1).fill(Number.NaN);
    const t = game.alpha0 !== null && game.params.fD > 0 ? opennessParticipationThreshold(game) : null;
    this.breaks = t !== null && t.first > 0 ? [t] : [];
  }

  /**
   * ω_NR and V(ω_NR), searched when first asked for (a structured bargain may need only other
   * searches at a δ).
   */
  get unregulated(): ReleaseCandidate {
    this.unregulatedBest ??= this.best(0, 1, 0);
    return this.unregulatedBest;
  }

  /** G's pre-penalty payoff V(ω). */
  value(omega: number): number {
    this.evaluations++;
    return this.payoff.at(omega);
  }

  /**
   * Best ω in [lo, hi] for V(ω) + slope·ω (slope = p for the proportional penalty), smallest ω
   * among ties. Pieces between participation jumps are maximised separately.
   */
  best(lo: number, hi: number, slope: number): ReleaseCandidate {
    if (this.quadratic !== null) {
      const q = this.quadratic;
      const r = argmaxPayoffQuadratic({ q0: q.q0, q1: q.q1 + slope, q2: q.q2 }, lo, hi);
      return { omega: r.x, value: r.fx };
    }
    const pieces: [number, number][] = [];
    let start = lo;
    for (const b of this.breaks) {
      if (b.first > start && b.first <= hi) {
        pieces.push([start, Math.max(start, Math.min(b.lastOut, hi))]);
        start = b.first;
      }
    }
    pieces.push([start, hi]);
    let bestC: ReleaseCandidate | null = null;
    const f = (w: number): number => this.value(w) + slope * w;
    for (const [a, b] of pieces) {
      const c: ReleaseCandidate = b - a <= 0 ? { omega: a, value: f(a) } : this.maximizePiece(a, b, slope);
      if (bestC === null || c.value > bestC.value) bestC = c;
    }
    return bestC!;
  }

  /**
   * Whether V(ω) + slope·ω rises then falls over ω ∈ [0, 1] (no interior local minimum): exactly
   * for the quadratic; numerically, on the grid samples this solver's searches use, and never
   * across a participation jump. Then its best point on [0, θ] is θ whenever its maximiser over
   * [0, 1] is at or above θ.
   */
  unimodal(slope: number): boolean {
    const q = this.quadratic;
    if (q !== null) {
      if (q.q2 <= 0) return true;
      const v = -(q.q1 + slope) / (2 * q.q2); // the minimum of a convex quadratic
      return !(v > 0 && v < 1);
    }
    // slope 0 (G's compliant choice) is asked for at every point built between grid points
    if (slope === 0) {
      this.unimodalAtZero ??= this.unimodalSamples(0);
      return this.unimodalAtZero;
    }
    return this.unimodalSamples(slope);
  }

  /** {@link unimodal} on the grid samples (numeric stage 2). */
  private unimodalSamples(slope: number): boolean {
    if (this.breaks.length > 0) return false;
    let falling = false;
    let prev = this.sample(0);
    for (let i = 1; i <= this.gridSize; i++) {
      const v = this.sample(i) + (slope * i) / this.gridSize;
      if (v < prev) falling = true;
      else if (v > prev && falling) return false;
      prev = v;
    }
    return true;
  }

  /** V at the fixed grid point i/gridSize, evaluated once per solver (shared by every θ and p). */
  private sample(i: number): number {
    let v = this.samples[i]!;
    if (Number.isNaN(v)) {
      v = this.value(i / this.gridSize);
      this.samples[i] = v;
    }
    return v;
  }

  /**
   * Global maximum of V(ω) + slope·ω on [a, b] (continuous there): the cached grid samples inside
   * (a, b) and both ends bracket the local maxima; the best three are refined by Brent's method.
   */
  private maximizePiece(a: number, b: number, slope: number): ReleaseCandidate {
    const n = this.gridSize;
    const xs: number[] = [a];
    const fs: number[] = [this.value(a) + slope * a];
    for (let i = Math.floor(a * n) + 1; i / n < b; i++) {
      if (i / n <= a) continue;
      xs.push(i / n);
      fs.push(this.sample(i) + slope * (i / n));
    }
    xs.push(b);
    fs.push(this.value(b) + slope * b);
    // the best point so far in plain locals (a closure updating them would box every value)
    let bx = xs[0]!;
    let bf = fs[0]!;
    const peaks: number[] = [];
    const m = xs.length - 1;
    for (let i = 0; i <= m; i++) {
      if (better(xs[i]!, fs[i]!, bx, bf)) {
        bx = xs[i]!;
        bf = fs[i]!;
      }
      const left = i === 0 ? Number.NEGATIVE_INFINITY : fs[i - 1]!;
      const right = i === m ? Number.NEGATIVE_INFINITY : fs[i + 1]!;
      if (fs[i]! > left && fs[i]! >= right) peaks.push(i);
    }
    peaks.sort((p, q) => fs[q]! - fs[p]! || p - q);
    const f = (w: number): number => this.value(w) + slope * w;
    for (const p of peaks.slice(0, 3)) {
      const lo = xs[Math.max(0, p - 1)]!;
      const hi = xs[Math.min(m, p + 1)]!;
      if (hi > lo) {
        const r = brentMax(f, lo, hi, { xTol: this.xTol });
        if (r.status !== "converged")
          this.unconverged ??= `G's release search over ω in [${lo}, ${hi}] stopped with status ${r.status}`;
        if (better(r.value.x, r.value.fx, bx, bf)) {
          bx = r.value.x;
          bf = r.value.fx;
        }
      }
    }
    return { omega: bx, value: bf };
  }

  /** The best compliant choice: argmax of V on [θ, 1] (cached per θ). */
  comply(theta: number): ReleaseCandidate {
    let c = this.complyCache.get(theta);
    if (c === undefined) {
      c = this.unregulated.omega >= theta ? this.unregulated : this.best(theta, 1, 0);
      this.complyCache.set(theta, c);
    }
    return c;
  }

  /** The best non-compliant choice (penalty included), or null when θ = 0 (nothing is below it). */
  ignore(theta: number, penalty: number, form: "fixed" | "proportional"): ReleaseCandidate | null {
    if (theta <= 0) return null;
    if (form === "fixed") {
      if (this.unregulated.omega < theta)
        return { omega: this.unregulated.omega, value: this.unregulated.value - penalty };
      // the unregulated choice complies: only reached when asked for explicitly
      const below = this.best(0, theta, 0);
      return below.omega < theta ? { omega: below.omega, value: below.value - penalty } : null;
    }
    const r = this.best(0, theta, penalty);
    return { omega: r.omega, value: r.value - penalty * theta };
  }

  /** G's decision under the rule (θ, p). */
  decide(
    theta: number,
    penalty: number,
    form: "fixed" | "proportional",
    tolerances: Tolerances,
  ): {
    decision: ReleaseDecision;
    chosen: ReleaseCandidate | null;
    comply: ReleaseCandidate | null;
    ignore: ReleaseCandidate | null;
  } {
    const u = this.unregulated;
    const tol = tolerances.utility;
    // exact comparisons: p = 0 and θ ≤ ω_NR are the documented "rule cannot bind" cases
    if (penalty === 0 || u.omega >= theta) {
      return notWorse(u.value, 0, tol)
        ? { decision: "non-binding", chosen: u, comply: null, ignore: null }
        : { decision: "abstain", chosen: null, comply: null, ignore: null };
    }
    const c = this.comply(theta);
    const i = this.ignore(theta, penalty, form);
    let chosen: ReleaseCandidate = c;
    let decision: ReleaseDecision = "comply";
    if (i !== null && !notWorse(c.value, i.value, tol)) {
      chosen = i;
      decision = i.omega >= theta ? "comply" : "ignore";
    }
    if (!notWorse(chosen.value, 0, tol)) return { decision: "abstain", chosen: null, comply: c, ignore: i };
    return { decision, chosen, comply: c, ignore: i };
  }
}

/** Whether (x, fx) beats the best (bx, bf) so far: a larger value, or the smaller ω on a tie. */
function better(x: number, fx: number, bx: number, bf: number): boolean {
  // exact comparison: only equal values tie
  return fx > bf || (fx === bf && x < bx);
}

/**
 * G's equilibrium release decision at the game's δ, with D's response.
 * @example
 * const g = resolveOpennessGame({ alpha0: 0.9, delta: 0.5, regulation: { threshold: 0.5, penalty: 1 } }, 0.5);
 * solveRelease(g).decision // "comply"
 */
export function solveRelease(game: OpennessGame, options: ReleaseOptions = {}): ReleaseResult {
  return releaseFrom(new ReleaseSolver(game, options), game.threshold, game.penalty, game.form, options);
}

/** Assembles a {@link ReleaseResult} from a (possibly shared) solver. */
export function releaseFrom(
  solver: ReleaseSolver,
  theta: number,
  penalty: number,
  form: "fixed" | "proportional",
  options: ReleaseOptions = {},
): ReleaseResult {
  const tol = resolveTolerances(options.tolerances);
  const u = solver.unregulated;
  const before = solver.evaluations;
  const d = solver.decide(theta, penalty, form, tol);
  const unreg = notWorse(u.value, 0, tol.utility) ? opennessOutcomeAt(solver.game, u.omega) : null;
  let outcome: OpennessOutcome | null = null;
  let penaltyPaid = 0;
  if (d.chosen !== null) {
    const o = opennessOutcomeAt(solver.game, d.chosen.omega);
    const w = d.chosen.omega;
    if (d.decision === "ignore") penaltyPaid = form === "fixed" ? penalty : penalty * Math.max(0, theta - w);
    outcome = { ...o, uG: o.uG - penaltyPaid };
  }
  return {
    decision: d.decision,
    outcome,
    penaltyPaid,
    unregulated: unreg,
    candidates: { unregulated: u, comply: d.comply, ignore: d.ignore },
    method: solver.method,
    evaluations: solver.evaluations - before,
  };
}
