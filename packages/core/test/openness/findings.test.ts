/**
 * The findings our specification must reproduce (openness-regulation.md, "Findings"), each as a
 * property over parameter ranges.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_TOLERANCES } from "../../src/numerics/tolerances.js";
import { solveOpenness } from "../../src/openness/equilibrium.js";
import {
  evenGrid,
  indifferenceCurve,
  regulatoryLandscape,
  thresholdBand,
} from "../../src/openness/landscape.js";
import { type OpennessModel, resolveOpennessGame } from "../../src/openness/model.js";
import { REGULATORY_REGIONS } from "../../src/openness/regions.js";
import { ReleaseSolver } from "../../src/openness/release.js";

/** Parameters around the specification's defaults (fixed δ). */
const paramsArb = fc.record({
  delta: fc.double({ min: 0.4, max: 0.6, noNaN: true }),
  cD: fc.double({ min: 0.8, max: 1.5, noNaN: true }),
  lambda: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.9, noNaN: true })),
  epsilon: fc.double({ min: 0.15, max: 0.4, noNaN: true }),
  kappa: fc.double({ min: 0.15, max: 0.4, noNaN: true }),
  reputation: fc.constantFrom("additive" as const, "multiplicative" as const),
});
type Params = typeof paramsArb extends fc.Arbitrary<infer T> ? T : never;
const model = (p: Params, alpha0: number, extra: Partial<OpennessModel> = {}): OpennessModel => ({
  alpha0,
  delta: p.delta,
  params: { cD: p.cD, lambda: p.lambda, epsilon: p.epsilon, kappa: p.kappa, reputation: p.reputation },
  ...extra,
});
const omegaNR = (m: OpennessModel): number =>
  new ReleaseSolver(resolveOpennessGame(m, m.delta as number)).unregulated.omega;
/** ω is located to ~1e-8 by the numeric path; monotonicity is checked to this slack. */
const SLACK = 1e-6;

