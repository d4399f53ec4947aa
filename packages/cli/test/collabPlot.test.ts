/** `ftg plot run.json` and `ftg reproduce --real --from run.json`: a saved run drawn without retraining. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ftgArgs as ftg, SUBSET_DIR } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "ftg-collab-plot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SMALL = ["--data-dir", SUBSET_DIR, "--firm-size", "300", "--no-progress", "--threads", "1"];

beforeAll(async () => {
  expect((await ftg(["collab-train", ...SMALL, "--rounds", "4", "--out", join(dir, "one")])).code).toBe(0);
  const two = ["collab-train", ...SMALL, "--rounds", "4", "--scheme", "defection-free", "--seeds", "0..1"];
  expect((await ftg([...two, "--out", join(dir, "two")])).code).toBe(0);
}, 120_000);

type Spec = { vconcat: { hconcat: { title: { text: string }; layer: { mark: { type: string } }[] }[] }[] };

describe("ftg plot run.json", () => {
  it("draws every scheme's qualities with ρ*, revenues, revenue gains and Nash product with N*", async () => {
    const r = await ftg(["plot", join(dir, "one.json"), "--out", join(dir, "one.vl.json")]);
    expect(r.code).toBe(0);
    const spec = JSON.parse(readFileSync(join(dir, "one.vl.json"), "utf8")) as Spec;
    expect(spec.vconcat).toHaveLength(4);
    const row = spec.vconcat[0]!.hconcat;
    expect(row.map((p) => p.title.text)).toEqual([
      "quality",
      "revenue",
      "revenue gain U − U_0",
      "Nash product",
    ]);
    expect(row[0]!.layer.some((l) => l.mark.type === "area")).toBe(false);
  });

  it("draws several seeds as mean lines with bands", async () => {
    const r = await ftg(["plot", join(dir, "two.json"), "--out", join(dir, "two.vl.json")]);
    expect(r.code).toBe(0);
    const spec = JSON.parse(readFileSync(join(dir, "two.vl.json"), "utf8")) as Spec;
    expect(spec.vconcat).toHaveLength(1);
    expect(spec.vconcat[0]!.hconcat[0]!.layer[0]!.mark.type).toBe("area");
  });

  it("refuses a record without runs in one line", async () => {
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ tool: "ftg collab-train", runs: [] }));
    const r = await ftg(["plot", join(dir, "bad.json"), "--out", join(dir, "bad.svg")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/runs: expected the non-empty list of runs collab-train writes\n$/);
  });
});

describe("ftg reproduce --real --from run.json", () => {
  it("draws the learning figures from the saved run, with the honest checks, without training", async () => {
    const out = join(dir, "rep");
    const r = await ftg([
      "reproduce",
      "--real",
      "--from",
      join(dir, "one.json"),
      "--only",
      "dfc-figure-1,dfc-figure-3",
      "--out",
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.err).not.toContain("real training for the learning figures");
    const f3 = JSON.parse(readFileSync(join(out, "dfc-figure-3.json"), "utf8"));
    const ids = f3.checks.map((c: { id: string }) => c.id);
    expect(ids).toContain("F3-reaches-nash");
    const f1 = JSON.parse(readFileSync(join(out, "dfc-figure-1.json"), "utf8"));
    expect(f1.checks.map((c: { id: string }) => c.id)).toContain("L3-revenues");
  });

  it("names what a record lacks", async () => {
    const r = await ftg([
      "reproduce",
      "--real",
      "--from",
      join(dir, "two.json"),
      "--only",
      "dfc-figure-3",
      "--out",
      join(dir, "r2"),
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      "expected two-firm runs of all four schemes, missing complete, one-sided-low, one-sided-high",
    );
  });
});
