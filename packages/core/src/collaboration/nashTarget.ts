/**
 * The Nash bargaining target of the defection-free protocol (Section 4.1, Proposition 2, Lemma 5),
 * for two firms and — on the correct N-firm market — for N firms (Appendix B, Definition 4).
 *
 * Conventions: the players are the firms; the disagreement point is the revenue each earns at the
 * starting qualities (if either defects, both keep their models); the bargain is over qualities,
 * with the best firm's quality at the best attainable value q_h* (Proposition 2: raising q_h never
 * hurts anyone) and each lower firm's quality chosen to maximise the product of revenue gains
 * subject to no firm losing. Revenues are market equilibrium revenues (Lemma 2 for two firms with
 * uniform types, the exact N-firm equilibrium otherwise).
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Section 4.1, Prop. 2, Lemma 5, App. B
 */
import { type ConsumerDistribution, uniformConsumers } from "../market/consumers.js";
import { marketRevenues } from "../market/equilibrium.js";
import { maximizeGlobal } from "../numerics/globalMax.js";
import type { SolverResult, SolverStatus } from "../numerics/result.js";
import { TOLERANCE } from "../numerics/tolerances.js";

/** The two firms' ids, which are also the names of their data pools. */
export type FirmId = "low" | "high";

/**
 * Which firm plays each role of the paper (Section 2: the low-quality firm is the one whose model
 * starts worse). Firms are named by their data ("low" holds the low labels), so a firm named
 * "low" may play the high role: roles go by starting quality, never by name.
 */
export interface Roles {
  readonly low: FirmId;
  readonly high: FirmId;
}

/**
 * Roles by starting quality: the firm with the better starting model plays "high"; on a tie the
 * names decide (the firm named "high" plays high).
 * @example
 * rolesByQuality({ low: 0.7, high: 0.2 }) // { low: "high", high: "low" }
 */
export function rolesByQuality(initial: { readonly low: number; readonly high: number }): Roles {
  return initial.low > initial.high ? { low: "high", high: "low" } : { low: "low", high: "high" };
}

/**
 * The Nash product of revenue gains, signed so that a loss never reads as a gain: the product
 * when no gain is negative, otherwise −Π|gᵢ| (a product of two losses is positive, but it is not
 * a gain for anyone).
 * @example
 * signedNashProduct([-0.1, -0.2]) // ≈ -0.02 — two losses, so the product is negated
 */
export function signedNashProduct(gains: readonly number[]): number {
  let prod = 1;
  let negative = false;
  for (const g of gains) {
    if (g < 0) negative = true;
    prod *= Math.abs(g);
  }
  return negative ? -prod : prod;
}

/** A two-firm bargaining problem over qualities. */
export interface NashTargetModel {
  /**
   * Starting qualities (the disagreement point), by firm id. Roles go by these qualities
   * ({@link rolesByQuality}), whatever the ids.
   */
  readonly initial: { readonly low: number; readonly high: number };
  /**
   * Best attainable quality (q_h* of Proposition 2). A value below the better firm's starting
   * quality is raised to it (with a warning): that firm already has such a model.
   */
  readonly maxQuality: number;
  /** Consumer types; default uniform on [0, 1]. */
  readonly consumers?: ConsumerDistribution;
}

/** The Nash bargaining solution (q_l*, q_h*), by role. */
export interface NashTarget {
  /** Which firm plays each role; `ql`, `qh`, `disagreement` and `revenues` are by role. */
  readonly roles: Roles;
  readonly ql: number;
  readonly qh: number;
  /** ρ* = q_l* ÷ q_h*. */
  readonly rho: number;
  /** N(q_l*, q_h*): the maximal product of revenue gains (never negative: see `status`). */
  readonly nash: number;
  /** Revenues at the disagreement point and at the target. */
  readonly disagreement: { readonly low: number; readonly high: number };
  readonly revenues: { readonly low: number; readonly high: number };
  /** The qualities q_l ∈ [0, q_h*] at which neither firm loses (an interval), or null if none. */
  readonly feasible: readonly [number, number] | null;
  /** Certificate: the best Nash product on a dense independent grid of q_l (should be ≤ nash). */
  readonly gridBest: number;
}

