/** `ftg check <scenario> <answer>`: verdicts per item, exit 0 / 1 / 2, and the documented commands. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "ftg-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
};

const FIG4 = { generalist: { cost: "a0^2" }, specialists: [{ cost: "2*(a-a0)^2" }] };

describe("ftg check", () => {
  const scenario = file("fig4.json", FIG4);

  it("passes ftg solve --json's answer: one ✓ line per item, a PASS summary, exit 0", async () => {
    const solved = await cli(["solve", scenario, "--json"]);
    expect(solved.code).toBe(0);
    const r = await cli(["check", scenario, file("answer.json", solved.stdout)]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines.at(-1)).toMatch(/^PASS: all \d+ checks hold$/);
    expect(lines.filter((l) => l.startsWith("✓")).length).toBeGreaterThan(40);
    expect(lines.some((l) => l.startsWith("✗"))).toBe(false);
    expect(r.stdout).toContain("✓ nash: G deviation [");
    expect(r.stdout).toContain("✓ pareto [0.333333, 1]: inside");
  });

  it("fails an answer whose Nash α0 is off by 1e-3: ✗ lines with the measured gain, a FAIL summary, exit 1", async () => {
    const answer = JSON.parse((await cli(["solve", scenario, "--json"])).stdout);
    answer.solutions.nash.alpha0 += 1e-3;
    const r = await cli(["check", scenario, file("bad.json", answer)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^✗ nash: G deviation \[[0-9.e-]+ vs tol 2\.5e-10\]: best response α0 = 0\.31142 gains/m,
    );
    expect(r.stdout.trim().split("\n").at(-1)).toMatch(/^FAIL: \d+ of \d+ checks fail$/);
  });

  it("checks one equilibrium (ftg solve --delta δ --json) and prints the verdicts as JSON with --json", async () => {
    const eq = await cli(["solve", scenario, "--delta", "0.5", "--json"]);
    const r = await cli(["check", scenario, file("eq.json", eq.stdout), "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.holds).toBe(true);
    expect(j.method).toBe("polynomial");
    expect(j.items.length).toBe(7);
    expect(j.items.map((i: { id: string }) => i.id)).toContain("equilibrium: G deviation");
  });

  it("reads the answer from standard input with -", async () => {
    const eq = (await cli(["solve", scenario, "--delta", "0.5", "--json"])).stdout;
    const r = await cli(["check", scenario, "-"], eq);
    expect(r.code).toBe(0);
  });

  it("takes --tolerance name=value overrides and rejects unknown names or non-positive values (exit 2)", async () => {
    const eq = JSON.parse((await cli(["solve", scenario, "--delta", "0.5", "--json"])).stdout);
    const off = file("off.json", { ...eq, alpha0: eq.alpha0 + 1e-4 });
    expect((await cli(["check", scenario, off])).code).toBe(1);
    const loose = ["--tolerance", "deviation=1e-3", "--tolerance", "foc=1e-2"];
    expect((await cli(["check", scenario, off, ...loose])).code).toBe(0);
    const unknown = await cli(["check", scenario, off, "--tolerance", "dev=1"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--tolerance: expected <name>=<value> with name one of deviation, foc,");
    const negative = await cli(["check", scenario, off, "--tolerance", "foc=-1"]);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('--tolerance foc: expected a positive number, found "-1"');
  });

  it("rejects unusable input with one line naming the field, the value and the expectation, exit 2", async () => {
    const cases: [string[], string][] = [
      [
        [scenario, file("a1.json", { delta: 0.5, alpha0: -1, alphas: { D: 0 }, utilities: { G: 0, D: 0 } })],
        "a1.json: alpha0: expected a performance ≥ 0, or null when G stays out, found -1",
      ],
      [
        [scenario, file("a2.json", { delta: 0.5, alpha0: 0.2, alphas: { X: 0 }, utilities: { G: 0, D: 0 } })],
        "a2.json: alphas.X: expected one of the scenario's specialists (D)",
      ],
      [[scenario, file("a3.json", "{not json")], "a3.json: malformed JSON"],
      [[scenario, join(dir, "missing.json")], "answer file not found"],
      [
        [file("open.json", { model: "openness" }), file("a4.json", {})],
        'model: ftg check expects "fine-tuning", found "openness"',
      ],
      [["-", "-"], "answer: expected a file (the scenario already reads standard input), found -"],
      [
        [
          file("nan.json", {
            generalist: { cost: "a0^2" },
            specialists: [{ cost: "(a-a0)^2", revenue: "log(a-1)" }],
          }),
          file("a5.json", { delta: 0.5, alpha0: 2, alphas: { D: 2.2 }, utilities: { G: 0, D: 0 } }),
        ],
        "nan.json: D's utility at α0 = 0, δ = 0.5 is NaN",
      ],
    ];
    for (const [args, message] of cases) {
      const r = await cli(["check", ...args]);
      expect(r.code, message).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(message);
    }
  });
});

/** The sh lines of a markdown block that mention `ftg check`'s section, run with files in `dir`. */
async function runDocumented(lines: string[], files: Record<string, unknown>): Promise<string[]> {
  const work = mkdtempSync(join(dir, "docs-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(work, name)), { recursive: true });
    writeFileSync(join(work, name), typeof content === "string" ? content : JSON.stringify(content));
  }
  const outputs: string[] = [];
  for (const line of lines) {
    const command = line.replace(/#.*$/, "").trim();
    for (const part of command.split("&&").map((p) => p.trim())) {
      const [args, redirect] = part.split(">").map((p) => p.trim());
      const words = args!.split(/\s+/);
      // documented as `npx ftg …` or `ftg …` (the bin on PATH)
      if (words[0] === "npx") words.shift();
      expect(words[0]).toBe("ftg");
      const argv = words.slice(1).map((w) => (/\.(json|yaml)$/.test(w) ? join(work, w) : w));
      const r = await cli(argv);
      expect(r.code, `${part}: ${r.stderr}`).toBe(0);
      if (redirect !== undefined) writeFileSync(join(work, redirect), r.stdout);
      outputs.push(r.stdout);
    }
  }
  return outputs;
}

describe("documented ftg check commands", () => {
  const root = new URL("../../../", import.meta.url);

  it("docs/fine-tuning.md's section runs as written and its answers pass", async () => {
    const page = readFileSync(new URL("docs/fine-tuning.md", root), "utf8");
    const section = page.slice(page.indexOf("## Checking an answer: `ftg check`"));
    expect(section.length).toBeGreaterThan(100);
    const [game, rounded] = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const sh = /```sh\n([\s\S]*?)```/.exec(section)![1]!.trim().split("\n");
    expect(sh.filter((l) => l.includes("ftg check"))).toHaveLength(3);
    const outputs = await runDocumented(sh, { "game.json": game, "rounded.json": rounded });
    expect(outputs.filter((o) => o.includes("PASS: all"))).toHaveLength(2);
    expect(JSON.parse(outputs[3]!).holds).toBe(true);
    // as the page says: the rounded answer fails the default tolerances
    const strict = await cli(["check", file("r-game.json", game!), file("r.json", rounded!)]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/✗ equilibrium: utilities \[4\.06e-7 vs tol 1\.56e-10\]/);
  });

  it("README.md's ftg check line runs as written", async () => {
    const readme = readFileSync(new URL("README.md", root), "utf8");
    const lines = readme.split("\n").filter((l) => /^(npx )?ftg .*ftg check/.test(l));
    expect(lines).toHaveLength(1);
    const example = readFileSync(new URL("examples/figure-2.yaml", root), "utf8");
    const outputs = await runDocumented(lines, { "examples/figure-2.yaml": example });
    expect(outputs[outputs.length - 1]).toMatch(/PASS: all \d+ checks hold\n$/);
  });
});
