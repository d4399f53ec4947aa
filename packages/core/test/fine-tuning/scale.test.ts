import { describe, expect, it } from "vitest";
import { polynomialLandscape } from "../../src/fine-tuning/certificateSweep.js";
import { polynomialChoice } from "../../src/fine-tuning/equilibriumPolynomial.js";
import { generalistValue, signatureOf } from "../../src/fine-tuning/outcome.js";
import { packPolynomial, repairOrder, sortByKey } from "../../src/fine-tuning/packed.js";
import { participationThreshold, specialistResponsePolynomial } from "../../src/fine-tuning/responses.js";
import { orderOfThresholds } from "../../src/fine-tuning/thresholdOrders.js";
import {
  certifyEquilibrium,
  equilibrium,
  type FineTuningGame,
  linearRevenue,
  polyCost0,
  polyCost1,
  solveFineTuning,
} from "../../src/index.js";
import { rng as mulberry32 } from "../seeded.js";

/** n specialists with spread costs, fixed costs and outside options (some abstain somewhere). */
function crowd(n: number, seed: number, extra: Partial<FineTuningGame["generalist"]> = {}): FineTuningGame {
  const rand = mulberry32(seed);
  const ks = [1.5, 2, 2, 3];
  return {
    generalist: { cost: polyCost0(n / 10, 2), disagreement: 0, ...extra },
    specialists: Array.from({ length: n }, (_, i) => ({
      name: `D${i + 1}`,
      cost: polyCost1(0.5 + 2 * rand(), ks[i % ks.length]!, 0.05 * rand()),
      revenue: linearRevenue(0.5 + rand()),
      disagreement: i % 3 === 0 ? 0.01 * rand() : 0,
    })),
  };
}

