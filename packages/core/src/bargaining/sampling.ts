/**
 * The samples of a bargaining problem over δ and the structure they reveal. Every δ the solver
 * examines is kept as a sample (utilities, revenue, agreement, the outcome's structure key). The
 * outcome is smooth wherever its structure is constant; `resolveStructure` locates every change of
 * structure between neighbouring samples by bisection, so that every piece of the outcome over δ
 * is bounded by samples within the δ tolerance of its ends: maxima at the edge of a piece (a
 * participation constraint that starts to bind, the edge of the agreement set) are samples, not
 * something between two grid points.
 */
import { bisectPredicate } from "../numerics/roots.js";
import { type DominatedCells, witness } from "./bounded.js";
import type { BargainingProblem, BargainOutcome } from "./problem.js";
import { RebuiltVectors } from "./rebuilt.js";
import { type ProvenCells, STRUCTURE_HALVINGS } from "./smooth.js";

/**
 * Bytes of utility vectors the sampler keeps (8 per player per sample). Samples beyond it (and
 * samples another one dominates over the decisive players when they arrive) keep only their first
 * {@link HEAD} utilities and their largest |utility|, and rebuild the vector when it is read, when
 * the model can (see BargainOutcome.rebuildUtilities): with a million players a
 * vector is 8 MB and a solve examines ~550 δ. Up to ~240,000 players every vector is kept. Not
 * more: with a million players the game's closures and the certificates take ~2 GB of heap between
 * full collections, and a solve's peak memory stays under 4 GB with this budget. (A model may ask
 * for less: the fine-tuning solver keeps none above 10,000 specialists, as rebuilding them costs no
 * more than keeping them there.)
 */
export const VECTOR_MEMORY_BUDGET = 2 ** 30;

/** Leading utilities every sample keeps: enough to reject most dominance checks without the vector. */
export const HEAD = 16;

/** What is kept of the model's outcome at a sampled δ (O(players) memory, not the whole outcome). */
export interface Sample {
  readonly delta: number;
  readonly agreement: boolean;
  readonly revenue: number;
  /** Every player's utility (rebuilt when read if the sample did not keep it). */
  readonly u: Float64Array;
  /** The first {@link HEAD} utilities (all of them with fewer players). */
  readonly head: Float64Array;
  /**
   * The utilities of the players that decide dominance (BargainingProblem.decisive), always kept;
   * every player's (`u`) when the problem declares none.
   */
  readonly dom: Float64Array;
  /** The first {@link HEAD} of `dom` (`head` when the problem declares no decisive players). */
  readonly domHead: Float64Array;
  /** The largest |utility| of any player. */
  readonly absMax: number;
  /**
   * Structure key: agreement, and the model's signature when it reports one (only agreement when
   * the structure is too fine to resolve: see {@link resolveStructure}).
   */
  sig: string;
  /** The outcome's branch coordinate (NaN when it reports none; see BargainOutcome.branch). */
  readonly branch: number;
  /** Whether the outcome was chosen among several local maxima (see BargainOutcome.multimodal). */
  readonly multimodal: boolean;
  /** How far the choice is from giving way to another kind (NaN if not reported; see BargainOutcome.margin). */
  readonly margin: number;
  nd: boolean;
  /** Whether `nd` has been decided against every sample present when it was. */
  classified: boolean;
}

class StoredSample implements Sample {
  nd = false;
  classified = false;
  readonly head: Float64Array;
  readonly domHead: Float64Array;
  readonly absMax: number;
  private readonly domKept: Float64Array | null;
  constructor(
    readonly delta: number,
    readonly agreement: boolean,
    readonly revenue: number,
    public sig: string,
    readonly branch: number,
    readonly multimodal: boolean,
    readonly margin: number,
    vector: Float64Array,
    private kept: Float64Array | null,
    private readonly rebuild: ((into?: Float64Array) => Float64Array) | null,
    private readonly cache: RebuiltVectors,
    decisive: Int32Array | null,
  ) {
    this.head = vector.length <= HEAD ? vector : vector.slice(0, HEAD);
    if (decisive === null) {
      this.domKept = null;
      this.domHead = this.head;
    } else {
      const dom = new Float64Array(decisive.length);
      for (let i = 0; i < dom.length; i++) dom[i] = vector[decisive[i]!]!;
      this.domKept = dom;
      this.domHead = dom.length <= HEAD ? dom : dom.slice(0, HEAD);
    }
    let max = 0;
    for (let i = 0; i < vector.length; i++) max = Math.max(max, Math.abs(vector[i]!));
    this.absMax = max;
  }
  get u(): Float64Array {
    return this.kept ?? this.cache.get(this, this.rebuild!);
  }
  get dom(): Float64Array {
    return this.domKept ?? this.u;
  }
}

