/** The one error type for bad input: its message, and naming the scenario it came from. */
import { describe, expect, it } from "vitest";
import { InputError } from "../src/index.js";

describe("InputError", () => {
  it("says the first problem's path and message, and how many more there are", () => {
    const e = new InputError([
      { path: "c", message: "expected a number" },
      { path: "a", message: "expected a string" },
    ]);
    expect(e.issues).toHaveLength(2);
    expect(e.message).toBe("c: expected a number (and 1 more problem(s))");
  });

  it("names the scenario once with from(), keeping its issues and subject", () => {
    const e = new InputError([{ path: "c", message: "expected a number" }]).from("s.json");
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe("s.json: c: expected a number");
    expect(e.source).toBe("s.json");
    expect(e.issues).toHaveLength(1);
    expect(e.from("other.json").message).toBe("s.json: c: expected a number");
  });

  it("leaves an option problem unprefixed: it is about a flag, not the scenario", () => {
    const e = new InputError([{ path: "--highlight", message: '"X" is not a specialist' }], "option");
    expect(e.from("s.json").message).toBe('--highlight: "X" is not a specialist');
  });
});
