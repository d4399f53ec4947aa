/**
 * Checks of one claimed equilibrium (conventions in ./model.ts): the claimed utilities against
 * those recomputed from the claimed strategies, each specialist's and G's best unilateral
 * deviation found by the independent global searches of ./checkModel.ts, first-order residuals
 * where the utility is smooth, and a claimed "G stays out" against G's best entry.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Section 2 (subgame-perfect equilibrium)
 */
import type { ClaimedEquilibrium } from "./answer.js";
import { generalistBest, generalistSlope } from "./checkModel.js";
import { type GeneralistBest, generalistPoint } from "./checkPoint.js";
import { referenceResponse, type SearchDensity, specialistUtility } from "./checkResponse.js";
import type { CheckItem, CheckTolerances } from "./checkTypes.js";
import type { FineTuningGame, Specialist } from "./model.js";

/**
 * Grid density of the searches at a claimed equilibrium (a handful of them: denser than the sweep
 * over δ): a specialist's deviation is searched on 400 intervals; G's, on 200 intervals of α0 with
 * every specialist's response searched on 48.
 */
export const EQUILIBRIUM_DENSITY: SearchDensity = { alpha: 400, alpha0: 200 };
const GENERALIST_DENSITY: SearchDensity = { alpha: 48, alpha0: 200 };

const fmt = (x: number | null): string =>
  x === null ? "null" : Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : String(x);

/** G's direct channel as a specialist who keeps all revenue (δ = 0) and has no outside option. */
function directChannel(game: FineTuningGame): Specialist | undefined {
  const d = game.generalist.direct;
  return d === undefined ? undefined : { name: "direct", cost: d.cost, revenue: d.revenue, disagreement: 0 };
}

/** Utilities and revenue recomputed from the claimed strategies (the direct channel best-responds). */
export function recompute(
  game: FineTuningGame,
  eq: ClaimedEquilibrium,
): { utilities: number[]; revenue: number; infeasible: string | null } {
  const delta = eq.delta ?? 0;
  const a0 = eq.alpha0;
  if (a0 === null) {
    return {
      utilities: [game.generalist.disagreement, ...game.specialists.map((s) => s.disagreement)],
      revenue: 0,
      infeasible: null,
    };
  }
  let total = 0;
  let infeasible: string | null = null;
  const us = game.specialists.map((s, i) => {
    const a = eq.alphas[i]!;
    if (a === null) return s.disagreement;
    if (a < a0 && infeasible === null) infeasible = `${s.name}'s α = ${fmt(a)} is below α0 = ${fmt(a0)}`;
    total += s.revenue.value(a);
    return specialistUtility(s, a, a0, delta);
  });
  let own = 0;
  let ownRevenue = 0;
  const channel = directChannel(game);
  if (channel !== undefined) {
    const r = referenceResponse(channel, a0, 0, EQUILIBRIUM_DENSITY.alpha);
    if (r.participates) {
      own = r.utility;
      ownRevenue = channel.revenue.value(r.alpha);
    }
  }
  const uG = delta * total + own - game.generalist.cost.value(a0);
  return { utilities: [uG, ...us], revenue: total + ownRevenue, infeasible };
}

/** What the equilibrium checks need from the caller. */
export interface EquilibriumContext {
  readonly tolerances: CheckTolerances;
  /** max(1, utility scale of the game): multiplies utility-valued tolerances. */
  readonly scale: number;
}

/**
 * G's best entry at δ against its alternatives: (best utility with a participant) − max(d0, best
 * utility with nobody participating). Negative: G stays out.
 */
export function entryMargin(game: FineTuningGame, best: GeneralistBest): number {
  const w = best.withParticipants;
  if (w === null) return Number.NEGATIVE_INFINITY;
  return w.utility - Math.max(game.generalist.disagreement, best.withoutParticipants?.utility ?? -Infinity);
}

