import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyticLearner,
  bRho,
  bTilde,
  type Learner,
  lowFirmLimit,
  nashTarget,
  revenuePreservingCap,
  runNFirmProtocol,
  runScheme,
  thresholdB,
  thresholdBAsPrinted,
} from "../../src/collaboration/index.js";
import { duopolyRevenues, piecewiseLinearConsumers } from "../../src/market/index.js";

const pair = (low: number, high: number, rate = 0.05) => ({
  low: analyticLearner({ initial: low, ceilings: { "high+low": 1 }, rate }),
  high: analyticLearner({ initial: high, ceilings: { "high+low": 1 }, rate }),
});

/** A different Learner: gradient descent on a 2-parameter model, pools pull towards different optima. */
function quadraticLearner(x0: readonly [number, number]): Learner {
  let x: [number, number] = [x0[0], x0[1]];
  const optimum: Record<string, [number, number]> = { low: [1, 0], high: [0, 1] };
  const quality = () => 1 - 0.25 * ((x[0] - 0.5) ** 2 + (x[1] - 0.5) ** 2) - 0.25; // best 0.75 at (0.5, 0.5)
  return {
    quality,
    step(pools, stepSize) {
      const g: [number, number] = [0, 0];
      for (const p of pools) {
        const o = optimum[p]!;
        g[0] += (x[0] - o[0]) / pools.length;
        g[1] += (x[1] - o[1]) / pools.length;
      }
      const a = Math.min(1, 0.2 * stepSize);
      x = [x[0] - a * g[0], x[1] - a * g[1]];
    },
    snapshot: () => [...x],
    restore(s) {
      const v = s as number[];
      x = [v[0]!, v[1]!];
    },
  };
}