/** Options of {@link nashTarget}. */
export interface NashTargetOptions {
  /** Grid intervals for bracketing the maximiser (q_l axis). Default 400. */
  readonly gridSize?: number;
  /** Points of the independent certificate grid. Default 2001. */
  readonly certificateGrid?: number;
}

/**
 * The two-firm Nash bargaining target.
 * @example
 * nashTarget({ initial: { low: 0.5, high: 0.7 }, maxQuality: 1 }).value.ql // ≈ 0.471391
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Section 4.1
 */
export function nashTarget(
  model: NashTargetModel,
  options: NashTargetOptions = {},
): SolverResult<NashTarget> {
  const consumers = model.consumers ?? uniformConsumers();
  const roles = rolesByQuality(model.initial);
  const start = { low: model.initial[roles.low], high: model.initial[roles.high] };
  const warnings: string[] = [];
  if (roles.low !== "low") {
    warnings.push(
      `firm "low" starts with the better model (${start.high} > ${start.low}): it plays the high-quality role and firm "high" the low one`,
    );
  }
  const qh = Math.max(model.maxQuality, start.high);
  if (model.maxQuality < start.high) {
    warnings.push(
      `maxQuality ${model.maxQuality} is below the better firm's starting quality ${start.high}: q_h* is taken as ${start.high}`,
    );
  }
  const rev = (ql: number, qHigh: number): [number, number] => {
    const r = marketRevenues([ql, qHigh], consumers);
    return [r[0]!, r[1]!];
  };
  const [ul0, uh0] = rev(start.low, start.high);
  const gains = (ql: number): [number, number] => {
    const [ul, uh] = rev(ql, qh);
    return [ul - ul0, uh - uh0];
  };
  // Infeasible points score the (negative) sum of their losses so that the search is steered back.
  const objective = (ql: number): number => {
    const [gl, gh] = gains(ql);
    return gl >= 0 && gh >= 0 ? gl * gh : Math.min(gl, 0) + Math.min(gh, 0);
  };
  const r = maximizeGlobal(objective, 0, qh, {
    gridSize: options.gridSize ?? 400,
    xTol: TOLERANCE.fineWidth,
  });
  const ql = r.value.x;
  const [gl, gh] = gains(ql);
  let status: SolverStatus = r.status;
  for (const w of r.warnings) warnings.push(`Nash target: ${w}`);
  if (!(gl >= 0 && gh >= 0)) {
    status = "infeasible";
    warnings.push("no quality of the low firm keeps both revenues at their starting levels");
  } else if (gl * gh === 0) {
    warnings.push("no strict gain is possible for both firms: the Nash product is 0 at the target");
  }
  // feasible interval and independent grid certificate
  const m = options.certificateGrid ?? 2001;
  let lo = Number.NaN;
  let hi = Number.NaN;
  let gridBest = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < m; k++) {
    const x = (qh * k) / (m - 1);
    const [a, b] = gains(x);
    if (a >= 0 && b >= 0) {
      if (Number.isNaN(lo)) lo = x;
      hi = x;
      gridBest = Math.max(gridBest, a * b);
    }
  }
  const [ul, uh] = rev(ql, qh);
  return {
    value: {
      roles,
      ql,
      qh,
      rho: qh > 0 ? ql / qh : 0,
      nash: status === "infeasible" ? 0 : gl * gh,
      disagreement: { low: ul0, high: uh0 },
      revenues: { low: ul, high: uh },
      feasible: Number.isNaN(lo) ? null : [lo, hi],
      gridBest,
    },
    status,
    iterations: r.iterations,
    residual: r.residual,
    warnings,
  };
}

