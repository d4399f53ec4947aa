/**
 * Multinomial logistic regression: logits = W·x + b, softmax cross-entropy loss.
 *
 * Conventions: parameters are `W` (classes × inputDim, row-major) followed by `b` (classes). The
 * average loss is convex and L-smooth in the parameters, with L ≤ ½·max‖(x, 1)‖² — the setting of
 * the paper's convergence theory (Werner et al., Section 4.2, Theorem 1). Initialisation follows
 * PyTorch's `nn.Linear`: every parameter uniform in ±1/√inputDim.
 *
 * Speed: Fashion-MNIST images are half background (exact zeros), so the kernels visit only the
 * non-zero features — a zero feature contributes exactly zero to logits and gradients, so the
 * results are those of the dense formulas. Evaluation keeps a compressed (CSR) copy of each
 * feature matrix it has seen (weakly, so it is freed with the matrix).
 */
import type { Rng } from "../rng.js";
import { type Classifier, softmaxCrossEntropyInPlace } from "./classifier.js";

/** Options of {@link createLogisticRegression}. */
export interface LogisticOptions {
  /** Feature dimension. Default 784 (28 × 28). */
  readonly inputDim?: number;
  /** Number of classes. Default 10. */
  readonly classes?: number;
  /** Initialises the parameters uniformly in ±1/√inputDim; all zeros without it. */
  readonly rng?: Rng;
}

interface Csr {
  readonly dim: number;
  readonly rowStart: Int32Array;
  readonly col: Int32Array;
  readonly value: Float64Array;
}

const csrCache = new WeakMap<Float32Array, Csr>();

function csrOf(x: Float32Array, count: number, dim: number): Csr {
  const hit = csrCache.get(x);
  if (hit !== undefined && hit.dim === dim && hit.rowStart.length >= count + 1) return hit;
  let nnz = 0;
  for (let i = 0; i < count * dim; i++) if (x[i] !== 0) nnz++;
  const rowStart = new Int32Array(count + 1);
  const col = new Int32Array(nnz);
  const value = new Float64Array(nnz);
  let k = 0;
  for (let i = 0; i < count; i++) {
    const off = i * dim;
    for (let j = 0; j < dim; j++) {
      const v = x[off + j]!;
      if (v !== 0) {
        col[k] = j;
        value[k] = v;
        k++;
      }
    }
    rowStart[i + 1] = k;
  }
  const csr = { dim, rowStart, col, value };
  csrCache.set(x, csr);
  return csr;
}

/**
 * Creates a logistic-regression classifier.
 *
 * @example
 * ```ts
 * createLogisticRegression().params.length // 7850
 * ```
 */
