/**
 * The market's equilibrium and certificate in other units: qualities (or consumers' types) times λ
 * multiply every price and revenue by λ and change nothing else, so neither may a verdict.
 */
import { describe, expect, it } from "vitest";
import {
  certifyPrices,
  marketEquilibrium,
  piecewiseLinearConsumers,
  uniformConsumers,
} from "../../src/index.js";
import { rng } from "../seeded.js";

describe("market equilibria and certificates in other units of quality", () => {
  // tolerances relative to max(1, θmax·max q) certified a price 1% above its best response when
  // qualities were in units of 1e-6 (every one of 20 random markets)
  const r = rng(20261208);
  const markets = Array.from({ length: 8 }, () =>
    Array.from({ length: 2 + Math.floor(r() * 30) }, () => 0.1 + r()),
  );
  const densities = [
    ["uniform", () => uniformConsumers()],
    [
      "rising",
      () =>
        piecewiseLinearConsumers([
          [0, 0.2],
          [1, 2],
        ]),
    ],
  ] as const;
  for (const [name, consumers] of densities) {
    it(`${name} types: prices scale with λ, the equilibrium is certified, and a price 1% off is not (λ = 1e-9 … 1e6)`, () => {
      for (const q of markets) {
        const base = marketEquilibrium({ qualities: q, consumers: consumers() }).value;
        for (const lambda of [1e-9, 1e-6, 1, 1e6]) {
          const ql = q.map((x) => x * lambda);
          const eq = marketEquilibrium({ qualities: ql, consumers: consumers() }).value;
          eq.prices.forEach((p, i) => {
            expect(Math.abs(p / lambda - base.prices[i]!)).toBeLessThanOrEqual(
              1e-9 * base.prices[i]! + 1e-15,
            );
          });
          expect(certifyPrices(ql, eq.prices, consumers()).isEquilibrium).toBe(true);
          // the firm with the highest price raises it by 1%
          let top = 0;
          eq.prices.forEach((p, i) => {
            if (p > eq.prices[top]!) top = i;
          });
          const off = [...eq.prices];
          off[top] = off[top]! * 1.01;
          expect(certifyPrices(ql, off, consumers()).isEquilibrium, `λ = ${lambda}`).toBe(false);
        }
      }
    });
  }
});
