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
import type { DominatedCells } from "./bounded.js";
import type { BargainingProblem, BargainOutcome } from "./problem.js";
import { RebuiltVectors } from "./rebuilt.js";

/**
 * Bytes of utility vectors the sampler keeps (8 per player per sample). Samples beyond it keep
 * only their first {@link HEAD} utilities and their largest |utility|, and rebuild the vector when
 * it is read, when the model can (see BargainOutcome.rebuildUtilities): with a million players a
 * vector is 8 MB and a solve examines ~550 δ. Up to ~240,000 players every vector is kept. Not
 * more: with a million players the game's closures and the certificates take ~2 GB of heap between
 * full collections, and a solve's peak memory stays under 4 GB with this budget.
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
  /** Indices of the players that decide dominance (null: all; see BargainingProblem.decisive). */
  readonly decisive: Int32Array | null;
  constructor(
    private readonly problem: BargainingProblem<O>,
    /** Bytes of utility vectors to keep (see {@link VECTOR_MEMORY_BUDGET}). */
    private readonly vectorMemory = VECTOR_MEMORY_BUDGET,
  ) {
    this.keep = problem.players.length <= 64 ? 32 : 0;
    this.decisive = problem.decisive === undefined ? null : Int32Array.from(problem.decisive);
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
      // within the budget (or without a way to rebuild it) the vector is kept
      const keep =
        this.keptBytes + u.byteLength <= this.vectorMemory ||
        o.rebuildUtilities === undefined ||
        !o.agreement;
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
}

/** Two reports of {@link resolveStructure} on one sampler as one: located changes add up, the unresolved are the latest count. */
export function addStructure(a: StructureReport, b: StructureReport): StructureReport {
  return { breakpoints: a.breakpoints + b.breakpoints, unresolved: Math.max(a.unresolved, b.unresolved) };
}

/**
 * Locates, by bisection to `xTol`, every change of structure between neighbouring samples — or,
 * when there are more than `maxBreakpoints`, every change of agreement, leaving the rest at the
 * samples' resolution (reported).
 */
