/**
 * Labelled image sets and the feature matrices the learners train on.
 *
 * Conventions: images are row-major `rows × cols` unsigned bytes (0 = background, as in
 * Fashion-MNIST); labels are class indices `0 … classes − 1`. Features are the pixels scaled to
 * [0, 1] (divided by 255), stored as one `count × dim` Float32Array, which halves the memory of
 * Float64 and keeps the 10,000-example target set at 31 MB.
 */
import { IdxFormatError, type IdxTensor } from "./idx.js";

/** Raw labelled images, as stored in IDX files. */
export interface LabelledImages {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** `count × rows × cols` pixel bytes. */
  readonly pixels: Uint8Array;
  /** `count` labels. */
  readonly labels: Uint8Array;
}

/** A data set split as Fashion-MNIST ships it. */
export interface TrainTestImages {
  readonly train: LabelledImages;
  readonly test: LabelledImages;
}

/** Training examples: features in [0, 1] and labels. */
export interface Examples {
  readonly count: number;
  /** Feature dimension (`rows × cols`). */
  readonly dim: number;
  readonly rows: number;
  readonly cols: number;
  /** `count × dim` features, row-major. */
  readonly x: Float32Array;
  readonly y: Uint8Array;
  /** Index of each example in the source set it was taken from (for provenance and hashing). */
  readonly source: Int32Array;
}

/** The number of classes of Fashion-MNIST (and MNIST). */
export const FASHION_MNIST_CLASSES = 10;

/** Fashion-MNIST's class names, by label. */
export const FASHION_MNIST_LABELS: readonly string[] = Object.freeze([
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
]);

/**
 * Pairs an image tensor (`n × rows × cols`, uint8) with a label tensor (`n`, uint8).
 *
 * @param label - names the pair in error messages
 * @throws IdxFormatError when the types, ranks or counts do not match, or a label is ≥ `classes`
 */
export function labelledImagesFromIdx(
  images: IdxTensor,
  labels: IdxTensor,
  label = "data set",
  classes = FASHION_MNIST_CLASSES,
): LabelledImages {
  if (images.type !== "uint8" || images.dims.length !== 3) {
    throw new IdxFormatError(
      `${label}: images: expected a rank-3 uint8 tensor, found rank ${images.dims.length} ${images.type}`,
    );
  }
  if (labels.type !== "uint8" || labels.dims.length !== 1) {
    throw new IdxFormatError(
      `${label}: labels: expected a rank-1 uint8 tensor, found rank ${labels.dims.length} ${labels.type}`,
    );
  }
  const [count, rows, cols] = images.dims as [number, number, number];
  if (labels.dims[0] !== count) {
    throw new IdxFormatError(
      `${label}: expected as many labels as images (${count}), found ${labels.dims[0]}`,
    );
  }
  const y = labels.data as Uint8Array;
  for (let i = 0; i < count; i++) {
    if (y[i]! >= classes) {
      throw new IdxFormatError(`${label}: labels[${i}]: expected a class in 0…${classes - 1}, found ${y[i]}`);
    }
  }
  return { count, rows, cols, pixels: images.data as Uint8Array, labels: y };
}

/**
 * Features and labels of the selected images (all of them by default), in the given order.
 *
 * @example
 * ```ts
 * // fashionMnist: the images `await loadFashionMnist()` returns (from "@ftg/ml/node")
 * toExamples(fashionMnist.train, [3, 1]).count // 2
 * ```
 */
export function toExamples(images: LabelledImages, indices?: ArrayLike<number>): Examples {
  const dim = images.rows * images.cols;
  const count = indices === undefined ? images.count : indices.length;
  const x = new Float32Array(count * dim);
  const y = new Uint8Array(count);
  const source = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const i = indices === undefined ? k : indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= images.count) {
      throw new RangeError(`indices[${k}]: expected an integer in [0, ${images.count}), found ${i}`);
    }
    const from = i * dim;
    const to = k * dim;
    for (let j = 0; j < dim; j++) x[to + j] = images.pixels[from + j]! / 255;
    y[k] = images.labels[i]!;
    source[k] = i;
  }
  return { count, dim, rows: images.rows, cols: images.cols, x, y, source };
}

/** Number of examples of each class (length `classes`). */
export function labelCounts(labels: ArrayLike<number>, classes = FASHION_MNIST_CLASSES): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]! += 1;
  return counts;
}