/** `a` at least `b` − slack (per player) for every leading decisive utility: a dominance check of `a` over `b` may pass. */
export function headAllows(a: Sample, b: Sample, slack: ArrayLike<number>): boolean {
  const x = a.domHead;
  const y = b.domHead;
  for (let i = 0; i < x.length; i++) if (x[i]! < y[i]! - slack[i]!) return false;
  return true;
}

/** The structure key of an outcome: equal keys on an interval mean a smooth outcome there. */
export function structureKey(o: BargainOutcome): string {
  return o.agreement ? `a${o.signature ?? ""}` : "n";
}

/** The coarse part of a structure key: agreement alone. */
function coarseKey(sig: string): string {
  return sig.slice(0, 1);
}

/** Memoised evaluation of the model, keeping every δ examined as a sample. */
export class Sampler<O extends BargainOutcome> {
  readonly byDelta = new Map<number, Sample>();
  evaluations = 0;
  /** Messages of outcomes that report an uncertain inner solve (first few kept). */
  readonly uncertain: string[] = [];
  private uncertainCount = 0;
  /**
   * The most recent full outcomes, when they are small (few players): a reported solution is
   * usually among the last samples of its refinement.
   */
  private readonly recent = new Map<number, O>();
  private readonly keep: number;
  private sortedCache: Sample[] | null = null;
  /** Whether samples keep only the coarse structure key (see {@link resolveStructure}). */
  coarse = false;
  /** Changes of structure bisected so far (all calls of {@link resolveStructure}). */
  bisected = 0;
  /** Cells proven dominated by the model's bounds, whose changes of structure are left unlocated. */
  bounded: DominatedCells<O> | null = null;
  /** Cells of one structure proven free of hidden windows by the model (null: equal ends taken as proof). */
  smooth: ProvenCells<O> | null = null;
  /** Indices of the players that decide dominance (null: all; see BargainingProblem.decisive). */
  readonly decisive: Int32Array | null;
  constructor(
    private readonly problem: BargainingProblem<O>,
    /** Bytes of utility vectors to keep (see {@link VECTOR_MEMORY_BUDGET}). */
    private readonly vectorMemory = VECTOR_MEMORY_BUDGET,
  ) {
    this.keep = problem.players.length <= 64 ? 32 : 0;
    this.decisive = problem.decisive === undefined ? null : Int32Array.from(problem.decisive);
    this.noSlack = new Float64Array(this.decisive?.length ?? 0);
    this.decisiveU = new Float64Array(this.decisive?.length ?? 0);
  }
  at(delta: number): Sample {
    const d = delta === 0 ? 0 : delta; // −0 and 0 are the same bargain
    let s = this.byDelta.get(d);
    if (s === undefined) {
      this.evaluations++;
      const o = this.problem.evaluate(d);
      if (this.keep > 0) {
        if (this.recent.size >= this.keep) this.recent.delete(this.recent.keys().next().value!);
        this.recent.set(d, o);
      }
      if (o.uncertain !== undefined) {
        this.uncertainCount++;
        if (this.uncertain.length < 3) this.uncertain.push(o.uncertain);
      }
      const u = this.vector(o);
      // within the budget (or without a way to rebuild it) the vector is kept, but not that of a
      // bargain a sample already dominates (over the decisive players): off the Pareto front, the
      // solver seldom reads it again, and a rebuild gives the same numbers when it does (with many
      // players, a vector not kept is memory not touched: the stretches beyond G's favourite share
      // that the solver halves for bounds are dominated from end to end)
      const keep =
        o.rebuildUtilities === undefined ||
        !o.agreement ||
        (this.keptBytes + u.byteLength <= this.vectorMemory && !this.dominatedNow(u));
      if (keep && u !== this.outside) this.keptBytes += u.byteLength;
      s = new StoredSample(
        d,
        o.agreement,
        o.revenue,
        this.coarse ? coarseKey(structureKey(o)) : structureKey(o) + this.cutSuffix(d),
        o.agreement && o.branch !== undefined ? o.branch : Number.NaN,
        o.agreement && o.multimodal === true,
        o.agreement && o.margin !== undefined ? o.margin : Number.NaN,
        u,
        keep ? u : null,
        keep ? null : o.rebuildUtilities!,
        this.rebuilt,
        this.decisive,
      );
      // not kept: the vector stays with the rebuilt ones (the solver reads a new sample at once,
      // and a rebuild gives the same numbers); one they push out, which nobody will read again
      // (no outcome kept), the model may reuse
      if (!keep && this.keep === 0) {
        const out = this.rebuilt.put(s, u);
        if (out !== undefined) this.problem.recycle?.(out);
      }
      this.byDelta.set(d, s);
      this.sortedCache = null;
    }
    return s;
  }
  /** Left ends of the cells {@link resolveJumps} has gone down (not again). */
  readonly examined = new Set<number>();
  /**
   * Where the branch coordinate jumps within one signature (see {@link resolveJumps}), increasing:
   * each sample's key carries how many lie below it, so the pieces split there.
   */
  private readonly cuts: number[] = [];
  private cutSuffix(delta: number): string {
    let k = 0;
    while (k < this.cuts.length && this.cuts[k]! < delta) k++;
    return k === 0 ? "" : `|${k}`;
  }
  /** Cuts the pieces at δ (between two samples of one signature where the branch jumps). */
  cut(at: number): void {
    if (this.coarse || this.cuts.includes(at)) return;
    this.cuts.push(at);
    this.cuts.sort((a, b) => a - b);
    for (const s of this.byDelta.values()) {
      if (s.delta > at) s.sig = s.sig.replace(/\|\d+$/, "") + this.cutSuffix(s.delta);
    }
  }
  /** Bytes of utility vectors kept so far (see {@link VECTOR_MEMORY_BUDGET}). */
  private keptBytes = 0;
  /** The sample that last dominated a new one (tried first: one often dominates a whole stretch). */
  private lastWitness: Sample | null = null;
  /** Zero slack per decisive player, and the decisive utilities of the outcome at hand. */
  private readonly noSlack: Float64Array;
  private readonly decisiveU: Float64Array;
  /**
   * Whether a sample of agreement is at least `u` for every decisive player and above it for one
   * (./bounded.ts's witness without slack; false when the problem declares no decisive players:
   * the vectors are then small).
   */
  private dominatedNow(u: Float64Array): boolean {
    const dec = this.decisive;
    if (dec === null) return false;
    const y = this.decisiveU;
    for (let j = 0; j < dec.length; j++) y[j] = u[dec[j]!]!;
    const last = this.lastWitness;
    if (last !== null && witness([last], y, this.noSlack, 0) !== null) return true;
    const w = witness(this.byDelta.values(), y, this.noSlack, 0);
    if (w === null) return false;
    this.lastWitness = w;
    return true;
  }
  /** Vectors rebuilt lately. */
  private readonly rebuilt = new RebuiltVectors();
  /** The disagreement vector of the first sample without agreement (shared by the next ones). */
  private outside: Float64Array | null = null;
  /**
   * The utility vector a sample keeps: the outcome's own when it is a Float64Array (outcomes are
   * not modified; with a million players a copy is 8 MB per sample), and one shared vector for
   * every sample without agreement (each player's disagreement payoff, the same at every δ).
   */
  private vector(o: O): Float64Array {
    const m = this.problem.players.length;
    const u =
      o.utilities instanceof Float64Array && o.utilities.length === m
        ? o.utilities
        : Float64Array.from(o.utilities);
    if (o.agreement) return u;
    const shared = this.outside;
    if (shared !== null && shared.length === u.length && shared.every((x, i) => Object.is(x, u[i])))
      return shared;
    this.outside ??= u;
    return u;
  }
  /** How many evaluated outcomes reported an uncertain inner solve. */
  get uncertainOutcomes(): number {
    return this.uncertainCount;
  }
  private readonly outcomes = new Map<number, O>();
  /** The full outcome at δ (samples do not keep it: unless recent, a reported one is evaluated again, once). */
  outcome(delta: number): O {
    let o = this.outcomes.get(delta) ?? this.recent.get(delta);
    if (o === undefined) {
      this.evaluations++;
      o = this.problem.evaluate(delta);
      this.outcomes.set(delta, o);
    }
    return o;
  }
  /** Every sample in increasing δ (the array is shared until a new sample arrives: do not modify). */
  sorted(): Sample[] {
    if (this.sortedCache === null) {
      this.sortedCache = [...this.byDelta.values()].sort((a, b) => a.delta - b.delta);
    }
    return this.sortedCache;
  }
}

