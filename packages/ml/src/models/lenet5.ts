/**
 * A LeNet-5-style convolutional network in plain typed-array loops.
 *
 * Conventions: the architecture of the usual PyTorch LeNet-5 for 28 × 28 inputs (LeCun et al.
 * 1998, as used by the paper's Section 5): conv 5×5 (6 maps, zero padding 2) → ReLU → max-pool 2
 * → conv 5×5 (16 maps) → ReLU → max-pool 2 → fully connected 120 → ReLU → 84 → ReLU → classes.
 * For 28 × 28 inputs that is 61,706 parameters, laid out flat in the order conv1 weights
 * [6][1][5][5], conv1 biases, conv2 weights [16][6][5][5], conv2 biases, fc1 [120][400], fc1
 * biases, fc2 [84][120], fc2 biases, fc3 [classes][84], fc3 biases. Initialisation follows
 * PyTorch's default for Conv2d/Linear: uniform in ±1/√fan_in for weights and biases. Max-pool ties
 * go to the first (row-major) position, which is also where the gradient is routed.
 *
 * Why hand-written kernels: TensorFlow.js's CPU backend took about 290 s per epoch of 2,000
 * examples on the project's 2-core machine and its WASM backend lacks convolution gradients; these
 * loops do the same epoch in seconds (bench/ml.ts prints the figure). The file is longer than the
 * project's 500 lines because the kernels are unrolled by hand (two maps × four or five columns
 * per step) and share one parameter layout and one set of scratch buffers; split, each part would
 * need the other's internals.
 *
 * Speed: the convolutions compute two output maps and a run of four or five neighbouring columns
 * at once, reading each row of input values once for 40–50 multiply-adds (`conv5`; ~420k
 * multiply-adds per image in all); evaluation runs the dense layers as one blocked matrix product
 * ({@link gemmNT}) over 32 images at a time, so every weight read serves several images. The backward pass visits
 * only the pooling maxima that carry a gradient (at most a quarter of the convolution outputs) and
 * dense rows with a non-zero upstream gradient — skipping exact zeros, so the gradient is that of
 * the dense formulas. Results equal the plain per-example loops (test/lenet5Reference.ts) up to
 * the order of floating-point sums; every order here is fixed, so runs are deterministic.
 */
import type { Rng } from "../rng.js";
import { type Classifier, softmaxCrossEntropyInPlace } from "./classifier.js";

/** Options of {@link createLeNet5}. */
export interface LeNet5Options {
  /** Image height. Default 28. */
  readonly rows?: number;
  /** Image width. Default 28. */
  readonly cols?: number;
  /** Number of classes. Default 10. */
  readonly classes?: number;
  /** Initialises the parameters (PyTorch's default scheme); all zeros without it. */
  readonly rng?: Rng;
  /**
   * Hidden activation: "relu" (default) or "tanh" — the authors' script (LeNet with nn.Tanh after
   * each convolution and hidden dense layer; `--protocol paper`).
   */
  readonly activation?: "relu" | "tanh";
}

// kernel size, channels of the two convolutions, widths of the two hidden dense layers
export const K = 5;
export const C1 = 6;
export const C2 = 16;
export const F1 = 120;
export const F2 = 84;

/** LeNet-5's sizes and parameter offsets for an image size (shared with the tests' reference model). */
export function lenet5Layout(options: LeNet5Options = {}) {
  const H = options.rows ?? 28;
  const W = options.cols ?? 28;
  const classes = options.classes ?? 10;
  if (!(H % 2 === 0 && W % 2 === 0 && (H / 2 - 4) % 2 === 0 && (W / 2 - 4) % 2 === 0 && H >= 12 && W >= 12)) {
    throw new RangeError(
      `rows × cols: expected sizes ≥ 12 with size/2 − 4 even (e.g. 28 × 28), found ${H} × ${W}`,
    );
  }
  const Hp = H + 4; // padded input
  const Wp = W + 4;
  const H1 = H / 2; // after pool1
  const W1 = W / 2;
  const H2 = H1 - 4; // after conv2
  const W2 = W1 - 4;
  const H3 = H2 / 2; // after pool2
  const W3 = W2 / 2;
  const flat = C2 * H3 * W3;
  // Parameter offsets.
  const oW1 = 0;
  const oB1 = oW1 + C1 * K * K;
  const oW2 = oB1 + C1;
  const oB2 = oW2 + C2 * C1 * K * K;
  const oF1 = oB2 + C2;
  const oG1 = oF1 + F1 * flat;
  const oF2 = oG1 + F1;
  const oG2 = oF2 + F2 * F1;
  const oF3 = oG2 + F2;
  const oG3 = oF3 + classes * F2;
  const total = oG3 + classes;
  return {
    H,
    W,
    classes,
    Hp,
    Wp,
    H1,
    W1,
    H2,
    W2,
    H3,
    W3,
    flat,
    oW1,
    oB1,
    oW2,
    oB2,
    oF1,
    oG1,
    oF2,
    oG2,
    oF3,
    oG3,
    total,
  };
}