/** An N-firm bargaining problem over qualities (firms ranked by initial quality, best first). */
export interface NashTargetNModel {
  readonly initial: readonly number[];
  readonly maxQuality: number;
  readonly consumers?: ConsumerDistribution;
}

/** The N-firm Nash bargaining target (arrays in input order). */
export interface NashTargetN {
  readonly qualities: number[];
  /** The maximal product of revenue gains (0, never negative, when the problem is infeasible). */
  readonly nash: number;
  /** Indices of the firms by starting quality, best first: the roles of Appendix B (rank 1, 2, …). */
  readonly ranking: number[];
  readonly disagreement: number[];
  readonly revenues: number[];
  /** Best improvement of the Nash product found by one more coordinate sweep (≈ 0 at the optimum). */
  readonly coordinateResidual: number;
}

/**
 * The N-firm Nash bargaining target on the exact N-firm market: the best firm at `maxQuality`, the
 * others maximising Π_n (U_n − U_n,0) subject to U_n ≥ U_n,0 and the initial ranking, by cyclic
 * coordinate ascent (each coordinate maximised globally on its interval). `maxIterations` sweeps
 * (default 200); converged when a sweep moves no quality by more than 1e-10.
 */
export function nashTargetN(
  model: NashTargetNModel,
  options: { readonly maxIterations?: number; readonly gridSize?: number } = {},
): SolverResult<NashTargetN> {
  const consumers = model.consumers ?? uniformConsumers();
  const n = model.initial.length;
  const order = model.initial.map((_, i) => i).sort((a, b) => model.initial[b]! - model.initial[a]! || a - b);
  const u0 = marketRevenues(model.initial, consumers);
  const q = [...model.initial];
  q[order[0]!] = Math.max(model.maxQuality, model.initial[order[0]!]!);
  const objective = (qq: readonly number[]): number => {
    const u = marketRevenues(qq, consumers);
    let prod = 1;
    let neg = 0;
    for (let i = 0; i < n; i++) {
      const g = u[i]! - u0[i]!;
      if (g < 0) neg += g;
      prod *= g;
    }
    return neg < 0 ? neg : prod;
  };
  const maxIterations = options.maxIterations ?? 200;
  let status: SolverStatus = "maxIterations";
  let iterations = 0;
  let moved = 0;
  // warnings of the inner one-firm searches, once each
  const inner = new Set<string>();
  for (; iterations < maxIterations; iterations++) {
    moved = 0;
    for (let k = 1; k < n; k++) {
      const i = order[k]!;
      const upper = q[order[k - 1]!]!;
      const lower = k + 1 < n ? q[order[k + 1]!]! : 0;
      const f = (x: number): number => {
        const trial = [...q];
        trial[i] = x;
        return objective(trial);
      };
      const r = maximizeGlobal(f, lower, upper, {
        gridSize: options.gridSize ?? 64,
        xTol: TOLERANCE.predicateWidth,
        candidates: [q[i]!],
      });
      for (const w of r.warnings) inner.add(`Nash target, firm ${i}: ${w}`);
      if (r.value.fx >= f(q[i]!)) {
        moved = Math.max(moved, Math.abs(r.value.x - q[i]!));
        q[i] = r.value.x;
      }
    }
    if (moved <= TOLERANCE.maximumWidth) {
      status = "converged";
      iterations++;
      break;
    }
  }
  const u = marketRevenues(q, consumers);
  let nash = objective(q);
  const warnings: string[] = [...inner];
  if (status === "maxIterations")
    warnings.push(
      `Nash target: coordinate ascent stopped after ${maxIterations} rounds, still moving by ${moved}`,
    );
  if (!(nash >= 0)) {
    status = "infeasible";
    nash = 0;
    warnings.push("no qualities keep every firm's revenue at its starting level");
  }
  return {
    value: { qualities: q, nash, ranking: order, disagreement: u0, revenues: u, coordinateResidual: moved },
    status,
    iterations,
    residual: moved,
    warnings,
  };
}
