/**
 * The generated reference pages: JSON Schemas of the scenario files (from the zod schemas that
 * validate them), the CLI reference (from each command's own --help) and the shape of each
 * model's `--json` output (from solving the tutorial scenarios). Pure functions of the built CLI
 * and the core's sources, so that a test can regenerate them and compare with what is committed.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  collaborationScenarioSchema,
  fineTuningScenarioSchema,
  marketScenarioSchema,
  opennessScenarioSchema,
} from "@ftg/core";
import { z } from "zod";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const FTG = join(REPO, "packages", "cli", "bin", "ftg.js");

/** A generated file: its path relative to the repository root and its content. */
export interface Generated {
  readonly path: string;
  readonly content: string;
}

const SCHEMAS = [
  { model: "fine-tuning", schema: fineTuningScenarioSchema, title: "Fine-tuning game scenario" },
  { model: "openness", schema: opennessScenarioSchema, title: "Openness regulation scenario" },
  { model: "market", schema: marketScenarioSchema, title: "Market scenario" },
  { model: "collaboration", schema: collaborationScenarioSchema, title: "Collaboration scenario" },
] as const;

/** The models with a schema, in the order of the reference page. */
export const SCHEMA_MODELS: readonly string[] = SCHEMAS.map((s) => s.model);

/** One JSON Schema (draft 2020-12) per scenario format, describing the accepted input. */
export function schemaFiles(): Generated[] {
  return SCHEMAS.map(({ model, schema, title }) => {
    // "input": what a file may contain (optional fields with defaults stay optional). Refinements
    // (bounds such as c > 0 written as checks) are not expressible and are left to `ftg` itself.
    const json = z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" });
    const doc = {
      $schema: json.$schema,
      title,
      description: `A scenario file of the "${model}" model, as \`ftg solve\` reads it (JSON or YAML). Generated from the validation schema by scripts/docs/reference.ts; do not edit.`,
      ...Object.fromEntries(Object.entries(json).filter(([k]) => k !== "$schema")),
    };
    const path = `docs/reference/schemas/${model}.schema.json`;
    return { path, content: biomeFormat(path, JSON.stringify(doc, null, 2)) };
  });
}

/** Formats a file's text as the repository's formatter (Biome) would, so the lint check accepts it. */
function biomeFormat(path: string, text: string): string {
  const biome = join(REPO, "node_modules", ".bin", "biome");
  const r = spawnSync(biome, ["format", `--stdin-file-path=${path}`], {
    cwd: REPO,
    encoding: "utf8",
    input: text,
  });
  if (r.status !== 0) throw new Error(`biome format ${path} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function ftg(args: readonly string[], input?: string): string {
  const r = spawnSync(process.execPath, [FTG, ...args], {
    encoding: "utf8",
    input,
    env: { ...process.env, NO_COLOR: "1", COLUMNS: "80" },
  });
  if (r.status !== 0) throw new Error(`ftg ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** The commands listed by `ftg --help`. */
export function commandNames(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1]?.split(/^\S/m)[0] ?? "";
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((c) => c !== "help");
}

/** docs/reference/cli.md: every command's --help, verbatim. */
export function cliReference(): Generated {
  const top = ftg(["--help"]);
  const parts = [
    "# Command-line reference",
    "",
    "Generated from the commands' own `--help` by `npm run docs:generate`; do not edit. Tutorials:",
    "[fine-tuning](../tutorials/fine-tuning.md), [openness](../tutorials/openness.md),",
    "[collaboration](../tutorials/collaboration.md). Every command reads scenario files described by the",
    "[scenario schemas](schemas.md) and prints results whose `--json` shape is in",
    "[output formats](output.md). Bad input exits with status 2 and one line naming the field.",
    "",
    "## ftg",
    "",
    "```",
    top.trimEnd(),
    "```",
  ];
  for (const c of commandNames(top)) {
    parts.push("", `## ftg ${c}`, "", "```", ftg([c, "--help"]).trimEnd(), "```");
  }
  return { path: "docs/reference/cli.md", content: `${parts.join("\n")}\n` };
}

/** The type-shape of a JSON value: objects by key, arrays by their first element, leaves by type. */
export function shape(v: unknown, depth = 0): unknown {
  if (v === null) return "null";
  if (Array.isArray(v)) return v.length === 0 ? [] : [shape(v[0], depth + 1)];
  if (typeof v === "object") {
    if (depth > 6) return "object";
    return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, shape(x, depth + 1)]));
  }
  return typeof v;
}

const OUTPUT_EXAMPLES = [
  {
    model: "fine-tuning",
    file: "two-firms.yaml",
    note: "one specialist named D; with n specialists every map has one key per name",
  },
  {
    model: "fine-tuning (one δ)",
    file: "two-firms.yaml",
    args: ["--delta", "0.5"],
    note: "`--delta`: the equilibrium at one share",
  },
  {
    model: "openness",
    file: "openness.yaml",
    note: "fixed δ; in bargaining mode `solution` names the bargaining solution",
  },
  { model: "market", file: "market.yaml", note: "arrays in input order, one entry per firm" },
  {
    model: "collaboration",
    file: "collaboration.yaml",
    note: "`trajectory` has one entry per round (0 … rounds)",
  },
] as const;

/** docs/reference/output.md: the shape of every model's `ftg solve --json` object. */
export function outputReference(): Generated {
  const parts = [
    "# Output formats",
    "",
    "`ftg solve FILE --json` prints exactly one JSON object. Its shape for each model, generated by",
    "`npm run docs:generate` from solving the tutorial scenarios (`docs/tutorials/files/`): each leaf",
    'is the JSON type of the value, arrays show their first element, and `"null"` is a value that is',
    "null in this example (an absent optional result). The meaning of each field is in the",
    "[theory pages](../theory/fine-tuning-games.md) and the tutorials.",
  ];
  for (const ex of OUTPUT_EXAMPLES) {
    const file = join(REPO, "docs", "tutorials", "files", ex.file);
    const out = JSON.parse(ftg(["solve", file, "--json", ...("args" in ex ? ex.args : [])]));
    // every bargaining solution has the same shape: show the first, name the others
    let solutionsNote = "";
    if (out.solutions !== null && typeof out.solutions === "object") {
      const [first, ...rest] = Object.keys(out.solutions);
      out.solutions = { [first!]: out.solutions[first!] };
      solutionsNote = ` \`solutions\` has one entry per bargaining solution, each shaped like \`${first}\` (here also ${rest.map((r) => `\`${r}\``).join(", ")}).`;
    }
    parts.push(
      "",
      `## ${ex.model}`,
      "",
      `From \`npx ftg solve ${ex.file} --json${"args" in ex ? ` ${ex.args.join(" ")}` : ""}\`; ${ex.note}.${solutionsNote}`,
      "",
      "```json",
      JSON.stringify(shape(out), null, 2),
      "```",
    );
  }
  return { path: "docs/reference/output.md", content: `${parts.join("\n")}\n` };
}

/** Every generated reference file. */
export function referenceFiles(): Generated[] {
  return [...schemaFiles(), cliReference(), outputReference()];
}
