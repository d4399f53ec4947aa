/**
 * Every TSDoc `@example` of @ftg/cli runs and prints what it says (format: core/test/tsdoc.ts).
 * Examples may name the exports of @ftg/cli, of @ftg/ml and of their own module. The one given,
 * `fashionMnist`, is Fashion-MNIST as `loadFashionMnist()` reads it from Debian's
 * dataset-fashion-mnist (scripts/setup.sh installs it).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  DEBIAN_FASHION_MNIST_DIR,
  FASHION_MNIST_FILES,
  type LoadedImages,
  loadFashionMnist,
} from "@ftg/ml/node";
import { describe, expect, it } from "vitest";
import { checkValue, runCodeExample, tsdocExamples } from "../../core/test/tsdoc.js";

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, "..", "src");
const ml = join(here, "..", "..", "ml", "src", "index.ts");
const all = tsdocExamples(src);
const FULL_DATA = existsSync(join(DEBIAN_FASHION_MNIST_DIR, FASHION_MNIST_FILES.testLabels));
const needsData = (lines: readonly string[]) => lines.some((l) => /fashionMnist/.test(l));

let data: Promise<LoadedImages> | undefined;

describe("TSDoc examples of @ftg/cli", () => {
  it("exist", () => {
    expect(all.length).toBeGreaterThanOrEqual(6);
  });

  all.forEach((ex, i) => {
    const usesData = needsData(ex.lines);
    const name = `${ex.file}:${ex.line} example runs and prints what it says${usesData ? " (needs Debian's dataset-fashion-mnist)" : ""}`;
    it.skipIf(usesData && !FULL_DATA)(name, { timeout: 180_000 }, async () => {
      expect(ex.kind, "an example with no `expr // expected` check").toBe("code");
      data ??= loadFashionMnist({ dir: DEBIAN_FASHION_MNIST_DIR });
      const givens = usesData ? { fashionMnist: await data } : {};
      const { values, checks } = await runCodeExample(ex, i, {
        src,
        modules: [ml, join(src, "index.ts")],
        givens,
        scratch: join(here, "..", "..", "..", ".artifacts", "doctest", "cli"),
      });
      expect(values.length).toBe(checks.length);
      values.forEach((value, k) => {
        expect(checkValue(value, checks[k]!), `check ${k + 1}: // ${checks[k]}`).toBeNull();
      });
    });
  });
});
