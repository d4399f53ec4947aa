/**
 * The reference solver over δ ∈ [0, 1] (definitions of packages/core/src/bargaining/solve.ts's
 * module comment): dense enumeration of the reference equilibrium, then
 * - structure: every change of agreement or of the participants, and every jump of G's α0,
 *   between grid points located by bisection to ~1e-13 (both sides kept);
 * - every local maximum of every player's utility and of the revenue refined by golden section
 *   inside its smooth piece;
 * - the Pareto set by dominance with "not worse" slack of 4 ulps and strictness 1e-12, both
 *   times the largest |utility| anywhere (strictness floored at 1) — never a player's own, possibly
 *   tiny, magnitude): against every sample, and exactly inside every cell between samples (each
 *   utility is monotone there, so a dominator exists iff the stretches where each player is not
 *   worse overlap; their ends are located by bisection) — a window of dominators narrower than
 *   any grid is found; every endpoint located by bisection, repeated until the set is stable; an
 *   interval over which no utility moves beyond tolerance is the single point it smears: [x, x];
 * - the seven solutions maximised over every candidate with golden refinement of every local
 *   maximum, and ties reported where distinct maximisers (or a plateau wider than 1e-3) are within
 *   1e-9 × max(1, |best|) of the best.
 */
import { type RefEquilibrium, type RefGame, referenceEquilibrium } from "./bruteForce.js";
import { maximise, type ObjectiveDomain, type RefSolution, type Sample } from "./maximise.js";

export { type ObjectiveDomain, PLATEAU_WIDTH, type RefSolution, TIE_BAND } from "./maximise.js";

import { bisectTransition, goldenMax } from "./oneDim.js";

export interface ReferenceOptions {
  /** Grid intervals over δ. Default 2000 (polynomial games), 400 (expressions). */
  readonly deltaGrid?: number;
}

export interface ReferenceResult {
  readonly game: RefGame;
  readonly status: "agreement" | "disagreement";
  readonly pareto: readonly (readonly [number, number])[];
  readonly parties: readonly string[];
  readonly solutions: Readonly<Record<string, RefSolution>>;
  /** Largest |utility| over all bargains examined (at least 1): the scale of the tolerances. */
  readonly scale: number;
  readonly evaluations: number;
  /** The solution's objective at an arbitrary δ (−∞ without agreement), for checking ties. */
  objectiveAt(id: string, delta: number): number;
  equilibriumAt(delta: number): RefEquilibrium;
}

const NOT_WORSE = 4 * Number.EPSILON;
const STRICT = 1e-12;
const X_TOL = 1e-13;

