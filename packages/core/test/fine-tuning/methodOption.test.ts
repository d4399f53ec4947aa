/**
 * The analysis' `method` option and its result's `method` are one word: what is asked is what
 * runs and is reported; the former option name `path` is still read; a method the game does not
 * allow is bad input naming the option.
 */
import { describe, expect, it } from "vitest";
import { equilibrium, fineTuningGameFromScenario, InputError, solveFineTuning } from "../../src/index.js";

const quadratic = fineTuningGameFromScenario({
  generalist: { cost: "a0^2" },
  specialists: [{ cost: "2*(a-a0)^2" }],
});
const twoSpecialists = fineTuningGameFromScenario({
  generalist: { cost: "a0^2" },
  specialists: [{ cost: "2*(a-a0)^2" }, { cost: "3*(a-a0)^2" }],
});

describe("solveFineTuning's method option", () => {
  it("runs and reports the method asked for, and picks the closed form by itself", () => {
    expect(solveFineTuning(quadratic, { certify: false }).method).toBe("closed-form");
    for (const method of ["closed-form", "polynomial", "numeric"] as const) {
      const r = solveFineTuning(quadratic, { method, certify: false });
      expect(r.method).toBe(method);
      expect(r.solutions.utilitarian.delta).toBeCloseTo(2 / 3, 6);
    }
  });

  it("still reads the former name `path`, and `method` wins over it", () => {
    expect(solveFineTuning(quadratic, { path: "numeric", certify: false }).method).toBe("numeric");
    expect(solveFineTuning(quadratic, { method: "polynomial", path: "numeric", certify: false }).method).toBe(
      "polynomial",
    );
  });

  it("refuses the closed form where it does not apply, naming the option", () => {
    expect(() => solveFineTuning(twoSpecialists, { method: "closed-form" })).toThrow(InputError);
    expect(() => solveFineTuning(twoSpecialists, { method: "closed-form" })).toThrow(
      /^method: "closed-form" needs/,
    );
  });
});

describe("equilibrium's method option", () => {
  it("refuses the polynomial method for a game with expression costs, naming the option", () => {
    const expression = fineTuningGameFromScenario({
      generalist: { cost: "a0^2 + 0.1*sin(a0)" },
      specialists: [{ cost: "2*(a-a0)^2" }],
    });
    expect(() => equilibrium(expression, 0.5, { method: "polynomial" })).toThrow(
      /^method: "polynomial" needs/,
    );
  });
});
