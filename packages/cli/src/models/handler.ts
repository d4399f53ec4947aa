/**
 * What a model contributes to the command line. Each model lives in its own file in this folder
 * and is registered in `index.ts`; the `solve` command dispatches on the scenario's `"model"`.
 */
import type { Io } from "../io/streams.js";

/** Flags of `ftg solve` that a model may honour. */
export interface SolveFlags {
  readonly json: boolean;
  readonly csv: boolean;
  /** `--delta`: the equilibrium at one revenue share instead of the full bargaining analysis. */
  readonly delta?: number;
}

/** The result of solving one scenario, in both renderings. */
export interface SolveOutput {
  /** Exactly what `--json` prints (one object). */
  readonly json: unknown;
  /** The human-readable table printed by default. */
  readonly text: string;
  /** CSV rendering, for models that have a natural table (`--csv`). */
  readonly csv?: string;
}

export interface ModelHandler {
  /** The value of the scenario's `"model"` field. */
  readonly model: string;
  /** One line for `ftg --help`. */
  readonly summary: string;
  /** Validates the raw scenario (throwing UserError) and solves it. */
  solve(raw: unknown, flags: SolveFlags, io: Io, label: string): Promise<SolveOutput> | SolveOutput;
}
