/**
 * The README's TypeScript examples run as tests: each `console.log(expr); // expected` line must
 * print `expected` (Node's formatting of the value).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe("README examples", () => {
  it("has at least one TypeScript example", () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  blocks.forEach((code, i) => {
    it(`example ${i + 1} prints what its comments say`, async () => {
      const checks: string[] = [];
      const body = code.replace(
        /^console\.log\((.*)\);\s*\/\/\s*(.*)$/gm,
        (_all, expr: string, expected: string) => {
          checks.push(expected.trim());
          return `__out.push(${expr});`;
        },
      );
      expect(checks.length).toBeGreaterThan(0);
      const dir = join(root, ".artifacts", "doctest");
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `readme-${i + 1}.ts`);
      writeFileSync(file, `export const __out: unknown[] = [];\n${body}`);
      const mod = (await import(/* @vite-ignore */ file)) as { __out: unknown[] };
      expect(mod.__out.length).toBe(checks.length);
      mod.__out.forEach((value, k) => {
        const printed =
          typeof value === "string" ? value : inspect(value, { depth: 5, breakLength: Infinity });
        expect(printed, `console.log #${k + 1}`).toBe(checks[k]);
      });
    });
  });
});
