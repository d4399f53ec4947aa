/**
 * Every TSDoc `@example` of @ftg/cli runs and prints what it says (format: core/test/tsdoc.ts).
 * Examples may name the exports of @ftg/cli, of @ftg/ml and of their own module. The one given,
 * `fashionMnist`, is Fashion-MNIST as `loadFashionMnist()` reads it from Debian's
 * dataset-fashion-mnist (scripts/setup.sh installs it).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { tsdocSuite } from "../../ml/test/tsdocSuite.js";

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, "..", "src");

tsdocSuite({
  title: "@ftg/cli",
  src,
  modules: [join(here, "..", "..", "ml", "src", "index.ts"), join(src, "index.ts")],
  scratch: join(here, "..", "..", "..", ".artifacts", "doctest", "cli"),
  atLeast: 6,
  needsData: (lines) => lines.some((l) => /fashionMnist/.test(l)),
});
