/**
 * G's choice at every δ the bargaining solver evaluates (./solve.ts notes each equilibrium), read
 * by what builds on it: the structure proofs between two evaluated δ (./cellStructure.ts), the
 * decisive players' closed forms along a piece (./piece.ts) and the other specialists' ideal points
 * (./ideals.ts).
 */
import type { Equilibrium, GeneralistChoice } from "./outcome.js";

/** G's choice at an evaluated δ where a bargain forms, and the equilibrium's structure there. */
export interface MadeChoice {
  readonly alpha0: number;
  readonly choice: GeneralistChoice;
  readonly signature: string;
}

export class ChoicesMade {
  private readonly at = new Map<number, MadeChoice | null>();
  /** Keeps G's choice in the equilibrium `e` (at e.delta); null where no bargain forms. */
  note(e: Equilibrium): void {
    this.at.set(
      e.delta,
      e.agreement && e.alpha0 !== null
        ? { alpha0: e.alpha0, choice: e.choice, signature: e.signature ?? "" }
        : null,
    );
  }
  /** G's choice at an evaluated δ (null: no bargain there; undefined: not evaluated). */
  end(delta: number): MadeChoice | null | undefined {
    return this.at.get(delta);
  }
}
