/**
 * Errors a user can act on: the core's {@link InputError} (bad scenario fields, options), and
 * {@link UserError} for what only the command line sees (flags, files). Both are printed in one
 * place (main.ts) as one line (`ftg: error: …`) with exit code 2; anything else is an internal
 * error (exit 70), a bug, whose stack is shown only with FTG_DEBUG=1.
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

/** An InputError naming the scenario `label`; anything else as it is. */
function named(e: unknown, label: string): unknown {
  return isInputError(e) && typeof e.from === "function" ? e.from(label) : e;
}

/**
 * Runs `f`; bad input from the core comes out naming the scenario `label`
 * (`scenario.json: specialists[0].cost: …`). The error stays an InputError: main.ts prints it.
 */
export async function forScenario<T>(label: string, f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw named(e, label);
  }
}

/** {@link forScenario} for synchronous work. */
export function forScenarioSync<T>(label: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw named(e, label);
  }
}

/** The one line printed for anything a user caused (exit 2); undefined for a bug. */
export function userErrorMessage(e: unknown): string | undefined {
  return e instanceof UserError || isInputError(e) ? e.message : undefined;
}
