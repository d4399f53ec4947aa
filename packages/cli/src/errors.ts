/**
 * Errors a user can act on. Anything thrown as a {@link UserError}, or as the core's
 * {@link InputError}, is printed as one line (`ftg: error: …`) with exit code 2; anything else is
 * an internal error (exit 70) whose stack is shown only with FTG_DEBUG=1.
 */
import type { InputError } from "@ftg/core";

export class UserError extends Error {
  override readonly name = "UserError";
}

/**
 * A long run stopped by Ctrl-C or SIGTERM after saving its progress: `message` (one line, how to
 * resume) goes to stderr and the exit code is 130, so that `ftg sweep … && next` stops.
 */
export class Interrupted extends Error {
  override readonly name = "Interrupted";
}

/** Exit codes of the command line. */
export const EXIT = Object.freeze({ ok: 0, userError: 2, internal: 70, interrupted: 130 });

/**
 * True for the core's InputError and its subclasses. Checked by shape, not `instanceof`, so that
 * this module (loaded by `ftg --help`) does not load the core.
 */
export function isInputError(e: unknown): e is InputError {
  return (
    e instanceof Error &&
    Array.isArray((e as { issues?: unknown }).issues) &&
    typeof (e as { subject?: unknown }).subject === "string"
  );
}

/**
 * The one line printed for bad input: scenario problems are prefixed with the scenario's name
 * (`scenario.json: specialists[0].cost: …`), option problems are printed as they are.
 */
export function inputErrorMessage(e: InputError, label?: string): string {
  return e.subject === "scenario" && label !== undefined ? `${label}: ${e.message}` : e.message;
}

/** Runs `f`, turning the core's input errors into user errors that name the scenario `label`. */
export async function forScenario<T>(label: string, f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (isInputError(e)) throw new UserError(inputErrorMessage(e, label));
    throw e;
  }
}
