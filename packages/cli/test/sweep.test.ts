import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { applyPoint, gridPoint, parseVary } from "../src/sweep/grid.js";
import { journalPath, runSweep } from "../src/sweep/run.js";
import { cli } from "./helpers.js";
import { tempDir } from "./tempDirs.js";

const dir = tempDir("ftg-sweep-");
const scenario = {
  model: "fine-tuning",
  generalist: { cost: { polynomial: { c: 1, k: 2 } } },
  specialists: [{ name: "D", cost: { polynomial: { c: 2, k: 2 } } }],
};
const file = join(dir, "q.json");
writeFileSync(file, JSON.stringify(scenario));
/** Splits a CSV line (quoted cells may hold commas). */
function cellsOf(line: string): string[] {
  const out: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(cell);
      cell = "";
    } else cell += ch;
  }
  out.push(cell);
  return out;
}
const io = () => ({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough() });

describe("sweep grid", () => {
  it("parses linear and log ranges, the last axis varying fastest", () => {
    const a = parseVary("specialists[0].cost.polynomial.c=1:3:3");
    expect(a.values).toEqual([1, 2, 3]);
    const b = parseVary("x=1:100:log:3");
    expect(b.values).toHaveLength(3);
    expect(b.values[1]).toBeCloseTo(10, 12);
    expect(gridPoint([a, b], 4).values).toEqual([2, b.values[1]]);
  });

  it("sets numeric fields by path and {{name}} placeholders inside expressions", () => {
    const out = applyPoint(
      { s: [{ c: 1, e: "{{k}}*(a-a0)^2" }] },
      [parseVary("s.0.c=5:5:1"), parseVary("k=-2:-2:1")],
      [5, -2],
    );
    expect(out).toEqual({ s: [{ c: 5, e: "(-2)*(a-a0)^2" }] });
  });

  it("rejects malformed specifications naming the value and the expected form", () => {
    expect(() => parseVary("c=1:2")).toThrow(/--vary "c=1:2".*expected <path>=<from>:<to>\[:log\]:<count>/);
    expect(() => parseVary("c=a:2:3")).toThrow(/from "a" is not a number/);
    expect(() => parseVary("c=0:2:log:3")).toThrow(/log scale needs from > 0/);
  });
});

describe("ftg sweep", () => {
  it("writes one CSV row per point with each solution's δ, utilities, performance and regimes", async () => {
    const out = join(dir, "a.csv");
    const r = await cli([
      "sweep",
      file,
      "--vary",
      "specialists[0].cost.polynomial.c=0.5:2:4",
      "--out",
      out,
      "--workers",
      "0",
      "--no-progress",
    ]);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines).toHaveLength(5);
    const head = cellsOf(lines[0]!);
    for (const col of [
      "point",
      "specialists[0].cost.polynomial.c",
      "status",
      "nash.delta",
      "nash.utility.G",
      "nash.utility.D",
      "utilitarian.performance",
      "nash.regime.D",
      "warnings",
    ]) {
      expect(head).toContain(col);
    }
    // Prop 3.5: the utilitarian δ is c1/(c0 + c1)
    const util = head.indexOf("utilitarian.delta");
    const c = head.indexOf("specialists[0].cost.polynomial.c");
    for (const line of lines.slice(1)) {
      const cells = cellsOf(line);
      expect(cells).toHaveLength(head.length);
      expect(Number(cells[util])).toBeCloseTo(Number(cells[c]) / (1 + Number(cells[c])), 9);
    }
    expect(existsSync(journalPath(out))).toBe(false);
    const again = await cli([
      "sweep",
      file,
      "--vary",
      "specialists[0].cost.polynomial.c=0.5:2:4",
      "--out",
      out,
      "--no-progress",
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists; pass --force/);
  });

  it("reports a failing point with its error instead of dropping it", async () => {
    const out = join(dir, "f.json");
    const r = await cli([
      "sweep",
      file,
      "--vary",
      "specialists[0].cost.polynomial.c=-1:1:3",
      "--out",
      out,
      "--workers",
      "0",
      "--no-progress",
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(out, "utf8"));
    expect(json.rows).toHaveLength(3);
    expect(json.rows[0].status).toBe("failed");
    expect(json.rows[0].error).toMatch(/cost coefficient c must be positive/);
    expect(json.rows[2].status).toBe("ok");
    expect(json.failed).toBe(2);
  });

  it("names a path that is not a numeric field", async () => {
    const r = await cli(["sweep", file, "--vary", "generalist.cost=1:2:2", "--out", join(dir, "x.csv")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"generalist.cost" is \{"polynomial"/);
  });

  it("resumes an interrupted sweep from its journal; worker threads give the same rows as one thread", async () => {
    const axes = [
      parseVary("specialists[0].cost.polynomial.c=0.5:2:6"),
      parseVary("generalist.cost.polynomial.c=0.5:1:2"),
    ];
    const reference = join(dir, "ref.json");
    await runSweep(scenario, axes, { out: reference, format: "json", workers: 0, progress: false }, io());
    const out = join(dir, "resumed.json");
    const controller = new AbortController();
    const first = await runSweep(
      scenario,
      axes,
      {
        out,
        format: "json",
        workers: 0,
        chunk: 2,
        progress: false,
        signal: controller.signal,
        onProgress: (done) => {
          if (done >= 4) controller.abort();
        },
      },
      io(),
    );
    expect(first.interrupted).toBe(true);
    expect(first.done).toBe(4);
    expect(existsSync(out)).toBe(false);
    expect(readFileSync(journalPath(out), "utf8").trim().split("\n")).toHaveLength(5);
    const second = await runSweep(
      scenario,
      axes,
      { out, format: "json", workers: 2, chunk: 3, progress: false },
      io(),
    );
    expect(second.resumed).toBe(4);
    expect(second.done).toBe(12);
    const rows = (p: string) => JSON.parse(readFileSync(p, "utf8")).rows;
    expect(rows(out)).toHaveLength(12);
    expect(rows(out)).toEqual(rows(reference));
  });
});
