import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "ftg-plot-"));
const quadratic = join(dir, "q.json");
writeFileSync(
  quadratic,
  JSON.stringify({
    model: "fine-tuning",
    generalist: { cost: { polynomial: { c: 1, k: 2 } } },
    specialists: [{ name: "D", cost: { polynomial: { c: 2, k: 2 } } }],
  }),
);

describe("ftg plot", () => {
  it("writes a fine-tuning scenario's figure as SVG to stdout with the Pareto set, solutions and regimes", async () => {
    const r = await cli(["plot", quadratic, "--samples", "21"]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("<svg")).toBe(true);
    for (const text of [
      "Pareto set (1 interval)",
      "nash",
      "kalai-smorodinsky",
      "contributor",
      "revenue share δ",
    ]) {
      expect(r.stdout).toContain(text);
    }
  });

  it("writes PNG and the Vega-Lite specification by extension, and never overwrites without --force", async () => {
    const png = join(dir, "q.png");
    expect((await cli(["plot", quadratic, "--samples", "11", "--out", png])).code).toBe(0);
    expect([...readFileSync(png).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const again = await cli(["plot", quadratic, "--out", png]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists; pass --force/);
    const spec = join(dir, "q.json.vl.json");
    expect((await cli(["plot", quadratic, "--samples", "11", "--out", spec])).code).toBe(0);
    expect(JSON.parse(readFileSync(spec, "utf8")).$schema).toMatch(/vega-lite/);
  });

  it("plots collaboration and market scenarios in their natural views", async () => {
    const collab = join(dir, "c.json");
    writeFileSync(
      collab,
      JSON.stringify({ model: "collaboration", initial: { low: 0.2, high: 0.7 }, rounds: 20 }),
    );
    const c = await cli(["plot", collab]);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain("Nash product of gains");
    const market = join(dir, "m.json");
    writeFileSync(market, JSON.stringify({ model: "market", qualities: [0.9, 0.6, 0.3] }));
    const m = await cli(["plot", market]);
    expect(m.code).toBe(0);
    expect(m.stdout).toContain("Market equilibrium against quality");
  });

  it("rejects an unknown extension and bad samples with one-line errors naming the flag and value", async () => {
    const bad = await cli(["plot", quadratic, "--out", join(dir, "x.gif")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--out: .*x\.gif.*expected \.svg, \.png or \.json/);
    const samples = await cli(["plot", quadratic, "--samples", "1"]);
    expect(samples.code).toBe(2);
    expect(samples.stderr).toMatch(/--samples: "1"/);
  });
});
