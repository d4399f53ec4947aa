import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExpressionError, expression1, expression2 } from "../../src/index.js";

/** Every name an object literal inherits: the names a plain-object whitelist would let through. */
const INHERITED = Object.getOwnPropertyNames(Object.prototype);
const ALLOWED_FUNCTIONS = new Set(["exp", "log", "log1p", "log2", "log10", "sqrt", "cbrt", "abs"]);
ALLOWED_FUNCTIONS.add("min").add("max").add("pow").add("sin").add("cos").add("tan");
ALLOWED_FUNCTIONS.add("tanh").add("sinh").add("cosh").add("atan");
const ALLOWED_SYMBOLS = new Set(["a", "a0", "pi", "e"]);

/** The outcome of compiling `text`: a usable function, or the ExpressionError's message. */
function compile(text: string): { ok: true } | { ok: false; message: string } {
  try {
    const f = expression2(text);
    f.value(1.5, 0.5);
    return { ok: true };
  } catch (e) {
    if (e instanceof ExpressionError) return { ok: false, message: e.message };
    throw e; // anything else (a SyntaxError from emitted code, a TypeError) fails the test
  }
}

describe("the expression whitelist", () => {
  it("has Object.prototype names to test (guards the loop below against an empty list)", () => {
    expect(INHERITED.length).toBeGreaterThan(5);
    expect(INHERITED).toContain("constructor");
    expect(INHERITED).toContain("__proto__");
  });

  for (const name of INHERITED) {
    it(`refuses the inherited name "${name}" as a variable and as a function`, () => {
      for (const text of [name, `${name}*a0^2`, `a + ${name}`, `${name}(a0)`, `${name}(a, a0) + 1`]) {
        const r = compile(text);
        expect(r.ok, text).toBe(false);
        if (!r.ok) expect(r.message).toMatch(/unknown (variable|function)|cannot parse|is not allowed/);
      }
      expect(() => expression1(name, "a0")).toThrow(ExpressionError);
      expect(() => expression1(`${name}(a)`, "a")).toThrow(ExpressionError);
    });
  }

  it("gives every identifier soup either a working function or a clean ExpressionError", () => {
    const ident = fc.oneof(
      fc.constantFrom(...INHERITED, "a", "a0", "pi", "e", "exp", "log", "sqrt", "Math", "process"),
      fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,8}$/),
    );
    const term = fc.oneof(
      ident,
      fc.tuple(ident, ident).map(([f, x]) => `${f}(${x})`),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map(String),
    );
    const expr = fc
      .array(fc.tuple(term, fc.constantFrom("+", "-", "*", "/", "^", " ", ".", "[", "=", ";")), {
        minLength: 1,
        maxLength: 6,
      })
      .map((parts) => parts.map(([t, op]) => `${t}${op}`).join(""));
    fc.assert(
      fc.property(expr, (text) => {
        const r = compile(text);
        if (r.ok) {
          // a compiled expression uses only whitelisted names
          const names = text.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? [];
          for (const n of names) expect(ALLOWED_FUNCTIONS.has(n) || ALLOWED_SYMBOLS.has(n), n).toBe(true);
        } else {
          expect(r.message.length).toBeGreaterThan(0);
          expect(r.message).not.toMatch(/\n/);
        }
      }),
      { numRuns: 300, seed: 16 },
    );
  });
});