export function referenceSolve(game: RefGame, options: ReferenceOptions = {}): ReferenceResult {
  const N = options.deltaGrid ?? (game.polynomial ? 2000 : 400);
  const m = game.names.length;
  const dis = Float64Array.from([game.d0, ...game.specialists.map((s) => s.d)]);
  const pool = new Map<number, Sample>();
  let evaluations = 0;
  const at = (delta: number): Sample => {
    const x = delta === 0 ? 0 : delta;
    let s = pool.get(x);
    if (s === undefined) {
      evaluations++;
      const e = referenceEquilibrium(game, x);
      s = { ...e, key: e.agreement ? `a${e.mask}` : "x", nd: false };
      pool.set(x, s);
    }
    return s;
  };
  const sorted = (): Sample[] => [...pool.values()].sort((a, b) => a.delta - b.delta);

  // 1. grid
  for (let j = 0; j <= N; j++) at(j / N);

  // 2. structure: agreement and participation changes, then jumps of α0
  const stack: [number, number][] = [];
  const grid = sorted();
  for (let j = 0; j + 1 < grid.length; j++) stack.push([grid[j]!.delta, grid[j + 1]!.delta]);
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    const A = at(a);
    const B = at(b);
    if (A.key === B.key || b - a <= X_TOL) continue;
    const { inside, outside } = bisectTransition((x) => at(x).key === A.key, a, b, X_TOL);
    if (at(outside).key !== B.key) stack.push([outside, b]);
    void inside;
  }
  {
    const s = sorted();
    const slope = (j: number): number => {
      const p = s[j]!;
      const q = s[j + 1]!;
      if (p.key !== q.key || !p.agreement) return 0;
      return Math.abs(q.alpha0! - p.alpha0!) / (q.delta - p.delta);
    };
    for (let j = 1; j + 2 < s.length; j++) {
      const p = s[j]!;
      const q = s[j + 1]!;
      if (p.key !== q.key || !p.agreement || q.delta - p.delta <= X_TOL) continue;
      const jump = Math.abs(q.alpha0! - p.alpha0!);
      if (jump <= 1e-6 * Math.max(1, p.alpha0!)) continue;
      if (slope(j) <= 20 * Math.max(slope(j - 1), slope(j + 1))) continue;
      const [a0p, a0q] = [p.alpha0!, q.alpha0!];
      bisectTransition(
        (x) => {
          const e = at(x);
          return e.agreement && Math.abs(e.alpha0! - a0p) < Math.abs(e.alpha0! - a0q);
        },
        p.delta,
        q.delta,
        X_TOL,
      );
    }
  }

  // 3. every local maximum of every utility and of the revenue, refined in its smooth piece
  let magnitude = Number.MIN_VALUE;
  for (const s of pool.values())
    if (s.agreement) for (const v of s.u) magnitude = Math.max(magnitude, Math.abs(v));
  let scale = Math.max(1, magnitude);
  {
    const s = sorted();
    for (let p = 0; p <= m; p++) {
      const val = (e: RefEquilibrium): number => (p === m ? e.revenue : e.u[p]!);
      refineMaxima(
        s,
        val,
        (x) => {
          const e = at(x);
          return e.agreement ? val(e) : Number.NEGATIVE_INFINITY;
        },
        scale,
      );
      // minima too: then every utility is monotone between consecutive samples of a piece, which
      // the exact dominance test below relies on
      if (p < m)
        refineMaxima(
          s,
          (e) => -val(e),
          (x) => {
            const e = at(x);
            return e.agreement ? -val(e) : Number.NEGATIVE_INFINITY;
          },
          scale,
        );
    }
  }
  for (const s of pool.values())
    if (s.agreement) for (const v of s.u) magnitude = Math.max(magnitude, Math.abs(v));
  scale = Math.max(1, magnitude);

  // 4. Pareto set
  // round-off is relative to the utilities' actual magnitude (a slack s lets points within √s of
  // a flat maximum count as not worse: floored at 1 it moved endpoints by 1e-6 in games whose
  // utilities are ~1e-3); strictness is a tolerance, scaled by max(1, magnitude)
  const notWorse = NOT_WORSE * magnitude;
  const strict = STRICT * scale;
  let bargains: Sample[] = [];
  /** Consecutive samples that are both bargains: each utility is monotone between them. */
  let cells: [Sample, Sample][] = [];
  /** Utilities of every bargain, and per cell each player's larger utility at its ends (flat: hot loop). */
  let flatU = new Float64Array(0);
  let flatTop = new Float64Array(0);
  const side = new Map<number, RefEquilibrium>();
  const probe = (x: number): RefEquilibrium => {
    const hit = pool.get(x) ?? side.get(x);
    if (hit !== undefined) return hit;
    evaluations++;
    const e = referenceEquilibrium(game, x);
    side.set(x, e);
    return e;
  };
  const witnesses: number[] = [];
  const dominatesU = (q: Float64Array, s: Float64Array): boolean => {
    let better = false;
    for (let p = 0; p < m; p++) {
      if (q[p]! < s[p]! - notWorse) return false;
      if (q[p]! > s[p]! + strict) better = true;
    }
    return better;
  };
  /**
   * Whether some bargain dominates s: first against every sample, then exactly inside every cell
   * between samples. In a cell each utility is monotone, so where player p is not worse than at s
   * is a prefix or a suffix of the cell, ending where U_p crosses U_p(s) (located by bisection);
   * a dominator exists in the cell iff the prefixes and suffixes overlap and the overlap's ends
   * improve on s for someone. This finds the narrow windows no grid sees (a dominator where one
   * player's utility crosses its value at s).
   */
  const dominated = (s: RefEquilibrium): boolean => {
    const su = s.u;
    const P = bargains.length;
    for (let i = 0; i < P; i++) {
      let better = false;
      let p = 0;
      const o = i * m;
      for (; p < m; p++) {
        const x = flatU[o + p]!;
        const y = su[p]!;
        if (x < y - notWorse) break;
        if (x > y + strict) better = true;
      }
      if (p === m && better) return true;
    }
    for (let c = 0; c < cells.length; c++) {
      let p = 0;
      const o = c * m;
      for (; p < m; p++) if (flatTop[o + p]! < su[p]! - notWorse) break;
      if (p < m) continue;
      const [a, b] = cells[c]!;
      if (s.delta >= a.delta && s.delta <= b.delta) continue; // s's own cell: its ends decide
      const pre: number[] = [];
      const suf: number[] = [];
      let empty = false;
      for (let p = 0; p < m; p++) {
        const fa = a.u[p]! >= s.u[p]! - notWorse;
        const fb = b.u[p]! >= s.u[p]! - notWorse;
        if (!fa && !fb) {
          empty = true;
          break;
        }
        if (fa && !fb) pre.push(p);
        else if (!fa && fb) suf.push(p);
      }
      if (empty || pre.length === 0 || suf.length === 0) continue; // an end decides, checked above
      const ok = (p: number) => (x: number) => {
        const e = probe(x);
        return e.agreement && e.u[p]! >= s.u[p]! - notWorse;
      };
      let lo = a.delta;
      for (const p of suf) lo = Math.max(lo, bisectTransition(ok(p), b.delta, a.delta, X_TOL).inside);
      let hi = b.delta;
      for (const p of pre) hi = Math.min(hi, bisectTransition(ok(p), a.delta, b.delta, X_TOL).inside);
      if (lo > hi) continue;
      for (const w of [lo, hi]) {
        const e = probe(w);
        if (e.agreement && dominatesU(e.u, s.u)) {
          witnesses.push(w);
          return true;
        }
      }
    }
    return false;
  };
  const inSet = (x: number): boolean => {
    const e = at(x);
    return e.agreement && !dominated(e);
  };
  let all: Sample[] = [];
  let previous: [number, number][] = [];
  let intervals: [number, number][] = [];
  for (let pass = 0; pass < 4; pass++) {
    for (const w of witnesses.splice(0)) at(w);
    all = sorted();
    bargains = all.filter((s) => s.agreement);
    cells = [];
    for (let j = 0; j + 1 < all.length; j++)
      if (all[j]!.agreement && all[j + 1]!.agreement) cells.push([all[j]!, all[j + 1]!]);
    const cellMax = cells.map(([a, b]) => a.u.map((v, p) => Math.max(v, b.u[p]!)));
    flatU = new Float64Array(bargains.length * m);
    bargains.forEach((q, i) => {
      flatU.set(q.u, i * m);
    });
    flatTop = new Float64Array(cells.length * m);
    cellMax.forEach((t, c) => {
      flatTop.set(t, c * m);
    });
    for (const s of all) s.nd = s.agreement && !dominated(s);
    intervals = [];
    for (let i = 0; i < all.length; i++) {
      if (!all[i]!.nd) continue;
      let j = i;
      while (j + 1 < all.length && all[j + 1]!.nd) j++;
      const lo =
        i > 0 ? bisectTransition(inSet, all[i]!.delta, all[i - 1]!.delta, X_TOL).inside : all[i]!.delta;
      const hi =
        j < all.length - 1
          ? bisectTransition(inSet, all[j]!.delta, all[j + 1]!.delta, X_TOL).inside
          : all[j]!.delta;
      intervals.push([lo, hi]);
      i = j;
    }
    const same =
      intervals.length === previous.length &&
      intervals.every(
        ([lo, hi], k) => Math.abs(lo - previous[k]![0]) <= 1e-12 && Math.abs(hi - previous[k]![1]) <= 1e-12,
      );
    if (same && witnesses.length === 0) break;
    previous = intervals;
  }
  // An interval over which no player's utility moves by more than round-off-sized tolerances is
  // one point smeared by the strictness tolerance (a maximum where every other player is flat,
  // e.g. held at its outside option): only its best point is undominated. Report that point.
  const pareto = mergeIntervals(intervals).map(([lo, hi]): [number, number] => {
    if (hi - lo > 1e-4) return [lo, hi];
    const inside = sorted().filter((e) => e.agreement && e.delta >= lo && e.delta <= hi);
    for (let p = 0; p < m; p++) {
      const vs = inside.map((e) => e.u[p]!);
      if (Math.max(...vs) - Math.min(...vs) > 100 * strict) return [lo, hi];
    }
    const total = (x: number): number => {
      const e = at(x);
      return e.agreement ? e.u.reduce((a, b) => a + b, 0) : Number.NEGATIVE_INFINITY;
    };
    const x = lo === hi ? lo : goldenMax(total, lo, hi, X_TOL).x;
    at(x).nd = true;
    return [x, x];
  });
  const evaluateAt = (x: number): RefEquilibrium => at(x);

  if (pareto.length === 0) {
    const ids = [
      "nash",
      "kalai-smorodinsky",
      "egalitarian",
      "utilitarian",
      "max-performance",
      ...game.names.map((n) => `powerful-${n}`),
    ];
    const solutions: Record<string, RefSolution> = {};
    for (const id of ids)
      solutions[id] = { id, delta: null, value: Number.NaN, ties: false, clusters: [], domain: "bargains" };
    return {
      game,
      status: "disagreement",
      pareto,
      parties: [],
      solutions,
      scale,
      evaluations,
      objectiveAt: () => Number.NEGATIVE_INFINITY,
      equilibriumAt: evaluateAt,
    };
  }
  all = sorted();
  const intervalOf = (x: number): number => pareto.findIndex(([a, b]) => x >= a && x <= b);
  const front = all.filter((s) => s.nd && intervalOf(s.delta) >= 0);

  // 5. parties and objectives
  const parties: number[] = [];
  for (let p = 0; p < m; p++) if (front.some((s) => s.u[p]! - dis[p]! > strict)) parties.push(p);
  const objectives = new Map<string, { f: (e: RefEquilibrium) => number; domain: ObjectiveDomain }>();
  const solutions: Record<string, RefSolution> = {};
  const solve = (id: string, f: (e: RefEquilibrium) => number, domain: ObjectiveDomain): RefSolution => {
    objectives.set(id, { f, domain });
    const sol = maximise(id, f, domain, sorted(), intervalOf, (x) => at(x));
    solutions[id] = sol;
    return sol;
  };
  const ideal = new Float64Array(m);
  game.names.forEach((name, p) => {
    ideal[p] = solve(`powerful-${name}`, (e) => e.u[p]!, "pareto").value;
  });
  const gains = (e: RefEquilibrium): number[] => parties.map((p) => e.u[p]! - dis[p]!);
  // a gain within round-off of zero (a specialist held exactly at its outside option) is zero: its
  // logarithm would be −40 or so, decided by noise
  const gaining = (g: number): boolean => g > strict;
  const allPositive = front.some((s) => gains(s).every(gaining));
  solve(
    "nash",
    allPositive
      ? (e) => gains(e).reduce((acc, g) => (gaining(g) ? acc + Math.log(g) : Number.NEGATIVE_INFINITY), 0)
      : (e) => {
          const pos = gains(e).filter(gaining);
          return pos.length * 1e9 + pos.reduce((acc, g) => acc + Math.log(g), 0);
        },
    "pareto",
  );
  solve("egalitarian", (e) => Math.min(...gains(e)), "pareto");
  solve(
    "kalai-smorodinsky",
    (e) => Math.min(...parties.map((p) => (e.u[p]! - dis[p]!) / (ideal[p]! - dis[p]!))),
    "pareto",
  );
  solve("utilitarian", (e) => e.u.reduce((a, b) => a + b, 0), "bargains");
  solve("max-performance", (e) => e.revenue, "bargains");
  return {
    game,
    status: "agreement",
    pareto,
    parties: parties.map((p) => game.names[p]!),
    solutions,
    scale,
    evaluations,
    objectiveAt: (id, x) => {
      const o = objectives.get(id);
      const e = at(x);
      return o === undefined || !e.agreement ? Number.NEGATIVE_INFINITY : o.f(e);
    },
    equilibriumAt: evaluateAt,
  };
}

