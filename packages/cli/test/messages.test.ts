/** Messages that say what is wrong: the value as it was written, the key as it was misspelt. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, solveScenario } from "./helpers.js";
import { tempDir } from "./tempDirs.js";

const LIBRARY_WORDING = /Too big|Too small|Invalid input|Unrecognized key|Invalid option|received/;

function file(name: string, content: string | Uint8Array): string {
  const path = join(tempDir("ftg-msg-"), name);
  writeFileSync(path, content);
  return path;
}

describe("error messages", () => {
  for (const [text, shown] of [
    [".nan", "NaN"],
    [".inf", "Infinity"],
    ["-.inf", "-Infinity"],
  ] as const) {
    it(`names YAML ${text} as ${shown}, not as null`, async () => {
      const path = file(
        "s.yaml",
        `generalist:\n  cost: "a0^2"\n  disagreement: ${text}\nspecialists: [{cost: "(a-a0)^2"}]\n`,
      );
      const r = await cli(["solve", path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("generalist.disagreement: expected a finite number");
      expect(r.stderr).toContain(`(found ${shown})`);
      expect(r.stderr).not.toMatch(/null/);
    });
  }

  it("names JSON 1e400 as Infinity", async () => {
    const path = file(
      "s.json",
      '{"generalist":{"cost":"a0^2","disagreement":1e400},"specialists":[{"cost":"(a-a0)^2"}]}',
    );
    const r = await cli(["solve", path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/generalist\.disagreement: expected a finite number \(found Infinity\)/);
  });

  it('names a misspelt key ("specialist") instead of reporting the real one missing', async () => {
    const r = await solveScenario({ generalist: { cost: "a0^2" }, specialist: [{ cost: "(a-a0)^2" }] });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^ftg: error: .*: \(scenario\): unknown key "specialist"; expected .*"specialists"/,
    );
  });

  it("shows binary input as a short escaped excerpt on one line", async () => {
    const bytes = new Uint8Array(2600).map((_, i) => (i * 37) % 256);
    for (const name of ["b.json", "b.yaml"]) {
      const r = await cli(["solve", file(name, bytes)]);
      expect(r.code).toBe(2);
      expect(r.stderr.split("\n")).toHaveLength(2);
      expect(r.stderr.length).toBeLessThan(300);
      expect(r.stderr).toMatch(/not a text file \(it starts "\\u0000%J/);
    }
  });

  it("accepts names with non-ASCII letters", async () => {
    const r = await solveScenario(
      { generalist: { cost: "a0^2" }, specialists: [{ name: "Ärzte", cost: "(a-a0)^2" }] },
      "--json",
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Ärzte");
  });

  it("words limits and types in its own terms, never the schema library's", async () => {
    const cases: unknown[] = [
      { model: "collaboration", rounds: 1e9 },
      { model: "market", qualities: [] },
      { generalist: { cost: 3 }, specialists: [{ cost: "(a-a0)^2" }] },
      { generalist: { cost: "a0^2" }, specialists: "D" },
      { model: "openness", alpha0: "x", delta: 0.5 },
    ];
    for (const scenario of cases) {
      const r = await solveScenario(scenario);
      expect(r.code, JSON.stringify(scenario)).toBe(2);
      expect(r.err).not.toMatch(LIBRARY_WORDING);
    }
  });

  it("refuses conflicting flags instead of choosing one", async () => {
    const both = await cli(["solve", "--json", "--csv"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe("ftg: error: --json and --csv: give one output format, not both\n");
    const open = file("o.json", JSON.stringify({ model: "openness", alpha0: 0.3, delta: 0.5 }));
    const band = await cli(["landscape", open, "--band", "0.1,0.2", "--theta", "0:1:3"]);
    expect(band.code).toBe(2);
    expect(band.stderr).toMatch(/^ftg: error: --theta: not used with --band/);
  });

  it("reads numbers in flags as decimals only: --delta 0x1 is not a number", async () => {
    for (const d of ["0x1", "0b1", "", " ", "Infinity", "1e400"]) {
      const r = await cli(["solve", "--delta", d]);
      expect(r.code, d).toBe(2);
      expect(r.stderr).toBe(`ftg: error: --delta: expected a number in [0, 1], found ${JSON.stringify(d)}\n`);
    }
    const ok = await cli(["solve", "--delta", "5e-1", "--json"]);
    expect(ok.code).toBe(0);
  });
});
