/** The example of docs/openness.md runs and gives the result the page states. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { run } from "../src/main.js";
import { tempDir } from "./tempDirs.js";

const page = readFileSync(new URL("../../../docs/openness.md", import.meta.url), "utf8");

describe("docs/openness.md", () => {
  it("the example scenario gives the stated transfer: ω 0.1824 → 0.5, α1 0.6253 → 0.8, U_G 0.2854 → 0.25, U_D 0.2735 → 0.4125", async () => {
    const blocks = [...page.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks).toHaveLength(1);
    const dir = tempDir("ftg-openness-docs-");
    const file = join(dir, "s.json");
    writeFileSync(file, blocks[0]!);
    const stdout = new PassThrough();
    let out = "";
    stdout.on("data", (c) => (out += String(c)));
    const code = await run(["solve", file, "--json"], {
      stdout,
      stderr: new PassThrough(),
      stdin: new PassThrough(),
    });
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.outcome).toBe("transfer");
    expect(j.decision).toBe("comply");
    expect(j.omega).toBe(0.5);
    expect(j.unregulated.omega).toBeCloseTo(0.1824, 4);
    expect(j.alpha1).toBeCloseTo(0.8, 12);
    expect(j.unregulated.alpha1).toBeCloseTo(0.6253, 4);
    expect(j.utilities.G).toBeCloseTo(0.25, 12);
    expect(j.unregulated.utilities.G).toBeCloseTo(0.2854, 4);
    expect(j.utilities.D).toBeCloseTo(0.4125, 12);
    expect(j.unregulated.utilities.D).toBeCloseTo(0.2735, 4);
  });
});
