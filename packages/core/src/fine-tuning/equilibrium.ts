/**
 * The subgame-perfect equilibrium of the fine-tuning game at a fixed revenue share δ, by backward
 * induction (conventions in ./model.ts). Two paths, each in its own module:
 * - `polynomial` (exact, ./equilibriumPolynomial.ts): polynomial costs with fixed costs and linear
 *   revenues, by the segment method of Theorem 3.1, O(n log n) per δ;
 * - `numeric` (./equilibriumNumeric.ts): any functions, by global one-dimensional searches.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Theorem 3.1, Section 4
 */

import { InputError } from "../inputError.js";
import { equilibriumNumeric } from "./equilibriumNumeric.js";
import { equilibriumPolynomial } from "./equilibriumPolynomial.js";
import type { FineTuningGame } from "./model.js";
import type { Equilibrium, EquilibriumOptions } from "./outcome.js";
import { packPolynomial } from "./packed.js";

export { directOnlyValue, equilibriumNumeric, generalistUtilityNumeric } from "./equilibriumNumeric.js";
export { equilibriumPolynomial } from "./equilibriumPolynomial.js";
export {
  assemble,
  disagreementOutcome,
  type Equilibrium,
  type GeneralistChoice,
  generalistValue,
  signatureOf,
} from "./outcome.js";
export {
  contribution,
  directAsSpecialist,
  type EquilibriumOptions,
  participationThreshold,
  type SpecialistResponse,
  specialistResponseNumeric,
  specialistResponsePolynomial,
} from "./responses.js";

/** The equilibrium at δ, by the exact polynomial path when the game allows it (or as asked). */
export function equilibrium(
  game: FineTuningGame,
  delta: number,
  options: EquilibriumOptions = {},
): Equilibrium {
  const method = options.method ?? "auto";
  const poly = packPolynomial(game) !== null; // checked once per game
  if (method === "polynomial" && !poly) {
    throw new InputError(
      [
        {
          path: "method",
          message: '"polynomial" needs polynomial costs and linear revenues for every player',
        },
      ],
      "option",
    );
  }
  return (method === "auto" ? poly : method === "polynomial")
    ? equilibriumPolynomial(game, delta)
    : equilibriumNumeric(game, delta, options);
}
