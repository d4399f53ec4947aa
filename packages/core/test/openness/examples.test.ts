/** The @example lines of the openness module's TSDoc, run as tests (outputs as written there). */
import { describe, expect, it } from "vitest";
import {
  argmaxPayoffQuadratic,
  classifyRegulatoryRegion,
  evenGrid,
  indifferenceCurve,
  opennessModelProblems,
  opennessOutcomeAt,
  opennessPayoffQuadratic,
  REGULATORY_REGIONS,
  regulatoryLandscape,
  resolveOpennessGame,
  solveOpenness,
  solveRelease,
  thresholdBand,
} from "../../src/openness/index.js";

describe("TSDoc examples of the openness module", () => {
  it("opennessOutcomeAt: α1 = 0.3 + 0.5/2 at ω = 0", () => {
    expect(opennessOutcomeAt(resolveOpennessGame({ alpha0: 0.3, delta: 0.5 }, 0.5), 0).alpha1).toBe(0.55);
  });
  it("opennessPayoffQuadratic and argmaxPayoffQuadratic", () => {
    const q = opennessPayoffQuadratic(resolveOpennessGame({ alpha0: 0, params: { lambda: 0 } }, 0.5));
    expect(q.q0).toBeCloseTo(0.125, 15);
    expect(q.q1).toBeCloseTo(0.2, 15);
    expect(q.q2).toBeCloseTo(-0.325, 15);
    expect(argmaxPayoffQuadratic({ q0: 0, q1: 1, q2: -1 }, 0, 1)).toEqual({ x: 0.5, fx: 0.25 });
  });
  it("solveRelease and solveOpenness", () => {
    const m = { alpha0: 0.9, delta: 0.5, regulation: { threshold: 0.5, penalty: 1 } };
    expect(solveRelease(resolveOpennessGame(m, 0.5)).decision).toBe("comply");
    const r = solveOpenness(m);
    expect(r.decision).toBe("comply");
    expect(r.outcome).toBe("transfer");
  });
  it("classifyRegulatoryRegion", () => {
    expect(
      classifyRegulatoryRegion(
        { delta: 0.5, omega: 0.6, uG: 0.1, uD: 0.5 },
        { delta: 0.5, omega: 0.2, uG: 0.2, uD: 0.3 },
        1e-12,
      ),
    ).toBe("transfer");
  });
  it("regulatoryLandscape, indifferenceCurve, thresholdBand", () => {
    const l = regulatoryLandscape({ alpha0: 0.9 }, evenGrid(0, 1, 3), evenGrid(0, 1, 3));
    expect(REGULATORY_REGIONS[l.region[2 * 3 + 1]!]).toBe("deadweight-loss");
    expect(REGULATORY_REGIONS[l.region[2 * 3 + 2]!]).toBe("transfer");
    expect(indifferenceCurve({ alpha0: 0.9, params: { lambda: 0 } }, [0.5])[0]).toBeCloseTo(0.20625, 14);
    expect(thresholdBand({ alpha0: 0.9, params: { lambda: 0 } }, 0.1).high).toBeCloseTo(0.2904, 4);
  });
  it("opennessModelProblems", () => {
    expect(opennessModelProblems({ alpha0: Number.NaN })).toEqual([
      'alpha0: expected a finite number ≥ 0 or "endogenous", found NaN',
    ]);
  });
});
