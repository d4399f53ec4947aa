/**
 * Every TSDoc `@example` of @ftg/ml runs and prints what it says (format: core/test/tsdoc.ts).
 * The one given, `fashionMnist`, is Fashion-MNIST as `loadFashionMnist()` reads it from Debian's
 * dataset-fashion-mnist (scripts/setup.sh installs it): the examples show the paper's setup,
 * which the committed subset is too small for, so they wait for the full data set.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { tsdocSuite } from "./tsdocSuite.js";

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, "..", "src");

tsdocSuite({
  title: "@ftg/ml",
  src,
  modules: [join(src, "index.ts"), join(src, "node.ts")],
  scratch: join(here, "..", "..", "..", ".artifacts", "doctest", "ml"),
  atLeast: 10,
  needsData: (lines) => lines.some((l) => /fashionMnist|loadFashionMnist\(\)/.test(l)),
});
