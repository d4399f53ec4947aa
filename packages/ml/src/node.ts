/**
 * Node-only entry of @ftg/ml: reads (gzipped) IDX files and finds Fashion-MNIST on disk.
 *
 * Conventions: Debian's `dataset-fashion-mnist` package installs the four gzipped IDX files in
 * /usr/share/datasets/fashion-mnist (checked with `dpkg -L dataset-fashion-mnist`); the directory
 * can be overridden by an option or the FTG_FASHION_MNIST_DIR environment variable. Nothing is
 * downloaded. Data hashes are SHA-256 of the files as stored (gzipped bytes), so a run records
 * exactly which files it read.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { type Examples, labelledImagesFromIdx, type TrainTestImages } from "./dataset.js";
import { type IdxTensor, parseIdx } from "./idx.js";

/** Where Debian's dataset-fashion-mnist package puts the files. */
export const DEBIAN_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** The four files of (Fashion-)MNIST, by role. */
export const FASHION_MNIST_FILES = Object.freeze({
  trainImages: "train-images-idx3-ubyte.gz",
  trainLabels: "train-labels-idx1-ubyte.gz",
  testImages: "t10k-images-idx3-ubyte.gz",
  testLabels: "t10k-labels-idx1-ubyte.gz",
});

/** The data set is not where it was looked for; the message says where and how to install it. */
export class DatasetNotFoundError extends Error {
  override readonly name = "DatasetNotFoundError";
}

/** A loaded data set with the provenance a run records. */
export interface LoadedImages extends TrainTestImages {
  readonly dir: string;
  /** SHA-256 (hex) of each file as stored, by file name. */
  readonly sha256: Readonly<Record<string, string>>;
}

/** Reads an IDX file, gunzipping it when it starts with the gzip magic bytes. */
export async function readIdxFile(path: string): Promise<{ tensor: IdxTensor; sha256: string }> {
  const stored = await readFile(path);
  const sha256 = createHash("sha256").update(stored).digest("hex");
  const bytes = stored[0] === 0x1f && stored[1] === 0x8b ? gunzipSync(stored) : stored;
  return { tensor: parseIdx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path), sha256 };
}

/** Options of {@link loadFashionMnist}. */
export interface LoadOptions {
  /**
   * Directory holding the four gzipped IDX files. Default: $FTG_FASHION_MNIST_DIR if set, else
   * {@link DEBIAN_FASHION_MNIST_DIR}.
   */
  readonly dir?: string;
}

/**
 * Loads Fashion-MNIST (or any data set stored as the same four IDX files).
 *
 * @throws DatasetNotFoundError naming the missing file and the Debian package that provides it
 * @example
 * ```ts
 * const data = await loadFashionMnist();
 * data.train.count; // 60000
 * ```
 */
export async function loadFashionMnist(options: LoadOptions = {}): Promise<LoadedImages> {
  const dir = options.dir ?? process.env["FTG_FASHION_MNIST_DIR"] ?? DEBIAN_FASHION_MNIST_DIR;
  for (const file of Object.values(FASHION_MNIST_FILES)) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      throw new DatasetNotFoundError(
        `Fashion-MNIST: ${path} not found; install Debian's dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist, or bash scripts/setup.sh) or point --data-dir / FTG_FASHION_MNIST_DIR at a folder with the four IDX files`,
      );
    }
  }
  const f = FASHION_MNIST_FILES;
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    [f.trainImages, f.trainLabels, f.testImages, f.testLabels].map((file) => readIdxFile(join(dir, file))),
  );
  const sha256: Record<string, string> = {};
  for (const [file, read] of [
    [f.trainImages, trainImages],
    [f.trainLabels, trainLabels],
    [f.testImages, testImages],
    [f.testLabels, testLabels],
  ] as const) {
    sha256[file] = read!.sha256;
  }
  return {
    dir,
    sha256,
    train: labelledImagesFromIdx(trainImages!.tensor, trainLabels!.tensor, join(dir, "train-*")),
    test: labelledImagesFromIdx(testImages!.tensor, testLabels!.tensor, join(dir, "t10k-*")),
  };
}

/**
 * SHA-256 (hex) of a set of examples: its labels, then its features' bytes — identifies exactly
 * what a firm trained on or a model was evaluated on.
 */
export function hashExamples(examples: Examples): string {
  return createHash("sha256")
    .update(examples.y)
    .update(new Uint8Array(examples.x.buffer, examples.x.byteOffset, examples.x.byteLength))
    .digest("hex");
}
