import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  certifyPrices,
  consumerChoice,
  duopolyEquilibrium,
  duopolyRevenues,
  lemma6Demands,
  lemma7AsPrinted,
  marketEquilibrium,
  piecewiseLinearConsumers,
  proposition1Derivatives,
  uniformConsumers,
} from "../../src/market/index.js";
import { KNOWN_ERRATA, MARKET_CASES } from "./referenceCases.js";

describe("market reference cases (paper, Lemmas 2–3, Appendix B)", () => {
  for (const c of MARKET_CASES) {
    for (const method of ["best-response", "linear-system"] as const) {
      it(`${c.id} by ${method}: ${c.source}`, () => {
        const consumers = uniformConsumers(c.thetaMax ?? 1);
        const r = marketEquilibrium({ qualities: c.qualities, consumers }, { method });
        expect(r.status).toBe("converged");
        expect(r.value.prices).toHaveLength(c.qualities.length);
        for (const [i, p] of r.value.prices.entries()) expect(p).toBeCloseTo(c.expected.prices[i]!, 10);
        for (const [i, u] of r.value.revenues.entries())
          expect(Math.abs(u - c.expected.revenues[i]!)).toBeLessThanOrEqual(c.tolerance + 1e-15);
        expect(r.value.certificate.isEquilibrium).toBe(true);
      });
    }
  }
});

describe("Lemma 2 against exact consumer choice", () => {
  it("the closed-form prices leave no firm a profitable unilateral deviation, for any 0 < q_l < q_h ≤ 1", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (qh, frac) => {
          const ql = qh * frac;
          const e = duopolyEquilibrium(ql, qh);
          const cert = certifyPrices([ql, qh], [e.prices.low, e.prices.high], uniformConsumers(), {
            gridSize: 128,
          });
          expect(cert.maxDeviationGain).toBeLessThan(1e-12);
          const choice = consumerChoice([ql, qh], [e.prices.low, e.prices.high], uniformConsumers());
          expect(choice.demands[0]).toBeCloseTo(e.demands.low, 12);
          expect(choice.demands[1]).toBeCloseTo(e.demands.high, 12);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("best-response iteration reproduces the closed form (differential test)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (qh, frac) => {
          const ql = qh * frac;
          const r = marketEquilibrium({ qualities: [ql, qh] }, { certificate: "skip" });
          const e = duopolyEquilibrium(ql, qh);
          expect(r.value.prices[0]).toBeCloseTo(e.prices.low, 10);
          expect(r.value.prices[1]).toBeCloseTo(e.prices.high, 10);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a uniform density given as knots gives the closed form through the numeric path", () => {
    const flat = piecewiseLinearConsumers([
      [0, 1],
      [0.5, 1],
      [1, 1],
    ]);
    const r = marketEquilibrium({ qualities: [0.4, 0.9], consumers: flat });
    const e = duopolyEquilibrium(0.4, 0.9);
    expect(r.status).toBe("converged");
    expect(r.value.prices[0]).toBeCloseTo(e.prices.low, 10);
    expect(r.value.prices[1]).toBeCloseTo(e.prices.high, 10);
  });
});

describe("N-firm Bertrand–Nash equilibrium of the consumer-choice model", () => {
  const qualitiesArb = fc
    .uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 3, maxLength: 6 })
    .map((xs) => xs.map((x) => x / 1000));

  it("best response against exact choice and the tridiagonal first-order system agree, and survive the brute-force deviation check", () => {
    fc.assert(
      fc.property(qualitiesArb, (qualities) => {
        const br = marketEquilibrium({ qualities });
        const ls = marketEquilibrium({ qualities }, { method: "linear-system", certificate: "skip" });
        expect(br.status).toBe("converged");
        expect(br.value.certificate.isEquilibrium).toBe(true);
        expect(br.value.certificate.maxDeviationGain).toBeLessThan(1e-12);
        expect(br.value.certificate.demandResidual).toBeLessThan(1e-12);
        for (const [i, p] of br.value.prices.entries()) expect(p).toBeCloseTo(ls.value.prices[i]!, 10);
        for (const d of br.value.demands) expect(d).toBeGreaterThan(0);
      }),
      { numRuns: 25 },
    );
  });

  it("a non-uniform density (θ with density 2θ) has a certified equilibrium with demands summing to the covered market", () => {
    const consumers = piecewiseLinearConsumers([
      [0, 0],
      [1, 2],
    ]);
    const r = marketEquilibrium({ qualities: [0.9, 0.6, 0.3], consumers });
    expect(r.status).toBe("converged");
    expect(r.value.certificate.isEquilibrium).toBe(true);
    expect(Math.abs(r.value.certificate.demandSum - r.value.certificate.covered)).toBeLessThan(1e-12);
  });
});

