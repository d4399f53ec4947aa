/**
 * The explorer's stand-ins for the core's `#zod` and `#mathjs` imports (src/lazy/, wired in
 * vite.config.ts): the zod stand-in carries every member the core's schemas call, and the parser
 * stand-in refuses until loaded, then answers.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isParserNotLoaded, loadMathjs, mathjs, ParserNotLoaded, withParser } from "../src/lazy/mathjs.js";
import { ZOD_MEMBERS } from "../src/lazy/zod.js";

describe("the explorer's zod", () => {
  it("has every z.<member> the core's scenario schemas call", () => {
    const dir = join(import.meta.dirname, "..", "..", "core", "src", "scenario");
    const used = new Set<string>();
    for (const f of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const text = readFileSync(join(dir, f), "utf8");
      if (!text.includes("zod()")) continue;
      for (const m of text.matchAll(/\bz\.([a-zA-Z]+)\(/g)) used.add(m[1]!);
      for (const m of text.matchAll(/zod\(\)\.([a-zA-Z]+)\(/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(3);
    for (const m of used) expect(ZOD_MEMBERS, `z.${m}`).toHaveProperty(m);
  });
});

describe("the explorer's expression parser", () => {
  it("refuses before loading, loads once, then answers", async () => {
    expect(() => mathjs()).toThrow(ParserNotLoaded);
    expect(isParserNotLoaded(new Error('"a^2": cannot parse: the expression parser is still loading'))).toBe(
      true,
    );
    let calls = 0;
    const value = await withParser(() => {
      calls++;
      return mathjs().evaluate("2^3");
    });
    expect(value).toBe(8);
    expect(calls).toBe(2);
    expect(await loadMathjs()).toBe(mathjs());
  });
});
