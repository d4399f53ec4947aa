/**
 * Every TSDoc `@example` of the explorer's modules runs and prints what it says (format:
 * core/test/tsdoc.ts). An example may name the exports of its own module and of @ftg/core.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkValue, runCodeExample, tsdocExamples } from "../../core/test/tsdoc.js";

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, "..", "src");
const all = tsdocExamples(src);

describe("TSDoc examples of the explorer", () => {
  it("exist", () => {
    expect(all.length).toBeGreaterThanOrEqual(5);
  });

  all.forEach((ex, i) => {
    it(`${ex.file}:${ex.line} example runs and prints what it says`, async () => {
      expect(ex.kind, "an example with no `expr // expected` check").toBe("code");
      const { values, checks } = await runCodeExample(ex, i, {
        src,
        modules: [join(here, "..", "..", "core", "src", "index.ts")],
        scratch: join(here, "..", "..", "..", ".artifacts", "doctest", "web"),
      });
      expect(values.length).toBe(checks.length);
      values.forEach((value, k) => {
        expect(checkValue(value, checks[k]!), `check ${k + 1}: // ${checks[k]}`).toBeNull();
      });
    });
  });
});
