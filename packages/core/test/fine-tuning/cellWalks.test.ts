import { describe, expect, it } from "vitest";
import { cellEnds } from "../../src/fine-tuning/cellEnds.js";
import { directProfit, fillAtLo, pathOf, pathSides } from "../../src/fine-tuning/cellPath.js";
import { WALK_ROUNDING } from "../../src/fine-tuning/cellStructure.js";
import { leftMax, rightMax } from "../../src/fine-tuning/cellWalks.js";
import type { FineTuningGame } from "../../src/fine-tuning/model.js";
import { type PackedPolynomial, packPolynomial } from "../../src/fine-tuning/packed.js";
import { rng } from "../seeded.js";
import { randomPolynomialGame } from "./randomGames.js";
import { at, end } from "./structureHelpers.js";

/** Every item in order of its threshold at lo (`p.recs`), ties by index: a comparison sort. */
function fullOrder(p: PackedPolynomial): Uint32Array {
  const idx = Array.from({ length: p.n }, (_, i) => i);
  idx.sort((i, j) => p.recs[3 * i]! - p.recs[3 * j]! || i - j);
  return Uint32Array.from(idx);
}

/** Joins [a, b] to the last failing interval when it starts inside it (as the walks do). */
function fail(out: [number, number][], a: number, b: number): void {
  const last = out[out.length - 1];
  if (last !== undefined && a >= last[0] && a <= last[1]) last[1] = Math.max(last[1], b);
  else out.push([a, b]);
}

/** The reference walk of E: every item in threshold order from the start, the segments from `from`. */
function rightReference(
  p: PackedPolynomial,
  game: FineTuningGame,
  active: Uint8Array,
  slope: number,
  constant: number,
  constantSize: number,
  from: number,
  to: number,
  rho: number,
): [number, number][] {
  const { c: c0, k: k0 } = game.generalist.cost.polynomial!;
  const order = fullOrder(p);
  const out: [number, number][] = [];
  let S = slope;
  let C = constant;
  let size = constantSize;
  let idx = 0;
  let segStart = 0;
  for (;;) {
    while (idx < p.n && p.recs[3 * order[idx]!]! <= segStart) {
      const i = order[idx++]!;
      if (active[i] !== 0) continue;
      S += p.recs[3 * i + 1]!;
      C += p.recs[3 * i + 2]!;
      size += Math.abs(p.recs[3 * i + 2]!);
    }
    const segEnd = idx < p.n ? p.recs[3 * order[idx]!]! : Number.POSITIVE_INFINITY;
    if (segEnd > from) {
      const x0 = Math.max(segStart, from);
      const x1 = Math.min(segEnd, to);
      const x = Math.min(Math.max(S > 0 ? (S / (k0 * c0)) ** (1 / (k0 - 1)) : 0, x0), x1);
      const cost = c0 * x ** k0;
      if (!(S * x + C - cost + rho * (Math.abs(S * x) + size + cost) < 0)) fail(out, x0, x1);
    }
    if (!Number.isFinite(segEnd) || segEnd >= to) break;
    segStart = segEnd;
  }
  return out;
}

/**
 * The reference walk of F over [0, min(to, p0)): every item in threshold order from the start, the
 * losses not joined yet summed from the last item back (those that never join apart).
 */