/** LeNet-5's layout: see {@link lenet5Layout}. */
export type LeNet5Layout = ReturnType<typeof lenet5Layout>;

/** Parameters initialised by PyTorch's default scheme (uniform ±1/√fan-in); all zeros without `rng`. */
export function lenet5Params(l: LeNet5Layout, rng: Rng | undefined): Float64Array {
  const p = new Float64Array(l.total);
  if (rng !== undefined) {
    const fill = (from: number, to: number, fanIn: number): void => {
      const bound = 1 / Math.sqrt(fanIn);
      for (let i = from; i < to; i++) p[i] = (2 * rng.next() - 1) * bound;
    };
    fill(l.oW1, l.oW2, K * K);
    fill(l.oW2, l.oF1, C1 * K * K);
    fill(l.oF1, l.oF2, l.flat);
    fill(l.oF2, l.oF3, F1);
    fill(l.oF3, l.total, F2);
  }
  return p;
}

/**
 * Creates a LeNet-5-style classifier.
 *
 * @throws RangeError when the image is too small or its sizes after pooling are not even
 * @example
 * ```ts
 * createLeNet5().params.length // 61706
 * ```
 */
export function createLeNet5(options: LeNet5Options = {}): Classifier {
  const layout = lenet5Layout(options);
  const {
    H,
    W,
    classes,
    Hp,
    Wp,
    H1,
    W1,
    H2,
    W2,
    H3,
    W3,
    flat,
    oW1,
    oB1,
    oW2,
    oB2,
    oF1,
    oG1,
    oF2,
    oG2,
    oF3,
    oG3,
  } = layout;
  const p = lenet5Params(layout, options.rng);
  const tanh = options.activation === "tanh";
  // Both activations are increasing, so pooling before activating is exact; derivatives are taken
  // from the activation's output a: ReLU passes where a > 0, tanh scales by 1 − a².
  const act = tanh ? Math.tanh : (v: number): number => Math.max(v, 0);

  const P1 = H1 * W1; // one pooled conv1 map
  const A2 = H2 * W2; // one conv2 map
  const P2 = H3 * W3; // one pooled conv2 map
  const KK = K * K;
  const K2 = C1 * KK; // conv2 taps per output
  const HW = H * W;

  // Scratch of one example (reused: a model is single-threaded).
  const pad = new Float64Array(Hp * Wp); // zero border, written inside only
  const c1 = new Float64Array(C1 * HW); // conv1 pre-activation without bias, [oc][pos]
  const p1 = new Float64Array(C1 * P1); // pool1 after bias and ReLU
  const p1Arg = new Int32Array(C1 * P1); // position (y·W + x) of each pool1 maximum
  const c2 = new Float64Array(C2 * A2);
  const p2Arg = new Int32Array(flat);
  // Batched evaluation: activations of up to BATCH examples, example-major.
  const BATCH = 32;
  const p2b = new Float64Array(BATCH * flat);
  const h1b = new Float64Array(BATCH * F1);
  const h2b = new Float64Array(BATCH * F2);
  const out = new Float64Array(Math.max(F1, F2, classes) * BATCH); // [unit][example]
  // Gradients with respect to activations (one example).
  const z = new Float64Array(classes);
  const dh2 = new Float64Array(F2);
  const dh1 = new Float64Array(F1);
  const dp2 = new Float64Array(flat);
  const dp1 = new Float64Array(C1 * P1);
  const nz = new Int32Array(Math.max(F1, F2, classes));

  /**
   * Bias, 2 × 2 max-pool (ties to the first position in row-major order) and ReLU of `channels`
   * maps of `h × w` pre-activations; ReLU commutes with max, so pooling first is exact.
   */
  function poolBiasRelu(
    src: Float64Array,
    channels: number,
    h: number,
    w: number,
    bAt: number,
    dst: Float64Array,
    dOff: number,
    arg: Int32Array,
  ): void {
    const ho = h >> 1;
    const wo = w >> 1;
    for (let c = 0; c < channels; c++) {
      const bias = p[bAt + c]!;
      const plane = c * h * w;
      for (let y = 0; y < ho; y++) {
        for (let x = 0; x < wo; x++) {
          const at = 2 * y * w + 2 * x;
          let best = at;
          let m = src[plane + at]!;
          if (src[plane + at + 1]! > m) {
            best = at + 1;
            m = src[plane + best]!;
          }
          if (src[plane + at + w]! > m) {
            best = at + w;
            m = src[plane + best]!;
          }
          if (src[plane + at + w + 1]! > m) {
            best = at + w + 1;
            m = src[plane + best]!;
          }
          const o = c * ho * wo + y * wo + x;
          dst[dOff + o] = act(m + bias);
          arg[o] = best;
        }
      }
    }
  }

  /** The convolutions and pools of the example at `x[offset]`; pool2's output goes to `dst[dOff…]`. */
  function convolutions(x: Float32Array, offset: number, dst: Float64Array, dOff: number): void {
    for (let y = 0; y < H; y++) {
      const row = (y + 2) * Wp + 2;
      const src = offset + y * W;
      for (let xx = 0; xx < W; xx++) pad[row + xx] = x[src + xx]!;
    }
    conv5(pad, 1, Hp * Wp, Wp, H, W, p, oW1, C1, c1);
    poolBiasRelu(c1, C1, H, W, oB1, p1, 0, p1Arg);
    conv5(p1, C1, P1, W1, H2, W2, p, oW2, C2, c2);
    poolBiasRelu(c2, C2, H2, W2, oB2, dst, dOff, p2Arg);
  }

  /** A dense layer over `n` examples: `dst[e·nOut + o]` = act(b[o] + W[o]·src[e·nIn …]). */
  function dense(
    src: Float64Array,
    n: number,
    nIn: number,
    nOut: number,
    wAt: number,
    bAt: number,
    relu: boolean,
    dst: Float64Array,
    dOff: number,
  ): void {
    gemmNT(p, wAt, src, 0, nOut, n, nIn, out, 0);
    for (let o = 0; o < nOut; o++) {
      const bias = p[bAt + o]!;
      for (let e = 0; e < n; e++) {
        const v = out[o * n + e]! + bias;
        dst[dOff + e * nOut + o] = relu ? act(v) : v;
      }
    }
  }

  /** Logits of `n` ≤ BATCH consecutive examples starting at example `first` into `dst` (example-major). */
  function forwardBatch(x: Float32Array, first: number, n: number, dst: Float64Array, dOff: number): void {
    for (let e = 0; e < n; e++) convolutions(x, (first + e) * HW, p2b, e * flat);
    dense(p2b, n, flat, F1, oF1, oG1, true, h1b, 0);
    dense(h1b, n, F1, F2, oF2, oG2, true, h2b, 0);
    dense(h2b, n, F2, classes, oF3, oG3, false, dst, dOff);
  }

  /**
   * Backward through a dense layer for one example: weight/bias gradients, and the input gradient
   * (ReLU-masked by `input > 0`) if `dIn`. Rows with a zero upstream gradient are skipped (exact:
   * they contribute nothing), the others go two at a time so each input is read once per pair.
   */
  function denseBack(
    input: Float64Array,
    inOff: number,
    nIn: number,
    dOut: Float64Array,
    nOut: number,
    wAt: number,
    bAt: number,
    grad: Float64Array,
    dIn: Float64Array | undefined,
  ): void {
    let m = 0;
    for (let o = 0; o < nOut; o++) if (dOut[o] !== 0) nz[m++] = o;
    if (dIn !== undefined) dIn.fill(0, 0, nIn);
    let k = 0;
    for (; k + 1 < m; k += 2) {
      const o0 = nz[k]!;
      const o1 = nz[k + 1]!;
      const d0 = dOut[o0]!;
      const d1 = dOut[o1]!;
      grad[bAt + o0] = grad[bAt + o0]! + d0;
      grad[bAt + o1] = grad[bAt + o1]! + d1;
      const r0 = wAt + o0 * nIn;
      const r1 = wAt + o1 * nIn;
      if (dIn !== undefined) {
        for (let i = 0; i < nIn; i++) {
          const v = input[inOff + i]!;
          grad[r0 + i] = grad[r0 + i]! + d0 * v;
          grad[r1 + i] = grad[r1 + i]! + d1 * v;
          dIn[i] = dIn[i]! + d0 * p[r0 + i]! + d1 * p[r1 + i]!;
        }
      } else {
        for (let i = 0; i < nIn; i++) {
          const v = input[inOff + i]!;
          grad[r0 + i] = grad[r0 + i]! + d0 * v;
          grad[r1 + i] = grad[r1 + i]! + d1 * v;
        }
      }
    }
    if (k < m) {
      const o = nz[k]!;
      const d = dOut[o]!;
      grad[bAt + o] = grad[bAt + o]! + d;
      const r = wAt + o * nIn;
      for (let i = 0; i < nIn; i++) {
        grad[r + i] = grad[r + i]! + d * input[inOff + i]!;
        if (dIn !== undefined) dIn[i] = dIn[i]! + d * p[r + i]!;
      }
    }
    // Activation derivative from the layer's input (a post-activation value): ReLU is cut exactly
    // where it is 0, tanh scales by 1 − a².
    if (dIn !== undefined) {
      if (tanh) {
        for (let i = 0; i < nIn; i++) {
          const a = input[inOff + i]!;
          dIn[i] = dIn[i]! * (1 - a * a);
        }
      } else for (let i = 0; i < nIn; i++) if (input[inOff + i]! <= 0) dIn[i] = 0;
    }
  }

  function accumulateOne(x: Float32Array, offset: number, label: number, grad: Float64Array): number {
    // Forward (batch of one, so the activations stay in the batch buffers' first rows).
    convolutions(x, offset, p2b, 0);
    dense(p2b, 1, flat, F1, oF1, oG1, true, h1b, 0);
    dense(h1b, 1, F1, F2, oF2, oG2, true, h2b, 0);
    dense(h2b, 1, F2, classes, oF3, oG3, false, z, 0);
    const loss = softmaxCrossEntropyInPlace(z, label);
    z[label] = z[label]! - 1;
    denseBack(h2b, 0, F2, z, classes, oF3, oG3, grad, dh2);
    denseBack(h1b, 0, F1, dh2, F2, oF2, oG2, grad, dh1);
    // p2 is a max of post-ReLU values, so p2 > 0 exactly where the gradient passes.
    denseBack(p2b, 0, flat, dh1, F1, oF1, oG1, grad, dp2);
    // pool2 and conv2 backward, visiting only the maxima that pass a gradient (a quarter of the
    // positions at most): weight and bias gradients, and the gradient of pool1's output.
    dp1.fill(0);
    for (let j = 0; j < flat; j++) {
      const d = dp2[j]!;
      if (d === 0) continue; // exact: nothing flows back
      const oc = (j / P2) | 0;
      const pos = p2Arg[j]!;
      grad[oB2 + oc] = grad[oB2 + oc]! + d;
      const oy = (pos / W2) | 0;
      const ox = pos - oy * W2;
      let w = oW2 + oc * K2;
      for (let ic = 0; ic < C1; ic++) {
        for (let ky = 0; ky < K; ky++) {
          const s = ic * P1 + (oy + ky) * W1 + ox;
          grad[w] = grad[w]! + d * p1[s]!;
          grad[w + 1] = grad[w + 1]! + d * p1[s + 1]!;
          grad[w + 2] = grad[w + 2]! + d * p1[s + 2]!;
          grad[w + 3] = grad[w + 3]! + d * p1[s + 3]!;
          grad[w + 4] = grad[w + 4]! + d * p1[s + 4]!;
          dp1[s] = dp1[s]! + d * p[w]!;
          dp1[s + 1] = dp1[s + 1]! + d * p[w + 1]!;
          dp1[s + 2] = dp1[s + 2]! + d * p[w + 2]!;
          dp1[s + 3] = dp1[s + 3]! + d * p[w + 3]!;
          dp1[s + 4] = dp1[s + 4]! + d * p[w + 4]!;
          w += K;
        }
      }
    }
    // pool1 and conv1 backward (p1 = 0 exactly where conv1's ReLU cut): weights and biases only.
    for (let j = 0; j < C1 * P1; j++) {
      const a = p1[j]!;
      const d = tanh ? dp1[j]! * (1 - a * a) : a > 0 ? dp1[j]! : 0;
      if (d === 0) continue;
      const oc = (j / P1) | 0;
      grad[oB1 + oc] = grad[oB1 + oc]! + d;
      const pos = p1Arg[j]!;
      const oy = (pos / W) | 0;
      const ox = pos - oy * W;
      for (let ky = 0; ky < K; ky++) {
        const w = oW1 + oc * KK + ky * K;
        const s = (oy + ky) * Wp + ox;
        grad[w] = grad[w]! + d * pad[s]!;
        grad[w + 1] = grad[w + 1]! + d * pad[s + 1]!;
        grad[w + 2] = grad[w + 2]! + d * pad[s + 2]!;
        grad[w + 3] = grad[w + 3]! + d * pad[s + 3]!;
        grad[w + 4] = grad[w + 4]! + d * pad[s + 4]!;
      }
    }
    return loss;
  }

  return {
    kind: tanh ? "lenet5-tanh" : "lenet5",
    inputDim: HW,
    classes,
    params: p,
    linearInParams: false,
    logits(x: Float32Array, offset: number, dst: Float64Array): void {
      convolutions(x, offset, p2b, 0);
      dense(p2b, 1, flat, F1, oF1, oG1, true, h1b, 0);
      dense(h1b, 1, F1, F2, oF2, oG2, true, h2b, 0);
      dense(h2b, 1, F2, classes, oF3, oG3, false, dst, 0);
    },
    logitsMany(x: Float32Array, count: number, dst: Float64Array): void {
      for (let first = 0; first < count; first += BATCH) {
        forwardBatch(x, first, Math.min(BATCH, count - first), dst, first * classes);
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
        loss += accumulateOne(x, i * HW, labels[i]!, grad);
      }
      return loss;
    },
    accumulateGradient: accumulateOne,
  };
}

