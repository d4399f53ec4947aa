/** Schema failures as one readable line: the path, the value found, what was expected. */
import { parseInput } from "@ftg/core";
import type { z } from "zod";
import { forScenarioSync } from "../errors.js";

/** Validates `input` or throws the core's InputError naming `label`, the first problem and how many more. */
export function validate<T>(schema: z.ZodType<T>, input: unknown, label: string): T {
  return forScenarioSync(label, () => parseInput(schema, input));
}
