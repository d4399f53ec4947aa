/**
 * mathjs for bundlers and browsers, which have no synchronous loading on demand: the prebuilt
 * bundle is imported with the module. Node gets `./node.ts` (loaded on the first expression)
 * through the "node" condition of the package's `#mathjs` import.
 */
import bundle from "mathjs/lib/browser/math.js";

/** The mathjs API the expression compiler uses (the package's full static type). */
export type MathJs = typeof import("mathjs");

/** The mathjs instance. */
export function mathjs(): MathJs {
  return bundle;
}
