import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestPrice } from "../../src/market/bestResponse.js";
import { consumerChoice } from "../../src/market/choice.js";
import {
  type ConsumerDistribution,
  piecewiseLinearConsumers,
  uniformConsumers,
} from "../../src/market/consumers.js";
import { envelopeChoice } from "../../src/market/envelopeChoice.js";
import { certifyPrices, marketEquilibrium, uniformInteriorPrices } from "../../src/market/equilibrium.js";
import { fastBestPrice } from "../../src/market/fastResponse.js";
import { newtonInteriorPrices } from "../../src/market/newton.js";
import { certifyPricesReference } from "../../src/market/referenceCertificate.js";
import { FirmView, highHulls, lowHulls, qualityLevels, sameQualityCap } from "../../src/market/rivals.js";

/** Qualities on a coarse grid (so ties and zero qualities occur) and prices in [0, 1]. */
const offers = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.tuple(
    fc.array(
      fc.integer({ min: 0, max: 20 }).map((k) => k / 20),
      { minLength: n, maxLength: n },
    ),
    fc.array(
      fc.integer({ min: 0, max: 40 }).map((k) => k / 40),
      { minLength: n, maxLength: n },
    ),
  ),
);

/** Uniform, a log-concave density (2θ, or a tent) and a non-log-concave one (bimodal with a gap). */
const densities: readonly [string, ConsumerDistribution][] = [
  ["uniform on [0, 1]", uniformConsumers()],
  ["uniform on [0, 2]", uniformConsumers(2)],
  [
    "density 2θ",
    piecewiseLinearConsumers([
      [0, 0],
      [1, 2],
    ]),
  ],
  [
    "a tent",
    piecewiseLinearConsumers([
      [0, 0.2],
      [0.4, 2],
      [1, 0.1],
    ]),
  ],
  [
    "two bumps with a gap",
    piecewiseLinearConsumers([
      [0, 1],
      [0.3, 2],
      [0.45, 0],
      [0.6, 0],
      [0.8, 3],
      [1, 0.5],
    ]),
  ],
];

function view(qualities: number[], prices: number[], i: number, c: ConsumerDistribution): FirmView {
  const levels = qualityLevels(qualities);
  const low = lowHulls(levels, prices);
  const high = highHulls(levels, prices);
  const L = levels.levelOf[i]!;
  return new FirmView(
    levels.values[L]!,
    low.hull,
    low.topAt[L]!,
    high.hull,
    high.topAt[L]!,
    sameQualityCap(levels, i, prices),
    c,
  );
}

/**
 * Where several lines meet at one θ, the two methods compute the meeting point by different
 * quotients, so one may give a firm a sliver a few ulps wide that the other leaves empty: the same
 * choice up to rounding. Such a sliver counts as empty when the intervals are compared.
 */
const ROUNDING_SLIVER = 8 * Number.EPSILON;
const empty = (iv: readonly [number, number] | null): boolean =>
  iv === null || iv[1] - iv[0] <= ROUNDING_SLIVER * Math.max(1, Math.abs(iv[1]));

function sameChoice(q: number[], p: number[], c: ConsumerDistribution): void {
  const fast = envelopeChoice(q, p, c);
  const ref = consumerChoice(q, p, c);
  expect(fast.demands).toHaveLength(q.length);
  for (let i = 0; i < q.length; i++) {
    expect(fast.demands[i]).toBeCloseTo(ref.demands[i]!, 12);
    expect(empty(fast.intervals[i]!), `firm ${i}'s interval`).toBe(empty(ref.intervals[i]!));
  }
  expect(fast.covered).toBe(ref.covered);
}

describe("consumer choice from the envelope of utility lines (O(n log n))", () => {
  for (const [name, c] of densities) {
    it(`gives the demands and intervals of the pairwise reference, ties and zero qualities included (${name})`, () => {
      fc.assert(
        fc.property(offers, ([q, p]) => sameChoice(q, p, c)),
        { numRuns: 300 },
      );
    });
  }

  it("agrees where three lines meet at θ = 1 (a sliver of rounding, not a market share)", () => {
    // found by the property above: θ = (0.325 − 0.025)/(0.45 − 0.15) rounds below 1
    const q = [0, 0, 0, 0, 0, 0, 0, 0.25, 0.15, 0.45, 0];
    const p = [0, 0, 0, 0, 0, 0, 0, 0.125, 0.025, 0.325, 0];
    for (const [, c] of densities) sameChoice(q, p, c);
  });
});

