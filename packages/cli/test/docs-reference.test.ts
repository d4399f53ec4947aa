/**
 * The generated reference in docs/reference/ (scenario JSON Schemas, CLI reference, output formats)
 * is what `npm run docs:generate` writes today: a change to a validation schema, a command's help
 * or a model's JSON output without regenerating the docs fails here. Runs the built CLI.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { commandNames, REPO, referenceFiles, SCHEMA_MODELS, shape } from "../../../scripts/docs/reference.js";

test("every generated reference file is up to date (else: npm run docs:generate)", () => {
  const files = referenceFiles();
  expect(files.map((f) => f.path)).toContain("docs/reference/cli.md");
  for (const { path, content } of files) {
    const abs = join(REPO, path);
    expect(existsSync(abs), `${path} is missing: run npm run docs:generate`).toBe(true);
    expect(readFileSync(abs, "utf8"), `${path} is out of date: run npm run docs:generate`).toBe(content);
  }
});

test("there is a JSON Schema for every model the CLI registers", () => {
  const help = readFileSync(join(REPO, "docs", "reference", "cli.md"), "utf8");
  const models = [...help.matchAll(/^ {2}(\S+) {2,}/gm)]
    .map((m) => m[1]!)
    .filter((m) => SCHEMA_MODELS.includes(m));
  expect(models.length).toBe(SCHEMA_MODELS.length);
  for (const m of SCHEMA_MODELS) {
    const schema = JSON.parse(
      readFileSync(join(REPO, "docs", "reference", "schemas", `${m}.schema.json`), "utf8"),
    );
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.properties.model).toBeDefined();
    expect(schema.additionalProperties).toBe(false);
  }
});

test("commandNames reads the command list of a commander help text", () => {
  const help =
    "Usage: ftg\n\nCommands:\n  solve [options]   Solve\n  plot <s>   Draw\n  help [command]  help\n\nModels:\n  x  y\n";
  expect(commandNames(help)).toEqual(["solve", "plot"]);
});

test("shape keeps keys, reduces arrays to their first element and leaves to their type", () => {
  expect(shape({ a: [1, 2], b: { c: "x", d: null }, e: [] })).toEqual({
    a: ["number"],
    b: { c: "string", d: "null" },
    e: [],
  });
});
