import { describe, expect, it } from "vitest";
import { structureHolds } from "../../src/fine-tuning/cellStructure.js";
import type { FineTuningGame } from "../../src/fine-tuning/model.js";
import { linearRevenue, solveFineTuning } from "../../src/index.js";
import { rng } from "../seeded.js";
import { randomPolynomialGame } from "./randomGames.js";
import { at, end, windowsOf } from "./structureHelpers.js";

/** The cells [lo, hi] of a game's fine grid whose ends have one structure. */
function sameEnded(game: FineTuningGame, lo: number, hi: number, cells: number): [number, number][] {
  const out: [number, number][] = [];
  let prev = at(game, lo);
  for (let q = 1; q <= cells; q++) {
    const d = lo + ((hi - lo) * q) / cells;
    const e = at(game, d);
    if (e.signature === prev.signature) out.push([prev.delta, d]);
    prev = e;
  }
  return out;
}

describe("proofs that no window of another structure hides in a cell (fine-tuning/cellStructure.ts)", () => {
  it("hold only where the structure is the same at every δ inside (random games, dense checks)", () => {
    const r = rng(20261207);
    let proven = 0;
    let tried = 0;
    for (let trial = 0; trial < 24; trial++) {
      const game = randomPolynomialGame(20 + Math.floor(r() * 120), 3000 + trial, { extras: true });
      const lo = r() * 0.9;
      const width = 10 ** (-1 - 3 * r());
      for (const [a, b] of sameEnded(game, lo, Math.min(1, lo + width), 12)) {
        tried++;
        const ea = at(game, a);
        if (!structureHolds(game, a, b, end(ea), end(at(game, b)))) continue;
        proven++;
        // the reference: the signature at many δ inside, evenly and at random
        for (let q = 1; q < 40; q++) {
          const d = q < 20 ? a + ((b - a) * q) / 20 : a + (b - a) * r();
          expect(at(game, d).signature).toBe(ea.signature);
        }
      }
    }
    // most cells of one structure are proven (the rest are halved by the solver)
    expect(tried).toBeGreaterThan(150);
    expect(proven).toBeGreaterThan(tried / 2);
  });

  it("never hold across a window: cells whose ends agree but whose inside shows another structure", () => {
    // windows found by sampling random games densely; a cell around each, with equal ends
    const r = rng(77);
    let windows = 0;
    for (let trial = 0; trial < 40 && windows < 12; trial++) {
      const game = randomPolynomialGame(30 + Math.floor(r() * 150), 4000 + trial, { extras: true });
      for (const [a, b] of windowsOf(game, 400)) {
        windows++;
        expect(structureHolds(game, a, b, end(at(game, a)), end(at(game, b)))).toBe(false);
      }
    }
    expect(windows).toBeGreaterThan(3);
  });

  it("refuse games outside the proof: a negative revenue slope, a linear cost for G", () => {
    const game = randomPolynomialGame(5, 7, { extras: true });
    const ends = [0.2, 0.3].map((d) => end(at(game, d)));
    const negative: FineTuningGame = {
      ...game,
      specialists: [{ ...game.specialists[0]!, revenue: linearRevenue(-1) }, ...game.specialists.slice(1)],
    };
    expect(structureHolds(negative, 0.2, 0.3, ends[0]!, ends[1]!)).toBe(false);
  });
});

describe("the solver with the proofs (bargaining/smooth.ts)", () => {
  it("certifies a game with binding participation, proving each stretch or halving it", () => {
    const game = randomPolynomialGame(150, 9, { extras: true });
    const res = solveFineTuning(game);
    const c = res.certificate.bargaining!;
    expect(c.provenStretches).toBeGreaterThan(0);
    expect(c.unprovenCells).toBe(0);
    expect(res.certificate.certified).toBe(true);
    const off = solveFineTuning(game, { bargaining: { structureProofs: false } });
    expect(off.certificate.bargaining!.provenStretches).toBe(0);
  });
});