/**
 * Cells narrower than this (δ units) are not halved in the hope that bounds prove the halves
 * dominated (./bounded.ts): the change inside is located by bisection.
 */
export const BOUNDED_MIN_WIDTH = 2 ** -24;

/** Passes allowed for that halving: log2 of the grid's cell over BOUNDED_MIN_WIDTH, with room. */
const BOUNDED_HALVINGS = 24;

/** What {@link resolveStructure} found. */
export interface StructureReport {
  /** Changes of structure located to the δ tolerance. */
  readonly breakpoints: number;
  /** Changes of structure left at the grid's resolution (beyond the cap on located changes). */
  readonly unresolved: number;
  /**
   * Cells of one structure the model could not prove free of a hidden window (./smooth.ts), at the
   * δ tolerance or when the passes ran out; 0 when the model offers no such proof.
   */
  readonly unproven: number;
}

/** Two reports of {@link resolveStructure} on one sampler as one: located changes add up, the unresolved are the latest count. */
export function addStructure(a: StructureReport, b: StructureReport): StructureReport {
  return {
    breakpoints: a.breakpoints + b.breakpoints,
    unresolved: Math.max(a.unresolved, b.unresolved),
    unproven: b.unproven,
  };
}

/**
 * Locates, by bisection to `xTol`, every change of structure between neighbouring samples — or,
 * when there are more than `maxBreakpoints`, every change of agreement, leaving the rest at the
 * samples' resolution (reported). Where the model proves cells of one structure free of hidden
 * windows (./smooth.ts), cells it cannot prove are halved down to `xTol`.
 */