export function createLogisticRegression(options: LogisticOptions = {}): Classifier {
  const dim = options.inputDim ?? 784;
  const classes = options.classes ?? 10;
  const params = new Float64Array(classes * dim + classes);
  const rng = options.rng;
  if (rng !== undefined) {
    const bound = 1 / Math.sqrt(dim);
    for (let i = 0; i < params.length; i++) params[i] = (2 * rng.next() - 1) * bound;
  }
  const biasAt = classes * dim;
  const z = new Float64Array(classes);
  const nonZero = new Int32Array(dim);
  const transposed = new Float64Array(dim * classes);
  const gradT = new Float64Array(dim * classes);

  /** Gathers the non-zero feature indices of one example; returns how many. */
  function gather(x: Float32Array, offset: number): number {
    let n = 0;
    for (let j = 0; j < dim; j++) if (x[offset + j] !== 0) nonZero[n++] = j;
    return n;
  }

  function logitsSparse(x: Float32Array, offset: number, n: number, out: Float64Array): void {
    for (let c = 0; c < classes; c++) {
      let s = params[biasAt + c]!;
      const row = c * dim;
      for (let k = 0; k < n; k++) {
        const j = nonZero[k]!;
        s += params[row + j]! * x[offset + j]!;
      }
      out[c] = s;
    }
  }

  return {
    kind: "logistic",
    inputDim: dim,
    classes,
    params,
    linearInParams: true,
    logits(x: Float32Array, offset: number, out: Float64Array): void {
      logitsSparse(x, offset, gather(x, offset), out);
    },
    logitsMany(x: Float32Array, count: number, out: Float64Array): void {
      const { rowStart, col, value } = csrOf(x, count, dim);
      // W transposed (feature-major) so that one pass over an example's non-zeros feeds all classes.
      for (let c = 0; c < classes; c++)
        for (let j = 0; j < dim; j++) transposed[j * classes + c] = params[c * dim + j]!;
      for (let i = 0; i < count; i++) {
        const o = i * classes;
        for (let c = 0; c < classes; c++) out[o + c] = params[biasAt + c]!;
        const end = rowStart[i + 1]!;
        if (classes === 10) {
          // Ten named accumulators: V8 keeps them in registers (about 2× the generic loop here).
          let z0 = 0;
          let z1 = 0;
          let z2 = 0;
          let z3 = 0;
          let z4 = 0;
          let z5 = 0;
          let z6 = 0;
          let z7 = 0;
          let z8 = 0;
          let z9 = 0;
          for (let k = rowStart[i]!; k < end; k++) {
            const v = value[k]!;
            const b = col[k]! * 10;
            z0 += transposed[b]! * v;
            z1 += transposed[b + 1]! * v;
            z2 += transposed[b + 2]! * v;
            z3 += transposed[b + 3]! * v;
            z4 += transposed[b + 4]! * v;
            z5 += transposed[b + 5]! * v;
            z6 += transposed[b + 6]! * v;
            z7 += transposed[b + 7]! * v;
            z8 += transposed[b + 8]! * v;
            z9 += transposed[b + 9]! * v;
          }
          out[o] = out[o]! + z0;
          out[o + 1] = out[o + 1]! + z1;
          out[o + 2] = out[o + 2]! + z2;
          out[o + 3] = out[o + 3]! + z3;
          out[o + 4] = out[o + 4]! + z4;
          out[o + 5] = out[o + 5]! + z5;
          out[o + 6] = out[o + 6]! + z6;
          out[o + 7] = out[o + 7]! + z7;
          out[o + 8] = out[o + 8]! + z8;
          out[o + 9] = out[o + 9]! + z9;
        } else {
          for (let k = rowStart[i]!; k < end; k++) {
            const v = value[k]!;
            const b = col[k]! * classes;
            for (let c = 0; c < classes; c++) out[o + c] = out[o + c]! + transposed[b + c]! * v;
          }
        }
      }
    },
    accumulateGradientMany(
      x: Float32Array,
      count: number,
      labels: Uint8Array,
      rows: Int32Array,
      grad: Float64Array,
    ): number {
      if (classes !== 10) {
        let loss = 0;
        for (let k = 0; k < rows.length; k++) {
          const i = rows[k]!;
          loss += accumulateOne(x, i * dim, labels[i]!, grad);
        }
        return loss;
      }
      // The ten-class path of logitsMany, plus the transposed gradient accumulated the same way.
      const { rowStart, col, value } = csrOf(x, count, dim);
      for (let c = 0; c < classes; c++)
        for (let j = 0; j < dim; j++) transposed[j * classes + c] = params[c * dim + j]!;
      gradT.fill(0);
      let loss = 0;
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k]!;
        const start = rowStart[i]!;
        const end = rowStart[i + 1]!;
        let z0 = params[biasAt]!;
        let z1 = params[biasAt + 1]!;
        let z2 = params[biasAt + 2]!;
        let z3 = params[biasAt + 3]!;
        let z4 = params[biasAt + 4]!;
        let z5 = params[biasAt + 5]!;
        let z6 = params[biasAt + 6]!;
        let z7 = params[biasAt + 7]!;
        let z8 = params[biasAt + 8]!;
        let z9 = params[biasAt + 9]!;
        for (let q = start; q < end; q++) {
          const v = value[q]!;
          const b = col[q]! * 10;
          z0 += transposed[b]! * v;
          z1 += transposed[b + 1]! * v;
          z2 += transposed[b + 2]! * v;
          z3 += transposed[b + 3]! * v;
          z4 += transposed[b + 4]! * v;
          z5 += transposed[b + 5]! * v;
          z6 += transposed[b + 6]! * v;
          z7 += transposed[b + 7]! * v;
          z8 += transposed[b + 8]! * v;
          z9 += transposed[b + 9]! * v;
        }
        z[0] = z0;
        z[1] = z1;
        z[2] = z2;
        z[3] = z3;
        z[4] = z4;
        z[5] = z5;
        z[6] = z6;
        z[7] = z7;
        z[8] = z8;
        z[9] = z9;
        const label = labels[i]!;
        loss += softmaxCrossEntropyInPlace(z, label);
        z[label] = z[label]! - 1;
        for (let c = 0; c < 10; c++) grad[biasAt + c] = grad[biasAt + c]! + z[c]!;
        const d0 = z[0]!;
        const d1 = z[1]!;
        const d2 = z[2]!;
        const d3 = z[3]!;
        const d4 = z[4]!;
        const d5 = z[5]!;
        const d6 = z[6]!;
        const d7 = z[7]!;
        const d8 = z[8]!;
        const d9 = z[9]!;
        for (let q = start; q < end; q++) {
          const v = value[q]!;
          const b = col[q]! * 10;
          gradT[b] = gradT[b]! + d0 * v;
          gradT[b + 1] = gradT[b + 1]! + d1 * v;
          gradT[b + 2] = gradT[b + 2]! + d2 * v;
          gradT[b + 3] = gradT[b + 3]! + d3 * v;
          gradT[b + 4] = gradT[b + 4]! + d4 * v;
          gradT[b + 5] = gradT[b + 5]! + d5 * v;
          gradT[b + 6] = gradT[b + 6]! + d6 * v;
          gradT[b + 7] = gradT[b + 7]! + d7 * v;
          gradT[b + 8] = gradT[b + 8]! + d8 * v;
          gradT[b + 9] = gradT[b + 9]! + d9 * v;
        }
      }
      for (let c = 0; c < classes; c++) {
        for (let j = 0; j < dim; j++) grad[c * dim + j] = grad[c * dim + j]! + gradT[j * classes + c]!;
      }
      return loss;
    },
    accumulateGradient: accumulateOne,
  };

  function accumulateOne(x: Float32Array, offset: number, label: number, grad: Float64Array): number {
    const n = gather(x, offset);
    logitsSparse(x, offset, n, z);
    const loss = softmaxCrossEntropyInPlace(z, label);
    z[label] = z[label]! - 1;
    for (let c = 0; c < classes; c++) {
      const d = z[c]!;
      grad[biasAt + c] = grad[biasAt + c]! + d;
      // A residual that is exactly zero (saturated softmax) adds exactly nothing.
      if (d === 0) continue;
      const row = c * dim;
      for (let k = 0; k < n; k++) {
        const j = nonZero[k]!;
        grad[row + j] = grad[row + j]! + d * x[offset + j]!;
      }
    }
    return loss;
  }
}