describe("finding 1: openness without regulation", () => {
  it("G keeps a high-α0 model fully closed (ω_NR = 0) above an explicit bound on α0", () => {
    // U(ω) − U(0) = −(δ − ε_m)·α0·ω + g(ω) with g(ω)/ω ≤ δ(δ + λ)/(2c_D(1 − λ)²) + ε_a + ε_m·L,
    // L = 1/(2c_D(1 − λ)) the largest fine-tuning lift, ε_a / ε_m the additive / multiplicative ε.
    fc.assert(
      fc.property(paramsArb, fc.double({ min: 0.01, max: 10, noNaN: true }), (p, u) => {
        const mult = p.reputation === "multiplicative";
        fc.pre(!mult || p.delta - p.epsilon > 0.02); // ε ≥ δ: openness pays in proportion to α1, see docs
        const lift = 1 / (2 * p.cD * (1 - p.lambda));
        const g =
          (p.delta * (p.delta + p.lambda)) / (2 * p.cD * (1 - p.lambda) ** 2) + p.epsilon * (mult ? lift : 1);
        const bound = g / (p.delta - (mult ? p.epsilon : 0));
        expect(omegaNR(model(p, bound * (1 + u)))).toBe(0);
      }),
      { numRuns: 80 },
    );
  });

  it("with multiplicative reputation and ε > δ even a very high-α0 model is opened (the condition of finding 1)", () => {
    const p = {
      delta: 0.3,
      cD: 1,
      lambda: 0.5,
      epsilon: 0.4,
      kappa: 0.2,
      reputation: "multiplicative" as const,
    };
    expect(omegaNR(model(p, 100))).toBeGreaterThan(0);
  });

  it("G opens a low-α0 model part way (0 < ω_NR < 1)", () => {
    fc.assert(
      fc.property(paramsArb, fc.double({ min: 0, max: 0.05, noNaN: true }), (p, a0) => {
        // Additive reputation: U'(0) = ε − δα0 + δ(2δ − 1 + (1 − δ)λ)/(2c_D) > 0 on these ranges for
        // α0 ≤ 0.05. Multiplicative reputation moves both ends (ε·ω·α1 can make ω = 0 or ω = 1
        // optimal at α0 = 0); its conditions are in docs/openness.md.
        fc.pre(p.reputation === "additive");
        const w = omegaNR(model(p, a0));
        expect(w).toBeGreaterThan(0);
        expect(w).toBeLessThan(1);
      }),
      { numRuns: 60 },
    );
  });

  it("ω_NR is non-increasing in α0", () => {
    fc.assert(
      fc.property(
        paramsArb,
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (p, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(omegaNR(model(p, hi))).toBeLessThanOrEqual(omegaNR(model(p, lo)) + SLACK);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("ω_NR is non-decreasing in ε", () => {
    fc.assert(
      fc.property(
        paramsArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (p, a0, e1, e2) => {
          const [lo, hi] = e1 <= e2 ? [e1, e2] : [e2, e1];
          expect(omegaNR(model({ ...p, epsilon: hi }, a0))).toBeGreaterThanOrEqual(
            omegaNR(model({ ...p, epsilon: lo }, a0)) - SLACK,
          );
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("finding 2: every (θ, p) falls in one region", () => {
  it("in fixed mode the regions are exactly: non-binding (θ ≤ ω_NR or p = 0), transfer (G complies), deadweight loss (G ignores and pays p), abstention (G leaves)", () => {
    fc.assert(
      fc.property(
        paramsArb,
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (p, a0, cG, theta, penalty) => {
          const m = model(p, a0, { regulation: { threshold: theta, penalty } });
          const r = solveOpenness({ ...m, params: { ...m.params, cG } });
          const u = r.unregulated;
          expect(REGULATORY_REGIONS).toContain(r.outcome);
          expect(r.certificate.deviationGain!).toBeLessThanOrEqual(1e-9);
          switch (r.decision) {
            case "non-binding":
              expect(r.outcome).toBe("non-binding");
              expect(theta <= u.omega! || penalty === 0).toBe(true);
              break;
            case "comply":
              expect(r.omega!).toBeGreaterThanOrEqual(theta);
              expect(["transfer", "non-binding"]).toContain(r.outcome); // non-binding only at an exact tie
              if (r.outcome === "transfer") {
                expect(r.utilities.G).toBeLessThan(u.utilities.G);
                expect(r.utilities.D).toBeGreaterThan(u.utilities.D);
                expect(r.alpha1!).toBeGreaterThan(u.alpha1!);
              }
              break;
            case "ignore":
              // a penalty below the resolution of the comparison (1e-9 relative) changes nothing visible
              expect(r.outcome).toBe(
                penalty > 1e-9 * Math.max(1, u.utilities.G) ? "deadweight-loss" : "non-binding",
              );
              expect(r.omega).toBe(u.omega);
              expect(r.utilities.D).toBe(u.utilities.D);
              expect(r.utilities.G).toBeCloseTo(u.utilities.G - penalty, 12);
              break;
            case "abstain":
              expect(r.outcome).toBe(u.omega === null ? "non-binding" : "abstain");
              expect(r.utilities).toEqual({ G: 0, D: 0 });
              break;
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("abstention happens where complying and ignoring both lose money (κ > ε makes full openness costly)", () => {
    const l = regulatoryLandscape(
      { alpha0: 0.05, params: { kappa: 0.6, epsilon: 0.1 } },
      evenGrid(0, 1, 11),
      evenGrid(0, 1, 11),
    );
    const names = Array.from(l.region, (c) => REGULATORY_REGIONS[c]);
    expect(names).toContain("abstain");
    expect(names).toContain("deadweight-loss");
    expect(names).toContain("transfer");
    expect(names).toContain("non-binding");
  });

  it("in bargaining mode a binding threshold can be a Pareto improvement for low-α0 models", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.15, noNaN: true }),
        fc.double({ min: 0.15, max: 0.3, noNaN: true }),
        (a0, epsilon) => {
          const outcomes = [0.5, 0.6, 0.7, 0.8].map(
            (theta) =>
              solveOpenness(
                {
                  alpha0: a0,
                  delta: { bargaining: "nash" },
                  params: { epsilon },
                  regulation: { threshold: theta, penalty: 1 },
                },
                { certify: false, bargaining: { gridSize: 64 } },
              ).outcome,
          );
          expect(outcomes).toContain("pareto-improvement");
        },
      ),
      { numRuns: 4 },
    );
  });

  it("a Pareto improvement in bargaining mode leaves neither player worse off and raises openness", () => {
    const r = solveOpenness(
      { alpha0: 0.1, delta: { bargaining: "nash" }, regulation: { threshold: 0.5, penalty: 0.1 } },
      { bargaining: { gridSize: 64 } },
    );
    expect(r.outcome).toBe("pareto-improvement");
    expect(r.omega!).toBeGreaterThan(r.unregulated.omega!);
    expect(r.utilities.G).toBeGreaterThanOrEqual(r.unregulated.utilities.G);
    expect(r.utilities.D).toBeGreaterThanOrEqual(r.unregulated.utilities.D);
  });
});

describe("finding 3: raising θ on the compliance side of the indifference curve", () => {
  it("moves utility from G to D and raises α1", () => {
    fc.assert(
      fc.property(
        paramsArb,
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (p, a0, t1, t2) => {
          const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
          const base = model(p, a0);
          const [p1, p2] = indifferenceCurve(base, [lo, hi]);
          fc.pre(p1 !== null && p2 !== null && p1 !== undefined && p2 !== undefined);
          const penalty = Math.max(p1!, p2!) + 0.01; // above the curve at both thresholds: G complies
          const r1 = solveOpenness({ ...base, regulation: { threshold: lo, penalty } }, { certify: false });
          const r2 = solveOpenness({ ...base, regulation: { threshold: hi, penalty } }, { certify: false });
          expect(r2.utilities.G).toBeLessThanOrEqual(r1.utilities.G + 1e-12);
          expect(r2.utilities.D).toBeGreaterThanOrEqual(r1.utilities.D - 1e-12);
          expect(r2.alpha1!).toBeGreaterThanOrEqual(r1.alpha1! - 1e-12);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("finding 4: the penalty needed for compliance grows with α0 for closed (high-α0) models", () => {
  it("p*(θ) is non-decreasing in α0 once ω_NR = 0, and unbounded (slope δθ when G complies at exactly θ)", () => {
    fc.assert(
      fc.property(
        paramsArb,
        fc.double({ min: 3, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (p, a0, step, theta) => {
          fc.pre(p.reputation === "additive" || p.delta - p.epsilon > 0.05);
          const [q1] = indifferenceCurve(model(p, a0), [theta]);
          const [q2] = indifferenceCurve(model(p, a0 + step), [theta]);
          fc.pre(q1 !== null && q2 !== null); // null: complying would cost more than leaving the market
          expect(q2!).toBeGreaterThanOrEqual(q1! - 1e-12);
          const s = new ReleaseSolver(resolveOpennessGame(model(p, a0), p.delta));
          const s2 = new ReleaseSolver(resolveOpennessGame(model(p, a0 + step), p.delta));
          if (s.comply(theta).omega === theta && s2.comply(theta).omega === theta) {
            const slope = p.delta - (p.reputation === "multiplicative" ? p.epsilon : 0);
            expect(Math.abs(q2! - q1! - slope * theta * step)).toBeLessThan(1e-9 * Math.max(1, q2!));
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("finding 5: the effective threshold band (ω_NR(α0), θ_max(α0, p)]", () => {
  it("G complies with every θ in the band and with none above it", () => {
    fc.assert(
      fc.property(
        paramsArb,
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (p, a0, penalty, u) => {
          const m = model(p, a0);
          const band = thresholdBand(m, penalty);
          expect(band.low).toBeLessThanOrEqual(band.high + 1e-12);
          const solver = new ReleaseSolver(resolveOpennessGame(m, p.delta));
          const theta = u;
          const d = solver.decide(theta, penalty, "fixed", DEFAULT_TOLERANCES).decision;
          if (theta > band.low && theta < band.high - 1e-9) expect(d).toBe("comply");
          if (theta > band.high + 1e-9) expect(["ignore", "abstain"]).toContain(d);
        },
      ),
      { numRuns: 120 },
    );
  });

  it("θ_max falls with α0 for closed models and rises with p: the curve in the (α0, θ) plane", () => {
    fc.assert(
      fc.property(
        paramsArb,
        fc.double({ min: 3, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (p, a0, da, penalty, dp) => {
          const b = thresholdBand(model(p, a0), penalty).high;
          expect(thresholdBand(model(p, a0 + da), penalty).high).toBeLessThanOrEqual(b + 1e-9);
          expect(thresholdBand(model(p, a0), penalty + dp).high).toBeGreaterThanOrEqual(b - 1e-9);
        },
      ),
      { numRuns: 60 },
    );
  });
});
