/**
 * The generic bargaining solver over one revenue share δ ∈ [0, 1]: the Pareto set of bargains (a
 * union of disjoint closed intervals, computed globally — a δ may be dominated by a distant δ) and
 * the bargaining solutions, for any number of players.
 *
 * Conventions (documented for n + 1 players where the paper defines only two):
 * - A bargain at δ exists when the model reports `agreement`; then every player's utility is at
 *   least its disagreement payoff (the models guarantee individual rationality: players who would
 *   lose abstain). δ without agreement are not bargains and are never in the Pareto set.
 * - The **parties** are the players whose gain over disagreement is positive somewhere in the
 *   Pareto set.
 * - `nash` maximises the product of the parties' gains; if it is zero throughout the Pareto set,
 *   first the number of parties who gain, then the product of the positive gains.
 * - `egalitarian` maximises the smallest party gain; `kalai-smorodinsky` the smallest ratio
 *   gain / (ideal − disagreement), ideal = the party's best utility on the Pareto set.
 * - `utilitarian` maximises the sum of all utilities over the bargains δ ∈ [0, 1] (its maximiser
 *   is Pareto-optimal), `max-performance` the total revenue over the bargains δ ∈ [0, 1] (it may
 *   lie outside the Pareto set; flagged), `powerful-P` player P's utility (its maximisers include a
 *   Pareto-optimal one, which is reported).
 * - Method: sample δ on a grid; locate every change of the outcome's structure by bisection
 *   (./sampling.ts), so that the outcome is smooth between neighbouring samples of one piece;
 *   refine every player's and the revenue's maxima piece by piece (./peaks.ts); resolve every
 *   close call of dominance and locate the Pareto endpoints (./pareto.ts); maximise each objective
 *   (./objectives.ts, ./maximise.ts); certify each solution's optimality against every bargain
 *   examined.
 * - Ties: when several δ maximise an objective (relative tolerance `tieTolerance`), the smallest
 *   is reported together with the tied set.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Defs 2.1–2.4, 3.1–3.5, Theorem 2.1, Section 4
 */
import { resolveTolerances } from "../numerics/tolerances.js";
import { DominatedCells } from "./bounded.js";
import { rescale, type SolveContext, valueAt } from "./context.js";
import { disagreement } from "./disagreement.js";
import { decisiveCount, partiesAndIdeals } from "./ideals.js";
import { resolveJumps } from "./jumps.js";
import { maximise } from "./maximise.js";
import { revealHiddenExtrema } from "./monotone.js";
import {
  nashObjective,
  type Objective,
  powerfulObjective,
  revenueObjective,
  smallestGain,
  type Terms,
  utilitarianObjective,
} from "./objectives.js";
import type { BargainingOptions, BargainingResult } from "./options.js";
import { CLOSE_CALL_ROUNDS, paretoSet } from "./pareto.js";
import { refineNearEndpoints, refinePeaks } from "./peaks.js";
import type {
  BargainingProblem,
  BargainOutcome,
  BargainSolution,
  SolutionId,
  SolutionMap,
} from "./problem.js";
import { addStructure, resolveStructure, type Sample, Sampler } from "./sampling.js";
import { ProvenCells } from "./smooth.js";
import { largestUniformGain, localExcess } from "./uniformGain.js";

export type { BargainingCertificate, BargainingOptions, BargainingResult } from "./options.js";

/**
 * A uniform gain (every player better at once) off the Pareto set below this fraction of the
 * utility scale is round-off: where G is indifferent between two investments, the computed choice
 * can flip back and forth over ~1e-9 in δ, and utilities move by slope × that.
 */
export const UNIFORM_GAIN_TOLERANCE = 1e-8;

/**
 * Default of BargainingOptions.fullChecksMaxPlayers: above this many players the solver keeps to
 * what scales: maxima are subdivided rather than each refined, cells are not checked for extrema
 * between their ends, close calls are not checked, and at most 16 changes of structure are bisected
 * (to 1e-8). The certificate then says what was left unchecked, and is not claimed.
 */
export const MANY_PLAYERS = 64;

/**
 * Default of BargainingOptions.maxBreakpoints: changes of structure bisected before the rest are
 * left at the samples' resolution ({@link MANY_PLAYERS_MAX_BREAKPOINTS} above
 * BargainingOptions.fullChecksMaxPlayers players).
 */
