/**
 * Checks of a claimed bargaining analysis over δ (definitions at the top of
 * ../bargaining/solve.ts): each solution's objective at its δ against the best found over the
 * bargains δ ∈ [0, 1] (every objective's maximum over the bargains is attained on the Pareto set,
 * except max-performance's, so comparing over all bargains is comparing over the set), and the
 * claimed Pareto set: its points are not dominated, points just outside its endpoints and in its
 * gaps are, and no sampled bargain outside it is undominated.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Defs 2.1–2.4, Theorem 2.1, Section 4
 */
import type { ClaimedEquilibrium } from "./answer.js";
import { Dominators, playerSlacks, searchDominator } from "./checkDominator.js";
import type { ReferenceOutcome } from "./checkModel.js";
import type { DeltaSweep } from "./checkSweep.js";
import type { CheckItem, CheckTolerances } from "./checkTypes.js";
import type { FineTuningGame } from "./model.js";

const fmt = (x: number | null): string =>
  x === null ? "null" : Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : String(x);

/** The smallest entry (+∞ when empty, as Math.min()); a loop: a spread of one entry per player overflows the stack. */
function minOf(xs: readonly number[]): number {
  let m = Number.POSITIVE_INFINITY;
  for (const x of xs) {
    if (Number.isNaN(x)) return x;
    if (x < m) m = x;
  }
  return m;
}

/** Most players whose ideal utilities are each refined by Brent's method (see {@link Objectives.idealsRefined}). */
export const REFINED_PLAYERS = 64;

/** What the bargaining checks need from the caller. */
export interface BargainingContext {
  readonly tolerances: CheckTolerances;
  readonly scale: number;
  readonly sweep: DeltaSweep;
}

/** Utilities and revenue of a claimed solution, as the objective sees them. */
interface Claimed {
  readonly utilities: ArrayLike<number>;
  readonly revenue: number;
}

/** The objectives of ../bargaining/solve.ts over the bargains, given the sweep. */
export class Objectives {
  readonly parties: number[];
  readonly ideals: number[];
  private readonly d: number[];
  private readonly nashCount: number;
  private readonly cache = new Map<string, { delta: number; value: number }>();

  /**
   * Whether every player's ideal (best utility over the bargains) was refined between samples:
   * false above {@link REFINED_PLAYERS} players, where the specialists' ideals are their best over
   * the samples (G's is always refined).
   */
  readonly idealsRefined: boolean;

  constructor(
    game: FineTuningGame,
    private readonly sweep: DeltaSweep,
    private readonly positive: number,
  ) {
    this.d = [game.generalist.disagreement, ...game.specialists.map((s) => s.disagreement)];
    // a player's best utility over the bargains is attained at a Pareto-optimal bargain
    this.idealsRefined = this.d.length <= REFINED_PLAYERS;
    const best = this.idealsRefined
      ? this.d.map((_, i) => this.best(`powerful-${i}`).value)
      : this.sampledIdeals();
    this.parties = best.flatMap((b, i) => (b - this.d[i]! > positive ? [i] : []));
    this.ideals = best;
    // a loop, not a spread into Math.max: one entry per sample
    let count = 0;
    for (const o of sweep.sorted()) if (o.agreement) count = Math.max(count, this.gainers(o.utilities));
    this.nashCount = count;
  }

  /**
   * Every player's best utility over the sampled bargains in one pass (O(samples · n)), G's
   * refined: refining each specialist's maximum by Brent's method adds ~40 outcomes per player,
   * O(n) outcomes of O(n) each. A sampled maximum is below the true one by the utility's
   * curvature times the squared spacing of the samples; it enters only the parties (a gain above
   * the positive slack) and Kalai–Smorodinsky's normalisation, the same for a claim and for the
   * best found.
   */
  private sampledIdeals(): number[] {
    const best = this.d.map(() => Number.NEGATIVE_INFINITY);
    for (const o of this.sweep.sorted()) {
      if (!o.agreement) continue;
      const u = o.utilities;
      for (let i = 1; i < best.length; i++) if (u[i]! > best[i]!) best[i] = u[i]!;
    }
    best[0] = this.best("powerful-0").value;
    return best;
  }