describe("a firm's best price through persistent envelopes", () => {
  for (const [name, c] of densities) {
    it(`reaches the same supremum as the O(n²) piecewise search for every firm (${name})`, () => {
      fc.assert(
        fc.property(offers, ([q, p]) => {
          for (let i = 0; i < q.length; i++) {
            const ref = bestPrice(i, q, p, c);
            if (!(q[i]! > 0)) continue;
            const fast = fastBestPrice(view(q, p, i, c), c.logConcave ?? false);
            expect(fast.revenue).toBeCloseTo(ref.revenue, 11);
            // whether the supremum is attained flips with round-off when the unconstrained
            // maximiser falls on a same-quality rival's price (the cap) itself
            const cap = Math.min(...p.filter((_, j) => j !== i && q[j] === q[i]));
            if (Math.abs(ref.price - cap) > 1e-9) expect(fast.attained).toBe(ref.attained);
          }
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe("the scalable certificate", () => {
  it("agrees with the O(n³) reference certificate on equilibria and on arbitrary prices", () => {
    fc.assert(
      fc.property(offers, fc.integer({ min: 0, max: densities.length - 1 }), ([q, p], d) => {
        const c = densities[d]![1];
        const eq = marketEquilibrium({ qualities: q, consumers: c }, { certificate: "skip" }).value.prices;
        for (const prices of [p, eq]) {
          const fast = certifyPrices(q, prices, c);
          const ref = certifyPricesReference(q, prices, c);
          expect(fast.deviationGains).toHaveLength(q.length);
          for (let i = 0; i < q.length; i++)
            expect(fast.deviationGains[i]).toBeCloseTo(ref.deviationGains[i]!, 9);
          expect(fast.isEquilibrium).toBe(ref.isEquilibrium);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("fails when the price of any firm with a visible revenue is moved by 1%", () => {
    // prices fall geometrically down the quality ladder, so only the top firms' revenues exceed
    // the absolute gain tolerance (1e-10)
    const q = Array.from({ length: 40 }, (_, k) => 1 - k / 41);
    const r = marketEquilibrium({ qualities: q });
    expect(r.value.certificate.isEquilibrium).toBe(true);
    for (const i of [0, 1, 2, 3]) {
      expect(r.value.revenues[i]).toBeGreaterThan(1e-6);
      for (const factor of [1.01, 0.99]) {
        const moved = [...r.value.prices];
        moved[i] = moved[i]! * factor;
        const cert = certifyPrices(q, moved);
        expect(cert.isEquilibrium).toBe(false);
        expect(cert.deviationGains[i]).toBeGreaterThan(1e-10);
      }
    }
  });
});

describe("Newton's method on the tridiagonal first-order system", () => {
  it("for uniform types equals the linear-system solution", () => {
    const q = [0.95, 0.7, 0.41, 0.2, 0.05];
    const r = newtonInteriorPrices(q, 0, uniformConsumers(1.5));
    expect(r.status).toBe("converged");
    const exact = uniformInteriorPrices(q, 0, 1.5);
    expect(r.value).toHaveLength(5);
    for (let k = 0; k < 5; k++) expect(r.value[k]).toBeCloseTo(exact[k]!, 13);
  });

  it("the default method, best response from zero and the linear system reach the same certified equilibrium (differential)", () => {
    const qualitiesArb = fc
      .uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 2, maxLength: 25 })
      .map((a) => a.map((k) => k / 1000));
    fc.assert(
      fc.property(qualitiesArb, fc.integer({ min: 0, max: densities.length - 1 }), (qualities, d) => {
        const c = densities[d]![1];
        const fast = marketEquilibrium({ qualities, consumers: c });
        // without log-concavity best responses may cycle (no pure equilibrium need exist): the
        // solver must then say so rather than claim one
        if (!(c.logConcave ?? false)) {
          if (fast.status === "converged") expect(fast.value.certificate.isEquilibrium).toBe(true);
          else expect(fast.warnings.length).toBeGreaterThan(0);
          return;
        }
        const slow = marketEquilibrium(
          { qualities, consumers: c },
          { method: "best-response", maxIterations: 20000 },
        );
        expect(fast.status).toBe("converged");
        expect(fast.value.certificate.isEquilibrium).toBe(true);
        if (slow.status === "converged") {
          for (let i = 0; i < qualities.length; i++)
            expect(fast.value.prices[i]).toBeCloseTo(slow.value.prices[i]!, 8);
        }
        if (c.uniform) {
          const lin = marketEquilibrium({ qualities, consumers: c }, { method: "linear-system" });
          for (let i = 0; i < qualities.length; i++)
            expect(fast.value.prices[i]).toBeCloseTo(lin.value.prices[i]!, 11);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("keeps ties exact at scale: two best firms price at 0 and everyone at or below them sells nothing", () => {
    const q = Array.from({ length: 500 }, (_, k) => 1 - k / 1000);
    q.push(0.9, 0);
    const r = marketEquilibrium({ qualities: q });
    expect(r.status).toBe("converged");
    expect(r.value.tiedQuality).toBe(0.9);
    for (let i = 0; i < q.length; i++) if (q[i]! <= 0.9) expect(r.value.revenues[i]).toBe(0);
    expect(r.value.certificate.isEquilibrium).toBe(true);
  });

  it("reports progress through the injected callback: every sweep and the certificate's firms", () => {
    const q = Array.from({ length: 2500 }, (_, k) => 1 - k / 2600);
    const seen: string[] = [];
    const r = marketEquilibrium(
      { qualities: q },
      { onProgress: (p) => seen.push(`${p.phase}:${p.done}/${p.total}`) },
    );
    expect(r.value.certificate.isEquilibrium).toBe(true);
    expect(seen).toContain("sweep:1/1000");
    expect(seen).toContain("certificate:1000/2500");
    expect(seen[seen.length - 1]).toBe("certificate:2500/2500");
  });
});