export const MAX_BREAKPOINTS = 512;

/** The same above BargainingOptions.fullChecksMaxPlayers players. */
export const MANY_PLAYERS_MAX_BREAKPOINTS = 16;

/** Default relative tolerance under which objective values tie (see BargainingOptions.tieTolerance). */
export const TIE_TOLERANCE = 1e-9;

/**
 * δ width (δ units) to which changes of structure are bisected above {@link MANY_PLAYERS}
 * players: each equilibrium then costs O(n), and 1e-8 is still far below the grid's spacing.
 */
export const MANY_PLAYERS_STRUCTURE_TOLERANCE = 1e-8;

/** Default width (δ units) under which gaps between Pareto intervals are closed (see BargainingOptions.paretoGap). */
export const PARETO_GAP = 1e-7;

/**
 * Solves the bargaining problem: Pareto set and all solutions.
 * @example
 * // two players whose utilities peak at δ = 0.2 and δ = 0.8: Pareto set [0.2, 0.8]
 * const r = solveBargaining({ players: ["G", "D"], disagreement: [0, 0],
 *   evaluate: (d) => ({ agreement: true, utilities: [1 - (d - 0.8) ** 2, 1 - (d - 0.2) ** 2], revenue: 1 }) });
 * r.pareto.length // 1
 * r.pareto[0][0] // ≈ 0.2
 * r.pareto[0][1] // ≈ 0.8
 */