  private gainers(u: ArrayLike<number>): number {
    let k = 0;
    for (const i of this.parties) if (u[i]! - this.d[i]! > this.positive) k++;
    return k;
  }

  /** The value of objective `id` (powerful-<player index>) at the given utilities and revenue. */
  value(id: string, c: Claimed): number {
    const u = c.utilities;
    const gains = id.startsWith("powerful-") ? [] : this.parties.map((i) => u[i]! - this.d[i]!);
    switch (id) {
      case "nash": {
        // if the product is 0 throughout: first the number of parties who gain, then their product
        if (this.gainers(u) < this.nashCount) return Number.NEGATIVE_INFINITY;
        return gains.reduce(
          (p, g) => (this.nashCount === this.parties.length || g > this.positive ? p * g : p),
          1,
        );
      }
      case "egalitarian":
        return minOf(gains);
      case "kalai-smorodinsky":
        return minOf(this.parties.map((i, k) => gains[k]! / (this.ideals[i]! - this.d[i]!)));
      case "utilitarian": {
        let sum = 0;
        for (let i = 0; i < u.length; i++) sum += u[i]!;
        return sum;
      }
      case "max-performance":
        return c.revenue;
      default:
        return u[Number(id.slice("powerful-".length))]!;
    }
  }

  /** The best value of objective `id` over the bargains found by the sweep. */
  best(id: string): { delta: number; value: number } {
    let b = this.cache.get(id);
    if (b === undefined) {
      b = this.sweep.maximise((o) => (o.agreement ? this.value(id, o) : Number.NEGATIVE_INFINITY));
      this.cache.set(id, b);
    }
    return b;
  }
}

/** Each claimed solution's objective against the best found over the bargains. */
export function checkOptimality(
  game: FineTuningGame,
  solutions: readonly { id: string; equilibrium: ClaimedEquilibrium; revenue: number }[],
  objectives: Objectives,
  ctx: BargainingContext,
): CheckItem[] {
  const names = ["G", ...game.specialists.map((s) => s.name)];
  const items: CheckItem[] = [];
  for (const { id, equilibrium: eq, revenue } of solutions) {
    if (eq.delta === null) continue;
    const key = id.startsWith("powerful-") ? `powerful-${names.indexOf(id.slice("powerful-".length))}` : id;
    const claimed = objectives.value(key, { utilities: eq.utilities, revenue });
    const best = objectives.best(key);
    // Nash's product scales with the product of the parties' scales: judged relatively
    const scale =
      key === "nash"
        ? Math.max(Math.abs(best.value), Number.MIN_VALUE)
        : key === "kalai-smorodinsky"
          ? 1
          : ctx.scale;
    const tol = ctx.tolerances.objective * scale;
    let shortfall = best.value - claimed;
    let near = "";
    if (shortfall > tol) {
      // a maximum at a jump or an edge is located only to the claim's δ resolution: the best
      // within it counts
      const r = ctx.tolerances.deltaResolution;
      const d = eq.delta;
      const within = ctx.sweep.sorted().filter((o) => Math.abs(o.delta - d) <= r);
      for (const o of [
        ...within,
        ...[d - r, d + r].filter((x) => x >= 0 && x <= 1).map((x) => ctx.sweep.at(x)),
      ]) {
        const v = o.agreement ? objectives.value(key, o) : Number.NEGATIVE_INFINITY;
        // only a value that settles the verdict is reported
        if (best.value - v <= tol && best.value - v < shortfall) {
          shortfall = best.value - v;
          near = ` (${fmt(v)} at δ = ${fmt(o.delta)}, within ${fmt(r)} of it)`;
        }
      }
    }
    const holds = shortfall <= tol || !Number.isFinite(best.value);
    items.push({
      id: `${id}: optimality`,
      kind: "optimality",
      holds,
      measured: Number.isFinite(shortfall) ? shortfall : null,
      witness: { delta: eq.delta, ...(Number.isFinite(best.delta) ? { better: best.delta } : {}) },
      tolerance: tol,
      message: `objective ${fmt(claimed)} at δ = ${fmt(eq.delta)}${near}; best found ${fmt(best.value)} at δ = ${fmt(best.delta)}`,
    });
  }
  return items;
}

