import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers.js";

describe("ftg reproduce", () => {
  const dir = join(mkdtempSync(join(tmpdir(), "ftg-rep-")), "out");

  it("writes data, specification, SVG and PNG per figure and an index.html with the checks table", async () => {
    const r = await cli(["reproduce", "--out", dir, "--quick", "--only", "ftg-figure-4,dfc-figure-2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 figures, 11 checks \(11 pass, 0 fail\)/);
    for (const f of [
      "ftg-figure-4.solutions.csv",
      "ftg-figure-4.json",
      "ftg-figure-4.vl.json",
      "ftg-figure-4.svg",
      "ftg-figure-4.png",
      "dfc-figure-2.a-revenue.csv",
      "checks.json",
    ]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const html = readFileSync(join(dir, "index.html"), "utf8");
    expect(html).toContain("npx ftg reproduce --only ftg-figure-4 --quick");
    expect(html).toContain("erratum FTG-E4");
    expect(html).toContain("erratum figure-2a-negative-revenue");
    expect(html).toMatch(/<th>paper<\/th><th>ours<\/th><th>tolerance<\/th>/);
  });

  it("refuses to overwrite a reproduction without --force and names unknown figures", async () => {
    const again = await cli(["reproduce", "--out", dir, "--quick", "--only", "dfc-figure-5"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds a reproduction/);
    const unknown = await cli(["reproduce", "--out", dir, "--only", "figure-99", "--force"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown figure "figure-99"/);
  });
});
