/**
 * zod in Node, loaded on the first schema built (its CommonJS build, through `require`): a
 * process that never validates a scenario never loads it. Selected by the "node" condition of
 * the package's `#zod` import; bundlers and browsers get `./browser.ts`.
 */
import { createRequire } from "node:module";
import type { Zod } from "./browser.js";

let instance: Zod | undefined;

/** zod's `z` namespace, loaded on the first call. */
export function zod(): Zod {
  instance ??= (createRequire(import.meta.url)("zod") as { z: Zod }).z;
  return instance;
}