describe("fine-tuning with many specialists: the scalable paths give the answers of the direct ones", () => {
  it("the packed equilibrium equals every specialist's own best response, bit for bit (radix-sorted thresholds)", () => {
    const game = crowd(5000, 7);
    for (const delta of [0.05, 0.3, 0.55, 0.8]) {
      const eq = equilibrium(game, delta);
      expect(eq.agreement).toBe(true);
      game.specialists.forEach((s, i) => {
        const r = specialistResponsePolynomial(s, eq.alpha0!, delta);
        expect(eq.utilities[i + 1]).toBe(r.utility);
        expect(eq.regimes[i]).toBe(r.regime);
        expect(eq.alphas[i]).toBe(r.alpha);
      });
      expect(eq.rebuildUtilities!()).toEqual(eq.utilities);
      // the signature hashed in the pass is that of the regimes
      const item = eq.signature!.slice(1, eq.signature!.indexOf(":"));
      expect(eq.signature).toBe(signatureOf(eq.choice, eq.regimes, eq.direct !== null, Number(item)));
    }
  });

  it("G's choice is the best of every candidate α0, each evaluated directly (with and without the sort)", () => {
    // the candidates: 0, every participation threshold, and U_G's maximiser on every segment
    // between thresholds; G's utility at each from generalistValue (each specialist's own response)
    for (const [game, deltas] of [
      [crowd(300, 21), [0.02, 0.3, 0.7, 0.97]],
      [crowd(1500, 22), [0.5, 0.93]],
      // an expensive generalist: its optimum lies among the thresholds (the sorted segment pass)
      [crowd(1500, 24, { cost: polyCost0(15_000, 2) }), [0.6]],
      [crowd(2000, 23, { direct: { cost: polyCost1(1, 2, 0.01), revenue: linearRevenue(1) } }), [0.4]],
      // a direct channel that costs G more than it earns at first: the full segment pass
      [crowd(4100, 25, { direct: { cost: polyCost1(1, 2, 0.5), revenue: linearRevenue(1) } }), [0.4]],
    ] as const) {
      for (const delta of deltas) {
        const got = polynomialChoice(game, delta);
        const ts = game.specialists.map((s) => participationThreshold(s, delta)).filter(Number.isFinite);
        const cands = [0, ...ts];
        const edges = [...new Set([0, ...ts])].sort((a, b) => a - b);
        for (let j = 0; j < edges.length; j++) {
          // golden section on each segment (U_G is concave there)
          let lo = edges[j]!;
          let hi = j + 1 < edges.length ? edges[j + 1]! : 2 * (got.alpha0 + 1);
          for (let it = 0; it < 80; it++) {
            const m1 = lo + 0.381966 * (hi - lo);
            const m2 = hi - 0.381966 * (hi - lo);
            if (
              generalistValue(game, m1, delta, "polynomial") < generalistValue(game, m2, delta, "polynomial")
            )
              lo = m1;
            else hi = m2;
          }
          cands.push(0.5 * (lo + hi));
          if (j > 20) break; // the far segments lie beyond G's optimum in these games
        }
        const best = Math.max(...cands.map((a) => generalistValue(game, a, delta, "polynomial")));
        const scale = Math.max(1, Math.abs(best));
        expect(got.value, `δ = ${delta}`).toBeGreaterThanOrEqual(best - 1e-10 * scale);
        const direct = generalistValue(game, got.alpha0, delta, "polynomial");
        expect(Math.abs(direct - got.value), `δ = ${delta}`).toBeLessThanOrEqual(1e-12 * scale);
      }
    }
  });

  it("repairing the last order by insertion gives the sorted order, or gives up within its budget", () => {
    const rand = mulberry32(9);
    const n = 5000;
    const buffers = () => new Uint32Array(n);
    const base = Float64Array.from({ length: n }, () => (rand() < 0.2 ? 0 : rand()));
    const before = Array.from(sortByKey(base, n, buffers(), buffers(), buffers(), buffers()));
    // the radix sort against a comparison sort, ties by index
    expect(before).toEqual(
      Array.from({ length: n }, (_, i) => i).sort((i, j) => base[i]! - base[j]! || i - j),
    );
    for (const jitter of [0, 1e-9, 1e-6, 1e-3]) {
      const keys = Float64Array.from(base, (k) => (k === 0 ? 0 : k + jitter * (rand() - 0.5)));
      const want = Array.from({ length: n }, (_, i) => i).sort((i, j) => keys[i]! - keys[j]! || i - j);
      const order = Uint32Array.from(before);
      if (repairOrder(order, keys, n, n)) expect(Array.from(order)).toEqual(want);
      else expect(jitter).toBeGreaterThan(0);
    }
    const shuffled = Uint32Array.from(before).reverse();
    expect(repairOrder(shuffled, base, n, n / 4)).toBe(false);
  });

  it("the orders kept per δ (a nearby one repaired, or sorted) are the sorted orders, and G's choice read off them is the one a cold game makes", () => {
    const rand = mulberry32(31);
    // G as costly as its specialists are many: past δ ≈ 0.93 it invests to a threshold among
    // thresholds crowding around its choice, and the window of its choice holds most of them
    const make = (): FineTuningGame => {
      const r = mulberry32(32);
      const n = 6000;
      return {
        generalist: { cost: polyCost0(n, 2), disagreement: 0 },
        specialists: Array.from({ length: n }, (_, i) => ({
          name: `D${i + 1}`,
          cost: polyCost1(0.5 + 2 * r(), 2, 0.05 * r()),
          revenue: linearRevenue(1),
          disagreement: 0,
        })),
      };
    };
    const game = make();
    const p = packPolynomial(game)!;
    const deltas: number[] = [];
    let d = 0.94;
    for (let q = 0; q < 60; q++) {
      // far jumps, nearby steps, and δ asked for again
      const step = (rand() - 0.5) * 1e-4;
      d = q % 5 === 0 ? 0.9 + 0.07 * rand() : q % 7 === 0 ? d : Math.min(0.99, Math.max(0.9, d + step));
      deltas.push(d);
    }
    for (const delta of deltas) {
      // each δ's choice equals that of a fresh copy of the game (nothing kept), bit for bit
      expect(polynomialChoice(game, delta), `δ = ${delta}`).toEqual(polynomialChoice(make(), delta));
      // and the kept order at δ is the thresholds' order, ties by index
      const ts = Float64Array.from(game.specialists, (s) => participationThreshold(s, delta));
      p.thresholds.set(ts);
      const want = Array.from({ length: ts.length }, (_, i) => i).sort((i, j) => ts[i]! - ts[j]! || i - j);
      expect(Array.from(orderOfThresholds(p, delta))).toEqual(want);
    }
  });

  it("the radix sort orders keys as Array.prototype.sort does, ties by index", () => {
    const rand = mulberry32(3);
    const n = 20_000;
    const kinds = [
      () => rand(),
      () => Math.floor(rand() * 10) / 7,
      () => (rand() < 0.3 ? 0 : Infinity),
      () => 1 + rand() * 1e-9,
    ];
    for (const kind of kinds) {
      const keys = Float64Array.from({ length: n }, kind);
      const buffers = () => new Uint32Array(n);
      const got = Array.from(sortByKey(keys, n, buffers(), buffers(), buffers(), buffers()));
      const want = Array.from({ length: n }, (_, i) => i).sort((i, j) => keys[i]! - keys[j]!);
      expect(got).toEqual(want);
    }
  });

  it("dropping sampled utility vectors and rebuilding them changes nothing in the answer", () => {
    for (const game of [
      crowd(300, 11),
      crowd(300, 12, { direct: { cost: polyCost1(1, 2, 0.01), revenue: linearRevenue(1) } }),
    ]) {
      // the scalable bargaining path, where vectors are dropped (a million specialists' solve), and
      // the certified one with the decisive players, cell bounds and structure proofs (what the
      // solver does by default above POLYNOMIAL_KEEP_VECTORS_UP_TO specialists)
      for (const bargaining of [{ fullChecksMaxPlayers: 64 }, {}]) {
        const kept = solveFineTuning(game, { certify: false, bargaining });
        const rebuilt = solveFineTuning(game, {
          certify: false,
          bargaining: { ...bargaining, vectorMemory: 0 },
        });
        expect(rebuilt.pareto).toEqual(kept.pareto);
        expect(rebuilt.certificate).toEqual(kept.certificate);
        expect(rebuilt.warnings).toEqual(kept.warnings);
        for (const [id, s] of Object.entries(kept.solutions)) {
          expect(rebuilt.solutions[id as "nash"]!.delta, id).toBe(s!.delta);
          expect(rebuilt.solutions[id as "nash"]!.utilities, id).toEqual(s!.utilities);
        }
      }
    }
  });

  it("G's certificate by the sorted sweep agrees with the direct evaluation at every threshold and between", () => {
    const game = crowd(2100, 5, { direct: { cost: polyCost1(1, 2, 0.01), revenue: linearRevenue(1) } });
    const delta = 0.4;
    const land = polynomialLandscape(game, delta);
    const { thresholds, values } = land.atThresholds;
    expect(thresholds.length).toBeGreaterThan(100);
    for (let j = 0; j < thresholds.length; j += 37) {
      const want = generalistValue(game, thresholds[j]!, delta, "polynomial");
      expect(Math.abs(values[j]! - want)).toBeLessThan(1e-12 * Math.max(1, Math.abs(want)));
      expect(Math.abs(land.value(thresholds[j]!) - want)).toBeLessThan(1e-12 * Math.max(1, Math.abs(want)));
    }
    // anywhere else (the running sums at the last threshold below α0), and who participates
    const ts = game.specialists.map((s) => participationThreshold(s, delta));
    const r = mulberry32(11);
    const top = thresholds[thresholds.length - 1]!;
    for (let q = 0; q < 400; q++) {
      const a =
        q < 3
          ? [0, top, 2 * top][q]!
          : q % 2 === 0
            ? thresholds[Math.floor(r() * thresholds.length)]! * (1 + 1e-9 * (r() - 0.5))
            : 1.2 * top * r();
      const want = generalistValue(game, a, delta, "polynomial");
      expect(Math.abs(land.value(a) - want)).toBeLessThan(1e-12 * Math.max(1, Math.abs(want)));
      expect(land.anyParticipant(a)).toBe(ts.some((t) => a >= t));
      const b = a + (r() < 0.5 ? 1e-6 : 0.1) * top * r();
      expect(land.sameParticipants(a, b)).toBe(ts.every((t) => !(t > a && t <= b)));
    }
    const eq = equilibrium(game, delta);
    expect(certifyEquilibrium(game, eq, { checkPoints: 16 }).holds).toBe(true);
    // G investing 1% more than it does: the swept certificate catches it
    const off = { ...eq, alpha0: eq.alpha0! * 1.01 };
    expect(certifyEquilibrium(game, off, { checkPoints: 16 }).generalist.deviationGain).toBeGreaterThan(0);
  });
});