export function resolveStructure<O extends BargainOutcome>(
  sampler: Sampler<O>,
  xTol: number,
  maxBreakpoints: number,
): StructureReport {
  const pending = (coarse: boolean): [Sample, Sample][] => {
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
  let breakpoints = 0;
  let unresolved = 0;
  const goCoarse = (left: number): void => {
    // too fine to resolve (thousands of players changing regime): pieces are only the stretches of
    // agreement, and the changes left within them are counted as unresolved
    unresolved += left;
    for (const s of sampler.sorted()) s.sig = coarseKey(s.sig);
    sampler.coarse = true;
  };
  let work = pending(sampler.coarse);
  if (!sampler.coarse && sampler.bisected + work.length > maxBreakpoints) {
    goCoarse(work.length);
    work = pending(true);
  }
  // each pass locates one change per pair; a pair hiding several changes yields new pairs (a pair
  // that bounds may yet prove dominated is only halved, and its halves tried in the next pass)
  for (let pass = 0; work.length > 0 && pass < 64 + BOUNDED_HALVINGS; pass++) {
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
    work = pending(sampler.coarse);
    if (!sampler.coarse && sampler.bisected + work.length > maxBreakpoints) {
      goCoarse(work.length);
      work = pending(true);
    }
  }
  // changes still pending when the passes ran out are not located either
  return { breakpoints, unresolved: unresolved + work.length };
}

/** What {@link resolveJumps} found. */
export interface JumpReport {
  /** Jumps of the branch coordinate located to the δ tolerance (the pieces are cut there). */
  readonly jumps: number;
  /** Cells still suspect when the budget ran out (0: every piece checked). */
  readonly unresolved: number;
}

/**
 * A cell [s_i, s_i+1] of one piece is suspect when the branch coordinate at each end misses the
 * straight line through the two samples beyond the other end by more than this fraction of the
 * cell's change (plus {@link BRANCH_NOISE}): a jump J inside makes both lines miss by about J, a
 * smooth branch by O(h²·x″). A cell with a neighbour on one side only uses that side; a piece of
 * two samples has its midpoint evaluated.
 */
const SUSPECT_FRACTION = 0.25;

/**
 * Going down a suspect cell, the half holding the larger change is kept while its midpoint's offset
 * from the mean of its ends stays at least this fraction of the previous one: a jump keeps it at
 * ~J/2 at every width, a kink halves it and a smooth branch quarters it with each halving.
 */
const JUMP_PERSISTENCE = 0.7;

/** Branch differences below this fraction of max(1, |x|) are round-off, not a jump. */
const BRANCH_NOISE = 1e-9;

/**
 * Checks the continuity of the outcomes' branch coordinate (BargainOutcome.branch) within each
 * piece of one structure, and cuts the pieces where it jumps. Cells are screened with the samples
 * there are ({@link SUSPECT_FRACTION}: no evaluation); in a suspect cell the midpoint is evaluated
 * and the half holding the larger change halved again while the midpoint's offset persists
 * ({@link JUMP_PERSISTENCE}), down to `xTol`, where the pieces are cut. Cells already gone down
 * are not again. Stops after `budget` evaluations, reporting the suspect cells left.
 */
export function resolveJumps<O extends BargainOutcome>(
  sampler: Sampler<O>,
  xTol: number,
  budget: number,
): JumpReport {
  if (sampler.coarse) return { jumps: 0, unresolved: 0 };
  const all = sampler.sorted();
  const noise = (p: number, q: number): number => BRANCH_NOISE * Math.max(1, Math.abs(p), Math.abs(q));
  const inPiece = (i: number, j: number): boolean =>
    j >= 0 &&
    j < all.length &&
    all[j]!.agreement &&
    all[j]!.sig === all[i]!.sig &&
    Number.isFinite(all[j]!.branch);
  const suspect: [Sample, Sample][] = [];
  for (let i = 0; i + 1 < all.length; i++) {
    const a = all[i]!;
    const b = all[i + 1]!;
    if (!a.agreement || !inPiece(i, i + 1) || !Number.isFinite(a.branch) || b.delta - a.delta <= xTol)
      continue;
    if (sampler.examined.has(a.delta)) continue;
    const change = Math.abs(b.branch - a.branch);
    if (!(change > noise(a.branch, b.branch))) continue;
    const misses: number[] = [];
    // the line through the two samples left of the cell, at b; through the two right of it, at a
    if (inPiece(i, i - 1)) {
      const p = all[i - 1]!;
      misses.push(
        Math.abs(b.branch - (a.branch + ((a.branch - p.branch) / (a.delta - p.delta)) * (b.delta - a.delta))),
      );
    }
    if (inPiece(i, i + 2)) {
      const q = all[i + 2]!;
      misses.push(
        Math.abs(a.branch - (b.branch - ((q.branch - b.branch) / (q.delta - b.delta)) * (b.delta - a.delta))),
      );
    }
    if (misses.length === 0 || Math.min(...misses) > SUSPECT_FRACTION * change + noise(a.branch, b.branch))
      suspect.push([a, b]);
  }
  let jumps = 0;
  let spent = 0;
  let checked = 0;
  for (const [a0, b0] of suspect) {
    if (spent >= budget) break;
    checked++;
    sampler.examined.add(a0.delta);
    let lo = a0;
    let hi = b0;
    let offset = 0;
    let persists = true;
    while (hi.delta - lo.delta > xTol && spent < budget) {
      const m = sampler.at(0.5 * (lo.delta + hi.delta));
      spent++;
      // a change of structure inside: located by resolveStructure, which splits the piece
      if (!m.agreement || m.sig !== lo.sig || !Number.isFinite(m.branch)) {
        persists = false;
        break;
      }
      const off = Math.abs(m.branch - 0.5 * (lo.branch + hi.branch));
      if (!(off > noise(lo.branch, hi.branch)) || off < JUMP_PERSISTENCE * offset) {
        persists = false;
        break;
      }
      offset = off;
      if (Math.abs(m.branch - lo.branch) >= Math.abs(hi.branch - m.branch)) hi = m;
      else lo = m;
    }
    if (persists && hi.delta - lo.delta <= xTol) {
      sampler.cut(0.5 * (lo.delta + hi.delta));
      jumps++;
    }
  }
  return { jumps, unresolved: suspect.length - checked };
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
