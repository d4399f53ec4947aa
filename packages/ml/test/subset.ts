/** The committed Fashion-MNIST subset (built by packages/ml/scripts/build-subset.ts). */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type LoadedImages, loadFashionMnist } from "../src/node.js";

export const SUBSET_DIR = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "fashion-mnist-subset");

let cached: Promise<LoadedImages> | undefined;

/** 1,200 training and 600 test images, 10% of each class. */
export function loadSubset(): Promise<LoadedImages> {
  cached ??= loadFashionMnist({ dir: SUBSET_DIR });
  return cached;
}
