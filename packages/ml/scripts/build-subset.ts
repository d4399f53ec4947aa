/**
 * Builds the committed Fashion-MNIST subset the tests use, from the full data set installed by
 * Debian's dataset-fashion-mnist package:
 *
 *   node --import tsx packages/ml/scripts/build-subset.ts [--dir <fashion-mnist dir>]
 *
 * Selection (no randomness): the first 120 training images of each class and the first 60 test
 * images of each class, in file order — 1,200 training and 600 test examples, balanced. Output:
 * the same four gzipped IDX files as the full set, plus manifest.json with the SHA-256 of the
 * source files and of the (uncompressed) subset files, so the subset can be checked against a
 * rebuild independently of the gzip implementation.
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { encodeIdxUint8, type LabelledImages } from "../src/index.js";
import { FASHION_MNIST_FILES, loadFashionMnist } from "../src/node.js";

const TRAIN_PER_CLASS = 120;
const TEST_PER_CLASS = 60;
const out = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "fashion-mnist-subset");

function firstPerClass(set: LabelledImages, perClass: number): number[] {
  const taken = new Array<number>(10).fill(0);
  const chosen: number[] = [];
  for (let i = 0; i < set.count; i++) {
    const y = set.labels[i]!;
    if (taken[y]! < perClass) {
      taken[y]! += 1;
      chosen.push(i);
    }
  }
  return chosen;
}

function subset(set: LabelledImages, indices: readonly number[]): { images: Uint8Array; labels: Uint8Array } {
  const size = set.rows * set.cols;
  const images = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  indices.forEach((i, k) => {
    images.set(set.pixels.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = set.labels[i]!;
  });
  return { images, labels };
}

const dirFlag = process.argv.indexOf("--dir");
const data = await loadFashionMnist(dirFlag >= 0 ? { dir: process.argv[dirFlag + 1]! } : {});
await mkdir(out, { recursive: true });
const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");
const manifest: Record<string, unknown> = {
  description:
    "Fashion-MNIST subset for tests: first 120 training and first 60 test images of each class, file order",
  source: { dir: data.dir, sha256: data.sha256 },
  script: "packages/ml/scripts/build-subset.ts",
  counts: { train: 10 * TRAIN_PER_CLASS, test: 10 * TEST_PER_CLASS },
  sha256Uncompressed: {},
};
for (const [set, perClass, imagesFile, labelsFile] of [
  [data.train, TRAIN_PER_CLASS, FASHION_MNIST_FILES.trainImages, FASHION_MNIST_FILES.trainLabels],
  [data.test, TEST_PER_CLASS, FASHION_MNIST_FILES.testImages, FASHION_MNIST_FILES.testLabels],
] as const) {
  const indices = firstPerClass(set, perClass);
  const { images, labels } = subset(set, indices);
  const imagesIdx = encodeIdxUint8([indices.length, set.rows, set.cols], images);
  const labelsIdx = encodeIdxUint8([indices.length], labels);
  await writeFile(join(out, imagesFile), gzipSync(imagesIdx, { level: 9 }));
  await writeFile(join(out, labelsFile), gzipSync(labelsIdx, { level: 9 }));
  (manifest["sha256Uncompressed"] as Record<string, string>)[imagesFile] = sha(imagesIdx);
  (manifest["sha256Uncompressed"] as Record<string, string>)[labelsFile] = sha(labelsIdx);
}
await writeFile(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
process.stdout.write(`wrote ${out}\n`);
