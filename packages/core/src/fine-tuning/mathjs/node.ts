/**
 * Loads mathjs on first use, synchronously, in Node: `require` of its prebuilt single-file bundle.
 * The expression parser is needed only by costs and revenues written as expressions; polynomial
 * games, markets, openness and collaboration never pay its start-up (measured: ~0.1 s of CPU).
 * Selected by the "node" condition of the package's `#mathjs` import; browsers get `./browser.ts`.
 */
import { createRequire } from "node:module";
import type { MathJs } from "./browser.js";

let instance: MathJs | undefined;

/** The mathjs instance, loaded on the first call. */
export function mathjs(): MathJs {
  instance ??= createRequire(import.meta.url)("mathjs/lib/browser/math.js") as MathJs;
  return instance;
}
