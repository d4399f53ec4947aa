/**
 * The answer checker's paths for many specialists against their slow, obviously-right references:
 * G's best response over sorted thresholds against the generic search, the sorted dominance
 * against the plain scan, and the verdicts on a few-specialist answer with either search.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Dominators, dominance } from "../../src/fine-tuning/checkDominator.js";
import { generalistBestSearch, type ReferenceOutcome } from "../../src/fine-tuning/checkModel.js";
import { generalistBestSorted, sortedThresholdsApply } from "../../src/fine-tuning/checkPolynomial.js";
import {
  checkFineTuningAnswer,
  fineTuningGameFromScenario,
  readFineTuningAnswer,
  solveFineTuning,
} from "../../src/index.js";

const DENSITY = { alpha: 16, alpha0: 4 };

/** A polynomial game of n specialists with fixed costs, as the scale benchmarks use. */
function polynomialGame(params: readonly { c: number; fixed: number }[], g: number, k = 2) {
  return fineTuningGameFromScenario({
    model: "fine-tuning",
    generalist: { cost: { polynomial: { c: g, k } } },
    specialists: params.map(({ c, fixed }) => ({ cost: { polynomial: { c, k, fixed } } })),
  } as never);
}

const specialists = fc.array(
  fc.record({
    c: fc.double({ min: 0.3, max: 3, noNaN: true }),
    fixed: fc.double({ min: 0, max: 0.1, noNaN: true }),
  }),
  { minLength: 1, maxLength: 8 },
);

describe("G's best response over sorted thresholds", () => {
  it("equals the generic search's (α0, utility, participants) on random polynomial games", () => {
    fc.assert(
      fc.property(
        specialists,
        fc.double({ min: 0.5, max: 8, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (ps, g, delta) => {
          const game = polynomialGame(ps, g);
          expect(sortedThresholdsApply(game)).toBe(true);
          const fast = generalistBestSorted(game, delta, DENSITY);
          const slow = generalistBestSearch(game, delta, DENSITY);
          for (const key of ["withParticipants", "withoutParticipants"] as const) {
            const f = fast[key];
            const s = slow[key];
            expect(f === null).toBe(s === null);
            if (f === null || s === null) continue;
            const scale = Math.max(1, Math.abs(s.utility));
            expect(Math.abs(f.utility - s.utility)).toBeLessThanOrEqual(1e-12 * scale);
            // a different maximiser only on a tie of utilities (e.g. a flat piece)
            if (Math.abs(f.alpha0 - s.alpha0) > 1e-9)
              expect(Math.abs(f.utility - s.utility)).toBeLessThanOrEqual(1e-13 * scale);
            else expect(f.participants).toEqual(s.participants);
          }
          expect(fast.range).toBe(slow.range);
        },
      ),
      { numRuns: 60, seed: 21 },
    );
  });

  it("does not apply to a specialist with a nonlinear revenue", () => {
    const numeric = fineTuningGameFromScenario({
      generalist: { cost: "a0^2" },
      specialists: [{ cost: "1.5*(a-a0)^2", revenue: "2*log(1+a)" }],
    } as never);
    expect(sortedThresholdsApply(numeric)).toBe(false);
  });
});

describe("sorted dominance", () => {
  const outcome = (delta: number, u: readonly number[], agreement = true): ReferenceOutcome => ({
    delta,
    agreement,
    alpha0: agreement ? 0 : null,
    utilities: Float64Array.from(u),
    revenue: 0,
    signature: "",
    entryMargin: 0,
    rangeProved: true,
  });
  it("equals the plain scan (strength and dominator) on random utility vectors", () => {
    const vec = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), vec, fc.boolean()), {
          minLength: 1,
          maxLength: 25,
        }),
        vec,
        fc.integer({ min: 0, max: 20 }),
        (cs, p, pd) => {
          const candidates = cs.map(([d, u, a]) =>
            outcome(
              d / 20,
              u.map((x) => x / 4),
              a || d % 3 !== 0,
            ),
          );
          const point = outcome(
            pd / 20,
            p.map((x) => x / 4),
          );
          for (const [weak, sep] of [
            [0, 0],
            [0.25, 0.05],
          ] as const) {
            // one slack per player, as checkPareto's (each its own magnitude's)
            const slacks = point.utilities.map((_, i) => weak * (1 + (i % 3)));
            expect(new Dominators(candidates).strongest(point, slacks, sep)).toEqual(
              dominance(point, candidates, slacks, sep),
            );
          }
        },
      ),
      { numRuns: 300, seed: 21 },
    );
  });
});

describe("verdicts on a few-specialist answer", () => {
  it("are the same items as with the generic search for G (holds, kind; measured to round-off)", () => {
    const game = polynomialGame(
      [
        { c: 0.7, fixed: 0.02 },
        { c: 1.6, fixed: 0.04 },
        { c: 2.3, fixed: 0 },
      ],
      3,
    );
    const answer = readFineTuningAnswer(game, JSON.parse(JSON.stringify(solveFineTuning(game))));
    const fast = checkFineTuningAnswer(game, answer);
    const slow = checkFineTuningAnswer(game, answer, { referenceSearch: true });
    expect(fast.items.map((i) => [i.id, i.kind, i.holds])).toEqual(
      slow.items.map((i) => [i.id, i.kind, i.holds]),
    );
    fast.items.forEach((item, j) => {
      const ref = slow.items[j]!.measured;
      if (item.measured === null || ref === null) expect(item.measured).toBe(ref);
      else expect(Math.abs(item.measured - ref)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref)));
    });
  });
});

describe("many specialists", () => {
  it("checks a 150-specialist answer without overflowing the stack (a per-sample spread into Math.max did)", () => {
    const params = Array.from({ length: 150 }, (_, i) => ({
      c: 0.5 + 2 * ((i * 0.6180339887498949) % 1),
      fixed: 0.05 * ((i * 0.7548776662466927) % 1),
    }));
    const game = polynomialGame(params, 150);
    const answer = readFineTuningAnswer(game, JSON.parse(JSON.stringify(solveFineTuning(game))));
    const result = checkFineTuningAnswer(game, answer);
    expect(result.items.length).toBeGreaterThan(150);
    expect(result.samples).toBeGreaterThan(2048);
  });
});
