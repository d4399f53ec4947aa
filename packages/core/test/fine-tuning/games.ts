/** Test games built three ways: polynomial objects, and the same written as expressions. */
import {
  type FineTuningGame,
  fineTuningGameFromScenario,
  generalistCostExpr,
  linearRevenue,
  polyCost0,
  polyCost1,
  specialistCostExpr,
} from "../../src/index.js";
import type { PolyGame } from "./referenceCases.js";

/** The same game three ways: recognised polynomial, and expressions forced through numerics. */
export function polyGame(p: PolyGame): FineTuningGame {
  return {
    generalist: { cost: polyCost0(p.c0, p.k0), disagreement: 0 },
    specialists: [{ name: "D", cost: polyCost1(p.c1, p.k1), revenue: linearRevenue(1), disagreement: 0 }],
  };
}
/** The same game written as expressions (recognised as polynomial unless forced numeric). */
export function exprGame(p: PolyGame): FineTuningGame {
  return {
    generalist: { cost: generalistCostExpr(`${p.c0}*a0^${p.k0}`), disagreement: 0 },
    specialists: [
      {
        name: "D",
        cost: specialistCostExpr(`${p.c1}*(a-a0)^${p.k1}`),
        revenue: linearRevenue(1),
        disagreement: 0,
      },
    ],
  };
}

/**
 * Twelve specialists with mixed costs, revenues and one fixed cost (some abstain): the golden
 * many-specialists figure's game, and a Pareto set whose lower end is D9's powerful solution.
 */
export function twelveSpecialists(): FineTuningGame {
  return fineTuningGameFromScenario({
    generalist: { cost: { polynomial: { c: 1, k: 2 } } },
    specialists: Array.from({ length: 12 }, (_, i) => ({
      name: `D${i + 1}`,
      cost: { polynomial: { c: 0.5 + (i % 4) * 0.5, k: 2 + (i % 3) * 0.5, fixed: i === 11 ? 1.5 : 0 } },
      revenue: `${1 + (i % 2) * 0.5}*a`,
    })),
  });
}