/** δ at separation·2^k on both sides of δ0, inside [0, 1]: local dominators of a point. */
function probes(sweep: DeltaSweep, delta0: number, separation: number): ReferenceOutcome[] {
  const out: ReferenceOutcome[] = [];
  for (let h = separation; h < 1; h *= 2) {
    if (delta0 - h >= 0) out.push(sweep.at(delta0 - h));
    if (delta0 + h <= 1) out.push(sweep.at(delta0 + h));
  }
  return out;
}

/**
 * Player comparisons one pass of the Pareto checks affords (points × samples × players): a point
 * against every sampled bargain costs up to samples × players when many bargains are within the
 * weak slack of it (all of them read to the last player). About 2-4 s on one core.
 */
export const PARETO_WORK = 2e9;

/** Every k-th point is checked when all of them would exceed {@link PARETO_WORK}. */
function stride(points: number, samples: number, players: number): number {
  return Math.max(1, Math.ceil((points * samples * players) / PARETO_WORK));
}

/**
 * Outcomes the branch-and-bound search for a dominator between the samples may evaluate per point
 * ({@link searchDominator}): 400, fewer with very many players (each outcome costs O(players)).
 */
export function dominatorBudget(players: number): number {
  return Math.max(8, Math.min(400, Math.floor(4e7 / players)));
}

/** Sampled bargains outside the claimed set, undominated by the samples, searched between them. */
const COMPLETE_SEARCHES = 8;

const thinnedNote = (k: number, of: number): string =>
  `every ${k}th of the ${of} δ examined there, the last included: ${of} × samples × players exceeds the ${PARETO_WORK.toExponential(0)} comparisons afforded`;

