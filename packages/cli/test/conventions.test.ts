/**
 * The command line's conventions: --version, --csv for every model, `model` in every JSON answer,
 * sweep CSV on stdout, grid values as the user writes them, one column order for every solver
 * path, progress bars only on a terminal, status lines on stderr, --quiet.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../src/main.js";
import { cli } from "./helpers.js";

const here = dirname(fileURLToPath(import.meta.url));
const examples = join(here, "..", "examples");
const example = (name: string) => join(examples, `${name}.yaml`);
const tmp = mkdtempSync(join(tmpdir(), "ftg-conventions-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Splits one CSV line into its fields (quoted fields may hold commas and doubled quotes). */
function fields(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(field);
      field = "";
    } else field += c;
  }
  out.push(field);
  return out;
}

/** Runs the CLI in-process with a stderr that says it is (or is not) a terminal. */
async function cliWithTerminal(args: readonly string[], isTTY: boolean) {
  let stdout = "";
  let stderr = "";
  const stderrStream = new Writable({
    write(chunk, _e, cb) {
      stderr += String(chunk);
      cb();
    },
  });
  Object.assign(stderrStream, {
    isTTY,
    columns: 80,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  });
  const code = await run(args, {
    stdout: new Writable({
      write(chunk, _e, cb) {
        stdout += String(chunk);
        cb();
      },
    }),
    stderr: stderrStream,
    stdin: Readable.from([""]),
  });
  return { code, stdout, stderr };
}

