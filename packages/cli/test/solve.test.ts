import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  POLYNOMIAL_DECISIVE_CHECKS,
  POLYNOMIAL_STRUCTURE_PROOFS,
} from "../../core/src/fine-tuning/limits.js";
import { cli, normaliseNumbers } from "./helpers.js";
import { tempDir } from "./tempDirs.js";

const here = new URL(".", import.meta.url).pathname;
const ids = [
  "nash",
  "kalai-smorodinsky",
  "egalitarian",
  "utilitarian",
  "max-performance",
  "powerful-G",
  "powerful-D",
];

async function scenarioFile(content: unknown, ext = ".json"): Promise<string> {
  const dir = tempDir("ftg-");
  const path = join(dir, `scenario${ext}`);
  await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("ftg solve (fine-tuning)", () => {
  it("solves the built-in default scenario and prints a readable table", async () => {
    const r = await cli(["solve"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/Built-in scenario/);
    expect(r.stdout).toMatch(/Pareto set of bargains δ: \[0\.333333333, 1\]/);
    for (const id of ids) expect(r.stdout).toContain(id);
  });

  it("prints exactly one JSON object with the contract's fields (golden file)", async () => {
    const r = await cli(["solve", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.model).toBe("fine-tuning");
    expect(out.pareto).toHaveLength(1);
    expect(Object.keys(out.solutions).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const s = out.solutions[id];
      for (const key of ["delta", "alpha0", "alphas", "utilities", "regimes", "revenue"])
        expect(s).toHaveProperty(key);
      expect(Object.keys(s.utilities)).toEqual(["G", "D"]);
    }
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    const golden = join(here, "golden", "default-scenario.json");
    const normalised = `${normaliseNumbers(r.stdout)}\n`;
    if (process.env["UPDATE_GOLDEN"] === "1") await writeFile(golden, normalised);
    expect(normalised).toBe(await readFile(golden, "utf8"));
  });

  it("keeps full double precision in JSON", async () => {
    const out = JSON.parse((await cli(["solve", "--json"])).stdout);
    expect(out.solutions.egalitarian.delta).toBe(0.5773502691896258);
  });

  it("reads YAML files and standard input", async () => {
    const yaml = await cli(["solve", join(here, "fixtures", "quadratic.yaml"), "--json"]);
    expect(yaml.code).toBe(0);
    // c0 = 2, c1 = 1.5: vertical monopoly δ = c1/(c0 + c1) = 3/7
    expect(JSON.parse(yaml.stdout).solutions.utilitarian.delta).toBeCloseTo(3 / 7, 12);
    const stdin = await cli(
      ["solve", "-", "--json"],
      await readFile(join(here, "fixtures", "quadratic.yaml"), "utf8"),
    );
    expect(stdin.code).toBe(0);
    expect(JSON.parse(stdin.stdout).solutions.utilitarian.delta).toBeCloseTo(3 / 7, 12);
  });

  it("gives the equilibrium at one δ with --delta", async () => {
    const r = await cli(["solve", "--delta", "0.5", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      delta: 0.5,
      alpha0: 0.25,
      alphas: { D: 0.375 },
      regimes: { D: "contributor" },
    });
    expect(out.utilities.G).toBeCloseTo(0.125, 15);
    expect(out.revenue).toBeCloseTo(0.375, 15);
  });

  it("keys many specialists by name, D1…Dn by default", async () => {
    const path = await scenarioFile({
      model: "fine-tuning",
      generalist: { cost: "a0^2" },
      specialists: [{ cost: "0.03 + (a-a0)^2" }, { cost: "(a-a0)^2" }],
    });
    const out = JSON.parse((await cli(["solve", path, "--json"])).stdout);
    expect(out.pareto.length).toBe(2);
    expect(Object.keys(out.solutions.nash.alphas)).toEqual(["D1", "D2"]);
    expect(out.solutions).toHaveProperty("powerful-D2");
  });

  it("says in --full-checks' help the sizes up to which the checks and proofs are made by default", async () => {
    // the help is written out (the core is not loaded to print it): it must follow the limits
    const help = (await cli(["solve", "--help"])).stdout.replace(/\s+/g, " ");
    expect(POLYNOMIAL_STRUCTURE_PROOFS).toBe(POLYNOMIAL_DECISIVE_CHECKS);
    const n = POLYNOMIAL_DECISIVE_CHECKS.toLocaleString("en-US");
    expect(help).toContain(
      `on the polynomial one up to ${n}, with the proofs that no window of another structure hides in a cell;`,
    );
  });

  it("certifies a numeric game above 64 players with --full-checks, and says why it does not without", async () => {
    // 65 specialists with log revenues (the numeric path, whose default limit of full checks is
    // the generic solver's 64 players)
    const path = await scenarioFile({
      model: "fine-tuning",
      generalist: { cost: "20*a0^2" },
      specialists: Array.from({ length: 65 }, (_, i) => ({
        cost: `${(0.5 + 2 * ((i * 0.6180339887498949) % 1)).toFixed(6)}*(a-a0)^2`,
        revenue: `${(1 + ((i * 0.7548776662466927) % 1)).toFixed(4)}*log(1+a)`,
      })),
    });
    const quick = JSON.parse((await cli(["solve", path, "--json"])).stdout);
    expect(quick.method).toBe("numeric");
    expect(quick.certificate.certified).toBe(false);
    expect(quick.warnings.join("\n")).toMatch(
      /66 players, more than fullChecksMaxPlayers \(64\).*ftg solve --full-checks/,
    );
    const full = JSON.parse((await cli(["solve", path, "--json", "--full-checks"])).stdout);
    expect(full.certificate.certified).toBe(true);
    expect(full.certificate.bargaining.closeCallsChecked).toBe(true);
  });

  it("reports the generalist's direct channel", async () => {
    const path = await scenarioFile({
      model: "fine-tuning",
      generalist: { cost: "a0^2", direct: { cost: "2*(a-a0)^2" } },
      specialists: [{ cost: "(a-a0)^2" }],
    });
    const out = JSON.parse((await cli(["solve", path, "--json"])).stdout);
    // G invests (1 + δ)/2 and its channel adds 1/4 on top (see directChannel.test.ts)
    const nash = out.solutions.nash;
    expect(nash.direct.alpha).toBeCloseTo(nash.alpha0 + 0.25, 9);
    const table = await cli(["solve", path]);
    expect(table.stdout).toMatch(/G's direct channel at the Nash bargain/);
  });

  describe("bad input gets one clear line and a non-zero exit, never a stack trace", () => {
    const cases: [string, unknown, RegExp][] = [
      [
        "unknown variable",
        { generalist: { cost: "a0^2" }, specialists: [{ cost: "(a-a0)^2 + b" }] },
        /specialists\[0\]\.cost: .*unknown variable "b"/,
      ],
      [
        "negative cost coefficient",
        { generalist: { cost: { polynomial: { c: -1, k: 2 } } }, specialists: [{ cost: "(a-a0)^2" }] },
        /generalist\.cost\.polynomial\.c: cost coefficient c must be positive \(found -1\)/,
      ],
      [
        "exponent k ≤ 1",
        { generalist: { cost: "a0^2" }, specialists: [{ cost: { polynomial: { c: 1, k: 1 } } }] },
        /specialists\[0\]\.cost\.polynomial\.k: exponent k must be greater than 1 \(found 1\)/,
      ],
      [
        "unbounded utilities",
        { generalist: { cost: "a0^2" }, specialists: [{ cost: "(a-a0)^2", revenue: "a^3" }] },
        /unbounded/,
      ],
      [
        "no specialists",
        { generalist: { cost: "a0^2" }, specialists: [] },
        /specialists: at least one specialist/,
      ],
      ["unknown model", { model: "chess" }, /model: expected one of .*"fine-tuning".*found "chess"/],
      [
        "unknown field",
        { generalist: { cost: "a0^2", costs: 1 }, specialists: [{ cost: "(a-a0)^2" }] },
        /generalist: .*costs/,
      ],
      [
        "duplicate names",
        {
          generalist: { cost: "a0^2" },
          specialists: [
            { name: "X", cost: "(a-a0)^2" },
            { name: "X", cost: "(a-a0)^2" },
          ],
        },
        /specialists\[1\]\.name: duplicate name "X"/,
      ],
    ];
    for (const [what, scenario, message] of cases) {
      it(what, async () => {
        const r = await cli([
          "solve",
          await scenarioFile({ model: "fine-tuning", ...(scenario as object) }),
          "--json",
        ]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
        expect(r.stderr).toMatch(/^ftg: error: /);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
      });
    }

    it("malformed file", async () => {
      const r = await cli(["solve", await scenarioFile("{ not json", ".json")]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/malformed JSON/);
    });

    it("missing file", async () => {
      const r = await cli(["solve", "/nonexistent/scenario.json"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/scenario file not found: \/nonexistent\/scenario.json/);
    });

    it("--full-checks with --delta, or on another model", async () => {
      const r = await cli(["solve", "--full-checks", "--delta", "0.5"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--full-checks and --delta: at a given δ there is no bargaining to check/);
      const market = await scenarioFile({ model: "market", qualities: [0.2, 0.6] });
      const m = await cli(["solve", market, "--full-checks"]);
      expect(m.code).toBe(2);
      expect(m.stderr).toMatch(/--full-checks: only for a fine-tuning game .* is a "market" scenario/);
    });

    it("--delta outside [0, 1]", async () => {
      const r = await cli(["solve", "--delta", "1.5"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--delta: expected a number in \[0, 1\], found "1.5"/);
    });
  });
});
