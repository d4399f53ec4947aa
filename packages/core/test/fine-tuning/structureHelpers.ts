/** Helpers of the structure proofs' tests (./cellStructure.test.ts, ./cellCandidates.test.ts). */
import type { EndChoice } from "../../src/fine-tuning/cellStructure.js";
import { equilibrium } from "../../src/fine-tuning/equilibrium.js";
import type { FineTuningGame } from "../../src/fine-tuning/model.js";
import type { Equilibrium } from "../../src/fine-tuning/outcome.js";

/** The exact equilibrium at δ (polynomial path). */
export const at = (game: FineTuningGame, d: number): Equilibrium =>
  equilibrium(game, d, { method: "polynomial" });

/** G's choice at a cell's end as the solver hands it to the proof; null where no bargain forms. */
export const end = (e: Equilibrium): EndChoice | null =>
  e.agreement && e.alpha0 !== null ? { alpha0: e.alpha0, choice: e.choice } : null;

/** Whether the signature at 40 δ inside [a, b] (evenly and at random) is a's. */
export function sameInside(game: FineTuningGame, a: number, b: number, r: () => number): boolean {
  const sig = at(game, a).signature;
  for (let q = 1; q < 40; q++) {
    const d = q < 20 ? a + ((b - a) * q) / 20 : a + (b - a) * r();
    if (at(game, d).signature !== sig) return false;
  }
  return true;
}

/**
 * Windows found by sampling [0, 1] at `n` + 1 points: one sample of another structure between two
 * of the same, a step apart each side, as the cells [a, b] around them.
 */
export function windowsOf(game: FineTuningGame, n: number): [number, number][] {
  const sigs = Array.from({ length: n + 1 }, (_, q) => at(game, q / n).signature);
  const out: [number, number][] = [];
  for (let q = 1; q + 1 <= n; q++) {
    if (sigs[q] === sigs[q - 1] || sigs[q - 1] !== sigs[q + 1]) continue;
    out.push([(q - 1) / n, (q + 1) / n]);
  }
  return out;
}