describe("--version", () => {
  it("prints @ftg/cli's version with --version and -V", async () => {
    const version = JSON.parse(readFileSync(join(here, "..", "package.json"), "utf8")).version as string;
    for (const flag of ["--version", "-V"]) {
      const r = await cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });
});

describe("--csv for every model", () => {
  it("fine-tuning: one row per bargaining solution, numbers at full precision", async () => {
    const csv = await cli(["solve", example("figure-4"), "--csv"]);
    const json = JSON.parse((await cli(["solve", example("figure-4"), "--json"])).stdout);
    expect(csv.code).toBe(0);
    const [header, ...rows] = csv.stdout.trimEnd().split("\n");
    expect(fields(header!)).toEqual([
      "solution",
      "delta",
      "alpha0",
      "alpha_D",
      "utility_G",
      "utility_D",
      "revenue",
      "regime_D",
      "inParetoSet",
    ]);
    expect(rows).toHaveLength(Object.keys(json.solutions).length);
    for (const row of rows) {
      const [id, delta, alpha0] = fields(row);
      expect(Number(delta)).toBe(json.solutions[id!].delta);
      expect(Number(alpha0)).toBe(json.solutions[id!].alpha0);
    }
  });

  it("fine-tuning with --delta: one row, the equilibrium at that share", async () => {
    const r = await cli(["solve", example("figure-4"), "--delta", "0.5", "--csv"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "delta,agreement,alpha0,alpha_D,utility_G,utility_D,revenue,regime_D\n0.5,true,0.25,0.375,0.125,0.15625,0.375,contributor\n",
    );
  });

  it.each(["openness-low-alpha0", "market", "collaboration-figure-3"])("%s prints CSV", async (name) => {
    const r = await cli(["solve", example(name), "--csv"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    const width = fields(lines[0]!).length;
    for (const l of lines) expect(fields(l)).toHaveLength(width);
    expect(r.stdout).not.toMatch(/NaN|undefined|\[object/);
  });
});

describe("every JSON answer carries its model", () => {
  it.each([
    ["figure-4", [], "fine-tuning"],
    ["figure-4", ["--delta", "0.3"], "fine-tuning"],
    ["openness-low-alpha0", [], "openness"],
    ["openness-low-alpha0", ["--delta", "0.3"], "openness"],
    ["market", [], "market"],
    ["collaboration-figure-3", [], "collaboration"],
  ] as const)("%s %s", async (name, extra, model) => {
    const r = await cli(["solve", example(name), "--json", ...extra]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).model).toBe(model);
  });
});

describe("ftg sweep", () => {
  it("writes CSV to stdout without --out, the summary to stderr, and --quiet silences the summary", async () => {
    const r = await cli(["sweep", example("figure-3"), "--vary", "ratio=1:2:3", "--workers", "0"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^point,ratio,status,error,pareto,method,/);
    expect(r.stdout.trimEnd().split("\n")).toHaveLength(4);
    expect(r.stderr).toMatch(/^ftg sweep: 3 points \(0 failed\) .* → standard output\n$/);
    const quiet = await cli([
      "sweep",
      example("figure-3"),
      "--vary",
      "ratio=1:2:3",
      "--workers",
      "0",
      "--quiet",
    ]);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toBe(r.stdout);
  });

  it("prints grid values as the user writes them (no 0.30000000000000004)", async () => {
    const lin = await cli(["sweep", example("figure-3"), "--vary", "ratio=0.1:1:10", "--workers", "0", "-q"]);
    const ratios = lin.stdout
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((l) => fields(l)[1]);
    expect(ratios).toEqual(["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"]);
    const log = await cli([
      "sweep",
      example("figure-3"),
      "--vary",
      "ratio=0.01:100:log:5",
      "--workers",
      "0",
      "-q",
    ]);
    const logs = log.stdout
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((l) => fields(l)[1]);
    expect(logs).toEqual(["0.01", "0.1", "1", "10", "100"]);
  });

  it("landscape grids too: θ and p as the user writes them", async () => {
    const r = await cli([
      "landscape",
      example("openness-low-alpha0"),
      "--theta",
      "0:1:11",
      "--penalty",
      "0:0.3:4",
      "--format",
      "csv",
    ]);
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split("\n");
    const cols = fields(header!);
    const values = (name: string) => [...new Set(rows.map((l) => fields(l)[cols.indexOf(name)]))];
    expect(values("theta")).toEqual([
      "0",
      "0.1",
      "0.2",
      "0.3",
      "0.4",
      "0.5",
      "0.6",
      "0.7",
      "0.8",
      "0.9",
      "1",
    ]);
    expect(values("penalty")).toEqual(["0", "0.1", "0.2", "0.3"]);
  });

  it("gives every row the same columns in the same order whichever solver path a point took", async () => {
    const scenario = join(tmp, "fixed.json");
    writeFileSync(
      scenario,
      JSON.stringify({
        generalist: { cost: { polynomial: { c: 1, k: 2 } } },
        specialists: [{ name: "D", cost: { polynomial: { c: 2, k: 2, fixed: 0 } } }],
      }),
    );
    const r = await cli([
      "sweep",
      scenario,
      "--vary",
      "specialists[0].cost.polynomial.fixed=0:0.04:3",
      "--workers",
      "0",
      "-q",
    ]);
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split("\n");
    const columns = fields(header!);
    const methods = rows.map((l) => fields(l)[columns.indexOf("method")]);
    expect(new Set(methods).size).toBeGreaterThan(1);
    const solutions = [...new Set(columns.filter((c) => c.endsWith(".delta")).map((c) => c.slice(0, -6)))];
    expect(solutions).toEqual([
      "nash",
      "kalai-smorodinsky",
      "egalitarian",
      "utilitarian",
      "max-performance",
      "powerful-G",
      "powerful-D",
    ]);
    for (const row of rows) expect(fields(row)).toHaveLength(columns.length);
  });
});

describe("progress bars and status lines", () => {
  const args = ["sweep", example("figure-3"), "--vary", "ratio=1:2:3", "--workers", "0"];

  it("draws a progress bar only when stderr is a terminal, and never with --quiet", async () => {
    expect((await cliWithTerminal(args, false)).stderr).not.toMatch(/sweep \[/);
    expect((await cliWithTerminal(args, true)).stderr).toMatch(/sweep \[/);
    expect((await cliWithTerminal([...args, "--quiet"], true)).stderr).toBe("");
  });

  it("writes plot's and init's status lines on stderr, keeping stdout for answers", async () => {
    const svg = join(tmp, "figure.svg");
    const plot = await cli(["plot", example("figure-4"), "--out", svg]);
    expect(plot.stdout).toBe("");
    expect(plot.stderr).toBe(`wrote ${svg}\n`);
    const quiet = await cli(["plot", example("figure-4"), "--out", svg, "--force", "--quiet"]);
    expect(quiet.stderr).toBe("");
    const init = await cli(["init", "market", join(tmp, "m.yaml")]);
    expect(init.stdout).toBe("");
    expect(init.stderr).toMatch(/wrote/);
  });
});
