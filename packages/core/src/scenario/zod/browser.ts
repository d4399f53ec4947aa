/**
 * zod for bundlers and browsers, which have no synchronous loading on demand: imported with the
 * module (a bundle that builds no schema drops it). Node gets `./node.ts` through the "node"
 * condition of the package's `#zod` import.
 */
import { z } from "zod";

/** zod's `z` namespace. */
export type Zod = typeof z;

/** zod's `z` namespace. */
export function zod(): Zod {
  return z;
}