export function solveBargaining<O extends BargainOutcome>(
  problem: BargainingProblem<O>,
  options: BargainingOptions = {},
): BargainingResult<O> {
  const tol = resolveTolerances(options.tolerances);
  const gridSize = Math.max(4, Math.floor(options.gridSize ?? 256));
  const tieTolerance = options.tieTolerance ?? TIE_TOLERANCE;
  const m = problem.players.length;
  const md = decisiveCount(problem.decisive, m);
  const fullChecksMaxPlayers = options.fullChecksMaxPlayers ?? MANY_PLAYERS;
  const many = md > fullChecksMaxPlayers;
  const maxBreakpoints = options.maxBreakpoints ?? (many ? MANY_PLAYERS_MAX_BREAKPOINTS : MAX_BREAKPOINTS);
  // with many players breakpoints to MANY_PLAYERS_STRUCTURE_TOLERANCE rather than the δ tolerance
  const structureTol = many ? Math.max(tol.delta, MANY_PLAYERS_STRUCTURE_TOLERANCE) : tol.delta;
  const sampler = new Sampler(problem, options.vectorMemory);
  // changes of structure in cells the model's bounds prove dominated are left unlocated
  if (problem.cellBounds !== undefined && options.boundedCells !== false)
    sampler.bounded = new DominatedCells(problem, sampler, tol, tieTolerance);
  // cells of one structure proven free of hidden windows, where the model offers the proof
  if (problem.sameStructure !== undefined && options.structureProofs !== false)
    sampler.smooth = new ProvenCells(problem, sampler.bounded);
  const ctx: SolveContext<O> = {
    problem,
    sampler,
    tol,
    m,
    md,
    fullChecks: !many,
    d: Float64Array.from(problem.disagreement),
    gridSize,
    scale: Number.MIN_VALUE,
    slack: new Float64Array(md),
    warnings: [],
    refined: [],
    values: new Map(),
  };

  // 1. Grid, declared breakpoints, and every change of structure between them.
  for (let j = 0; j <= gridSize; j++) sampler.at(j / gridSize);
  for (const b of problem.breakpoints ?? []) if (b >= 0 && b <= 1) sampler.at(b);
  let structure = resolveStructure(sampler, structureTol, maxBreakpoints);
  // jumps of the leading player between candidates the signature does not tell apart
  const jumpBudget = options.jumpBudget ?? 4000;
  // (a midpoint it evaluates may show another structure inside a cell: located right after)
  const beforeJumps = sampler.evaluations;
  let branches = resolveJumps(sampler, structureTol, jumpBudget);
  if (sampler.evaluations > beforeJumps)
    structure = addStructure(structure, resolveStructure(sampler, structureTol, maxBreakpoints));
  const names = options.powerful ?? "all";
  const powerful = problem.players.filter((p) => names === "all" || names.includes(p));
  if (!sampler.sorted().some((s) => s.agreement))
    return disagreement(powerful, sampler, gridSize, ctx.warnings, md);
  rescale(ctx);
  // every cell of a piece checked for a dip and rise its ends do not show (few players: it costs
  // an evaluation per cell); new structure found on the way is located
  let monotone = { evaluations: 0, unchecked: 0 };
  if (!many) {
    monotone = revealHiddenExtrema(ctx, options.monotoneBudget ?? 8 * gridSize, 1 / (64 * gridSize));
    structure = addStructure(structure, resolveStructure(sampler, structureTol, maxBreakpoints));
    rescale(ctx);
  }

  // 2. Every player's and the revenue's maxima, piece by piece.
  const maxPeakRefinements = options.maxPeakRefinements ?? (many ? 64 : Number.POSITIVE_INFINITY);
  const subdivided = refinePeaks(ctx, {
    maxPeakRefinements,
    subdivision: Math.max(2, options.subdivision ?? 32),
    peakSampleBudget: options.peakSampleBudget ?? 512,
  });
  const moreJumps = resolveJumps(sampler, structureTol, jumpBudget);
  branches = { jumps: branches.jumps + moreJumps.jumps, unresolved: moreJumps.unresolved };
  structure = addStructure(structure, resolveStructure(sampler, structureTol, maxBreakpoints));
  rescale(ctx);

  // 3. The Pareto set (again once the maxima at its endpoints are refined, if they were subdivided).
  const paretoOptions = {
    paretoGap: options.paretoGap ?? PARETO_GAP,
    closeCallBudget: options.closeCallBudget ?? 4000,
    closeCallMaxPlayers: options.closeCallMaxPlayers ?? fullChecksMaxPlayers,
    maxBreakpoints,
  };
  let ps = paretoSet(ctx, paretoOptions);
  if (subdivided.length > 0 && refineNearEndpoints(ctx, subdivided, ps.intervals, maxPeakRefinements)) {
    ps = paretoSet(ctx, paretoOptions);
  }
  const pareto = ps.intervals;
  const inPareto = (x: number): boolean =>
    pareto.some(([lo, hi]) => x >= lo - tol.delta && x <= hi + tol.delta);
  const all = sampler.sorted();
  let front = all.filter((s) => s.nd && inPareto(s.delta));
  if (front.length === 0) {
    // an isolated point reported at a sample that is in the set by construction
    front = all.filter((s) => s.agreement && inPareto(s.delta));
  }
  const bargains = all.filter((s) => s.agreement);

  // 4. Parties and objectives.
  // each player's best utility on the front: the ideal point of Kalai–Smorodinsky (below)
  const { parties, ideal, unrefinedIdeals, topCount } = partiesAndIdeals(ctx, front, pareto, powerful);
  const solutions: Record<string, BargainSolution<O>> = {};
  const objectives: Record<string, { f: Objective; overBargains: boolean }> = {};
  const tieBands: Record<string, number> = {};
  const solve = (
    id: SolutionId,
    f: Objective,
    pool: readonly Sample[],
    restrictToPareto: boolean,
    extra: { terms?: Terms; player?: number } = {},
  ): void => {
    objectives[id] = { f, overBargains: !restrictToPareto };
    const { tieBand, ...solution } = maximise(ctx, {
      id,
      f,
      pool,
      restrictToPareto,
      pareto,
      tieTolerance,
      ...(extra.terms === undefined ? {} : { terms: extra.terms }),
      ...(extra.player === undefined ? {} : { player: extra.player }),
    });
    solutions[id] = solution;
    tieBands[id] = tieBand;
  };
  // powerful-P first: their values are the ideal points of Kalai–Smorodinsky (players without a
  // requested powerful solution use the best sampled utility on the front)
  problem.players.forEach((name, p) => {
    if (!powerful.includes(name)) return;
    solve(`powerful-${name}`, powerfulObjective(p), front, true, { player: p });
    ideal[p] = solutions[`powerful-${name}`]!.objective;
  });
  const egalitarian = smallestGain(parties, ctx.d, () => 1);
  const ks = smallestGain(parties, ctx.d, (p) => ideal[p]! - ctx.d[p]!);
  const utilitarian = utilitarianObjective(m);
  // Nash's objective depends on whether some bargain gives every party a gain, known only once
  // the egalitarian values are: both forms are evaluated in the same pass, and the one that
  // applies keeps its values
  // a gain within round-off of 0 (a specialist held at its outside option, computed a hair above
  // it) is no gain: the threshold that makes a player a party
  const positive = ctx.tol.utility * ctx.scale;
  // the largest number of gaining parties on the front (counted with the parties, by the same
  // round-off as `positive`): the count form's values there carry no offset
  const nashForms = [
    nashObjective(parties, ctx.d, true, positive),
    nashObjective(parties, ctx.d, false, positive, topCount),
  ] as const;
  // the values on the front of the objectives known by now, sample by sample: each vector is read
  // once for all of them (with a million players, a sample that did not keep it rebuilds it)
  for (const s of front) {
    valueAt(ctx, egalitarian.f, s);
    valueAt(ctx, ks.f, s);
    valueAt(ctx, utilitarian, s);
    valueAt(ctx, nashForms[0], s);
    valueAt(ctx, nashForms[1], s);
  }
  const allPositive = front.some((s) => valueAt(ctx, egalitarian.f, s) > positive);
  ctx.values.delete(nashForms[allPositive ? 1 : 0]);
  if (!allPositive && parties.length > 0) {
    ctx.warnings.push(
      "nash: no bargain gives every party a positive gain; maximised the number of gaining parties first",
    );
  }
  solve("nash", nashForms[allPositive ? 0 : 1], front, true);
  solve("egalitarian", egalitarian.f, front, true, { terms: egalitarian.terms });
  solve("kalai-smorodinsky", ks.f, front, true, { terms: ks.terms });
  solve("utilitarian", utilitarian, front, true);
  solve("max-performance", revenueObjective, bargains, false);
  const mp = solutions["max-performance"]!;
  if (!mp.inParetoSet) {
    ctx.warnings.push(`max-performance: δ = ${mp.delta} maximises revenue but is not Pareto-optimal`);
  }
  if (parties.length === 0)
    ctx.warnings.push("no player gains over its disagreement payoff anywhere in the Pareto set");

  // 5. Certificate: every bargain examined (refinements of later solutions included).
  const final = sampler.sorted().filter((s) => s.agreement);
  // strictly inside: a sample within the δ tolerance outside an endpoint may be dominated
  const finalFront = final.filter((s) => pareto.some(([lo, hi]) => s.delta >= lo && s.delta <= hi));
  const optimalityGaps: Record<string, number> = {};
  let optimal = true;
  for (const [id, { f, overBargains }] of Object.entries(objectives)) {
    const sol = solutions[id]!;
    let best = Number.NEGATIVE_INFINITY;
    let at = Number.NaN;
    for (const s of overBargains ? final : finalFront) {
      const v = valueAt(ctx, f, s);
      if (v > best) [best, at] = [v, s.delta];
    }
    const gap = Math.max(0, best - sol.objective);
    optimalityGaps[id] = gap;
    if (gap > (tieBands[id] ?? 0)) {
      optimal = false;
      ctx.warnings.push(
        `certificate: ${id} at δ = ${sol.delta} is beaten by δ = ${at} (objective higher by ${gap})`,
      );
    }
  }
  const uniformGain = largestUniformGain(finalFront, final, md);
  // and the same allowance relative to the two bargains' own utilities: the problem's scale is
  // the largest |utility| anywhere, and utilities can span orders of magnitude over δ
  const local = localExcess(finalFront, final, md, UNIFORM_GAIN_TOLERANCE);
  if (local !== null) {
    ctx.warnings.push(
      `certificate: δ = ${local.by} gains every player at least ${local.gain.toPrecision(3)} over δ = ${local.at} of the Pareto set, more than ${UNIFORM_GAIN_TOLERANCE} of their utilities there (${local.allowance.toPrecision(3)}): the set is not certified`,
    );
  }
  // cells of one structure left without a proof that no window hides inside (samples added since
  // the last location split some)
  let unproven = 0;
  let nearChanges = 0;
  if (sampler.smooth !== null && !sampler.coarse) {
    const left = sampler.smooth.unproven(sampler.sorted(), structureTol);
    unproven = left.narrow + left.wide.length;
    nearChanges = left.nearChanges;
  }
  if (unproven > 0) {
    ctx.warnings.push(
      `structure: ${unproven} cells of one structure not proven free of a window of another structure inside (at the δ tolerance, the passes' limit or the halvings' budget)`,
    );
  }
  if (structure.unresolved > 0) {
    ctx.warnings.push(
      `structure: ${structure.unresolved} changes of players' regimes left at the sampling's resolution (more than ${maxBreakpoints})`,
    );
  }
  if (monotone.unchecked > 0) {
    ctx.warnings.push(
      `structure: ${monotone.unchecked} cells not checked for an extremum between their ends (budget spent)`,
    );
  }
  if (branches.unresolved > 0) {
    ctx.warnings.push(
      `structure: ${branches.unresolved} cells where the leading player may jump between candidates left unchecked (budget spent)`,
    );
  }
  // (they matter only if some bargain gives every party a gain: else Kalai–Smorodinsky's objective,
  // the smallest ratio of gain to ideal gain, is 0 throughout)
  const idealsUnrefined = allPositive && unrefinedIdeals > 0;
  if (idealsUnrefined) {
    ctx.warnings.push(
      `kalai-smorodinsky: ${unrefinedIdeals} parties' ideal points are their best sampled utilities inside the Pareto set, not refined maxima (they are not decisive players), so the solution is not certified`,
    );
  }
  if (many) {
    ctx.warnings.push(
      `bargaining: ${md} ${md < m ? "decisive " : ""}players, more than fullChecksMaxPlayers (${fullChecksMaxPlayers}): cells were not checked for extrema between their ends, so the Pareto set and solutions are not certified (for the full checks: bargaining.fullChecksMaxPlayers, or ftg solve --full-checks)`,
    );
  }
  if (ps.unresolvedCloseCalls > 0) {
    ctx.warnings.push(
      `pareto: ${ps.unresolvedCloseCalls} close calls of dominance left unresolved (the search's ${paretoOptions.closeCallBudget} samples or ${CLOSE_CALL_ROUNDS} rounds ran out); the set is certified only against the bargains examined`,
    );
  }
  if (sampler.uncertainOutcomes > 0) {
    ctx.warnings.push(
      `${sampler.uncertainOutcomes} equilibria could not be certified: ${sampler.uncertain.join("; ")}`,
    );
  }
  const uniformAllowance = UNIFORM_GAIN_TOLERANCE * ctx.scale;
  const uniformOk = !(uniformGain > uniformAllowance) && local === null;
  return {
    pareto,
    solutions: solutions as SolutionMap<BargainSolution<O>>,
    parties: parties.map((p) => problem.players[p]!),
    status: "agreement",
    warnings: ctx.warnings,
    certificate: {
      gridSize,
      samples: final.length,
      evaluations: sampler.evaluations,
      endpointTolerance: tol.delta,
      breakpoints: structure.breakpoints,
      unresolvedBreakpoints: structure.unresolved,
      boundedCells: sampler.bounded?.cells ?? 0,
      provenStretches: sampler.smooth?.stretches ?? 0,
      unprovenCells: unproven,
      cellsNearChanges: nearChanges,
      jumps: branches.jumps,
      unresolvedJumps: branches.unresolved,
      uncheckedCells: monotone.unchecked,
      unresolvedCloseCalls: ps.unresolvedCloseCalls,
      closeCallsChecked: ps.closeCallsChecked,
      largestUniformGain: uniformGain,
      uniformGainAllowance: uniformAllowance,
      optimalityGaps,
      uncertainOutcomes: sampler.uncertainOutcomes,
      unrefinedIdeals,
      dominancePlayers: md,
      certified:
        optimal &&
        uniformOk &&
        structure.unresolved === 0 &&
        unproven === 0 &&
        branches.unresolved === 0 &&
        monotone.unchecked === 0 &&
        ps.unresolvedCloseCalls === 0 &&
        ps.closeCallsChecked &&
        // the close calls rest on every maximum being a sample and on no extremum hiding in a cell
        !many &&
        subdivided.length === 0 &&
        !idealsUnrefined &&
        sampler.uncertainOutcomes === 0,
    },
  };
}