describe("degenerate and reordered markets", () => {
  it("equal qualities: a price war, both revenues 0 (Lemma 3)", () => {
    const e = duopolyEquilibrium(0.6, 0.6);
    expect(e.revenues).toEqual({ low: 0, high: 0 });
    const r = marketEquilibrium({ qualities: [0.6, 0.6] });
    expect(r.value.revenues).toEqual([0, 0]);
    expect(r.value.certificate.isEquilibrium).toBe(true);
  });

  it("a tie below the top: tied and lower firms sell nothing, the top firm best-responds to a free rival", () => {
    const r = marketEquilibrium({ qualities: [0.9, 0.6, 0.6, 0.3] });
    expect(r.value.revenues).toHaveLength(4);
    expect(r.value.revenues.slice(1)).toEqual([0, 0, 0]);
    expect(r.value.prices[0]).toBeCloseTo(0.15, 12); // (q1 − q̄)/2
    expect(r.value.certificate.isEquilibrium).toBe(true);
  });

  it("a low firm that overtakes the high firm swaps roles: revenues stay non-negative and follow the better model", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (a, b) => {
          const r = duopolyRevenues(a, b);
          const s = duopolyRevenues(b, a);
          expect(r.low).toBeGreaterThanOrEqual(0);
          expect(r.high).toBeGreaterThanOrEqual(0);
          expect(r.low).toBe(s.high);
          expect(r.high).toBe(s.low);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("a quality of 0 never sells; the other firm is a monopolist (p = q/2, U = q/4)", () => {
    const e = duopolyEquilibrium(0, 0.8);
    expect(e.revenues.low).toBe(0);
    expect(e.prices.high).toBeCloseTo(0.4, 14);
    const r = marketEquilibrium({ qualities: [0, 0.8, 0] });
    expect(r.value.revenues[0]).toBe(0);
    expect(r.value.revenues[2]).toBe(0);
    expect(r.value.revenues[1]).toBeCloseTo(0.2, 12);
    const none = marketEquilibrium({ qualities: [0, 0] });
    expect(none.value.revenues).toEqual([0, 0]);
  });

  it("a non-finite quality stops the solver with a status naming the input", () => {
    const r = marketEquilibrium({ qualities: [0.5, Number.NaN] });
    expect(r.status).toBe("nanEncountered");
    expect(r.warnings[0]).toContain("qualities[1]");
  });
});

describe("Proposition 1 (how revenues move with each quality)", () => {
  const pair = fc
    .tuple(fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: 0.02, max: 0.98, noNaN: true }))
    .map(([qh, f]) => [qh * f, qh] as const);
  it("U_h increases in q_h, decreases in q_l; U_l increases in q_h (finite differences of the equilibrium revenues)", () => {
    fc.assert(
      fc.property(pair, ([ql, qh]) => {
        const h = 1e-6 * qh;
        const base = duopolyRevenues(ql, qh);
        const upH = duopolyRevenues(ql, qh + h);
        const upL = duopolyRevenues(ql + h, qh);
        expect(upH.high).toBeGreaterThan(base.high);
        expect(upL.high).toBeLessThan(base.high);
        expect(upH.low).toBeGreaterThan(base.low);
        const d = proposition1Derivatives(ql, qh);
        expect(d.dUhDqh).toBeGreaterThan(0);
        expect(d.dUhDql).toBeLessThan(0);
        expect(d.dUlDqh).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it("U_l increases in q_l below 4q_h/7 and decreases above it", () => {
    fc.assert(
      fc.property(pair, ([ql, qh]) => {
        const h = 1e-7 * qh;
        const slope = (duopolyRevenues(ql + h, qh).low - duopolyRevenues(ql - h, qh).low) / (2 * h);
        if (ql < (4 / 7) * qh - 1e-4) expect(slope).toBeGreaterThan(0);
        if (ql > (4 / 7) * qh + 1e-4) expect(slope).toBeLessThan(0);
        expect(Math.sign(proposition1Derivatives(ql, qh).dUlDql)).toBe(Math.sign((4 / 7) * qh - ql));
      }),
      { numRuns: 200 },
    );
    // the threshold itself: U_l(·, q_h) peaks at q_l = 4q_h/7
    const qh = 0.9;
    const peak = (4 / 7) * qh;
    expect(duopolyRevenues(peak, qh).low).toBeGreaterThan(duopolyRevenues(peak - 1e-3, qh).low);
    expect(duopolyRevenues(peak, qh).low).toBeGreaterThan(duopolyRevenues(peak + 1e-3, qh).low);
  });
});

describe("errata: the paper's N-firm formulas against the certificate", () => {
  const ranked = [0.9, 0.6, 0.3];
  it(`lemma7-prices: ${KNOWN_ERRATA["lemma7-prices"]}`, () => {
    const printed = lemma7AsPrinted(ranked);
    const cert = certifyPrices(ranked, printed.prices);
    expect(cert.isEquilibrium).toBe(false);
    expect(cert.deviationGains[2]).toBeCloseTo(0.0015, 6);
    const exact = marketEquilibrium({ qualities: ranked });
    expect(Math.abs(exact.value.prices[2]! - printed.prices[2]!)).toBeGreaterThan(0.03);
  });
  it(`lemma6-demands: ${KNOWN_ERRATA["lemma6-demands"]}`, () => {
    const printed = lemma7AsPrinted(ranked);
    const d = lemma6Demands(ranked, printed.prices);
    expect(d[2]).toBeCloseTo(-0.0857142857, 8);
    const exact = consumerChoice(ranked, printed.prices, uniformConsumers());
    expect(exact.demands[2]).toBe(0);
  });
  it(`lemma7-utilities: ${KNOWN_ERRATA["lemma7-utilities"]}`, () => {
    const printed = lemma7AsPrinted([1, 0.5]);
    expect(printed.utilities[0]).toBeLessThan(0);
    // while the two-firm printed prices coincide with Lemma 2, which is right
    expect(printed.prices[0]).toBeCloseTo(2 / 7, 14);
    expect(printed.prices[1]).toBeCloseTo(1 / 14, 14);
  });
});
