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
import { IdxFormatError, type IdxTensor, parseIdx } from "./idx.js";

/** Where Debian's dataset-fashion-mnist package puts the files. */
export const DEBIAN_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** The four files of (Fashion-)MNIST, by role. */
export const FASHION_MNIST_FILES = Object.freeze({
  trainImages: "train-images-idx3-ubyte.gz",
  trainLabels: "train-labels-idx1-ubyte.gz",
  testImages: "t10k-images-idx3-ubyte.gz",
  testLabels: "t10k-labels-idx1-ubyte.gz",
});

/**
 * SHA-256 of the four files as Debian's dataset-fashion-mnist (0.0~git20200523.55506a9-1) installs
 * them — checked against the package's own MD5 list (/var/lib/dpkg/info/dataset-fashion-mnist.md5sums).
 */
export const DEBIAN_FASHION_MNIST_SHA256: Readonly<Record<string, string>> = Object.freeze({
  "train-images-idx3-ubyte.gz": "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
  "train-labels-idx1-ubyte.gz": "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
  "t10k-images-idx3-ubyte.gz": "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
  "t10k-labels-idx1-ubyte.gz": "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
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
  /**
   * "Fashion-MNIST" when the four files are exactly Debian's ({@link DEBIAN_FASHION_MNIST_SHA256}),
   * else "the IDX data set in <dir>" (MNIST, or modified files) — for messages and figures.
   */
  readonly name: string;
  /** Whether every file is byte-identical to Debian's dataset-fashion-mnist. */
  readonly debianFashionMnist: boolean;
  /** Files whose hash differs from Debian's (empty when all match), as messages. */
  readonly warnings: readonly string[];
}

/** Reads an IDX file, gunzipping it when it starts with the gzip magic bytes. */
/**
 * Reads an IDX file, gunzipping it when it starts with the gzip magic bytes.
 *
 * @throws IdxFormatError naming the file when it is truncated or corrupt (gzip or IDX)
 */
export async function readIdxFile(path: string): Promise<{ tensor: IdxTensor; sha256: string }> {
  const stored = await readFile(path);
  const sha256 = createHash("sha256").update(stored).digest("hex");
  let bytes: Uint8Array = stored;
  if (stored[0] === 0x1f && stored[1] === 0x8b) {
    try {
      bytes = gunzipSync(stored);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new IdxFormatError(
        `${path}: expected a complete gzip file, found a truncated or corrupt one (${why})`,
      );
    }
  }
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
 * // from Debian's dataset-fashion-mnist (or $FTG_FASHION_MNIST_DIR)
 * const data = await loadFashionMnist();
 * data.train.count // 60000
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
  const differs = Object.entries(sha256).filter(([file, h]) => DEBIAN_FASHION_MNIST_SHA256[file] !== h);
  const debianFashionMnist = differs.length === 0;
  const warnings = debianFashionMnist
    ? []
    : [
        `${differs.map(([f]) => join(dir, f)).join(", ")}: not the file${differs.length > 1 ? "s" : ""} of Debian's dataset-fashion-mnist (SHA-256 differs): another data set, or modified files`,
      ];
  return {
    dir,
    sha256,
    name: debianFashionMnist ? "Fashion-MNIST" : `the IDX data set in ${dir}`,
    debianFashionMnist,
    warnings,
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