/**
 * A valid 5 × 5 convolution without bias: `out[oc][y][x]` = Σ over input channels ic, then rows ky,
 * then columns kx (in that order, from 0) of w[oc][ic][ky][kx] · in[ic][y + ky][x + kx], for
 * `inC` input maps of `plane` values with row stride `stride`, `h × w` outputs per map, weights
 * at `wAt` ([oc][ic][5][5]). Output channels go in pairs and columns in runs of four or five
 * (four: the run's 8 input values per row are read once for 40 multiply-adds; a single column for
 * the remainder), so each weight and input read serves several outputs.
 */
function conv5(
  input: Float64Array,
  inC: number,
  plane: number,
  stride: number,
  h: number,
  w: number,
  p: Float64Array,
  wAt: number,
  outC: number,
  out: Float64Array,
): void {
  const taps = inC * 25;
  const run = w % 5 === 0 ? 5 : 4;
  for (let oc = 0; oc < outC; oc += 2) {
    const pair = oc + 1 < outC;
    const r0 = oc * h * w;
    const r1 = r0 + h * w;
    const w0 = wAt + oc * taps;
    const w1 = pair ? w0 + taps : w0; // an odd last channel: its pair is computed but not stored
    for (let y = 0; y < h; y++) {
      let x = 0;
      if (run === 5) {
        for (; x + 4 < w; x += 5) {
          let s00 = 0;
          let s01 = 0;
          let s02 = 0;
          let s03 = 0;
          let s04 = 0;
          let s10 = 0;
          let s11 = 0;
          let s12 = 0;
          let s13 = 0;
          let s14 = 0;
          for (let ic = 0; ic < inC; ic++) {
            for (let ky = 0; ky < 5; ky++) {
              const b = ic * plane + (y + ky) * stride + x;
              const v0 = input[b]!;
              const v1 = input[b + 1]!;
              const v2 = input[b + 2]!;
              const v3 = input[b + 3]!;
              const v4 = input[b + 4]!;
              const v5 = input[b + 5]!;
              const v6 = input[b + 6]!;
              const v7 = input[b + 7]!;
              const v8 = input[b + 8]!;
              const t = ic * 25 + ky * 5;
              let a = p[w0 + t]!;
              let c = p[w1 + t]!;
              s00 += a * v0;
              s01 += a * v1;
              s02 += a * v2;
              s03 += a * v3;
              s04 += a * v4;
              s10 += c * v0;
              s11 += c * v1;
              s12 += c * v2;
              s13 += c * v3;
              s14 += c * v4;
              a = p[w0 + t + 1]!;
              c = p[w1 + t + 1]!;
              s00 += a * v1;
              s01 += a * v2;
              s02 += a * v3;
              s03 += a * v4;
              s04 += a * v5;
              s10 += c * v1;
              s11 += c * v2;
              s12 += c * v3;
              s13 += c * v4;
              s14 += c * v5;
              a = p[w0 + t + 2]!;
              c = p[w1 + t + 2]!;
              s00 += a * v2;
              s01 += a * v3;
              s02 += a * v4;
              s03 += a * v5;
              s04 += a * v6;
              s10 += c * v2;
              s11 += c * v3;
              s12 += c * v4;
              s13 += c * v5;
              s14 += c * v6;
              a = p[w0 + t + 3]!;
              c = p[w1 + t + 3]!;
              s00 += a * v3;
              s01 += a * v4;
              s02 += a * v5;
              s03 += a * v6;
              s04 += a * v7;
              s10 += c * v3;
              s11 += c * v4;
              s12 += c * v5;
              s13 += c * v6;
              s14 += c * v7;
              a = p[w0 + t + 4]!;
              c = p[w1 + t + 4]!;
              s00 += a * v4;
              s01 += a * v5;
              s02 += a * v6;
              s03 += a * v7;
              s04 += a * v8;
              s10 += c * v4;
              s11 += c * v5;
              s12 += c * v6;
              s13 += c * v7;
              s14 += c * v8;
            }
          }
          const o = y * w + x;
          out[r0 + o] = s00;
          out[r0 + o + 1] = s01;
          out[r0 + o + 2] = s02;
          out[r0 + o + 3] = s03;
          out[r0 + o + 4] = s04;
          if (pair) {
            out[r1 + o] = s10;
            out[r1 + o + 1] = s11;
            out[r1 + o + 2] = s12;
            out[r1 + o + 3] = s13;
            out[r1 + o + 4] = s14;
          }
        }
      } else {
        for (; x + 3 < w; x += 4) {
          let s00 = 0;
          let s01 = 0;
          let s02 = 0;
          let s03 = 0;
          let s10 = 0;
          let s11 = 0;
          let s12 = 0;
          let s13 = 0;
          for (let ic = 0; ic < inC; ic++) {
            for (let ky = 0; ky < 5; ky++) {
              const b = ic * plane + (y + ky) * stride + x;
              const v0 = input[b]!;
              const v1 = input[b + 1]!;
              const v2 = input[b + 2]!;
              const v3 = input[b + 3]!;
              const v4 = input[b + 4]!;
              const v5 = input[b + 5]!;
              const v6 = input[b + 6]!;
              const v7 = input[b + 7]!;
              const t = ic * 25 + ky * 5;
              let a = p[w0 + t]!;
              let c = p[w1 + t]!;
              s00 += a * v0;
              s01 += a * v1;
              s02 += a * v2;
              s03 += a * v3;
              s10 += c * v0;
              s11 += c * v1;
              s12 += c * v2;
              s13 += c * v3;
              a = p[w0 + t + 1]!;
              c = p[w1 + t + 1]!;
              s00 += a * v1;
              s01 += a * v2;
              s02 += a * v3;
              s03 += a * v4;
              s10 += c * v1;
              s11 += c * v2;
              s12 += c * v3;
              s13 += c * v4;
              a = p[w0 + t + 2]!;
              c = p[w1 + t + 2]!;
              s00 += a * v2;
              s01 += a * v3;
              s02 += a * v4;
              s03 += a * v5;
              s10 += c * v2;
              s11 += c * v3;
              s12 += c * v4;
              s13 += c * v5;
              a = p[w0 + t + 3]!;
              c = p[w1 + t + 3]!;
              s00 += a * v3;
              s01 += a * v4;
              s02 += a * v5;
              s03 += a * v6;
              s10 += c * v3;
              s11 += c * v4;
              s12 += c * v5;
              s13 += c * v6;
              a = p[w0 + t + 4]!;
              c = p[w1 + t + 4]!;
              s00 += a * v4;
              s01 += a * v5;
              s02 += a * v6;
              s03 += a * v7;
              s10 += c * v4;
              s11 += c * v5;
              s12 += c * v6;
              s13 += c * v7;
            }
          }
          const o = y * w + x;
          out[r0 + o] = s00;
          out[r0 + o + 1] = s01;
          out[r0 + o + 2] = s02;
          out[r0 + o + 3] = s03;
          if (pair) {
            out[r1 + o] = s10;
            out[r1 + o + 1] = s11;
            out[r1 + o + 2] = s12;
            out[r1 + o + 3] = s13;
          }
        }
      }
      for (; x < w; x++) {
        let s0 = 0;
        let s1 = 0;
        for (let ic = 0; ic < inC; ic++) {
          for (let ky = 0; ky < 5; ky++) {
            const b = ic * plane + (y + ky) * stride + x;
            const t = ic * 25 + ky * 5;
            for (let kx = 0; kx < 5; kx++) {
              const v = input[b + kx]!;
              s0 += p[w0 + t + kx]! * v;
              s1 += p[w1 + t + kx]! * v;
            }
          }
        }
        out[r0 + y * w + x] = s0;
        if (pair) out[r1 + y * w + x] = s1;
      }
    }
  }
}

