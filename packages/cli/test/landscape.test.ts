import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ftgArgs } from "./helpers.js";
import { tempDir } from "./tempDirs.js";

const ftg = ftgArgs;

function scenario(extra: Record<string, unknown> = {}): { dir: string; file: string } {
  const dir = tempDir("ftg-landscape-");
  const file = join(dir, "s.json");
  writeFileSync(file, JSON.stringify({ model: "openness", alpha0: 0.3, delta: 0.5, ...extra }));
  return { dir, file };
}

describe("ftg landscape", () => {
  it("writes the region grid as JSON, θ-major, with the indifference curve", async () => {
    const { dir, file } = scenario();
    const out = join(dir, "grid.json");
    const r = await ftg(["landscape", file, "--theta", "0:1:5", "--penalty", "0:0.4:3", "--out", out]);
    expect(r.code).toBe(0);
    const j = JSON.parse(readFileSync(out, "utf8"));
    expect(j.thetas).toHaveLength(5);
    expect(j.penalties).toHaveLength(3);
    expect(j.region).toHaveLength(5);
    expect(j.region[0]).toHaveLength(3);
    expect(j.region[0]).toEqual(["non-binding", "non-binding", "non-binding"]); // θ = 0 never binds
    expect(j.region[2][2]).toBe("transfer"); // θ = 0.5, p = 0.4: G complies
    expect(j.region[4][0]).toBe("non-binding"); // p = 0: no teeth
    expect(j.indifference).toHaveLength(5);
    expect(j.indifference[0].penalty).toBe(0);
  });

  it("writes CSV with one row per cell and never overwrites without --force", async () => {
    const { dir, file } = scenario();
    const out = join(dir, "grid.csv");
    expect(
      (await ftg(["landscape", file, "--theta", "0,0.5,1", "--penalty", "0.1", "--out", out])).code,
    ).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe("theta,penalty,region,decision,omega,alpha1,uG,uD,delta,indifference_penalty");
    writeFileSync(out, "keep me");
    const again = await ftg(["landscape", file, "--theta", "0,0.5,1", "--penalty", "0.1", "--out", out]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/exists; pass --force/);
    expect(readFileSync(out, "utf8")).toBe("keep me");
    expect(
      (await ftg(["landscape", file, "--theta", "0,0.5,1", "--penalty", "0.1", "--out", out, "--force"]))
        .code,
    ).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^theta,penalty/);
  });

  it("computes the bargaining-mode landscape and the threshold band", async () => {
    const { file } = scenario({ alpha0: 0.1, delta: { bargaining: "nash" } });
    const r = await ftg([
      "landscape",
      file,
      "--theta",
      "0.5",
      "--penalty",
      "1",
      "--delta-grid",
      "32",
      "--no-progress",
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.mode).toBe("bargaining");
    expect(j.region[0][0]).toBe("pareto-improvement");
    const b = scenario();
    const band = await ftg(["landscape", b.file, "--band", "0:1:3", "--penalty", "0.1", "--format", "csv"]);
    expect(band.code).toBe(0);
    const rows = band.out.trim().split("\n");
    expect(rows).toHaveLength(4);
    expect(rows[0]).toBe("alpha0,penalty,omega_nr,theta_max,empty");
  });

  it.each([
    [["--theta", "0:2:3"], /--theta: .*values in \[0, 1\].*found 2/],
    [["--theta", "1:0:3"], /--theta: expected from:to:count/],
    [["--penalty", "0:1:x"], /--penalty: expected from:to:count/],
    [["--format", "xml"], /--format: expected "json" or "csv"/],
  ])("rejects %j with one clear line", async (flags, message) => {
    const { dir, file } = scenario();
    const r = await ftg(["landscape", file, ...flags, "--out", join(dir, "x.json")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(existsSync(join(dir, "x.json"))).toBe(false);
  });

  it("rejects a scenario of another model", async () => {
    const dir = tempDir("ftg-landscape-");
    const file = join(dir, "s.json");
    writeFileSync(file, JSON.stringify({ model: "market", qualities: [0.3] }));
    const r = await ftg(["landscape", file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/model: ftg landscape expects "openness", found "market"/);
  });
});