function leftReference(
  p: PackedPolynomial,
  game: FineTuningGame,
  active: Uint8Array,
  xHi: Float64Array,
  lo: number,
  p0: number,
  p1: number,
  to: number,
  rho: number,
): [number, number][] {
  const { c: c0, k: k0 } = game.generalist.cost.polynomial!;
  const { ns, n, slope, recs } = p;
  const directLost = ns < n && active[ns] !== 0 ? directProfit(p, p1) : 0;
  const loss = (i: number): number =>
    active[i] === 0 ? 0 : i === ns ? directLost : lo * slope[i]! * (p1 + xHi[i]!);
  const order = fullOrder(p);
  const end = Math.min(to, p0);
  // an item joins when its threshold is at or below a segment's start: below the end, or at 0
  const joins = (i: number): boolean => active[i] === 1 && (recs[3 * i]! < end || recs[3 * i]! <= 0);
  let rest = 0;
  for (let i = 0; i < n; i++) if (!joins(i)) rest += loss(i);
  const after = new Float64Array(n + 1);
  for (let x = n - 1; x >= 0; x--) after[x] = after[x + 1]! + (joins(order[x]!) ? loss(order[x]!) : 0);
  const out: [number, number][] = [];
  let S = 0;
  let idx = 0;
  let segStart = 0;
  for (;;) {
    while (idx < n && recs[3 * order[idx]!]! <= segStart) {
      const i = order[idx++]!;
      if (active[i] !== 1) continue;
      S += i === ns ? slope[i]! : lo * slope[i]!;
    }
    const lost = rest + after[idx]!;
    const segEnd = Math.min(idx < n ? recs[3 * order[idx]!]! : Number.POSITIVE_INFINITY, end);
    const x = Math.min(Math.max(S > 0 ? (S / (k0 * c0)) ** (1 / (k0 - 1)) : 0, segStart), segEnd);
    const saving = c0 * p1 ** k0;
    const cost = c0 * x ** k0;
    const size = S * x + saving + S * p1 + Math.abs(lost) + cost + 2 * Math.abs(directLost);
    if (!(S * x + (saving - S * p1 - lost) - cost + rho * size < 0))
      fail(out, segStart, segEnd < end ? segEnd : to);
    if (!(segEnd < end)) break;
    segStart = segEnd;
  }
  return out;
}

describe("the structure proof's first-order walks (fine-tuning/cellWalks.ts)", () => {
  it("find the failing region a walk over every item in threshold order finds, mostly without the whole order", () => {
    const r = rng(20261208);
    let cells = 0;
    let withoutOrder = 0;
    let failing = 0;
    for (let trial = 0; trial < 14; trial++) {
      const n = [300, 2000, 6000][trial % 3]!;
      const game = randomPolynomialGame(n, 4100 + trial, { extras: true });
      const p = packPolynomial(game)!;
      const { c: c0, k: k0 } = game.generalist.cost.polynomial!;
      const grid = 24;
      const lo0 = 0.2 + 0.6 * r();
      const width = 10 ** (-1 - 2.5 * r());
      for (let q = 0; q < grid; q++) {
        const lo = lo0 + (width * q) / grid;
        const hi = lo0 + (width * (q + 1)) / grid;
        if (hi > 1) break;
        const ea = at(game, lo);
        const eb = at(game, hi);
        const a = end(ea);
        const b = end(eb);
        if (a === null || b === null || ea.signature !== eb.signature || a.choice !== b.choice) continue;
        const w = cellEnds(p, lo, hi);
        const path = w === null ? null : pathOf(p, w, a, b);
        if (w === null || path === null) continue;
        const [p0, p1, j] = path;
        const sides = pathSides(p, game, w, lo, hi, a.choice, p0, p1, j);
        if (sides === null) continue;
        const rho = WALK_ROUNDING(n);
        fillAtLo(p, w, hi);
        let asked = false;
        const orderAt = (): Uint32Array => {
          asked = true;
          return fullOrder(p);
        };
        cells++;
        const { tau, specSlopes, directSlope } = sides;
        if (Number.isFinite(tau)) {
          for (const [d, from, to] of [
            [lo, tau, p1],
            [hi, Math.max(tau, p1), Number.POSITIVE_INFINITY],
          ] as const) {
            if (!(from <= to)) continue;
            const S = d * specSlopes + directSlope;
            const cost = c0 * p1 ** k0;
            const got: [number, number][] = [];
            const size = cost + Math.abs(S * p1);
            rightMax(p, game, orderAt, w.active, S, cost - S * p1, size, tau, from, to, rho, got);
            expect(got).toEqual(rightReference(p, game, w.active, S, cost - S * p1, size, from, to, rho));
            failing += got.length;
          }
        }
        const to = a.choice === "threshold" ? p1 : sides.negativeDirect;
        if (a.choice === "threshold" || (a.choice === "interior" && Number.isFinite(to))) {
          const got: [number, number][] = [];
          leftMax(p, game, orderAt, w, lo, p0, p1, to, rho, got);
          expect(got).toEqual(leftReference(p, game, w.active, w.xHi, lo, p0, p1, to, rho));
          failing += got.length;
        }
        if (!asked) withoutOrder++;
      }
    }
    expect(cells).toBeGreaterThan(100);
    // the walks fail somewhere (the second-order proof's region) and mostly do without the order
    expect(failing).toBeGreaterThan(10);
    expect(withoutOrder).toBeGreaterThan(cells / 2);
  });
});