/**
 * c[cOff + i·n + j] = Σ_t a[aOff + i·k + t] · b[bOff + j·k + t] for i < m, j < n: a product of
 * two row-major matrices sharing their inner dimension (A·Bᵀ), in 2 × 4 register blocks so that
 * each loaded value is used two or four times. The sum over t runs in order, from 0.
 */
function gemmNT(
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  m: number,
  n: number,
  k: number,
  c: Float64Array,
  cOff: number,
): void {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = aOff + i * k;
    const a1 = a0 + k;
    const r0 = cOff + i * n;
    const r1 = r0 + n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const b0 = bOff + j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let t = 0; t < k; t++) {
        const x0 = a[a0 + t]!;
        const x1 = a[a1 + t]!;
        const y0 = b[b0 + t]!;
        const y1 = b[b1 + t]!;
        const y2 = b[b2 + t]!;
        const y3 = b[b3 + t]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
      }
      c[r0 + j] = s00;
      c[r0 + j + 1] = s01;
      c[r0 + j + 2] = s02;
      c[r0 + j + 3] = s03;
      c[r1 + j] = s10;
      c[r1 + j + 1] = s11;
      c[r1 + j + 2] = s12;
      c[r1 + j + 3] = s13;
    }
    for (; j < n; j++) {
      const b0 = bOff + j * k;
      let s0 = 0;
      let s1 = 0;
      for (let t = 0; t < k; t++) {
        const y = b[b0 + t]!;
        s0 += a[a0 + t]! * y;
        s1 += a[a1 + t]! * y;
      }
      c[r0 + j] = s0;
      c[r1 + j] = s1;
    }
  }
  for (; i < m; i++) {
    const a0 = aOff + i * k;
    const r0 = cOff + i * n;
    for (let j = 0; j < n; j++) {
      const b0 = bOff + j * k;
      let s = 0;
      for (let t = 0; t < k; t++) s += a[a0 + t]! * b[b0 + t]!;
      c[r0 + j] = s;
    }
  }
}
