/**
 * G's utility at one α0 with every specialist best-responding (./checkResponse.ts), and the tie
 * rule between candidate best responses: shared by the answer checker's generic search
 * (./checkModel.ts) and its sorted-threshold path for polynomial games (./checkPolynomial.ts).
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Section 2
 */
import { type ReferenceResponse, referenceResponse, type SearchDensity } from "./checkResponse.js";
import { type FineTuningGame, NonFiniteError, type Specialist } from "./model.js";
/** G's utility at α0 with every specialist best-responding, and who participates. */
export interface GeneralistPoint {
  readonly alpha0: number;
  readonly utility: number;
  /** Participation per specialist. */
  readonly participants: readonly boolean[];
  readonly responses: readonly ReferenceResponse[];
  /** G's direct channel's profit (0 when unused or absent). */
  readonly own: number;
  /** The performance of the direct channel when used. */
  readonly ownAlpha: number | null;
  /** G's utility if every specialist participated with its best α (the range bound). */
  readonly allIn: number;
}

/** U_G at α0: δ·Σ r_i over participants + direct profit − φ0(α0). */
export function generalistPoint(
  game: FineTuningGame,
  alpha0: number,
  delta: number,
  density: SearchDensity,
): GeneralistPoint {
  let total = 0;
  let all = 0;
  const participants: boolean[] = [];
  const responses: ReferenceResponse[] = [];
  for (const s of game.specialists) {
    const r = referenceResponse(s, alpha0, delta, density.alpha);
    responses.push(r);
    participants.push(r.participates);
    const rev = s.revenue.value(r.alpha);
    all += Math.max(0, rev);
    if (r.participates) total += rev;
  }
  let own = 0;
  let ownAlpha: number | null = null;
  const d = game.generalist.direct;
  if (d !== undefined) {
    const channel: Specialist = { name: "direct", cost: d.cost, revenue: d.revenue, disagreement: 0 };
    const r = referenceResponse(channel, alpha0, 0, density.alpha);
    if (r.participates) {
      own = r.utility;
      ownAlpha = r.alpha;
    }
  }
  const cost = game.generalist.cost.value(alpha0);
  if (Number.isNaN(cost)) throw new NonFiniteError(`G's cost at α0 = ${alpha0} is NaN`);
  return {
    alpha0,
    utility: delta * total + own - cost,
    participants,
    responses,
    own,
    ownAlpha,
    allIn: delta * all + own - cost,
  };
}

/** G's best response at δ as found by the reference search. */
export interface GeneralistBest {
  /** Best α0 at which some specialist participates, and G's utility there (null: nobody ever joins). */
  readonly withParticipants: GeneralistPoint | null;
  /** Best α0 at which nobody participates (null: someone always does). */
  readonly withoutParticipants: GeneralistPoint | null;
  /** Upper end of the α0 range searched. */
  readonly range: number;
  /** Whether the range is proved to contain the maximum (polynomial games). */
  readonly rangeProved: boolean;
  /** Participation thresholds found in the range (where the set of participants changes). */
  readonly thresholds: readonly number[];
}

/** Relative width under which G's utilities are tied (round-off of U_G near a flat maximum). */
const TIE = 1e-13;

/** The best candidate: within round-off of the top, exactly located ones first, then the smaller α0. */
export function pick(list: readonly { p: GeneralistPoint; precise: boolean }[]): GeneralistPoint | null {
  let top = Number.NEGATIVE_INFINITY;
  for (const c of list) if (c.p.utility > top) top = c.p.utility;
  const tied = list.filter((c) => c.p.utility >= top - TIE * Math.max(1, Math.abs(top)));
  const pool = tied.some((c) => c.precise) ? tied.filter((c) => c.precise) : tied;
  let best: GeneralistPoint | null = null;
  for (const { p } of pool)
    if (best === null || p.utility > best.utility || (p.utility === best.utility && p.alpha0 < best.alpha0))
      best = p;
  return best;
}
