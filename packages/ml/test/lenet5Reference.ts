/**
 * The reference LeNet-5 for differential tests: the first implementation of
 * src/models/lenet5.ts (same architecture, parameter layout, initialisation and tie rule), written
 * as plain per-example loops — one output per register, every tap visited, dense backward passes.
 * The fast kernel must agree with it up to the order of floating-point sums.
 */

import { type Classifier, softmaxCrossEntropyInPlace } from "../src/models/classifier.js";
import { C1, C2, F1, F2, K, type LeNet5Options, lenet5Layout, lenet5Params } from "../src/models/lenet5.js";

/**
 * Creates a LeNet-5-style classifier.
 *
 * @throws RangeError when the image is too small or its sizes after pooling are not even
 * @example
 * ```ts
 * createLeNet5().params.length; // 61706
 * ```
 */
export function createReferenceLeNet5(options: LeNet5Options = {}): Classifier {
  const layout = lenet5Layout(options);
  const { H, W, classes, Hp, Wp, H1, W1, H2, W2, flat, oW1, oB1, oW2, oB2, oF1, oG1, oF2, oG2, oF3, oG3 } =
    layout;
  const p = lenet5Params(layout, options.rng);

  // Activations of one example (reused; the model is single-threaded).
  const pad = new Float64Array(Hp * Wp);
  const a1 = new Float64Array(C1 * H * W); // conv1 after ReLU
  const p1 = new Float64Array(C1 * H1 * W1);
  const p1Arg = new Int32Array(C1 * H1 * W1);
  const a2 = new Float64Array(C2 * H2 * W2);
  const p2 = new Float64Array(flat);
  const p2Arg = new Int32Array(flat);
  const h1 = new Float64Array(F1);
  const h2 = new Float64Array(F2);
  const z = new Float64Array(classes);
  // Gradients with respect to activations.
  const dh2 = new Float64Array(F2);
  const dh1 = new Float64Array(F1);
  const dp2 = new Float64Array(flat);
  const da2 = new Float64Array(C2 * H2 * W2);
  const dp1 = new Float64Array(C1 * H1 * W1);
  const da1 = new Float64Array(C1 * H * W);

  function maxPool(
    src: Float64Array,
    channels: number,
    h: number,
    w: number,
    dst: Float64Array,
    arg: Int32Array,
  ): void {
    const ho = h / 2;
    const wo = w / 2;
    for (let c = 0; c < channels; c++) {
      for (let y = 0; y < ho; y++) {
        for (let x = 0; x < wo; x++) {
          const i0 = c * h * w + 2 * y * w + 2 * x;
          let best = i0;
          if (src[i0 + 1]! > src[best]!) best = i0 + 1;
          if (src[i0 + w]! > src[best]!) best = i0 + w;
          if (src[i0 + w + 1]! > src[best]!) best = i0 + w + 1;
          const o = c * ho * wo + y * wo + x;
          dst[o] = src[best]!;
          arg[o] = best;
        }
      }
    }
  }

  function dense(
    input: Float64Array,
    nIn: number,
    out: Float64Array,
    nOut: number,
    wAt: number,
    bAt: number,
    relu: boolean,
  ): void {
    for (let o = 0; o < nOut; o++) {
      let s = p[bAt + o]!;
      const row = wAt + o * nIn;
      for (let i = 0; i < nIn; i++) s += p[row + i]! * input[i]!;
      out[o] = relu && s < 0 ? 0 : s;
    }
  }

  function forward(x: Float32Array, offset: number): void {
    for (let y = 0; y < H; y++) {
      const row = (y + 2) * Wp + 2;
      const src = offset + y * W;
      for (let xx = 0; xx < W; xx++) pad[row + xx] = x[src + xx]!;
    }
    // conv1 + ReLU: each output accumulated in a register (one store per output, not per tap)
    for (let oc = 0; oc < C1; oc++) {
      const base = oc * H * W;
      const bias = p[oB1 + oc]!;
      const wBase = oW1 + oc * K * K;
      for (let oy = 0; oy < H; oy++) {
        for (let ox = 0; ox < W; ox++) {
          let s = bias;
          for (let ky = 0; ky < K; ky++) {
            const inRow = (oy + ky) * Wp + ox;
            const wRow = wBase + ky * K;
            s +=
              p[wRow]! * pad[inRow]! +
              p[wRow + 1]! * pad[inRow + 1]! +
              p[wRow + 2]! * pad[inRow + 2]! +
              p[wRow + 3]! * pad[inRow + 3]! +
              p[wRow + 4]! * pad[inRow + 4]!;
          }
          a1[base + oy * W + ox] = Math.max(s, 0);
        }
      }
    }
    maxPool(a1, C1, H, W, p1, p1Arg);
    // conv2 + ReLU, the same way
    for (let oc = 0; oc < C2; oc++) {
      const base = oc * H2 * W2;
      const bias = p[oB2 + oc]!;
      for (let oy = 0; oy < H2; oy++) {
        for (let ox = 0; ox < W2; ox++) {
          let s = bias;
          for (let ic = 0; ic < C1; ic++) {
            const inBase = ic * H1 * W1 + oy * W1 + ox;
            const wBase = oW2 + (oc * C1 + ic) * K * K;
            for (let ky = 0; ky < K; ky++) {
              const inRow = inBase + ky * W1;
              const wRow = wBase + ky * K;
              s +=
                p[wRow]! * p1[inRow]! +
                p[wRow + 1]! * p1[inRow + 1]! +
                p[wRow + 2]! * p1[inRow + 2]! +
                p[wRow + 3]! * p1[inRow + 3]! +
                p[wRow + 4]! * p1[inRow + 4]!;
            }
          }
          a2[base + oy * W2 + ox] = Math.max(s, 0);
        }
      }
    }
    maxPool(a2, C2, H2, W2, p2, p2Arg);
    dense(p2, flat, h1, F1, oF1, oG1, true);
    dense(h1, F1, h2, F2, oF2, oG2, true);
    dense(h2, F2, z, classes, oF3, oG3, false);
  }

  /** Backward through a dense layer: weight/bias gradients, and the input gradient (ReLU-masked by `input > 0`) if `dIn`. */
  function denseBack(
    input: Float64Array,
    nIn: number,
    dOut: Float64Array,
    nOut: number,
    wAt: number,
    bAt: number,
    grad: Float64Array,
    dIn: Float64Array | undefined,
  ): void {
    if (dIn !== undefined) dIn.fill(0);
    for (let o = 0; o < nOut; o++) {
      const d = dOut[o]!;
      if (d === 0) continue; // exact: a zero upstream gradient contributes nothing
      grad[bAt + o] = grad[bAt + o]! + d;
      const row = wAt + o * nIn;
      for (let i = 0; i < nIn; i++) grad[row + i] = grad[row + i]! + d * input[i]!;
      if (dIn !== undefined) for (let i = 0; i < nIn; i++) dIn[i] = dIn[i]! + d * p[row + i]!;
    }
    // ReLU mask: the layer's input is a post-ReLU activation, zero exactly where the ReLU cut.
    if (dIn !== undefined) for (let i = 0; i < nIn; i++) if (input[i]! <= 0) dIn[i] = 0;
  }

  return {
    kind: "lenet5",
    inputDim: H * W,
    classes,
    params: p,
    linearInParams: false,
    logits(x: Float32Array, offset: number, out: Float64Array): void {
      forward(x, offset);
      out.set(z);
    },
    logitsMany(x: Float32Array, count: number, out: Float64Array): void {
      for (let i = 0; i < count; i++) {
        forward(x, i * H * W);
        out.set(z, i * classes);
      }
    },
    accumulateGradientMany(
      x: Float32Array,
      _count: number,
      labels: Uint8Array,
      rows: Int32Array,
      grad: Float64Array,
    ): number {
      let loss = 0;
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k]!;
        loss += accumulateOne(x, i * H * W, labels[i]!, grad);
      }
      return loss;
    },
    accumulateGradient: accumulateOne,
  };

  function accumulateOne(x: Float32Array, offset: number, label: number, grad: Float64Array): number {
    forward(x, offset);
    const loss = softmaxCrossEntropyInPlace(z, label);
    z[label] = z[label]! - 1;
    denseBack(h2, F2, z, classes, oF3, oG3, grad, dh2);
    denseBack(h1, F1, dh2, F2, oF2, oG2, grad, dh1);
    // p2 is a max of post-ReLU values, so p2 > 0 exactly where the gradient passes.
    denseBack(p2, flat, dh1, F1, oF1, oG1, grad, dp2);
    // pool2 backward (ReLU of conv2 is already accounted for: p2 = 0 where a2 was cut)
    da2.fill(0);
    for (let i = 0; i < flat; i++) da2[p2Arg[i]!] = dp2[i]!;
    // conv2 backward: weight, bias and input gradients
    dp1.fill(0);
    for (let oc = 0; oc < C2; oc++) {
      const base = oc * H2 * W2;
      let gb = 0;
      for (let i = 0; i < H2 * W2; i++) gb += da2[base + i]!;
      if (gb === 0 && allZero(da2, base, H2 * W2)) continue;
      grad[oB2 + oc] = grad[oB2 + oc]! + gb;
      for (let ic = 0; ic < C1; ic++) {
        const inBase = ic * H1 * W1;
        for (let ky = 0; ky < K; ky++) {
          for (let kx = 0; kx < K; kx++) {
            const wi = oW2 + ((oc * C1 + ic) * K + ky) * K + kx;
            const wv = p[wi]!;
            let g = 0;
            for (let oy = 0; oy < H2; oy++) {
              const inRow = inBase + (oy + ky) * W1 + kx;
              const outRow = base + oy * W2;
              for (let ox = 0; ox < W2; ox++) {
                const d = da2[outRow + ox]!;
                g += d * p1[inRow + ox]!;
                dp1[inRow + ox] = dp1[inRow + ox]! + wv * d;
              }
            }
            grad[wi] = grad[wi]! + g;
          }
        }
      }
    }
    // pool1 backward, then conv1's ReLU (p1 = 0 exactly where a1 was cut)
    da1.fill(0);
    for (let i = 0; i < p1.length; i++) if (p1[i]! > 0) da1[p1Arg[i]!] = dp1[i]!;
    // conv1 backward: weight and bias gradients only (the input needs none)
    for (let oc = 0; oc < C1; oc++) {
      const base = oc * H * W;
      let gb = 0;
      for (let i = 0; i < H * W; i++) gb += da1[base + i]!;
      grad[oB1 + oc] = grad[oB1 + oc]! + gb;
      for (let ky = 0; ky < K; ky++) {
        for (let kx = 0; kx < K; kx++) {
          let g = 0;
          for (let oy = 0; oy < H; oy++) {
            const inRow = (oy + ky) * Wp + kx;
            const outRow = base + oy * W;
            for (let ox = 0; ox < W; ox++) g += da1[outRow + ox]! * pad[inRow + ox]!;
          }
          const wi = oW1 + oc * K * K + ky * K + kx;
          grad[wi] = grad[wi]! + g;
        }
      }
    }
    return loss;
  }
}

function allZero(a: Float64Array, from: number, n: number): boolean {
  for (let i = from; i < from + n; i++) if (a[i] !== 0) return false;
  return true;
}
