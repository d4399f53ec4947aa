/**
 * The TSDoc examples of the core run as tests. In an `@example` block, a line `expr // expected`
 * is a check: `expected` is Node's printing of the value, or `≈ x` for a number within 1e-6
 * relative; other lines are set-up statements run before it.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, "..", "src");
const folders = ["fine-tuning", "bargaining", "numerics"];

interface Example {
  readonly file: string;
  readonly code: string[];
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const folder of folders) {
    for (const f of readdirSync(join(src, folder)).filter((x) => x.endsWith(".ts"))) {
      const text = readFileSync(join(src, folder, f), "utf8");
      for (const m of text.matchAll(/@example([\s\S]*?)(?=\n\s*\*\s*@|\n\s*\*\/)/g)) {
        const lines = m[1]!
          .split("\n")
          .map((l) => l.replace(/^\s*\*\s?/, ""))
          .filter((l) => l.trim() !== "" && !l.trim().startsWith("//"));
        if (lines.some((l) => / \/\/ /.test(l))) out.push({ file: `${folder}/${f}`, code: lines });
      }
    }
  }
  return out;
}

const all = examples();

describe("TSDoc examples", () => {
  it("exist in the core's fine-tuning, bargaining and numerics modules", () => {
    expect(all.length).toBeGreaterThanOrEqual(6);
  });

  all.forEach((ex, i) => {
    it(`${ex.file} example runs and prints what it says`, async () => {
      const checks: string[] = [];
      const body = ex.code
        .map((line) => {
          const m = line.match(/^(.*?)\s+\/\/\s+(.*)$/);
          if (m === null) return line;
          checks.push(m[2]!.trim());
          return `__out.push(${m[1]!.replace(/;\s*$/, "")});`;
        })
        .join("\n");
      const dir = join(here, "..", "..", "..", ".artifacts", "doctest");
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `example-${i}.ts`);
      const core = relative(dir, join(src, "index.ts")).replaceAll("\\", "/");
      // the public API, and the example's own module for the internal functions it documents
      const own = relative(dir, join(src, ex.file)).replaceAll("\\", "/");
      writeFileSync(
        file,
        `import * as core from "${core}";\nimport * as own from "${own}";\nconst {${exportsOf()}} = { ...own, ...core } as typeof own & typeof core & Record<string, never>;\nexport const __out: unknown[] = [];\n${body}\n`,
      );
      const mod = (await import(/* @vite-ignore */ file)) as { __out: unknown[] };
      expect(mod.__out.length).toBe(checks.length);
      mod.__out.forEach((value, k) => {
        const expected = checks[k]!;
        if (expected.startsWith("≈")) {
          const target = Number(expected.slice(1).trim().split(/\s/)[0]);
          expect(Math.abs((value as number) - target)).toBeLessThanOrEqual(
            1e-6 * Math.max(1, Math.abs(target)),
          );
        } else {
          expect(inspect(value, { depth: 5, breakLength: Infinity })).toBe(expected);
        }
      });
    });
  });
});

function exportsOf(): string {
  const names = new Set<string>();
  for (const folder of folders) {
    for (const f of readdirSync(join(src, folder)).filter((x) => x.endsWith(".ts"))) {
      const text = readFileSync(join(src, folder, f), "utf8");
      for (const m of text.matchAll(/export (?:function|const|class) (\w+)/g)) names.add(m[1]!);
    }
  }
  for (const m of readFileSync(join(src, "scenario", "fineTuning.ts"), "utf8").matchAll(
    /export (?:function|const|class) (\w+)/g,
  )) {
    names.add(m[1]!);
  }
  return [...names].join(", ");
}