describe("the revenue-preserving threshold B(a, b) (Algorithm 1, Proposition 3, Lemma 4)", () => {
  const ab = fc.tuple(
    fc.double({ min: 0, max: 0.999, noNaN: true }),
    fc.double({ min: 1, max: 5, noNaN: true }),
  );

  it("Lemma 4: B(a, b) ≥ a for every b ≥ 1, and B(a, 1) = a", () => {
    fc.assert(
      fc.property(ab, ([a, b]) => {
        expect(thresholdB(a, b)).toBeGreaterThanOrEqual(a - 1e-14);
        expect(thresholdB(a, 1)).toBeCloseTo(a, 12);
      }),
      { numRuns: 500 },
    );
  });

  it("the stable form equals the printed form of Algorithm 1", () => {
    fc.assert(
      fc.property(ab, ([a, b]) => {
        expect(thresholdB(a, b)).toBeCloseTo(thresholdBAsPrinted(a, b), 9);
      }),
      { numRuns: 300 },
    );
  });

  it("at the threshold the high firm's revenue is exactly preserved and the low firm's does not fall", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 1, noNaN: true }), ab, (qhPrev, [a, b]) => {
        const qlPrev = a * qhPrev;
        const qhNew = Math.min(1, b * qhPrev);
        const bb = qhNew / qhPrev;
        const before = duopolyRevenues(qlPrev, qhPrev);
        const x = thresholdB(a, bb) * qhNew;
        const after = duopolyRevenues(x, qhNew);
        expect(Math.abs(after.high - before.high)).toBeLessThanOrEqual(1e-12 * Math.max(1e-3, before.high));
        // absolute slack 1e-15: B is computed to ~4e-16 absolute accuracy (4 − 6/(1 + s) near ρ = 0)
        expect(after.low).toBeGreaterThanOrEqual(before.low * (1 - 1e-12) - 1e-15);
        expect(lowFirmLimit(a, bb)).toBeGreaterThanOrEqual(thresholdB(a, bb) - 1e-12);
        // beyond the threshold the high firm loses
        if (a < 0.99) expect(duopolyRevenues(x + 1e-6 * qhNew, qhNew).high).toBeLessThan(before.high);
      }),
      { numRuns: 300 },
    );
  });

  it("for a non-uniform density the cap is found numerically and keeps both revenues", () => {
    const consumers = piecewiseLinearConsumers([
      [0, 0],
      [1, 2],
    ]);
    const cap = revenuePreservingCap(0.3, 0.8, 0.82, consumers);
    expect(cap).toBeGreaterThan(0.3);
    expect(cap).toBeLessThan(0.82);
  });

  it("Proposition 5: b̃ = min_ρ b_ρ ≈ 1.03 at ρ ≈ 0.33 (Figure 6)", () => {
    const t = bTilde();
    expect(t.b).toBeCloseTo(1.03, 2);
    expect(Math.abs(t.rho - 0.33)).toBeLessThan(0.03);
    expect(bRho(0.9)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("the Nash bargaining target (Section 4.1, Proposition 2, Lemma 5)", () => {
  it("q_h* is the best attainable quality and q_l* maximises the Nash product on the feasible set", () => {
    const t = nashTarget({ initial: { low: 0.2, high: 0.7 }, maxQuality: 1 });
    expect(t.status).toBe("converged");
    expect(t.value.qh).toBe(1);
    expect(t.value.gridBest).toBeLessThanOrEqual(t.value.nash * (1 + 1e-9));
    expect(t.value.revenues.low).toBeGreaterThanOrEqual(t.value.disagreement.low);
    expect(t.value.revenues.high).toBeGreaterThanOrEqual(t.value.disagreement.high);
  });

  it("Lemma 5: whenever ρ_0 ≤ ρ*, ρ* ≤ 0.43", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 0.02, max: 0.98, noNaN: true }),
        (qh0, f) => {
          const t = nashTarget(
            { initial: { low: qh0 * f, high: qh0 }, maxQuality: 1 },
            { certificateGrid: 11 },
          ).value;
          if (f <= t.rho) expect(t.rho).toBeLessThanOrEqual(0.43);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("collaboration schemes (Sections 3–4)", () => {
  it("complete sharing drives both revenues to 0 (Lemma 3)", () => {
    const run = runScheme({ learners: pair(0.3, 0.8, 0.1), maxQuality: 1 }, "complete", { rounds: 300 });
    const last = run.trajectory.at(-1)!;
    expect(run.trajectory).toHaveLength(301);
    expect(last.revenueLow).toBeLessThan(1e-8);
    expect(last.revenueHigh).toBeLessThan(1e-8);
    expect(run.verdict.anyLoss).toBe(true);
  });

  it("low-firm-only sharing raises both revenues and never lowers either", () => {
    const run = runScheme({ learners: pair(0.3, 0.7), maxQuality: 1 }, "one-sided-low", { rounds: 100 });
    const first = run.trajectory[0]!;
    const last = run.trajectory.at(-1)!;
    expect(run.verdict.anyLoss).toBe(false);
    expect(last.revenueLow).toBeGreaterThan(first.revenueLow);
    expect(last.revenueHigh).toBeGreaterThan(first.revenueHigh);
  });

  it("high-firm-only sharing lets the low model overtake: the high firm loses revenue, roles swap, revenues stay ≥ 0", () => {
    const run = runScheme({ learners: pair(0.3, 0.7), maxQuality: 1 }, "one-sided-high", { rounds: 100 });
    expect(run.verdict.firstLoss.high).not.toBeNull();
    expect(run.verdict.rolesSwappedAt).not.toBeNull();
    for (const r of run.trajectory) {
      expect(r.revenueLow).toBeGreaterThanOrEqual(0);
      expect(r.revenueHigh).toBeGreaterThanOrEqual(0);
    }
  });

  it("defection-free: no revenue ever falls, and the run approaches the Nash product's maximum", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.3, max: 0.9, noNaN: true }),
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        (qh0, f) => {
          const run = runScheme({ learners: pair(qh0 * f, qh0, 0.1), maxQuality: 1 }, "defection-free", {
            rounds: 200,
          });
          expect(run.verdict.anyLoss).toBe(false);
          for (let k = 1; k < run.trajectory.length; k++) {
            const a = run.trajectory[k - 1]!;
            const b = run.trajectory[k]!;
            expect(b.revenueLow).toBeGreaterThanOrEqual(a.revenueLow * (1 - 1e-9));
            expect(b.revenueHigh).toBeGreaterThanOrEqual(a.revenueHigh * (1 - 1e-9));
          }
          if (qh0 * f <= run.target.ql) {
            expect(run.verdict.converged).toBe(true);
            expect(run.verdict.nashGap).toBeLessThan(1e-3 * run.target.nash + 1e-9);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it("defection-free with the high firm unpaced still never loses revenue", () => {
    const run = runScheme({ learners: pair(0.1, 0.5, 0.3), maxQuality: 1 }, "defection-free", {
      pacing: "none",
    });
    expect(run.verdict.anyLoss).toBe(false);
  });

  it("Proposition 4: when q_l,0 > q_l* the run cannot converge to (q_l*, q_h*)", () => {
    const run = runScheme({ learners: pair(0.5, 0.7), maxQuality: 1 }, "defection-free");
    expect(run.trajectory[0]!.ql).toBeGreaterThan(run.target.ql);
    expect(run.verdict.converged).toBe(false);
    expect(run.verdict.anyLoss).toBe(false);
    expect(run.trajectory.at(-1)!.ql).toBeGreaterThan(run.target.ql);
  });

  it("works with any Learner: a gradient-descent model with undo", () => {
    const low = quadraticLearner([1, 0]);
    const high = quadraticLearner([0.8, 0.2]);
    const run = runScheme({ learners: { low, high }, maxQuality: 0.75 }, "defection-free", { rounds: 300 });
    expect(run.trajectory[0]!.ql).toBeLessThan(run.trajectory[0]!.qh);
    expect(run.verdict.anyLoss).toBe(false);
    expect(run.trajectory.at(-1)!.qh).toBeGreaterThan(run.trajectory[0]!.qh);
  });

  it("onRound sees every round's record, in order, and does not change the run", () => {
    for (const scheme of ["defection-free", "complete", "one-sided-low", "one-sided-high"] as const) {
      const plain = runScheme({ learners: pair(0.2, 0.7), maxQuality: 1 }, scheme, { rounds: 30 });
      const seen: { round: number; rounds: number }[] = [];
      const hooked = runScheme({ learners: pair(0.2, 0.7), maxQuality: 1 }, scheme, {
        rounds: 30,
        onRound: (record, rounds) => {
          seen.push({ round: record.round, rounds });
        },
      });
      expect(hooked).toEqual(plain);
      expect(seen).toHaveLength(30);
      expect(seen.map((s) => s.round)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(seen.every((s) => s.rounds === 30)).toBe(true);
    }
  });

  it("the analytic learner is deterministic and snapshot/restore undoes a step", () => {
    const l = analyticLearner({ initial: 0.5, ceilings: { "low+high": 1 }, rate: 0.1 });
    const s = l.snapshot();
    l.step(["high", "low"], 1);
    expect(l.quality()).toBeCloseTo(0.55, 15);
    l.restore(s);
    expect(l.quality()).toBe(0.5);
    l.step(["low"], 1); // saturated on its own pool
    expect(l.quality()).toBe(0.5);
  });
});

describe("the N-firm protocol of Appendix B on the exact N-firm market", () => {
  it("three firms: no firm ever loses revenue and the run converges to the N-firm Nash target", () => {
    const all = { "A+B+C": 1 };
    const run = runNFirmProtocol(
      {
        learners: {
          A: analyticLearner({ initial: 0.8, ceilings: all, rate: 0.1 }),
          B: analyticLearner({ initial: 0.4, ceilings: all, rate: 0.1 }),
          C: analyticLearner({ initial: 0.1, ceilings: all, rate: 0.1 }),
        },
        maxQuality: 1,
      },
      { rounds: 150 },
    );
    expect(run.ids).toEqual(["A", "B", "C"]);
    expect(run.anyLoss).toBe(false);
    expect(run.target.qualities[0]).toBe(1);
    expect(run.converged).toBe(true);
  });

  it("onRound sees every round's record, in order, and does not change the run", () => {
    const make = () => ({
      A: analyticLearner({ initial: 0.8, ceilings: { "A+B+C": 1 }, rate: 0.1 }),
      B: analyticLearner({ initial: 0.4, ceilings: { "A+B+C": 1 }, rate: 0.1 }),
      C: analyticLearner({ initial: 0.1, ceilings: { "A+B+C": 1 }, rate: 0.1 }),
    });
    const plain = runNFirmProtocol({ learners: make(), maxQuality: 1 }, { rounds: 20 });
    const seen: number[] = [];
    const hooked = runNFirmProtocol(
      { learners: make(), maxQuality: 1 },
      {
        rounds: 20,
        onRound: (record, rounds) => {
          expect(rounds).toBe(20);
          seen.push(record.round);
        },
      },
    );
    expect(hooked).toEqual(plain);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
