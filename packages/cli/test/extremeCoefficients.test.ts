/** Extreme but valid coefficients: refused with the field and the usable range, never answered with NaN. */
import { describe, expect, it } from "vitest";
import { assertFiniteAnswer, firstNonFinite } from "../src/io/finite.js";
import { solveScenario } from "./helpers.js";

const poly = (c: number, k = 2) => ({ polynomial: { c, k } });

describe("extreme coefficients", () => {
  for (const [field, scenario] of [
    ["generalist.cost.polynomial.c", { generalist: { cost: poly(1e308) }, specialists: [{ cost: poly(2) }] }],
    [
      "generalist.cost.polynomial.c",
      { generalist: { cost: poly(1e-300) }, specialists: [{ cost: poly(2) }] },
    ],
    [
      "specialists[0].cost.polynomial.c",
      { generalist: { cost: poly(1) }, specialists: [{ cost: poly(1e9) }] },
    ],
    [
      "specialists[0].cost.polynomial.k",
      { generalist: { cost: poly(1) }, specialists: [{ cost: poly(1, 400) }] },
    ],
  ] as const) {
    it(`refuses ${JSON.stringify(scenario.generalist.cost)} / ${JSON.stringify(scenario.specialists[0].cost)} naming ${field}`, async () => {
      const r = await solveScenario(scenario, "--json");
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toContain(`: ${field}: `);
      expect(r.err).toMatch(/usable range \[0\.000001, 1000000\]|at most 20/);
    });
  }

  it("refuses, naming the output field, an expression game whose answer overflows, instead of printing null", async () => {
    const r = await solveScenario(
      { generalist: { cost: "1e-12*a0^2" }, specialists: [{ cost: "1e20*(a-a0)^2" }] },
      "--json",
    );
    expect(r.out).toBe("");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /the answer cannot be computed in floating point .*\(solutions\.\w+\.delta is not finite\)/,
    );
  });

  it("solves at the ends of the usable range", async () => {
    for (const [c0, c1] of <[number, number][]>[
      [1e-6, 1e6],
      [1e6, 1e-6],
      [1e-6, 1e-6],
    ]) {
      const r = await solveScenario(
        { generalist: { cost: poly(c0) }, specialists: [{ cost: poly(c1) }] },
        "--json",
      );
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
    }
  });

  it("finds the first non-finite number by path, and only non-finite numbers", () => {
    expect(firstNonFinite({ a: [1, { b: Number.NaN }], c: null })).toBe("a[1].b");
    expect(firstNonFinite({ a: [1, null, "NaN"], b: { c: -0 } })).toBeUndefined();
    expect(() => assertFiniteAnswer({ x: Number.POSITIVE_INFINITY }, "s.json")).toThrow(
      /^s\.json: .*\(x is not finite\)/,
    );
  });
});
