import { describe, expect, it } from "vitest";
import { ByDelta } from "../../src/fine-tuning/packed.js";

describe("values kept per δ", () => {
  it("give way least recently used first, hand the evicted value to the next δ, and find the nearest", () => {
    const cache = new ByDelta<{ id: number }>(2);
    const a = { id: 1 };
    const b = { id: 2 };
    expect(cache.take()).toBeUndefined();
    cache.set(0.1, a);
    expect(cache.take()).toBeUndefined();
    cache.set(0.5, b);
    // 0.1 used last: 0.5 gives way, and its value is handed out
    expect(cache.get(0.1)).toBe(a);
    expect(cache.nearest(0.45)).toBe(b);
    expect(cache.take()).toBe(b);
    expect(cache.get(0.5)).toBeUndefined();
    // a value given back is handed out again
    cache.giveBack(b);
    expect(cache.take()).toBe(b);
    cache.set(0.3, b);
    expect(cache.nearest(0.12)).toBe(a);
    expect(cache.get(0.3)).toBe(b);
  });
});
