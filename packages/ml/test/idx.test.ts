import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeIdxUint8, IdxFormatError, parseIdx } from "../src/index.js";

describe("parseIdx", () => {
  it("reads the dimensions and bytes of an unsigned-byte tensor", () => {
    const t = parseIdx(new Uint8Array([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]));
    expect(t.type).toBe("uint8");
    expect(t.dims).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("reads every element type big-endian", () => {
    const header = (code: number) => [0, 0, code, 1, 0, 0, 0, 1];
    expect(Array.from(parseIdx(new Uint8Array([...header(0x09), 0xff])).data)).toEqual([-1]);
    expect(Array.from(parseIdx(new Uint8Array([...header(0x0b), 0x01, 0x02])).data)).toEqual([258]);
    expect(Array.from(parseIdx(new Uint8Array([...header(0x0c), 0xff, 0xff, 0xff, 0xfe])).data)).toEqual([
      -2,
    ]);
    expect(Array.from(parseIdx(new Uint8Array([...header(0x0d), 0x3f, 0xc0, 0, 0])).data)).toEqual([1.5]);
    expect(
      Array.from(parseIdx(new Uint8Array([...header(0x0e), 0xc0, 0x04, 0, 0, 0, 0, 0, 0])).data),
    ).toEqual([-2.5]);
  });

  it("round-trips any unsigned-byte tensor written by encodeIdxUint8", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
        fc.integer(),
        (dims, seed) => {
          const n = dims.reduce((a, b) => a * b, 1);
          const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
          const t = parseIdx(encodeIdxUint8(dims, data));
          expect(t.dims).toEqual(dims);
          expect(Array.from(t.data)).toEqual(Array.from(data));
        },
      ),
    );
  });

  it("rejects gzipped bytes, saying the file may still be gzipped", () => {
    expect(() => parseIdx(new Uint8Array([0x1f, 0x8b, 8, 0]), "f.gz")).toThrow(
      /f\.gz: expected magic bytes.*gzipped/,
    );
  });

  it("rejects a length that does not match the header, naming both", () => {
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 1, 2]))).toThrow(IdxFormatError);
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 1, 2]))).toThrow(
      /header says 3 uint8 values \(11 bytes\), found 10 bytes/,
    );
  });

  it("rejects unknown element types and rank 0", () => {
    expect(() => parseIdx(new Uint8Array([0, 0, 7, 1, 0, 0, 0, 0]))).toThrow(
      /unknown element type code 0x07/,
    );
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 0]))).toThrow(/rank 0/);
  });
});
