import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { prepareOutput } from "../src/io/output.js";
import { cli } from "./helpers.js";
import { tempDir } from "./tempDirs.js";

const SCENARIO = {
  model: "fine-tuning",
  generalist: { cost: { polynomial: { c: 1, k: 2 } } },
  specialists: [{ cost: { polynomial: { c: 2, k: 2 } } }],
};

/** A folder holding a fine-tuning and an openness scenario, a plain file `f` and an empty folder `d`. */
function workspace(): { dir: string; scenario: string; openness: string } {
  const dir = tempDir("ftg-out-");
  const scenario = join(dir, "s.json");
  writeFileSync(scenario, JSON.stringify(SCENARIO));
  const openness = join(dir, "open.json");
  writeFileSync(openness, JSON.stringify({ model: "openness", alpha0: 0.3, delta: 0.5 }));
  writeFileSync(join(dir, "f"), "a file");
  mkdirSync(join(dir, "d"));
  return { dir, scenario, openness };
}

/** Each command writing to `out`. */
const COMMANDS: Record<string, (w: ReturnType<typeof workspace>, out: string) => string[]> = {
  sweep: (w, out) => [
    "sweep",
    w.scenario,
    "--vary",
    "specialists[0].cost.polynomial.c=1:2:2",
    "--workers",
    "0",
    "--no-progress",
    "--out",
    out,
  ],
  plot: (w, out) => ["plot", w.scenario, "--samples", "5", "--out", out],
  landscape: (w, out) => [
    "landscape",
    w.openness,
    "--theta",
    "0:1:2",
    "--penalty",
    "0:1:2",
    "--no-progress",
    "--out",
    out,
  ],
};

const runWith = (name: string, w: ReturnType<typeof workspace>, out: string) => cli(COMMANDS[name]!(w, out));

const EXT: Record<string, string> = { sweep: "csv", plot: "svg", landscape: "json" };

describe("output paths: one rule for every command", () => {
  for (const name of Object.keys(COMMANDS)) {
    const ext = EXT[name]!;
    it(`${name} creates missing parent folders of --out`, async () => {
      const w = workspace();
      const { dir } = w;
      const out = join(dir, "new", "deeper", `o.${ext}`);
      const r = await runWith(name, w, out);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.code).toBe(0);
      expect(existsSync(out)).toBe(true);
    });

    it(`${name} refuses, exit 2 and one line, an --out below a file`, async () => {
      const w = workspace();
      const { dir } = w;
      const r = await runWith(name, w, join(dir, "f", `o.${ext}`));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^ftg: error: --out: cannot create ".*o\.\w+": ".*f" is a file, not a folder\n$/,
      );
    });

    it(`${name} refuses an existing --out without --force and overwrites it with --force`, async () => {
      const w = workspace();
      const { dir } = w;
      const out = join(dir, `o.${ext}`);
      writeFileSync(out, "mine");
      const r = await runWith(name, w, out);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^ftg: error: --out: ".*" exists; pass --force to overwrite it\n$/);
      const forced = await cli([...COMMANDS[name]!(w, out), "--force"]);
      expect(forced.code).toBe(0);
      expect(readFileSync(out, "utf8")).not.toBe("mine");
    });
  }

  it("reproduce refuses an --out that is a file, before any figure is built", async () => {
    const { dir } = workspace();
    const r = await cli(["reproduce", "--out", join(dir, "f"), "--quick", "--only", "ftg-figure-4"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ftg: error: --out: ".*f" is a file; expected a folder\n$/);
  });

  it("prepareOutput refuses a folder where a file is expected and an empty path", () => {
    const { dir } = workspace();
    expect(() => prepareOutput(join(dir, "d"))).toThrow(/is a folder; expected a file name/);
    expect(() => prepareOutput("")).toThrow(/--out: expected a file path/);
    expect(() => prepareOutput(join(dir, "f", "x"), { flag: "--out-dir", kind: "directory" })).toThrow(
      /^--out-dir: cannot create/,
    );
  });

  it("reproduce --only X --force into a full reproduction clears the other figures' files, and only those", async () => {
    const { dir } = workspace();
    const out = join(dir, "rep");
    const first = await cli([
      "reproduce",
      "--out",
      out,
      "--quick",
      "--no-png",
      "--only",
      "ftg-figure-4,dfc-figure-2",
    ]);
    expect(first.code).toBe(0);
    writeFileSync(join(out, "notes.txt"), "mine");
    const again = await cli([
      "reproduce",
      "--out",
      out,
      "--quick",
      "--no-png",
      "--only",
      "ftg-figure-4",
      "--force",
    ]);
    expect(again.code).toBe(0);
    const files = readdirSync(out);
    expect(files.filter((f) => f.startsWith("dfc-figure-2"))).toEqual([]);
    expect(files.filter((f) => f.startsWith("ftg-figure-4")).length).toBeGreaterThan(0);
    expect(files).toContain("notes.txt");
    expect(files).toContain("index.html");
  });
});