/** Every check of one claimed equilibrium; `label` prefixes the item ids. */
export function checkEquilibrium(
  game: FineTuningGame,
  eq: ClaimedEquilibrium,
  label: string,
  ctx: EquilibriumContext,
): CheckItem[] {
  const items: CheckItem[] = [];
  const tolU = ctx.tolerances.deviation * ctx.scale;
  const tolFoc = ctx.tolerances.foc * ctx.scale;
  const names = ["G", ...game.specialists.map((s) => s.name)];
  const re = recompute(game, eq);
  // claimed utilities against the recomputed ones
  let worst = 0;
  let who = 0;
  eq.utilities.forEach((u, i) => {
    const e = Math.abs(u - re.utilities[i]!);
    if (!(e <= worst)) {
      worst = e;
      who = i;
    }
  });
  items.push({
    id: `${label}: utilities`,
    kind: "utility",
    holds: worst <= tolU,
    measured: worst,
    tolerance: tolU,
    message: `largest |claimed − recomputed| utility ${fmt(worst)} (${names[who]}: claimed ${fmt(eq.utilities[who]!)}, recomputed ${fmt(re.utilities[who]!)})`,
  });
  if (eq.revenue !== null) {
    const e = Math.abs(eq.revenue - re.revenue);
    items.push({
      id: `${label}: revenue`,
      kind: "utility",
      holds: e <= tolU,
      measured: e,
      tolerance: tolU,
      message: `claimed revenue ${fmt(eq.revenue)}, recomputed ${fmt(re.revenue)}`,
    });
  }
  const a0 = eq.alpha0;
  const delta = eq.delta;
  if (a0 === null) {
    const acting = game.specialists.filter((_, i) => eq.alphas[i] !== null).map((s) => s.name);
    items.push({
      id: `${label}: consistency`,
      kind: "consistency",
      holds: acting.length === 0,
      measured: null,
      tolerance: null,
      message:
        acting.length === 0
          ? "G stays out and every specialist abstains"
          : `G stays out, yet ${acting.join(", ")} ${acting.length === 1 ? "is" : "are"} claimed to participate`,
    });
    if (delta !== null) {
      const m = entryMargin(game, generalistBest(game, delta, GENERALIST_DENSITY));
      items.push({
        id: `${label}: G stays out`,
        kind: "stays-out",
        holds: m <= tolU,
        measured: Number.isFinite(m) ? m : null,
        tolerance: tolU,
        message: Number.isFinite(m)
          ? `G's best entry with a participant minus its best alternative: ${fmt(m)} (≤ 0: staying out is right)`
          : "no α0 attracts a participant: staying out is right",
      });
    }
    return items;
  }
  const d = delta!;
  const participants = eq.alphas.filter((a) => a !== null).length;
  items.push({
    id: `${label}: consistency`,
    kind: "consistency",
    holds: participants > 0 && re.infeasible === null,
    measured: null,
    tolerance: null,
    message:
      re.infeasible ??
      (participants > 0
        ? `G invests, ${participants} specialist${participants === 1 ? " participates" : "s participate"}`
        : "G invests but every specialist abstains: a bargain nobody joins is no bargain"),
  });
  game.specialists.forEach((s, i) => {
    const r = referenceResponse(s, a0, d, EQUILIBRIUM_DENSITY.alpha);
    const best = Math.max(s.disagreement, r.utility);
    const gain = best - re.utilities[i + 1]!;
    const move = r.participates ? `α = ${fmt(r.alpha)}` : "abstaining";
    items.push({
      id: `${label}: ${s.name} deviation`,
      kind: "deviation",
      holds: gain <= tolU,
      measured: gain,
      tolerance: tolU,
      witness: { delta: d, ...(r.participates ? { better: r.alpha } : {}) },
      message: `best response ${move} gains ${fmt(gain)} over the claimed α = ${fmt(eq.alphas[i]!)}`,
    });
    const a = eq.alphas[i]!;
    const interior = a !== null && a > a0;
    const res = interior ? (1 - d) * s.revenue.derivative(a) - s.cost.dA(a, a0) : null;
    items.push({
      id: `${label}: ${s.name} first-order`,
      kind: "foc",
      holds: res === null || Math.abs(res) <= tolFoc,
      measured: res,
      tolerance: res === null ? null : tolFoc,
      message:
        res === null
          ? `not applicable: ${a === null ? "abstains" : "free-rides (boundary α = α0)"}`
          : `∂U/∂α = ${fmt(res)} at the claimed α`,
    });
  });
  const best = generalistBest(game, d, GENERALIST_DENSITY, [a0]);
  const alt = Math.max(
    game.generalist.disagreement,
    best.withParticipants?.utility ?? -Infinity,
    best.withoutParticipants?.utility ?? -Infinity,
  );
  const gain = alt - re.utilities[0]!;
  const where =
    alt === best.withParticipants?.utility
      ? `α0 = ${fmt(best.withParticipants.alpha0)}`
      : alt === game.generalist.disagreement
        ? "staying out"
        : `α0 = ${fmt(best.withoutParticipants!.alpha0)} with nobody participating`;
  items.push({
    id: `${label}: G deviation`,
    kind: "deviation",
    holds: gain <= tolU,
    measured: gain,
    tolerance: tolU,
    witness: {
      delta: d,
      ...(alt === best.withParticipants?.utility ? { better: best.withParticipants.alpha0 } : {}),
    },
    message: `best response ${where} gains ${fmt(gain)} over the claimed α0 = ${fmt(a0)} (α0 ∈ [0, ${fmt(best.range)}] searched${best.rangeProved ? ", range proved" : ""}; ${best.thresholds.length} participation change${best.thresholds.length === 1 ? "" : "s"} located)`,
  });
  const foc = generalistResidual(game, eq, a0, d);
  items.push({
    id: `${label}: G first-order`,
    kind: "foc",
    holds: foc.residual === null || Math.abs(foc.residual) <= tolFoc,
    measured: foc.residual,
    tolerance: foc.residual === null ? null : tolFoc,
    message:
      foc.residual === null
        ? `not applicable: ${foc.why}`
        : `∂U_G/∂α0 = ${fmt(foc.residual)} at the claimed α0`,
  });
  return items;
}

