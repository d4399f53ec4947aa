/** Inputs beyond the documented limits get one line naming the field and the limit, never a stack overflow. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { LIMITS } from "@ftg/core";
import { describe, expect, it } from "vitest";
import { cli, solveScenario } from "./helpers.js";
import { tempDir } from "./tempDirs.js";

const game = (cost: string, specialists = [{ cost: "(a-a0)^2" }]) => ({ generalist: { cost }, specialists });

describe("resource limits", () => {
  it("refuses an expression longer than the limit, naming the field", async () => {
    const r = await solveScenario(game(Array(2000).fill("a0^2").join("+")));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      new RegExp(
        `^ftg: error: .*: generalist\\.cost: expected an expression of at most ${LIMITS.expressionLength} characters`,
      ),
    );
  });

  it("refuses parentheses nested beyond the limit, and solves at the limit", async () => {
    const nest = (n: number) => `${"(".repeat(n)}a0${")".repeat(n)}^2`;
    const deep = await solveScenario(game(nest(LIMITS.expressionDepth + 1)));
    expect(deep.code).toBe(2);
    expect(deep.err).toMatch(/generalist\.cost: .*parentheses nested 65 deep; at most 64/);
    const ok = await solveScenario(game(nest(LIMITS.expressionDepth)), "--json");
    expect(ok.err).toBe("");
    expect(ok.code).toBe(0);
  });

  it("gives every expression within the length limit an answer or a clean error (no stack overflow)", async () => {
    const n = LIMITS.expressionLength;
    for (const cost of [
      `${"-".repeat(n - 4)}a0^2`,
      Array(Math.floor(n / 3))
        .fill("a0")
        .join("+")
        .slice(0, n),
      `${"sqrt(".repeat(60)}a0${")".repeat(60)}`,
    ]) {
      const r = await solveScenario(game(cost));
      expect([0, 2]).toContain(r.code);
      expect(r.err).not.toMatch(/internal error|call stack/);
    }
  });

  for (const [name, text] of [
    ["JSON", `${"[".repeat(100_000)}${"]".repeat(100_000)}`],
    ["YAML", `a: ${"[".repeat(100_000)}${"]".repeat(100_000)}`],
    ["YAML blocks", Array.from({ length: 100 }, (_, i) => `${"  ".repeat(i)}k:`).join("\n")],
  ] as const) {
    it(`refuses ${name} nested 100,000 (or 100) deep with one line`, async () => {
      const path = join(tempDir("ftg-deep-"), name === "JSON" ? "s.json" : "s.yaml");
      writeFileSync(path, text);
      const r = await cli(["solve", path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^ftg: error: .*nested .*(64 levels|deep).*\n$/);
    });
  }

  // specialists: packages/core/test/scenario/limits.test.ts (a million and one, through the schema)
  it("refuses more firms, rounds and market qualities than the limits", async () => {
    const firms = Object.fromEntries(Array.from({ length: LIMITS.firms + 1 }, (_, i) => [`f${i}`, 0.5]));
    const f = await solveScenario({ model: "collaboration", initial: firms });
    expect(f.err).toMatch(/initial: expected at most 1000 firms/);
    const r = await solveScenario({ model: "collaboration", initial: { low: 0.3, high: 0.6 }, rounds: 1e9 });
    expect(r.err).toMatch(/rounds: expected at most 100000 rounds \(found 1000000000\)/);
    const q = await solveScenario({ model: "market", qualities: Array(LIMITS.marketPoints + 1).fill(0.5) });
    expect(q.err).toMatch(/qualities: expected at most 10000 qualities/);
    for (const x of [f, r, q]) expect(x.code).toBe(2);
  });
});