/** Checks of the claimed Pareto set. */
export function checkPareto(
  pareto: readonly (readonly [number, number])[],
  claimedIn: readonly { id: string; delta: number; inParetoSet: boolean | null }[],
  ctx: BargainingContext,
): CheckItem[] {
  const { sweep, tolerances: t } = ctx;
  const players = sweep.sorted()[0]?.utilities.length ?? 1;
  const weak = playerSlacks(sweep.sorted(), players, t.weakSlack);
  const strict = t.strictGain * ctx.scale;
  const items: CheckItem[] = [];
  const inClaimed = (d: number): boolean => pareto.some(([a, b]) => d >= a && d <= b);
  const label = ([a, b]: readonly [number, number]) =>
    a === b ? `pareto {${fmt(a)}}` : `pareto [${fmt(a)}, ${fmt(b)}]`;
  // claimed points: endpoints with local probes, 15 interior points against the samples
  const claimedPoints: ReferenceOutcome[] = [];
  for (const iv of pareto) {
    const [a, b] = iv;
    // the ends themselves are limit points (a player exactly at its outside option there can make
    // them weakly dominated while every point inside is not): checked a hair inside instead
    const s = Math.min(t.separation, (b - a) / 4);
    const pts =
      a === b ? [a] : [a + s, b - s, ...Array.from({ length: 15 }, (_, j) => a + ((b - a) * (j + 1)) / 16)];
    const outcomes = pts.map((d) => sweep.at(d));
    for (const o of outcomes) claimedPoints.push(o);
    const local = [...probes(sweep, a, t.separation), ...(a === b ? [] : probes(sweep, b, t.separation))];
    // and every δ the sweep examined inside (a gap narrower than the spacing above shows here),
    // every k-th of them when all of them would exceed the work budget
    const examined = sweep.sorted().filter((o) => o.delta > a + s && o.delta < b - s);
    const k = stride(examined.length, sweep.size, players);
    examined.forEach((o, j) => {
      if (j % k === 0 || j === examined.length - 1) outcomes.push(o);
    });
    const thinned = k > 1 ? `; ${thinnedNote(k, examined.length)}` : "";
    let worst = { strength: Number.NEGATIVE_INFINITY, by: Number.NaN, at: a };
    let noBargain: number | null = null;
    // the candidates do not change inside the loop (dominance examines no new δ): prepared once
    const dominators = new Dominators([...sweep.sorted(), ...local]);
    for (const o of outcomes) {
      if (!o.agreement) noBargain ??= o.delta;
      const r = dominators.strongest(o, weak, t.separation);
      if (r.strength > worst.strength) worst = { ...r, at: o.delta };
    }
    const holds = noBargain === null && worst.strength <= strict;
    items.push({
      id: `${label(iv)}: inside`,
      kind: "pareto-inside",
      holds,
      measured: Number.isFinite(worst.strength) ? worst.strength : null,
      ...(Number.isFinite(worst.strength) ? { witness: { delta: worst.at, better: worst.by } } : {}),
      tolerance: strict,
      message:
        noBargain !== null
          ? `δ = ${fmt(noBargain)} is not a bargain (G stays out)`
          : worst.strength > strict
            ? `δ = ${fmt(worst.at)} is dominated by δ = ${fmt(worst.by)} (a player gains ${fmt(worst.strength)}, nobody loses)`
            : `${a === b ? "the point" : `${outcomes.length} points`} not dominated by ${sweep.size} sampled bargains${thinned}`,
    });
  }
  // just outside every endpoint
  const edges: number[] = [0, ...pareto.flat(), 1];
  pareto.forEach((iv, k) => {
    for (const side of [-1, 1] as const) {
      const e = side < 0 ? iv[0] : iv[1];
      const room = side < 0 ? e - edges[2 * k]! : edges[2 * k + 3]! - e;
      if (!(room > 0)) continue;
      if (room < t.separation) {
        items.push({
          id: `${label(iv)}: just ${side < 0 ? "below" : "above"} ${fmt(e)}`,
          kind: "pareto-outside",
          holds: true,
          measured: null,
          tolerance: null,
          message: `not resolved: only ${fmt(room)} in δ to ${side < 0 ? "the previous end or 0" : "the next end or 1"}, below the separation ${fmt(t.separation)}`,
        });
        continue;
      }
      const step = Math.min(t.outsideStep, room / 3);
      const o = sweep.at(e + side * step);
      const sep = Math.min(t.separation, step / 4);
      let r = o.agreement
        ? new Dominators([...sweep.sorted(), ...probes(sweep, o.delta, sep)]).strongest(o, weak, sep)
        : { strength: Number.POSITIVE_INFINITY, by: Number.NaN };
      // none among the samples: a window narrower than their spacing may still dominate it
      let search = "";
      let unresolved = false;
      if (!(r.strength > strict)) {
        const found = searchDominator(sweep, o, { weak, strict, separation: sep }, dominatorBudget(players));
        if (found.strength > strict) r = found;
        else if (found.open > 0) {
          // the search ran out of budget with cells that may hold a dominator: not decided, not
          // evidence (a window of dominators beside a change of structure the sweep did not
          // bisect is a fraction of a micro-δ wide)
          unresolved = true;
          search = ` (nor by ${found.evaluations} more δ searched between them; ${found.open} cells left unsearched)`;
        } else search = ` (nor by any δ between them: ${found.evaluations} more searched)`;
      }
      const holds = r.strength > strict || unresolved;
      items.push({
        id: `${label(iv)}: just ${side < 0 ? "below" : "above"} ${fmt(e)}`,
        kind: "pareto-outside",
        holds,
        measured: Number.isFinite(r.strength) ? r.strength : null,
        witness: { delta: o.delta, ...(Number.isFinite(r.by) ? { better: r.by } : {}) },
        tolerance: strict,
        message: !o.agreement
          ? `δ = ${fmt(o.delta)} is not a bargain`
          : unresolved
            ? `not resolved: δ = ${fmt(o.delta)} is not dominated by the ${sweep.size} sampled bargains${search}`
            : holds
              ? `δ = ${fmt(o.delta)} is dominated by δ = ${fmt(r.by)} (gain ${fmt(r.strength)})`
              : `δ = ${fmt(o.delta)} is not dominated by the ${sweep.size} sampled bargains${search}: the claimed set ends too early`,
      });
    }
  });
  // completeness: no sampled bargain outside the set (away from its endpoints) is undominated
  const near = (d: number): boolean =>
    pareto.some(([a, b]) => Math.abs(d - a) < 2 * t.outsideStep || Math.abs(d - b) < 2 * t.outsideStep);
  const candidates = new Dominators([...sweep.sorted(), ...claimedPoints]);
  const undominated: number[] = [];
  // searched without a dominator, with cells left unsearched when the budget ran out: not decided
  const undecided: number[] = [];
  let checked = 0;
  let searched = 0;
  const outside = sweep.sorted().filter((o) => o.agreement && !inClaimed(o.delta) && !near(o.delta));
  const k = stride(outside.length, sweep.size, players);
  for (const [j, o] of outside.entries()) {
    if (j % k !== 0 && j !== outside.length - 1) continue;
    checked++;
    if (candidates.strongest(o, weak, t.separation).strength > strict) continue;
    // none among the samples: a window narrower than their spacing may still dominate it (searched
    // for the first few such points: a claimed set far too small leaves hundreds of them)
    if (searched < COMPLETE_SEARCHES) {
      searched++;
      const found = searchDominator(
        sweep,
        o,
        { weak, strict, separation: t.separation },
        dominatorBudget(players),
      );
      if (found.strength > strict) continue;
      if (found.open > 0) {
        undecided.push(o.delta);
        continue;
      }
    }
    undominated.push(o.delta);
  }
  const notDecided =
    undecided.length === 0
      ? ""
      : `; not resolved for ${undecided.length} (e.g. δ = ${fmt(undecided[0]!)}): no dominator among the samples, and the search between them ran out of budget`;
  items.push({
    id: "pareto: complete",
    kind: "pareto-complete",
    holds: undominated.length === 0,
    measured: undominated.length,
    ...(undominated.length > 0 ? { witness: { delta: undominated[0]! } } : {}),
    tolerance: 0,
    message:
      undominated.length === 0
        ? `${undecided.length === 0 ? `all ${checked}` : `${checked - undecided.length} of ${checked}`} sampled bargains outside the claimed set are dominated${k > 1 ? ` (${thinnedNote(k, outside.length)})` : ""}${notDecided}`
        : `${undominated.length} sampled bargain(s) outside the claimed set are not dominated, e.g. δ = ${undominated
            .slice(0, 3)
            .map(fmt)
            .join(", ")}${notDecided}`,
  });
  // solutions' inParetoSet flags, and the claimed-in ones are not dominated
  for (const s of claimedIn) {
    const inside = inClaimed(s.delta);
    if (s.inParetoSet !== null) {
      items.push({
        id: `${s.id}: in Pareto set flag`,
        kind: "pareto-flag",
        holds: s.inParetoSet === inside,
        measured: null,
        tolerance: null,
        message: `claimed ${s.inParetoSet ? "in" : "not in"} the Pareto set; δ = ${fmt(s.delta)} is ${inside ? "inside" : "outside"} the claimed set`,
      });
    }
  }
  return items;
}