export function resolveStructure<O extends BargainOutcome>(
  sampler: Sampler<O>,
  xTol: number,
  maxBreakpoints: number,
): StructureReport {
  const changes = (coarse: boolean): [Sample, Sample][] => {
    const all = sampler.sorted();
    const out: [Sample, Sample][] = [];
    for (let i = 1; i < all.length; i++) {
      const a = all[i - 1]!;
      const b = all[i]!;
      if (b.delta - a.delta <= xTol) continue;
      if (coarse ? coarseKey(a.sig) === coarseKey(b.sig) : a.sig === b.sig) continue;
      // a cell the model's bounds prove dominated needs no location (./bounded.ts)
      if (sampler.bounded?.covers(a, b)) continue;
      out.push([a, b]);
    }
    return out;
  };
  // cells of one structure not proven free of a window: halved (none once the keys are coarse),
  // STRUCTURE_HALVINGS at most; the rest are left unproven
  let narrow = 0;
  const unproven = (): [Sample, Sample][] => {
    const smooth = sampler.smooth;
    if (smooth === null || sampler.coarse) {
      narrow = 0;
      return [];
    }
    const found = smooth.unproven(sampler.sorted(), xTol);
    // the budget is the whole solve's (this runs once per round of refinement)
    const room = Math.max(0, STRUCTURE_HALVINGS - smooth.halvings);
    const wide = found.wide.length > room ? found.wide.slice(0, room) : found.wide;
    smooth.halvings += wide.length;
    narrow = found.narrow + found.wide.length - wide.length;
    return wide;
  };
  let breakpoints = 0;
  let unresolved = 0;
  const goCoarse = (left: number): void => {
    // too fine to resolve (thousands of players changing regime): pieces are only the stretches of
    // agreement, and the changes left within them are counted as unresolved
    unresolved += left;
    for (const s of sampler.sorted()) s.sig = coarseKey(s.sig);
    sampler.coarse = true;
  };
  let work = changes(sampler.coarse);
  if (!sampler.coarse && sampler.bisected + work.length > maxBreakpoints) {
    goCoarse(work.length);
    work = changes(true);
  }
  let halve = unproven();
  // each pass locates one change per pair; a pair hiding several changes yields new pairs (a pair
  // that bounds may yet prove dominated is only halved, and its halves tried in the next pass)
  for (let pass = 0; work.length + halve.length > 0 && pass < 64 + BOUNDED_HALVINGS; pass++) {
    for (const [a, b] of halve) sampler.at(0.5 * (a.delta + b.delta));
    for (const [a, b] of work) {
      if (sampler.bounded !== null && b.delta - a.delta > BOUNDED_MIN_WIDTH) {
        sampler.at(0.5 * (a.delta + b.delta));
        continue;
      }
      const key = sampler.coarse ? coarseKey(a.sig) : a.sig;
      const same = (x: number): boolean => {
        const s = sampler.at(x);
        return (sampler.coarse ? coarseKey(s.sig) : s.sig) === key;
      };
      bisectPredicate(same, a.delta, b.delta, { xTol });
      breakpoints++;
      sampler.bisected++;
    }
    work = changes(sampler.coarse);
    if (!sampler.coarse && sampler.bisected + work.length > maxBreakpoints) {
      goCoarse(work.length);
      work = changes(true);
    }
    halve = unproven();
  }
  // changes still pending when the passes ran out are not located either
  return { breakpoints, unresolved: unresolved + work.length, unproven: narrow + halve.length };
}

/**
 * The maximal runs of neighbouring agreement samples with one structure (the pieces over which the
 * outcome is smooth), as [first, last] indices into `all`.
 */
export function pieces(all: readonly Sample[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < all.length; i++) {
    if (!all[i]!.agreement) continue;
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.sig === all[i]!.sig) j++;
    out.push([i, j]);
    i = j;
  }
  return out;
}
