/**
 * Errors a user can act on. Anything thrown as a {@link UserError} is printed as one line
 * (`ftg: error: …`) with exit code 2; anything else is an internal error (exit 70) whose stack is
 * shown only with FTG_DEBUG=1.
 */
export class UserError extends Error {
  override readonly name = "UserError";
}

/** Exit codes of the command line. */
export const EXIT = Object.freeze({ ok: 0, userError: 2, internal: 70, interrupted: 130 });
