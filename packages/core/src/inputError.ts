/**
 * The one error type for everything a user can cause: a scenario field out of range, a formula
 * that does not parse, a utility without a maximum, an option naming something absent. Surfaces
 * print it in one place (the command line as one line, exit 2; the explorer next to the field);
 * anything else thrown from the core is a bug.
 */

/** One problem with untrusted input: where (`specialists[0].cost`, `--highlight`) and what. */
export interface InputIssue {
  /** Field path (scenario) or option name; empty when the problem is the scenario as a whole. */
  readonly path: string;
  /** What was found and what was expected, in words. */
  readonly message: string;
}

/**
 * Bad input, with every problem found. `subject` says what the paths refer to: `"scenario"`
 * (the surface prefixes the scenario's name) or `"option"` (a flag or form option, printed alone).
 * @example
 * new InputError([{ path: "delta", message: "expected a number in [0, 1] (found 2)" }]).message // 'delta: expected a number in [0, 1] (found 2)'
 */
export class InputError extends Error {
  override name = "InputError";
  readonly issues: readonly InputIssue[];
  readonly subject: "scenario" | "option";
  /** What the surface calls the scenario (a file name), once it has said; prefixes the message. */
  readonly source: string | undefined;
  constructor(
    issues: readonly InputIssue[] | string,
    subject: "scenario" | "option" = "scenario",
    source?: string,
  ) {
    const list = typeof issues === "string" ? [{ path: "", message: issues }] : issues;
    const first = list[0] ?? { path: "", message: "invalid input" };
    const more = list.length > 1 ? ` (and ${list.length - 1} more problem(s))` : "";
    const where = subject === "scenario" && source !== undefined ? `${source}: ` : "";
    super(`${where}${first.path === "" ? "" : `${first.path}: `}${first.message}${more}`);
    this.issues = list;
    this.subject = subject;
    this.source = source;
  }

  /**
   * The same problems, the scenario named `source` (option problems and errors already naming
   * their scenario are returned as they are).
   * @example
   * new InputError([{ path: "c", message: "expected a number" }]).from("s.json").message // 's.json: c: expected a number'
   */
  from(source: string): InputError {
    if (this.subject !== "scenario" || this.source !== undefined) return this;
    return new InputError(this.issues, this.subject, source);
  }
}
