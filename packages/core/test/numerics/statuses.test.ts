import { describe, expect, it } from "vitest";
import { bisectRoot, bisectRootResult, maximizeGlobal } from "../../src/numerics/index.js";

describe("no silent non-convergence in the numerics", () => {
  it("maximizeGlobal reports a refinement that met NaN, with a warning naming the bracket", () => {
    // finite on the 48-interval grid, NaN between grid points: every refinement meets NaN
    const onGrid = (x: number) => Math.abs(x * 48 - Math.round(x * 48)) < 1e-9;
    const r = maximizeGlobal((x) => (onGrid(x) ? -((x - 0.5) ** 2) : Number.NaN), 0, 1);
    expect(r.status).toBe("nanEncountered");
    expect(r.warnings.length).toBeGreaterThan(0);
    expect(r.warnings[0]).toMatch(/refinement of the peak in \[.*\] stopped with status nanEncountered/);
    expect(r.value.x).toBe(0.5);
  });

  it("maximizeGlobal reports a candidate where the objective is NaN", () => {
    const r = maximizeGlobal((x) => (x === 0.3 ? Number.NaN : -((x - 0.5) ** 2)), 0, 1, {
      candidates: [0.3],
    });
    expect(r.status).toBe("nanEncountered");
    expect(r.warnings).toEqual(["global maximisation: the objective is NaN at the candidate x = 0.3"]);
  });

  it("maximizeGlobal stays converged, without warnings, on a smooth function", () => {
    const r = maximizeGlobal((x) => Math.sin(3 * x) + 0.1 * x, 0, 6);
    expect(r.status).toBe("converged");
    expect(r.warnings).toHaveLength(0);
  });

  it("bisectRootResult says why there is no root, and bisectRoot keeps its value", () => {
    const same = bisectRootResult((x) => x * x + 1, -1, 1);
    expect(same.status).toBe("infeasible");
    expect(same.value).toBeNaN();
    expect(same.warnings).toEqual(["bisection: f has the same sign at -1 and 1"]);
    const nan = bisectRootResult((x) => (x > 0.6 ? Number.NaN : x - 0.7), 0, 1);
    expect(nan.status).toBe("nanEncountered");
    const capped = bisectRootResult((x) => x - 0.3, 0, 1, { maxIterations: 3 });
    expect(capped.status).toBe("maxIterations");
    expect(capped.residual).toBe(0.125);
    const ok = bisectRootResult((x) => x * x - 2, 0, 2);
    expect(ok.status).toBe("converged");
    expect(ok.value).toBeCloseTo(Math.SQRT2, 13);
    expect(bisectRoot((x) => x * x - 2, 0, 2)).toBe(ok.value);
    expect(bisectRoot((x) => x * x + 1, -1, 1)).toBeNaN();
  });
});
