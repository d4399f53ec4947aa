/**
 * Errors a user can act on. Anything thrown as a {@link UserError} is printed as one line
 * (`ftg: error: …`) with exit code 2; anything else is an internal error (exit 70) whose stack is
 * shown only with FTG_DEBUG=1.
 */
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
