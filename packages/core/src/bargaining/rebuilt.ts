/**
 * The utility vectors a bargaining solve rebuilt lately (see ./sampling.ts): with a million players
 * a sample beyond the memory budget keeps no vector, and one read is rebuilt into the buffer of the
 * least recently read.
 */
import type { Sample } from "./sampling.js";

/**
 * Rebuilt vectors kept at a time, most recently read first. A vector read from a sample that did
 * not keep it stays valid until this many others have been rebuilt (its buffer is then reused):
 * the solver's steps hold at most three at once.
 */
const REBUILT_CACHE = 8;

/** The vectors rebuilt lately, their samples, and buffers to rebuild into (no garbage per read). */
export class RebuiltVectors {
  private readonly owners: Sample[] = [];
  private readonly vectors: Float64Array[] = [];
  get(owner: Sample, rebuild: (into?: Float64Array) => Float64Array): Float64Array {
    const at = this.owners.indexOf(owner);
    if (at >= 0) {
      const v = this.vectors[at]!;
      if (at > 0) {
        this.owners.splice(at, 1);
        this.vectors.splice(at, 1);
        this.owners.unshift(owner);
        this.vectors.unshift(v);
      }
      return v;
    }
    let into: Float64Array | undefined;
    if (this.vectors.length >= REBUILT_CACHE) {
      this.owners.pop();
      into = this.vectors.pop();
    }
    const v = rebuild(into);
    this.owners.unshift(owner);
    this.vectors.unshift(v);
    return v;
  }
  /**
   * Keeps `vector` as `owner`'s (a sample's vector fresh from the model, the same numbers a
   * rebuild gives): the solver reads a new sample right away. Returns the vector this pushes
   * out, if any, for the model to reuse.
   */
  put(owner: Sample, vector: Float64Array): Float64Array | undefined {
    this.owners.unshift(owner);
    this.vectors.unshift(vector);
    if (this.vectors.length <= REBUILT_CACHE) return undefined;
    this.owners.pop();
    return this.vectors.pop();
  }
}