/**
 * dU_G/dα0 at the claimed α0 with the specialists re-optimising (implicit derivative of their
 * first-order conditions: dα/dα0 = φ_aa0 / ((1−δ)r″ − φ_aa); 1 when free-riding), or null with the
 * reason where U_G is not smooth: α0 = 0, or participation or a regime changes within a relative
 * 1e-7 of α0, or within half of it when α0 is that close to 0 (a threshold G may sit on to keep a
 * specialist in).
 */
function generalistResidual(
  game: FineTuningGame,
  eq: ClaimedEquilibrium,
  a0: number,
  delta: number,
): { residual: number | null; why: string } {
  if (a0 === 0) return { residual: null, why: "α0 = 0 (boundary)" };
  // probes on both sides, never below 0 (G's cost is not defined there: an interior α0 of 1e-9,
  // which a cost exponent below 2 gives at small δ, probed at α0 − 1e-7 made the check throw)
  const h = Math.min(1e-7 * Math.max(1, a0), 0.5 * a0);
  const density = GENERALIST_DENSITY;
  const shape = (x: number): string => {
    const p = generalistPoint(game, x, delta, density);
    return (
      p.responses.map((r, i) => (p.participants[i] ? (r.alpha === x ? "f" : "c") : "a")).join("") +
      (p.ownAlpha === null ? "" : p.ownAlpha === x ? "F" : "C")
    );
  };
  const here = shape(a0);
  if (shape(a0 - h) !== here || shape(a0 + h) !== here)
    return { residual: null, why: "kink: participation or a regime changes at α0" };
  const p = generalistPoint(game, a0, delta, density);
  return { residual: generalistSlope(game, a0, delta, eq.alphas, p.ownAlpha), why: "" };
}
