/** Schema failures as one readable line: the path, the value found, what was expected. */
import { validateWith } from "@ftg/core";
import type { z } from "zod";
import { UserError } from "../errors.js";

/** Validates `input` or throws a {@link UserError} naming the first problem. */
export function validate<T>(schema: z.ZodType<T>, input: unknown, label: string): T {
  const r = validateWith(schema, input);
  if (r.ok) return r.value;
  const first = r.issues[0]!;
  const more = r.issues.length > 1 ? ` (and ${r.issues.length - 1} more problem(s))` : "";
  throw new UserError(`${label}: ${first.path}: ${first.message}${more}`);
}
