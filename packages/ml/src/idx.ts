/**
 * The IDX file format of (Fashion-)MNIST, parsed from and written to bytes — pure; reading files
 * and gunzipping them is in the node-only entry (`@ftg/ml/node`).
 *
 * Conventions (LeCun & Cortes, "THE MNIST DATABASE", file formats section): a 4-byte magic number
 * `0x00 0x00 <type> <rank>`, then `rank` big-endian unsigned 32-bit dimension sizes, then the
 * values in row-major order, big-endian. Types: 0x08 unsigned byte, 0x09 signed byte, 0x0B
 * 16-bit integer, 0x0C 32-bit integer, 0x0D 32-bit float, 0x0E 64-bit float.
 */

/** The element types IDX can hold. */
export type IdxType = "uint8" | "int8" | "int16" | "int32" | "float32" | "float64";

/** A parsed IDX tensor. */
export interface IdxTensor {
  readonly type: IdxType;
  /** Dimension sizes, outermost first (e.g. `[10000, 28, 28]` for an image file). */
  readonly dims: readonly number[];
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/** Malformed IDX bytes; the message names what was expected and what was found. */
export class IdxFormatError extends Error {
  override readonly name = "IdxFormatError";
}

const TYPE_CODES: Readonly<Record<number, { type: IdxType; size: number }>> = {
  8: { type: "uint8", size: 1 },
  9: { type: "int8", size: 1 },
  11: { type: "int16", size: 2 },
  12: { type: "int32", size: 4 },
  13: { type: "float32", size: 4 },
  14: { type: "float64", size: 8 },
};

/**
 * Parses IDX bytes (already gunzipped). The returned `data` is a copy, independent of `bytes`.
 *
 * @param bytes - the whole file
 * @param label - names the source in error messages (default `"IDX data"`)
 * @throws IdxFormatError on a bad magic number, unknown type, or a length that does not match
 *   the header
 * @example
 * ```ts
 * parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9])) // { type: 'uint8', dims: [ 2 ], data: Uint8Array(2) [ 7, 9 ] }
 * ```
 */
export function parseIdx(bytes: Uint8Array, label = "IDX data"): IdxTensor {
  if (bytes.length < 4) {
    throw new IdxFormatError(`${label}: expected at least 4 header bytes, found ${bytes.length}`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new IdxFormatError(
      `${label}: expected magic bytes 0x00 0x00, found 0x${hex(bytes[0]!)} 0x${hex(bytes[1]!)} (is the file still gzipped?)`,
    );
  }
  const code = bytes[2]!;
  const kind = TYPE_CODES[code];
  if (kind === undefined) throw new IdxFormatError(`${label}: unknown element type code 0x${hex(code)}`);
  const rank = bytes[3]!;
  if (rank === 0) throw new IdxFormatError(`${label}: expected at least one dimension, found rank 0`);
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    throw new IdxFormatError(
      `${label}: expected ${headerLength} header bytes for rank ${rank}, found ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let d = 0; d < rank; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    dims.push(size);
    count *= size;
  }
  const expected = headerLength + count * kind.size;
  if (bytes.length !== expected) {
    throw new IdxFormatError(
      `${label}: header says ${dims.join("×")} ${kind.type} values (${expected} bytes), found ${bytes.length} bytes`,
    );
  }
  return { type: kind.type, dims, data: readValues(view, headerLength, count, kind.type) };
}

function readValues(view: DataView, offset: number, count: number, type: IdxType): IdxTensor["data"] {
  switch (type) {
    case "uint8":
      return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    case "int8": {
      const out = new Int8Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt8(offset + i);
      return out;
    }
    case "int16": {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case "int32": {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case "float32": {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case "float64": {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/**
 * Writes an unsigned-byte IDX tensor (the type of every (Fashion-)MNIST file).
 *
 * @example
 * ```ts
 * encodeIdxUint8([2], new Uint8Array([7, 9])) // [0, 0, 8, 1, 0, 0, 0, 2, 7, 9] — a Uint8Array: header, then the bytes
 * ```
 */
export function encodeIdxUint8(dims: readonly number[], data: Uint8Array): Uint8Array {
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new RangeError(`data: expected ${count} values for dims ${dims.join("×")}, found ${data.length}`);
  }
  const out = new Uint8Array(4 + 4 * dims.length + count);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((size, d) => {
    view.setUint32(4 + 4 * d, size, false);
  });
  out.set(data, 4 + 4 * dims.length);
  return out;
}

function hex(b: number): string {
  return b.toString(16).padStart(2, "0");
}
