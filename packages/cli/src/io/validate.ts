/** Schema failures as one readable line: the path, the value found, what was expected. */
import { parseInput } from "@ftg/core";
import type { z } from "zod";
import { inputErrorMessage, isInputError, UserError } from "../errors.js";

/** Validates `input` or throws a {@link UserError} naming the first problem (and how many more). */
export function validate<T>(schema: z.ZodType<T>, input: unknown, label: string): T {
  try {
    return parseInput(schema, input);
  } catch (e) {
    if (isInputError(e)) throw new UserError(inputErrorMessage(e, label));
    throw e;
  }
}
