/**
 * Scenarios of up to a million specialists from the command line: the size limits on the file,
 * and output that stays usable at that size (JSON and CSV written in pieces identical to the
 * whole text, tables cut to a readable length).
 */
import { truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { fineTuningGameFromScenario, LIMITS, MODELS, solveFineTuning } from "@ftg/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvPieces, csvTable } from "../src/io/csv.js";
import { firstNonFinite } from "../src/io/finite.js";
import { table } from "../src/io/format.js";
import { jsonPieces } from "../src/io/json.js";
import { readScenario } from "../src/io/readScenario.js";
import { readAll, writeOutput } from "../src/io/streams.js";
import { TABLE_ROWS } from "../src/models/answer.js";
import { cli } from "./helpers.js";
import { tempDir } from "./tempDirs.js";

const io = () => ({ stdin: Readable.from([]), stdout: new Writable(), stderr: new Writable() });

/** A fine-tuning scenario of `n` specialists in the documented polynomial form. */
function specialists(n: number) {
  return {
    model: "fine-tuning" as const,
    generalist: { cost: { polynomial: { c: n, k: 2 } } },
    specialists: Array.from({ length: n }, (_, i) => ({
      name: `s${i + 1}`,
      cost: { polynomial: { c: 0.5 + ((i * 0.618) % 2), k: 2, fixed: 0.01 * (i % 5) } },
      revenue: "a",
    })),
  };
}

describe("large scenario files", () => {
  it("refuses a file over the byte limit from its size, before reading it", async () => {
    const path = join(tempDir("ftg-big-"), "big.json");
    writeFileSync(path, "");
    truncateSync(path, LIMITS.scenarioBytes + 1); // sparse: nothing is written
    await expect(readScenario(path, io())).rejects.toThrow(
      `${path}: ${LIMITS.scenarioBytes + 1} bytes; a scenario file has at most ${LIMITS.scenarioBytes}`,
    );
  });

  it("stops reading standard input past the byte limit instead of failing at the end", async () => {
    const chunks = () => Readable.from([Buffer.from("12345"), Buffer.from("678"), Buffer.from("9")]);
    expect(await readAll(chunks(), 9)).toBe("123456789");
    expect(await readAll(chunks(), 8)).toBeUndefined();
    expect(await readAll(chunks())).toBe("123456789");
  });

  it("reads a YAML-named file over the YAML limit that is JSON as JSON, and refuses one that is not", async () => {
    const dir = tempDir("ftg-yaml-");
    const json = join(dir, "big.yaml");
    const scenario = JSON.stringify({ generalist: { cost: "a0^2" }, specialists: [{ cost: "2*(a-a0)^2" }] });
    writeFileSync(json, `${scenario}${" ".repeat(LIMITS.yamlCharacters)}`);
    expect(await readScenario(json, io())).toEqual(JSON.parse(scenario));
    const yaml = join(dir, "big.yml");
    writeFileSync(yaml, `title: ${"x".repeat(LIMITS.yamlCharacters)}\n`);
    const r = await cli(["solve", yaml]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `ftg: error: ${yaml}: ${LIMITS.yamlCharacters + 8} characters of YAML; a YAML scenario has at most ${LIMITS.yamlCharacters} (write larger scenarios as JSON)\n`,
    );
  });
});

/** The path-per-entry walk: every entry on the stack with its path string. */
function firstNonFiniteReference(value: unknown): string | undefined {
  // (the root is "(answer)"; an entry under the key "" has the path "", as the walk writes it)
  const stack: [unknown, string, boolean][] = [[value, "", true]];
  while (stack.length > 0) {
    const [v, path, root] = stack.pop()!;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return root ? "(answer)" : path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`, false]);
    } else if (v !== null && typeof v === "object") {
      const entries = Object.entries(v as Record<string, unknown>).reverse();
      for (const [k, x] of entries) stack.push([x, path === "" ? k : `${path}.${k}`, false]);
    }
  }
  return undefined;
}

describe("errors in a large scenario", () => {
  it("name the specialist: one line with its index, the field and the value", async () => {
    const dir = tempDir("ftg-bad-");
    const cases: [string, (sc: ReturnType<typeof specialists>) => void, string][] = [
      [
        "c.json",
        (sc) => {
          sc.specialists[12_345]!.cost.polynomial.c = -1;
        },
        "specialists[12345].cost.polynomial.c: cost coefficient c must be positive (found -1)",
      ],
      [
        "name.json",
        (sc) => {
          sc.specialists[19_999]!.name = "s7";
        },
        'specialists[19999].name: duplicate name "s7"',
      ],
      [
        "revenue.json",
        (sc) => {
          sc.specialists[15_000]!.revenue = "a+q";
        },
        'specialists[15000].revenue: "a+q": unknown variable "q"',
      ],
    ];
    for (const [file, spoil, message] of cases) {
      const sc = specialists(20_000);
      spoil(sc);
      const path = join(dir, file);
      writeFileSync(path, JSON.stringify(sc));
      const r = await cli(["solve", path]);
      expect(r.code).toBe(2);
      expect(r.stderr.split("\n")).toHaveLength(2);
      expect(r.stderr).toContain(`ftg: error: ${path}: ${message}`);
    }
  });
});

describe("output of a large answer", () => {
  it("finds the first non-finite number where the path-per-entry walk finds it", () => {
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof(
        { depthSize: "small" },
        fc.double(),
        fc.constantFrom(null, "x", true),
        fc.array(tie("tree"), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom("a", "b", "", "c.d"), tie("tree"), { maxKeys: 3 }),
      ),
    }));
    fc.assert(
      fc.property(tree, (v) => {
        expect(firstNonFinite(v)).toBe(firstNonFiniteReference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it("writes JSON in pieces that join to exactly JSON.stringify's text", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 1, max: 64 }), (v, size) => {
        const pieces = [...jsonPieces(v, size)];
        expect(pieces.join("")).toBe(JSON.stringify(v));
      }),
      { numRuns: 500 },
    );
    const odd = {
      a: [undefined, () => 1, Symbol("s"), Number.NaN, new Date(0), new Float64Array([1, 2])],
      b: undefined,
      c: { toJSON: (key: string) => `key ${key}` },
      d: [[{ e: [1, [2, { f: null }]] }], {}, []],
    };
    expect([...jsonPieces(odd, 3)].join("")).toBe(JSON.stringify(odd));
  });

  it("writes a 12,000-specialist answer (certificates read through array views) as JSON.stringify does", () => {
    const game = fineTuningGameFromScenario(specialists(12_000));
    const answer = MODELS.get("fine-tuning")!.json({
      kind: "bargaining",
      names: game.specialists.map((s) => s.name),
      ...(() => {
        const result = solveFineTuning(game);
        return { result, certificate: result.certificate, warnings: result.warnings };
      })(),
    } as never);
    const whole = JSON.stringify(answer);
    const pieces = [...jsonPieces(answer, 1 << 16)];
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.join("")).toBe(whole);
  });

  it("writes CSV a line at a time, the same text as the whole table", () => {
    const t = {
      columns: ["a", "b,c"],
      rows: [
        [1, "x"],
        [null, 'say "hi"'],
        [true, 2.5],
      ],
    };
    const pieces = [...csvPieces(t)];
    expect(pieces).toHaveLength(4);
    expect(pieces.join("")).toBe(csvTable(t));
  });

  it("waits for a slow reader between pieces and delivers every piece in order", async () => {
    const got: string[] = [];
    const slow = new Writable({
      highWaterMark: 4,
      write(chunk, _enc, cb) {
        got.push(String(chunk));
        setTimeout(cb, 1);
      },
    });
    const pieces = Array.from({ length: 50 }, (_, i) => `piece ${i};`);
    await writeOutput(slow, pieces);
    expect(got).toHaveLength(50);
    expect(got.join("")).toBe(pieces.join(""));
  });

  it("cuts a table to its first rows with one line counting the rest", () => {
    const rows = Array.from({ length: 1_000_000 }, (_, i) => [`r${i}`, String(i)]);
    const text = table(["name", "value"], rows, { maxRows: 3 });
    const lines = text.split("\n");
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe("… 999,997 more rows (--json or --csv prints every row)");
    // without a cut, a million rows are laid out (no spread of a million arguments)
    expect(table(["name", "value"], rows).split("\n")).toHaveLength(1_000_002);
  });

  it("prints at most TABLE_ROWS rows of an equilibrium at a fixed δ, and every row as CSV", async () => {
    const n = TABLE_ROWS + 500;
    const path = join(tempDir("ftg-rows-"), "many.json");
    writeFileSync(path, JSON.stringify(specialists(n)));
    const t = await cli(["solve", path, "--delta", "0.5"]);
    expect(t.stderr).toBe("");
    expect(t.code).toBe(0);
    const lines = t.stdout.trimEnd().split("\n");
    expect(lines.filter((l) => /^s\d+ /.test(l))).toHaveLength(TABLE_ROWS - 1); // G is the first row
    expect(lines).toContain(
      `… ${(n + 1 - TABLE_ROWS).toLocaleString("en-US")} more rows (--json or --csv prints every row)`,
    );
    expect(lines.at(-1)).toMatch(/^revenue /);
    const c = await cli(["solve", path, "--delta", "0.5", "--csv"]);
    expect(c.code).toBe(0);
    const csv = c.stdout.split("\n");
    expect(csv).toHaveLength(3); // header, one row, the final newline
    expect(csv[0]!.split(",")).toHaveLength(3 + 3 * n + 2); // alpha, utility and regime a specialist
  });
});
