import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyticLearner,
  type Learner,
  nashTarget,
  rolesByQuality,
  runNFirmProtocol,
  runScheme,
  signedNashProduct,
} from "../../src/collaboration/index.js";

const firms = (low: number, high: number, rate = 0.1) => ({
  low: analyticLearner({ initial: low, ceilings: { "high+low": 1 }, rate }),
  high: analyticLearner({ initial: high, ceilings: { "high+low": 1 }, rate }),
});

describe("roles go by starting quality, whatever the firms are called (Section 2)", () => {
  it("rolesByQuality gives the high role to the firm with the better model", () => {
    expect(rolesByQuality({ low: 0.7, high: 0.2 })).toEqual({ low: "high", high: "low" });
    expect(rolesByQuality({ low: 0.2, high: 0.7 })).toEqual({ low: "low", high: "high" });
    expect(rolesByQuality({ low: 0.5, high: 0.5 })).toEqual({ low: "low", high: "high" });
  });

  it("nashTarget with low > high equals the target with the names exchanged, and records the roles", () => {
    const swapped = nashTarget({ initial: { low: 0.7, high: 0.2 }, maxQuality: 1 });
    const plain = nashTarget({ initial: { low: 0.2, high: 0.7 }, maxQuality: 1 });
    expect(swapped.status).not.toBe("infeasible");
    expect(swapped.value.roles).toEqual({ low: "high", high: "low" });
    expect(plain.value.roles).toEqual({ low: "low", high: "high" });
    expect(swapped.value.nash).toBeGreaterThan(0);
    expect(swapped.value.ql).toBeCloseTo(plain.value.ql, 12);
    expect(swapped.value.nash).toBeCloseTo(plain.value.nash, 15);
    expect(swapped.warnings.some((w) => w.includes('firm "low" starts with the better model'))).toBe(true);
  });

  it("the Nash target is never negative, for any starting qualities and q_h*", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (a, b, m) => {
          const t = nashTarget({ initial: { low: a, high: b }, maxQuality: m }, { certificateGrid: 101 });
          expect(t.value.nash).toBeGreaterThanOrEqual(0);
          expect(t.value.qh).toBeGreaterThanOrEqual(Math.max(a, b));
          expect(t.value.gridBest).toBeLessThanOrEqual(t.value.nash + 1e-12);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a q_h* below the better firm's start is raised to it, with a warning", () => {
    const t = nashTarget({ initial: { low: 0.2, high: 0.7 }, maxQuality: 0.5 });
    expect(t.value.qh).toBe(0.7);
    expect(t.warnings.some((w) => w.startsWith("maxQuality 0.5 is below"))).toBe(true);
  });

  it("runScheme with low > high: defection-free loses no revenue, reaches the target, and records the roles", () => {
    const run = runScheme({ learners: firms(0.7, 0.2), maxQuality: 1 }, "defection-free", { rounds: 200 });
    const mirror = runScheme({ learners: firms(0.2, 0.7), maxQuality: 1 }, "defection-free", { rounds: 200 });
    expect(run.roles).toEqual({ low: "high", high: "low" });
    expect(run.trajectory[0]!.ql).toBe(0.2);
    expect(run.trajectory[0]!.qh).toBe(0.7);
    expect(run.verdict.anyLoss).toBe(false);
    expect(run.target.nash).toBeGreaterThan(0);
    expect(run.verdict.converged).toBe(true);
    expect(run.trajectory).toEqual(mirror.trajectory);
  });

  it("a firm playing the other role still trains on its own pool where a scheme says 'own data'", () => {
    const pools: string[][] = [];
    const spy = (initial: number): Learner => {
      const inner = analyticLearner({ initial, ceilings: { high: 0.9, "high+low": 1 } });
      return {
        ...inner,
        step: (p, a) => {
          pools.push([...p]);
          inner.step(p, a);
        },
      };
    };
    // firm "high" starts worse, so it plays "low"; in one-sided-low the low role trains on its own pool
    runScheme({ learners: { low: spy(0.6), high: spy(0.3) }, maxQuality: 1 }, "one-sided-low", { rounds: 1 });
    expect(pools).toHaveLength(2);
    expect(pools[0]).toEqual(["high"]);
    expect(pools[1]!.sort()).toEqual(["high", "low"]);
  });
});

describe("the Nash product is signed: a product of two losses is not a gain", () => {
  it("signedNashProduct is the product of gains, and negative as soon as one firm lost", () => {
    expect(signedNashProduct([0.1, 0.2])).toBeCloseTo(0.02, 15);
    expect(signedNashProduct([-0.1, -0.2])).toBeCloseTo(-0.02, 15);
    expect(signedNashProduct([-0.1, 0.2])).toBeCloseTo(-0.02, 15);
  });

  it("complete sharing ends with a negative Nash product and a Nash gap above N*", () => {
    const run = runScheme({ learners: firms(0.3, 0.8), maxQuality: 1 }, "complete", { rounds: 300 });
    const last = run.trajectory.at(-1)!;
    expect(last.nash).toBeLessThan(0);
    expect(run.verdict.nashGap).toBeGreaterThan(run.target.nash);
  });
});

describe("the N-firm protocol ranks firms by starting quality, whatever their order", () => {
  it("records the ranking and loses no revenue when the firms are listed worst first", () => {
    const all = { "A+B+C": 1 };
    const run = runNFirmProtocol(
      {
        learners: {
          A: analyticLearner({ initial: 0.1, ceilings: all, rate: 0.1 }),
          B: analyticLearner({ initial: 0.4, ceilings: all, rate: 0.1 }),
          C: analyticLearner({ initial: 0.8, ceilings: all, rate: 0.1 }),
        },
        maxQuality: 1,
      },
      { rounds: 150 },
    );
    expect(run.ranking).toEqual(["C", "B", "A"]);
    expect(run.target.ranking).toEqual([2, 1, 0]);
    expect(run.target.qualities[2]).toBe(1);
    expect(run.target.nash).toBeGreaterThan(0);
    expect(run.anyLoss).toBe(false);
    expect(run.converged).toBe(true);
  });
});

describe("stall detection", () => {
  it("a run whose qualities stop moving away from the target is reported stalled, and stops when asked", () => {
    // The joint pool cannot lift either firm: nothing moves, the target (q_h* = 1) is far.
    const frozen = () => ({
      low: analyticLearner({ initial: 0.2, ceilings: {} }),
      high: analyticLearner({ initial: 0.5, ceilings: {} }),
    });
    const run = runScheme({ learners: frozen(), maxQuality: 1 }, "defection-free", {
      rounds: 100,
      stallRounds: 10,
    });
    expect(run.verdict.stalledAt).toBe(10);
    expect(run.verdict.stoppedEarly).toBe(false);
    expect(run.trajectory).toHaveLength(101);
    expect(
      run.warnings.some((w) => w.startsWith("stalled: neither firm's quality has moved since round 0")),
    ).toBe(true);
    const stopped = runScheme({ learners: frozen(), maxQuality: 1 }, "defection-free", {
      rounds: 100,
      stallRounds: 10,
      stopOnStall: true,
    });
    expect(stopped.verdict.stoppedEarly).toBe(true);
    expect(stopped.trajectory).toHaveLength(11);
  });

  it("a run that converges is not reported stalled", () => {
    const run = runScheme({ learners: firms(0.2, 0.7, 0.3), maxQuality: 1 }, "defection-free", {
      rounds: 300,
      stallRounds: 10,
    });
    expect(run.verdict.converged).toBe(true);
    expect(run.verdict.stalledAt).toBeNull();
  });
});
