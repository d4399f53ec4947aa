/** Test games built three ways: polynomial objects, and the same written as expressions. */
import {
  type FineTuningGame,
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
