import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "./helpers.js";

const here = dirname(fileURLToPath(import.meta.url));
const examplesDir = join(here, "..", "examples");
const names = readdirSync(examplesDir)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.slice(0, -5))
  .sort();
/** Values for the placeholders of templated examples. */
const SETS: Record<string, string[]> = { "figure-3": ["--set", "ratio=2"] };
const tmp = mkdtempSync(join(tmpdir(), "ftg-examples-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the examples folder", () => {
  it("holds every paper scenario the README promises", () => {
    for (const n of [
      "figure-2",
      "figure-3",
      "figure-4",
      "figure-5-contributes",
      "many-specialists",
      "openness-low-alpha0",
      "openness-high-alpha0",
      "market",
      "collaboration-figure-1",
      "collaboration-figure-2a",
      "collaboration-figure-2b",
      "collaboration-figure-3",
    ]) {
      expect(names).toContain(n);
    }
  });

  it.each(names)("%s opens with a one-line title and names its source (paper, section or figure)", (name) => {
    const text = readFileSync(join(examplesDir, `${name}.yaml`), "utf8");
    expect(text.split("\n")[0]).toMatch(/^# \S/);
    expect(text).toMatch(/^# Source: .*(Section|Figure|docs\/openness\.md)/m);
  });

  it.each(names)("%s solves without error", async (name) => {
    const r = await cli(["solve", join(examplesDir, `${name}.yaml`), "--json", ...(SETS[name] ?? [])]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).model).toBeDefined();
  });
});

describe("ftg examples", () => {
  it("lists every example, one line each: name and title", async () => {
    const r = await cli(["examples"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(names.length);
    for (const [i, line] of lines.entries()) expect(line).toMatch(new RegExp(`^${names[i]}\\s+\\S`));
  });

  it("prints one example exactly, which ftg solve - reads from standard input", async () => {
    const printed = await cli(["examples", "figure-4"]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(readFileSync(join(examplesDir, "figure-4.yaml"), "utf8"));
    const solved = await cli(["solve", "-"], printed.stdout);
    expect(solved.code).toBe(0);
    expect(solved.stdout).toMatch(/Pareto set of bargains δ: \[0\.333333333, 1\]/);
  });

  it("names the known examples when asked for an unknown one (exit 2)", async () => {
    const r = await cli(["examples", "figure-99"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no example named "figure-99"; expected one of .*figure-4/);
  });
});

describe("ftg init", () => {
  it.each(["fine-tuning", "openness", "market", "collaboration"])(
    "writes a commented %s template that solves as written",
    async (model) => {
      const file = join(tmp, `${model}.yaml`);
      const r = await cli(["init", model, file]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/wrote .*\.yaml/);
      const text = readFileSync(file, "utf8");
      expect(text).toMatch(/^# /);
      expect(text).toContain(`model: ${model}`);
      expect((await cli(["solve", file])).code).toBe(0);
    },
  );

  it("never overwrites an existing file without --force", async () => {
    const file = join(tmp, "mine.yaml");
    writeFileSync(file, "my own work\n");
    const refused = await cli(["init", "market", file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists; pass --force/);
    expect(readFileSync(file, "utf8")).toBe("my own work\n");
    expect((await cli(["init", "market", file, "--force"])).code).toBe(0);
    expect(readFileSync(file, "utf8")).toContain("model: market");
  });

  it("prints the template with - and rejects an unknown model (exit 2)", async () => {
    const printed = await cli(["init", "openness", "-"]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain("model: openness");
    const bad = await cli(["init", "weather", "-"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/MODEL: expected one of fine-tuning, openness, market, collaboration/);
  });
});

describe("--set fills {{name}} placeholders in solve and plot", () => {
  const figure3 = join(examplesDir, "figure-3.yaml");

  it("solves the templated file as the filled-in scenario", async () => {
    const set = await cli(["solve", figure3, "--set", "ratio=2", "--json"]);
    const direct = await cli(["solve", join(examplesDir, "figure-2.yaml"), "--json"]);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout).pareto).toEqual(JSON.parse(direct.stdout).pareto);
  });

  it("plots the templated file", async () => {
    const r = await cli(["plot", figure3, "--set", "ratio=0.5"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<svg/);
  });

  it("names the field of a placeholder left without a value, and a --set that fills nothing", async () => {
    const missing = await cli(["solve", figure3]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /specialists\[0\]\.cost: placeholder \{\{ratio\}\} has no value; pass --set ratio=<number>/,
    );
    const unused = await cli(["solve", figure3, "--set", "ratio=1", "--set", "c=2"]);
    expect(unused.code).toBe(2);
    expect(unused.stderr).toMatch(/--set c: .* has no \{\{c\}\} placeholder/);
    const notNumber = await cli(["plot", figure3, "--set", "ratio=two"]);
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toMatch(/--set ratio: expected a finite number, found "two"/);
  });
});
