/**
 * How many changes of regime the polynomial path locates (limits.ts's POLYNOMIAL_BREAKPOINT_ITEMS):
 * a budget in changes × specialists, so that a few thousand specialists with fixed costs and outside
 * options, each leaving the market at its own share, get every change located and a certificate,
 * not the generic solver's 512 and an answer left at the sampling's resolution.
 */
import { describe, expect, it } from "vitest";
import { MAX_BREAKPOINTS } from "../../src/bargaining/solve.js";
import {
  POLYNOMIAL_BREAKPOINT_ITEMS,
  POLYNOMIAL_DECISIVE_CHECKS,
  polynomialBreakpoints,
} from "../../src/fine-tuning/limits.js";
import { solveFineTuning } from "../../src/index.js";
import { randomPolynomialGame } from "./randomGames.js";

describe("the polynomial path's budget of located changes of regime", () => {
  it("is changes × specialists, never below the generic 512, and the generic default above the decisive checks", () => {
    expect(polynomialBreakpoints(1).maxBreakpoints).toBe(POLYNOMIAL_BREAKPOINT_ITEMS);
    expect(polynomialBreakpoints(3000).maxBreakpoints).toBe(Math.floor(POLYNOMIAL_BREAKPOINT_ITEMS / 3000));
    expect(polynomialBreakpoints(POLYNOMIAL_DECISIVE_CHECKS).maxBreakpoints).toBe(MAX_BREAKPOINTS);
    expect(polynomialBreakpoints(POLYNOMIAL_DECISIVE_CHECKS + 1)).toEqual({});
    for (const n of [10, 999, 5000, 33_000, 99_999]) {
      const b = polynomialBreakpoints(n).maxBreakpoints!;
      expect(b).toBeGreaterThanOrEqual(512);
      expect(b * n <= POLYNOMIAL_BREAKPOINT_ITEMS || b === 512).toBe(true);
    }
  });

  it("locates every change of regime of 3,097 specialists with outside options (more than 512 pending) and claims the certificate", () => {
    // with the generic cap of 512 (the test below) more than the cap were pending when it was
    // reached, and the answer was not certified
    const r = solveFineTuning(randomPolynomialGame(3097, 1));
    const b = r.certificate.bargaining!;
    expect(b.breakpoints).toBeGreaterThanOrEqual(512);
    expect(b.unresolvedBreakpoints).toBe(0);
    expect(r.warnings.some((w) => w.includes("sampling's resolution"))).toBe(false);
    expect(r.certificate.certified).toBe(true);
  }, 300_000);

  it("leaves the same game uncertified with the generic cap of 512: the budget is what certifies it", () => {
    const r = solveFineTuning(randomPolynomialGame(3097, 1), {
      bargaining: { maxBreakpoints: MAX_BREAKPOINTS },
    });
    expect(r.certificate.bargaining!.unresolvedBreakpoints).toBeGreaterThan(0);
    expect(r.warnings.some((w) => w.includes(`sampling's resolution (more than ${MAX_BREAKPOINTS})`))).toBe(
      true,
    );
    expect(r.certificate.certified).toBe(false);
  }, 300_000);

  it("keeps a user's own cap: changes beyond it are reported and the certificate is not claimed", () => {
    const r = solveFineTuning(randomPolynomialGame(1200, 7), {
      bargaining: { maxBreakpoints: 16 },
    });
    const b = r.certificate.bargaining!;
    expect(b.unresolvedBreakpoints).toBeGreaterThan(0);
    expect(r.warnings.some((w) => w.includes("sampling's resolution (more than 16)"))).toBe(true);
    expect(r.certificate.certified).toBe(false);
  }, 120_000);
});
