/**
 * The certificate split into ranges of firms (what a worker pool computes in chunks): gains for
 * any partition of [0, n) concatenated are the full certificate's, bit for bit, and the
 * certificate assembled from them is the full one; the market model given those gains answers
 * exactly as without them.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/inputError.js";
import {
  assemblePriceCertificate,
  certifyPricesFast,
  deviationGainsFor,
  deviationGainsSetup,
  marketDeviationGains,
} from "../../src/market/certificate.js";
import {
  type ConsumerDistribution,
  piecewiseLinearConsumers,
  uniformConsumers,
} from "../../src/market/consumers.js";
import { marketEquilibrium } from "../../src/market/equilibrium.js";
import { marketGamePrices, marketModel } from "../../src/models/market.js";

const densities: readonly [string, ConsumerDistribution][] = [
  ["uniform on [0, 1]", uniformConsumers()],
  [
    "density 2θ",
    piecewiseLinearConsumers([
      [0, 0],
      [1, 2],
    ]),
  ],
  [
    "bimodal with a gap",
    piecewiseLinearConsumers([
      [0, 1],
      [0.3, 1],
      [0.35, 0],
      [0.6, 0],
      [0.65, 1],
      [1, 1],
    ]),
  ],
];

/** Qualities on a coarse grid (ties and zero qualities occur), prices in [0, 1], cut points. */
const cases = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.tuple(
    fc.array(
      fc.integer({ min: 0, max: 10 }).map((k) => k / 10),
      { minLength: n, maxLength: n },
    ),
    fc.array(
      fc.integer({ min: 0, max: 40 }).map((k) => k / 40),
      { minLength: n, maxLength: n },
    ),
    fc.array(fc.integer({ min: 0, max: n }), { maxLength: 5 }),
  ),
);

const same = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe("deviation gains by ranges of firms", () => {
  for (const [name, consumers] of densities) {
    it(`concatenated ranges equal the full certificate's gains (${name}, random prices and cuts)`, () => {
      fc.assert(
        fc.property(cases, ([q, p, cuts]) => {
          const full = certifyPricesFast(q, p, consumers);
          const bounds = [0, ...[...new Set(cuts)].sort((a, b) => a - b), q.length];
          const setup = deviationGainsSetup(q, p, consumers);
          const parts: number[] = [];
          for (let k = 0; k + 1 < bounds.length; k++) {
            const from = bounds[k]!;
            const to = Math.max(from, bounds[k + 1]!);
            const a = deviationGainsFor(setup, from, to);
            expect(same(a, marketDeviationGains(q, p, consumers, from, to))).toBe(true);
            parts.push(...a);
          }
          expect(same(parts, full.deviationGains)).toBe(true);
          expect(assemblePriceCertificate(q, p, consumers, parts)).toEqual(full);
        }),
        { numRuns: 60 },
      );
    });
  }

  it("equals the full certificate at an equilibrium with ties in quality and 300 firms", () => {
    const consumers = densities[1]![1];
    const q = Array.from({ length: 300 }, (_, i) => Math.round(((i * 0.6180339887498949) % 1) * 200) / 200);
    const eq = marketEquilibrium({ qualities: q, consumers });
    const gains = [
      ...marketDeviationGains(q, eq.value.prices, consumers, 0, 7),
      ...marketDeviationGains(q, eq.value.prices, consumers, 7, 150),
      ...marketDeviationGains(q, eq.value.prices, consumers, 150, 300),
    ];
    expect(same(gains, eq.value.certificate.deviationGains)).toBe(true);
  });

  it("refuses ranges outside [0, n] and gain or price lists of the wrong length, in one line", () => {
    const u = uniformConsumers();
    expect(() => marketDeviationGains([1, 0.5], [0.3, 0.1], u, 1, 3)).toThrow(InputError);
    expect(() => marketDeviationGains([1, 0.5], [0.3, 0.1], u, 2, 1)).toThrow(/from ≤ to ≤ 2/);
    expect(() => marketDeviationGains([1, 0.5], [0.3], u, 0, 1)).toThrow(/prices: expected 2 entries/);
    expect(() => assemblePriceCertificate([1, 0.5], [0.3, 0.1], u, [0])).toThrow(
      /deviationGains: expected 2 entries/,
    );
  });
});

describe("the market model with precomputed gains", () => {
  const scenarios = [
    { model: "market", qualities: [0.9, 0.6, 0.6, 0.3, 0] },
    {
      model: "market",
      qualities: [1, 0.8, 0.55, 0.5, 0.2],
      consumers: {
        density: [
          [0, 0],
          [1, 2],
        ],
      },
    },
    { model: "market", qualities: [0.7, 0.7] },
  ];
  for (const raw of scenarios) {
    it(`answers as the full solve (${JSON.stringify(raw)})`, () => {
      const local = marketModel.solve(marketModel.build(marketModel.parse(raw)));
      const game = marketModel.build(marketModel.parse(raw));
      const prices = marketGamePrices(game);
      const gains = [
        ...marketDeviationGains(game.qualities, prices, game.consumers, 0, 2),
        ...marketDeviationGains(game.qualities, prices, game.consumers, 2, prices.length),
      ];
      const queued = marketModel.solve(game, { deviationGains: { prices, gains } });
      expect(JSON.stringify(marketModel.json(queued))).toBe(JSON.stringify(marketModel.json(local)));
      // without the kept equilibrium (another game object), the same
      const again = marketModel.solve(marketModel.build(marketModel.parse(raw)), {
        deviationGains: { prices, gains },
      });
      expect(JSON.stringify(marketModel.json(again))).toBe(JSON.stringify(marketModel.json(local)));
    });
  }

  it("refuses gains computed at other prices, naming the field", () => {
    const game = marketModel.build(marketModel.parse({ model: "market", qualities: [1, 0.5] }));
    expect(() => marketModel.solve(game, { deviationGains: { prices: [0.3, 0.1], gains: [0, 0] } })).toThrow(
      /deviationGains\.prices: expected the game's equilibrium prices/,
    );
  });
});
