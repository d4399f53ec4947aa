/**
 * The test suite of a package's TSDoc examples that may use Fashion-MNIST (format:
 * core/test/tsdoc.ts): every `@example` under `src` runs against `modules` and prints what it
 * says. The one given, `fashionMnist`, is Fashion-MNIST as `loadFashionMnist()` reads it from
 * Debian's dataset-fashion-mnist (scripts/setup.sh installs it); an example that uses it waits for
 * the full data set and says so in its name. Used by the ml and cli packages' example tests.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkValue, runCodeExample, tsdocExamples } from "../../core/test/tsdoc.js";
import {
  DEBIAN_FASHION_MNIST_DIR,
  FASHION_MNIST_FILES,
  type LoadedImages,
  loadFashionMnist,
} from "../src/node.js";

export interface TsdocSuite {
  /** The package's name, for the suite's title. */
  readonly title: string;
  readonly src: string;
  /** Modules whose exports the examples may name (their own module is added). */
  readonly modules: readonly string[];
  /** Scratch folder for the generated example modules. */
  readonly scratch: string;
  /** Fewest examples the package has (a guard against the scan finding none). */
  readonly atLeast: number;
  /** Whether an example's lines use the data set. */
  readonly needsData: (lines: readonly string[]) => boolean;
}

export function tsdocSuite(s: TsdocSuite): void {
  const all = tsdocExamples(s.src);
  const fullData = existsSync(join(DEBIAN_FASHION_MNIST_DIR, FASHION_MNIST_FILES.testLabels));
  let data: Promise<LoadedImages> | undefined;
  describe(`TSDoc examples of ${s.title}`, () => {
    it("exist", () => {
      expect(all.length).toBeGreaterThanOrEqual(s.atLeast);
    });

    all.forEach((ex, i) => {
      const usesData = s.needsData(ex.lines);
      const name = `${ex.file}:${ex.line} example runs and prints what it says${usesData ? " (needs Debian's dataset-fashion-mnist)" : ""}`;
      it.skipIf(usesData && !fullData)(name, { timeout: 180_000 }, async () => {
        expect(ex.kind, "an example with no `expr // expected` check").toBe("code");
        data ??= loadFashionMnist({ dir: DEBIAN_FASHION_MNIST_DIR });
        const givens = usesData ? { fashionMnist: await data } : {};
        const { values, checks } = await runCodeExample(ex, i, {
          src: s.src,
          modules: [...s.modules],
          givens,
          scratch: s.scratch,
        });
        expect(values.length).toBe(checks.length);
        values.forEach((value, k) => {
          expect(checkValue(value, checks[k]!), `check ${k + 1}: // ${checks[k]}`).toBeNull();
        });
      });
    });
  });
}
