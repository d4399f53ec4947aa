/**
 * The size checks that run before and after parsing a scenario: the count limit through the
 * schema (no giant file needed), and the nesting scans against slow, obviously-right references.
 */
import {
  bracketDepth,
  fineTuningGameFromScenario,
  fineTuningScenarioSchema,
  LIMITS,
  validateWith,
  valueDepth,
} from "@ftg/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

/** The character-by-character scan: a backslash in a string skips the next character. */
function bracketDepthReference(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{" || c === "(") max = Math.max(max, ++depth);
    else if (c === "]" || c === "}" || c === ")") depth = Math.max(0, depth - 1);
  }
  return max;
}

/** The recursive definition (for acyclic values). */
function valueDepthReference(v: unknown): number {
  if (v === null || typeof v !== "object") return 0;
  return 1 + Math.max(0, ...Object.values(v).map(valueDepthReference));
}

const generalist = { cost: "a0^2" };

describe("scenario size limits", () => {
  it("allows a million specialists and refuses one more, in one line naming the field", () => {
    expect(LIMITS.specialists).toBe(1_000_000);
    const one = { cost: { polynomial: { c: 1, k: 2, fixed: 0.01 } }, revenue: "a" };
    const over = validateWith(fineTuningScenarioSchema, {
      generalist,
      specialists: Array(LIMITS.specialists + 1).fill(one),
    });
    expect(over.ok).toBe(false);
    if (over.ok) return;
    expect(over.issues).toHaveLength(1);
    expect(over.issues[0]!.path).toBe("specialists");
    expect(over.issues[0]!.message).toMatch(/^expected at most 1000000 specialists \(found \[/);
    expect(over.issues[0]!.message).not.toContain("\n");
    const at = validateWith(fineTuningScenarioSchema, {
      generalist,
      specialists: Array(LIMITS.specialists).fill(one),
    });
    expect(at.ok).toBe(true);
  });

  it("allows scenario files sized for a million specialists written out in full", () => {
    // a specialist in the documented form with full-precision numbers and a name, pretty-printed
    // with two-space indentation, is ~221 bytes (compact, ~125)
    const one = {
      name: "specialist-0000001",
      cost: { polynomial: { c: 1.2345678901234567, k: 2, fixed: 0.012345678901234567 } },
      revenue: "a",
    };
    const perSpecialist = JSON.stringify([one, one], null, 2).length / 2;
    expect(LIMITS.scenarioBytes).toBeGreaterThan(1.2 * LIMITS.specialists * perSpecialist);
    // below the longest string V8 makes (2^29 - 24 characters): a file within the limit is read whole
    expect(LIMITS.scenarioBytes).toBeLessThan(2 ** 29 - 24);
  });

  it("finds the bracket depth the character-by-character scan finds, on any text", () => {
    const pieces = fc.constantFrom(
      "[",
      "]",
      "{",
      "}",
      "(",
      ")",
      '"',
      "\\",
      "\\\\",
      '\\"',
      "a",
      " ",
      ",",
      ":",
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
        const text = parts.join("");
        expect(bracketDepth(text)).toBe(bracketDepthReference(text));
      }),
      { numRuns: 2000 },
    );
    expect(bracketDepth('{"a": [1, [2]], "b": "[[["}')).toBe(3);
    expect(bracketDepth('["\\\\", ["x"]]')).toBe(2);
    expect(bracketDepth('["\\"]", [[')).toBe(3);
  });

  it("finds the depth of any parsed value the recursive definition finds, and stops on a cycle", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (v) => {
        expect(valueDepth(v)).toBe(valueDepthReference(v));
      }),
      { numRuns: 500 },
    );
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(valueDepth(cyclic)).toBe(LIMITS.scenarioDepth + 1);
    expect(valueDepth(3)).toBe(0);
  });
});

describe("specialists off the polynomial path", () => {
  const many = (n: number, odd: (i: number) => Record<string, unknown>) => ({
    generalist: { cost: { polynomial: { c: n, k: 2 } } },
    specialists: Array.from({ length: n }, (_, i) => ({
      cost: { polynomial: { c: 1 + (i % 5), k: 2 } },
      ...odd(i),
    })),
  });
  const n = LIMITS.numericSpecialists + 1;
  it("are refused above the numeric limit in one line naming the first one", () => {
    const sc = many(n, (i) => (i === 1234 ? { cost: "(a-a0)^2 + 0.1*(a-a0)^3" } : {}));
    expect(() => fineTuningGameFromScenario(sc as never)).toThrow(
      /specialists\[1234\]\.cost: with more than 10000 specialists every cost must be polynomial/,
    );
    const rev = many(n, (i) => (i === 7 ? { revenue: "log(1+a)" } : {}));
    expect(() => fineTuningGameFromScenario(rev as never)).toThrow(/specialists\[7\]\.revenue/);
  });
  it("are accepted up to it, and polynomial games beyond it", () => {
    expect(fineTuningGameFromScenario(many(n, () => ({})) as never).specialists).toHaveLength(n);
    const small = many(LIMITS.numericSpecialists, (i) => (i === 3 ? { cost: "(a-a0)^2" } : {}));
    expect(fineTuningGameFromScenario(small as never).specialists).toHaveLength(LIMITS.numericSpecialists);
  });
});
