/**
 * Scenario files in the browser: the same JSON/YAML files the command line reads (`ftg solve`),
 * parsed and validated with the core's zod schemas. Problems come back as data — one entry per
 * field, with the path the form uses to show the message next to that field — never as throws.
 * The YAML library and the expression parser are loaded when a file is read or written (neither is
 * needed for a page's first result).
 */
import {
  collaborationScenarioSchema,
  describeValue,
  type FieldIssue,
  type FineTuningScenario,
  fineTuningGameFromScenario,
  fineTuningScenarioSchema,
  marketScenarioSchema,
  opennessScenarioSchema,
  type Parsed,
  ScenarioError,
  validateWith,
} from "@ftg/core";
import type { z } from "zod";
import { isParserNotLoaded, ParserNotLoaded, withParser } from "./lazy/mathjs.js";

/** The models the explorer has pages for, by their scenario `model` field. */
export type ExplorerModel = "fine-tuning" | "openness" | "collaboration" | "market";

/**
 * Validates a fine-tuning scenario completely: the schema, then the game's construction (names,
 * expressions), which the schema cannot check.
 * @example
 * validateFineTuning({ generalist: { cost: "2*a0^" }, specialists: [{ cost: "a" }] }).ok // false
 * @throws {ParserNotLoaded} when an expression needs the parser before it has loaded
 *   (see ./lazy/mathjs.ts: `withParser(() => validateFineTuning(x))` loads it and validates)
 */
export function validateFineTuning(input: unknown): Parsed<FineTuningScenario> {
  const r = validateWith(fineTuningScenarioSchema, input);
  if (!r.ok) return r;
  try {
    fineTuningGameFromScenario(r.value);
  } catch (e) {
    if (isParserNotLoaded(e)) throw new ParserNotLoaded();
    if (e instanceof ScenarioError)
      return { ok: false, issues: [{ path: e.path, message: e.message.slice(e.path.length + 2) }] };
    return { ok: false, issues: [{ path: "(scenario)", message: (e as Error).message }] };
  }
  return r;
}

/** The schema of each model's scenario file. */
export const SCHEMAS = {
  "fine-tuning": fineTuningScenarioSchema,
  openness: opennessScenarioSchema,
  collaboration: collaborationScenarioSchema,
  market: marketScenarioSchema,
} as const;

/** A scenario file's text parsed and validated, with its model. */
export type ParsedFile =
  | { readonly ok: true; readonly model: ExplorerModel; readonly value: unknown }
  | { readonly ok: false; readonly issues: FieldIssue[] };

/**
 * Parses a scenario file (JSON or YAML: YAML is a superset of JSON, so one parser serves both) and
 * validates it with the schema of its `model` field (absent = "fine-tuning", as on the command line).
 * @example
 * (await parseScenarioText('{"model": "market", "qualities": [0.9, 0.5]}')).ok // true
 */
export async function parseScenarioText(text: string, fileName = "scenario"): Promise<ParsedFile> {
  if (text.trim() === "")
    return {
      ok: false,
      issues: [{ path: "(file)", message: `${fileName} is empty; expected a JSON or YAML object` }],
    };
  let raw: unknown;
  try {
    raw = /\.json$/i.test(fileName) ? JSON.parse(text) : (await import("yaml")).parse(text);
  } catch (e) {
    const first = String((e as Error).message).split("\n")[0];
    return { ok: false, issues: [{ path: "(file)", message: `${fileName}: malformed JSON/YAML: ${first}` }] };
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    return {
      ok: false,
      issues: [
        {
          path: "(file)",
          message: `${fileName}: expected a scenario object with a "model" field, found ${describeValue(raw, 40)}`,
        },
      ],
    };
  const model = (raw as { model?: unknown }).model ?? "fine-tuning";
  if (typeof model !== "string" || !(model in SCHEMAS))
    return {
      ok: false,
      issues: [
        {
          path: "model",
          message: `expected one of ${Object.keys(SCHEMAS).join(", ")} (found ${describeValue(model, 40)})`,
        },
      ],
    };
  const m = model as ExplorerModel;
  const r =
    m === "fine-tuning"
      ? await withParser(() => validateFineTuning(raw))
      : validateWith(SCHEMAS[m] as z.ZodType<unknown>, raw);
  return r.ok ? { ok: true, model: m, value: r.value } : r;
}

/** The scenario as a file the command line reads. */
export async function scenarioToText(
  scenario: unknown,
  format: "json" | "yaml",
  about: readonly string[] = [],
): Promise<string> {
  // what the file contains: YAML says it in comments; JSON has none, so its title says it (when unset)
  if (format === "json") {
    const o = scenario as Record<string, unknown>;
    const titled = about.length === 0 || typeof o["title"] === "string" ? o : { ...o, title: about[0] };
    return `${JSON.stringify(titled, null, 2)}\n`;
  }
  const { stringify } = await import("yaml");
  return `${about.map((l) => `# ${l}\n`).join("")}${stringify(scenario)}`;
}
