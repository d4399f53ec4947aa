import { describe, expect, it } from "vitest";
import { alphaWithin } from "../../src/fine-tuning/cellBounds.js";
import { envelope } from "../../src/fine-tuning/envelope.js";
import type { FineTuningGame } from "../../src/fine-tuning/model.js";
import { packPolynomial } from "../../src/fine-tuning/packed.js";
import { contributionAt, fillItems } from "../../src/fine-tuning/polynomialChoice.js";
import { rng } from "../seeded.js";
import { randomPolynomialGame } from "./randomGames.js";

/**
 * The reference: every item's threshold, slope and constant at `share` (G taking `weight`), sorted
 * by a comparison sort, and U's segments walked from α0 = 0 — its maximum and the largest α0 where
 * it reaches `level` (bisection on the last segment that does).
 */
function reference(
  game: FineTuningGame,
  share: number,
  weight: number,
  level: number,
): { max: number; sup: number } {
  const p = packPolynomial(game)!;
  fillItems(p, share, Number.NaN, weight);
  const { c: c0, k: k0, fixed: f0 } = game.generalist.cost.polynomial!;
  const items = Array.from({ length: p.n }, (_, i) => [
    p.recs[3 * i]!,
    p.recs[3 * i + 1]!,
    p.recs[3 * i + 2]!,
    i,
  ]);
  items.sort((x, y) => x[0]! - y[0]! || x[3]! - y[3]!);
  const u = (S: number, C: number, a: number): number => S * a + C - c0 * a ** k0;
  let S = 0;
  let C = -f0;
  let idx = 0;
  let segStart = 0;
  let max = Number.NEGATIVE_INFINITY;
  let lastSeg: [number, number, number, number] | null = null;
  for (;;) {
    while (idx < items.length && items[idx]![0]! <= segStart) {
      S += items[idx]![1]!;
      C += items[idx]![2]!;
      idx++;
    }
    const segEnd = idx < items.length ? items[idx]![0]! : Number.POSITIVE_INFINITY;
    const x = Math.min(Math.max(S > 0 ? (S / (k0 * c0)) ** (1 / (k0 - 1)) : 0, segStart), segEnd);
    const top = u(S, C, x);
    max = Math.max(max, top);
    if (top >= level) lastSeg = [S, C, x, segEnd];
    if (!Number.isFinite(segEnd)) break;
    segStart = segEnd;
  }
  if (lastSeg === null) return { max, sup: Number.NEGATIVE_INFINITY };
  const [Sl, Cl, from, to] = lastSeg;
  if (Number.isFinite(to) && u(Sl, Cl, to) >= level) return { max, sup: to };
  let below = from;
  let above = Number.isFinite(to) ? to : Math.max(2 * below, 1);
  while (!(u(Sl, Cl, above) < level)) above *= 2;
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (below + above);
    if (mid === below || mid === above) break;
    if (u(Sl, Cl, mid) >= level) below = mid;
    else above = mid;
  }
  return { max, sup: above };
}

describe("G's utility envelope over α0 (fine-tuning/envelope.ts)", () => {
  it("has the maximum and the last reach of a level a walk over every item in order finds (random games)", () => {
    const r = rng(20261209);
    let compared = 0;
    for (let trial = 0; trial < 30; trial++) {
      const n = [500, 3000, 8000][trial % 3]!;
      const game = randomPolynomialGame(n, 5200 + trial, { extras: trial % 2 === 0 });
      const p = packPolynomial(game)!;
      for (let q = 0; q < 4; q++) {
        const lo = 0.05 + 0.9 * r();
        const hi = Math.min(1, lo + 10 ** (-1 - 3 * r()));
        // the cell bounds' upper envelope (share lo, weight hi) against the lower one's maximum, less
        // a little or much: the level G's bound must reach
        const lowMax = reference(game, hi, lo, Number.POSITIVE_INFINITY).max;
        const level = lowMax - (q % 2 === 0 ? 1e-6 : 0.05) * Math.max(1, Math.abs(lowMax));
        for (const [share, weight, lev] of [
          [lo, hi, level],
          [hi, lo, Number.POSITIVE_INFINITY],
        ] as const) {
          const want = reference(game, share, weight, lev);
          const got = envelope(p, game, share, weight, lev);
          expect(got).not.toBeNull();
          const scale = 1e-10 * Math.max(1, Math.abs(want.max));
          expect(Math.abs(got!.max - want.max)).toBeLessThanOrEqual(scale);
          if (Number.isFinite(want.sup))
            expect(Math.abs(got!.sup - want.sup)).toBeLessThanOrEqual(1e-9 * Math.max(1, want.sup));
          else expect(got!.sup).toBe(want.sup);
          compared++;
        }
      }
    }
    expect(compared).toBe(240);
  });
});

/**
 * The reference of the cell bounds' alphaWithin: the largest α whose bound Σ_{t_i ≤ α} s_i·(α + x_i)
 * (thresholds and contributions at lo) is at most `target`, by a walk over every item in a
 * comparison-sorted order.
 */
function withinReference(game: FineTuningGame, lo: number, target: number): number {
  const p = packPolynomial(game)!;
  const items = Array.from({ length: p.n }, (_, i) => {
    const x = contributionAt(p, i, i === p.ns ? 0 : lo);
    return [p.thresholds[i]!, p.slope[i]!, p.slope[i]! * x, i] as const;
  });
  items.sort((a, b) => a[0] - b[0] || a[3] - b[3]);
  let S = 0;
  let X = 0;
  for (let k = 0; k <= items.length; ) {
    const t = k < items.length ? items[k]![0] : Number.POSITIVE_INFINITY;
    if (S > 0 && (target - X) / S < t) return Math.max(0, (target - X) / S);
    if (k === items.length) return S > 0 || X > target ? -1 : Number.POSITIVE_INFINITY;
    for (; k < items.length && items[k]![0] === t; k++) {
      S += items[k]![1];
      X += items[k]![2];
    }
    if (S * t + X > target) return t === 0 ? -1 : t * (1 - Number.EPSILON);
  }
  return -1;
}

describe("the cell bounds' largest investment under a revenue (fine-tuning/cellBounds.ts alphaWithin)", () => {
  it("is the one a walk over every item in order finds (random games, targets across the range)", () => {
    const r = rng(20261210);
    let compared = 0;
    for (let trial = 0; trial < 24; trial++) {
      const n = [600, 4000, 9000][trial % 3]!;
      const game = randomPolynomialGame(n, 6300 + trial, { extras: trial % 3 === 0 });
      const p = packPolynomial(game)!;
      for (let q = 0; q < 5; q++) {
        const lo = 0.05 + 0.9 * r();
        // the thresholds at lo where alphaWithin reads them (as the envelope leaves them)
        fillItems(p, lo, Number.NaN, lo);
        let total = 0;
        for (let i = 0; i < p.n; i++) if (Number.isFinite(p.thresholds[i]!)) total += p.slope[i]!;
        const target = total * (0.05 + 2 * r());
        const want = withinReference(game, lo, target);
        fillItems(p, lo, Number.NaN, lo);
        const got = alphaWithin(p, lo, target);
        if (Number.isFinite(want) && want > 0) expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * want);
        else expect(got).toBe(want);
        compared++;
      }
    }
    expect(compared).toBe(120);
  });
});