/** Golden-refines every local maximum of `val` over consecutive samples of one piece (same key). */
function refineMaxima(
  s: readonly Sample[],
  val: (e: RefEquilibrium) => number,
  f: (x: number) => number,
  scale: number,
): void {
  const flat = 1e-14 * scale;
  for (let j = 0; j < s.length; j++) {
    const c = s[j]!;
    if (!c.agreement || !Number.isFinite(val(c))) continue;
    const l = j > 0 && s[j - 1]!.key === c.key ? s[j - 1]! : undefined;
    const r = j + 1 < s.length && s[j + 1]!.key === c.key ? s[j + 1]! : undefined;
    const v = val(c);
    if ((l !== undefined && val(l) > v) || (r !== undefined && val(r) > v)) continue;
    if (l === undefined && r === undefined) continue;
    const vs = [v, ...(l ? [val(l)] : []), ...(r ? [val(r)] : [])];
    if (Math.max(...vs) - Math.min(...vs) <= flat) continue;
    if ((r?.delta ?? c.delta) - (l?.delta ?? c.delta) <= 1e-10) continue;
    goldenMax(f, l?.delta ?? c.delta, r?.delta ?? c.delta, X_TOL);
  }
}

/** Merges intervals that overlap or touch (gaps ≤ 1e-12: bisection resolution, not a real gap). */
function mergeIntervals(iv: readonly [number, number][]): [number, number][] {
  const sortedIv = [...iv].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sortedIv) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1e-12) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}
