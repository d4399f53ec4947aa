import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bisectPredicate,
  brentMax,
  brentRoot,
  firstIndex,
  firstPast,
  maximizeByFoc,
  maximizeGlobal,
} from "../../src/numerics/index.js";

describe("numerics", () => {
  it("brentRoot finds roots to machine precision and reports a bracket without a sign change", () => {
    expect(Math.abs(brentRoot((x) => x * x - 2, 0, 2).value - Math.SQRT2)).toBeLessThanOrEqual(
      2 * Number.EPSILON,
    );
    expect(brentRoot((x) => Math.cos(x) - x, 0, 1).value).toBeCloseTo(0.7390851332151607, 15);
    expect(brentRoot((x) => x * x + 1, -1, 1).status).toBe("infeasible");
    expect(brentRoot(() => Number.NaN, 0, 1).status).toBe("nanEncountered");
  });

  it("brentMax finds interior and boundary maxima", () => {
    fc.assert(
      fc.property(fc.double({ min: -0.5, max: 1.5, noNaN: true }), (m) => {
        const r = brentMax((x) => -((x - m) ** 2), 0, 1);
        expect(r.value.x).toBeCloseTo(Math.min(1, Math.max(0, m)), 7);
      }),
    );
  });

  it("maximizeGlobal is not fooled by a first local maximum", () => {
    const r = maximizeGlobal((x) => Math.sin(3 * x) + 0.1 * x, 0, 6);
    // peaks near π/6 + 2πk/3; the third (x ≈ 4.72) is highest because of the 0.1x trend;
    // there 3cos(3x) + 0.1 = 0
    expect(r.value.x).toBeGreaterThan(4.7);
    expect(r.value.x).toBeLessThan(4.75);
    expect(Math.abs(3 * Math.cos(3 * r.value.x) + 0.1)).toBeLessThan(1e-7);
  });

  it("maximizeByFoc locates a smooth maximum exactly (not to √ε like a value-based search)", () => {
    const f = (x: number) => -((x - 1 / 3) ** 2);
    const r = maximizeByFoc(f, (x) => -2 * (x - 1 / 3), 0, 1);
    expect(Math.abs(r.value.x - 1 / 3)).toBeLessThanOrEqual(Number.EPSILON);
  });

  it("bisectPredicate narrows a switching point to the requested width", () => {
    const r = bisectPredicate((x) => x < 0.123456789, 0, 1, { xTol: 1e-13 });
    expect(r.inside).toBeLessThan(0.123456789);
    expect(r.outside).toBeGreaterThanOrEqual(0.123456789);
    expect(r.outside - r.inside).toBeLessThanOrEqual(1e-13);
  });

  it("binary searches of sorted arrays give the first index past a value, as a scan does", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 40 }),
        fc.integer({ min: -6, max: 6 }),
        (values, x) => {
          const sorted = Float64Array.from(values.sort((a, b) => a - b));
          const n = sorted.length;
          const scan = (past: (v: number) => boolean): number => {
            const i = sorted.findIndex(past);
            return i < 0 ? n : i;
          };
          expect(firstPast(sorted, n, x)).toBe(scan((v) => v > x));
          expect(firstPast(sorted, n, x, true)).toBe(scan((v) => v >= x));
          expect(firstIndex(n, (i) => sorted[i]! > x)).toBe(scan((v) => v > x));
        },
      ),
    );
  });
});
