import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers.js";
import { tempDir } from "./tempDirs.js";

const dir = tempDir("ftg-plot-");
const quadratic = join(dir, "q.json");
writeFileSync(
  quadratic,
  JSON.stringify({
    model: "fine-tuning",
    generalist: { cost: { polynomial: { c: 1, k: 2 } } },
    specialists: [{ name: "D", cost: { polynomial: { c: 2, k: 2 } } }],
  }),
);

/** A fine-tuning scenario with n specialists D1…Dn of mixed costs; the twelfth has a fixed cost and abstains near δ = 0 and 1. */
function specialists(n: number): string {
  const path = join(dir, `n${n}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      model: "fine-tuning",
      generalist: { cost: { polynomial: { c: 1, k: 2 } } },
      specialists: Array.from({ length: n }, (_, i) => ({
        name: `D${i + 1}`,
        cost: { polynomial: { c: 0.5 + (i % 4) * 0.5, k: 2, fixed: i === 11 ? 1.5 : 0 } },
        revenue: `${1 + (i % 2) * 0.5}*a`,
      })),
    }),
  );
  return path;
}

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

  it("draws more than nine specialists as G, one highlighted specialist with the spread of all, and regime counts", async () => {
    const twelve = specialists(12);
    const svg = join(dir, "twelve.svg");
    const r = await cli(["plot", twelve, "--samples", "9", "--highlight", "D3", "--out", svg]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`wrote ${svg}\n`);
    const text = readFileSync(svg, "utf8");
    expect(text.startsWith("<svg")).toBe(true);
    // the three panels: G's utility, the specialists' (own scale), the regime counts
    for (const label of [
      "U of G",
      "U of the specialists",
      "specialist regime",
      "contributor",
      "median (all)",
      "middle half (all)",
      "range (all)",
      ">D3<", // the highlighted specialist's legend entry
      "Pareto set",
      "nash",
      "revenue share δ",
    ]) {
      expect(text).toContain(label);
    }
    expect(text).not.toContain(">D1<");
    const spec = join(dir, "twelve.vl.json");
    expect((await cli(["plot", twelve, "--samples", "9", "--out", spec])).code).toBe(0);
    const json = JSON.parse(readFileSync(spec, "utf8"));
    expect(json.vconcat).toHaveLength(3);
    // the first specialist is highlighted by default
    expect(
      json.vconcat[1].layer.some((l: { data?: { values?: { series: string }[] } }) =>
        l.data?.values?.some((v) => v.series === "D1"),
      ),
    ).toBe(true);
  });

  it("keeps a line per player up to nine specialists", async () => {
    const spec = join(dir, "nine.vl.json");
    const r = await cli(["plot", specialists(9), "--samples", "5", "--highlight", "D2", "--out", spec]);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(spec, "utf8"));
    expect(json.vconcat).toHaveLength(2);
    expect(JSON.stringify(json)).toContain('"player":"D9"');
  });

  it("rejects a --highlight that is not a specialist with one line naming the flag and value", async () => {
    const bad = await cli(["plot", specialists(12), "--highlight", "Nobody"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(
      /--highlight: "Nobody" is not a specialist of .*n12\.json; expected one of D1, D2/,
    );
    const market = join(dir, "m2.json");
    writeFileSync(market, JSON.stringify({ model: "market", qualities: [0.9, 0.6] }));
    const m = await cli(["plot", market, "--highlight", "D1"]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/--highlight: "D1" names a specialist, but .* is a market scenario/);
  });
});
