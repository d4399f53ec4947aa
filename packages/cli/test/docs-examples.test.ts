/**
 * Every example of the tutorials and how-to guides runs: each `sh` block (its `npx ftg …` commands,
 * in a scratch folder holding the tutorial files), each `ts` block (with tsx, importing the built
 * packages) and each `python` block (with a Python that has pandas where the block imports it:
 * `python3`, else Debian's /usr/bin/python3, where scripts/setup.sh installs python3-pandas), in
 * page order, and must exit 0. Where no Python has pandas, a pandas block is not skipped: the test
 * checks the CSV it reads with Python's csv module instead (CSV_CONTRACTS), and says so in its
 * name. Printed values marked `→` must match, and so must the output block that follows an `sh`
 * block (docsBlocks.ts says how; for real-data commands only where Debian's Fashion-MNIST is
 * installed, since the committed subset prints other numbers). A few results are checked against
 * the theorems they illustrate. Blocks marked "Not run by the docs test" are reported as skipped.
 * Runs the built CLI (`npm test` builds first).
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type CodeBlock,
  codeBlocks,
  expectations,
  matches,
  pages,
  REPO,
  showsOutput,
  TUTORIAL_FILES,
} from "./docsBlocks.js";
import { SUBSET_DIR } from "./helpers.js";

const FTG_BIN = join(REPO, "packages", "cli", "bin", "ftg.js");
const TSX = join(REPO, "node_modules", "tsx", "dist", "cli.mjs");
const DEBIAN_DATA = "/usr/share/datasets/fashion-mnist";

const has = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { stdio: "ignore" }).status === 0;
const PYTHON = has("python3", ["-c", "pass"]);
/** A Python with pandas: the one on PATH, else Debian's (python3-pandas), else null. */
const PANDAS_PYTHON = ["python3", "/usr/bin/python3"].find((p) => has(p, ["-c", "import pandas"])) ?? null;
const usesPandas = (b: CodeBlock) => b.lang === "python" && /^\s*import pandas/m.test(b.code);

/** Why a block does not run here, or null. */
function skipReason(b: CodeBlock): string | null {
  if (b.notRun !== null) return `marked on the page: ${b.notRun}`;
  if (b.lang === "python" && !PYTHON) return "python3 is not installed";
  return null;
}

/**
 * Where pandas is missing, what a pandas block relies on, checked with the standard library: per
 * page, a Python program reading the same files (printing nothing, exiting 1 on a broken contract).
 */
const CSV_CONTRACTS: Record<string, string> = {
  "python-and-r.md": [
    "import csv, sys",
    "rows = list(csv.DictReader(open('sweep.csv', newline='')))",
    "cols = ['point', 'status', 'specialists[0].cost.polynomial.c', 'nash.delta', 'egalitarian.delta', 'utilitarian.delta']",
    "missing = [c for c in cols if c not in rows[0]]",
    "assert not missing, f'sweep.csv lacks {missing}'",
    "assert len(rows) == 17, f'{len(rows)} rows, expected 17'",
    "assert all(r['status'] == 'ok' for r in rows), 'a point failed'",
    "c1 = [float(r['specialists[0].cost.polynomial.c']) for r in rows]",
    "u = [float(r['utilitarian.delta']) for r in rows]",
    "assert max(abs(x - c / (1 + c)) for x, c in zip(u, c1)) < 1e-9, 'Proposition 3.5 fails'",
  ].join("\n"),
};

const RUNS = new Set(["sh", "ts", "python"]);
/** Commands whose printed numbers depend on the data set (the committed subset differs from Debian's). */
const REAL_DATA = /collab-train|reproduce .*--real/;

/** A scratch folder inside node_modules (so that @ftg/* resolve from it) with the tutorial files. */
function scratch(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(REPO, "node_modules", ".docs-examples-"));
  for (const f of readdirSync(TUTORIAL_FILES)) cpSync(join(TUTORIAL_FILES, f), join(dir, f));
  // the IDX how-to starts from a copy of Fashion-MNIST in my-data/
  cpSync(SUBSET_DIR, join(dir, "my-data"), { recursive: true });
  // `npx ftg` runs the built CLI directly (npx's own start-up would double every command's time)
  const bin = join(dir, ".bin");
  mkdirSync(bin);
  writeFileSync(
    join(bin, "npx"),
    `#!/bin/sh\nif [ "$1" = ftg ]; then shift; exec "${process.execPath}" "${FTG_BIN}" "$@"; fi\necho "docs test: only 'npx ftg' is available here (got: npx $*)" >&2; exit 127\n`,
  );
  chmodSync(join(bin, "npx"), 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}:${process.env["PATH"] ?? ""}`,
    NO_COLOR: "1",
  };
  // the short real-data run uses the committed subset where Debian's package is not installed
  if (!existsSync(DEBIAN_DATA)) env["FTG_FASHION_MNIST_DIR"] = SUBSET_DIR;
  return { dir, env };
}

function run(
  b: CodeBlock,
  dir: string,
  env: NodeJS.ProcessEnv,
): { status: number | null; out: string; err: string } {
  let r: ReturnType<typeof spawnSync>;
  if (b.lang === "sh") {
    r = spawnSync("bash", ["-e", "-o", "pipefail", "-c", b.code], { cwd: dir, env, encoding: "utf8" });
  } else if (b.lang === "ts") {
    const file = join(dir, `block-${b.line}.mts`);
    writeFileSync(file, b.code);
    r = spawnSync(process.execPath, [TSX, file], { cwd: dir, env, encoding: "utf8" });
  } else {
    const python = usesPandas(b) && PANDAS_PYTHON !== null ? PANDAS_PYTHON : "python3";
    r = spawnSync(python, ["-c", b.code], { cwd: dir, env, encoding: "utf8" });
  }
  return { status: r.status, out: String(r.stdout), err: String(r.stderr) };
}

const close = (x: number, y: number) => expect(Math.abs(x - y)).toBeLessThan(1e-9);
const json = (dir: string, f: string) => JSON.parse(readFileSync(join(dir, f), "utf8"));
const csvRows = (dir: string, f: string) => readFileSync(join(dir, f), "utf8").trim().split("\n");

/** What each page's examples must have produced, beyond exiting 0 (theorem values exactly). */
const RESULTS: Record<string, (dir: string) => void> = {
  "fine-tuning.md": (dir) => {
    const r = json(dir, "two-firms.json");
    expect(r.pareto).toHaveLength(1);
    close(r.pareto[0][0], 1 / 3); // Props 3.2–3.3: [(c1 − c0)/(2c1 − c0), 1] at c0 = 1, c1 = 2
    close(r.pareto[0][1], 1);
    close(r.solutions.utilitarian.delta, 2 / 3); // Prop 3.5: c1/(c0 + c1)
    close(r.solutions.egalitarian.delta, Math.sqrt(3) / 3); // Prop 3.6
    expect(r.certificate.maxDeviationGain).toBeLessThan(1e-9);
    for (const f of ["two-firms.svg", "three-specialists.svg"]) expect(existsSync(join(dir, f))).toBe(true);
  },
  "openness.md": (dir) => {
    const r = json(dir, "openness.json");
    expect(["comply", "ignore", "non-binding", "abstain"]).toContain(r.decision);
    close(r.alpha1, r.alpha0 + (1 - r.delta * (1 - r.omega)) / (2 * (1 - 0.5 * r.omega))); // stage 3
    const grid = csvRows(dir, "landscape.csv");
    expect(grid).toHaveLength(1 + 21 * 21);
    expect(existsSync(join(dir, "openness.svg"))).toBe(true);
    expect(csvRows(dir, "band.csv")).toHaveLength(1 + 21 * 2);
  },
  "collaboration.md": (dir) => {
    const m = json(dir, "market.json");
    const [ql, qh] = [0.2, 0.7];
    close(m.prices[0], (ql * (qh - ql)) / (4 * qh - ql)); // Lemma 2
    close(m.prices[1], (2 * qh * (qh - ql)) / (4 * qh - ql));
    expect(m.certificates.isEquilibrium).toBe(true);
    const run = json(dir, "short-run.json");
    expect(run.runs).toHaveLength(1);
    expect(existsSync(join(dir, "short-run.csv"))).toBe(true);
  },
  "sweep-and-plot.md": (dir) => {
    expect(csvRows(dir, "sweep.csv")).toHaveLength(18);
    expect(json(dir, "sweep.json").rows).toHaveLength(17);
    expect(csvRows(dir, "omega.csv")).toHaveLength(22);
    expect(existsSync(join(dir, "sweep.svg"))).toBe(true);
  },
  "sweep-on-several-machines.md": (dir) => {
    expect(csvRows(dir, "coarse.csv")).toHaveLength(1 + 9 * 5);
  },
  "reproduce-a-figure.md": (dir) => {
    const checks = json(dir, "reproduction/checks.json");
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((c: { pass: boolean }) => c.pass)).toBe(true);
  },
  "check-an-answer.md": (dir) => {
    const r = json(dir, "at-half.json");
    close(r.alpha0, 0.5 / 2); // Theorem 3.1: δ/(2c0)
    close(r.alphas.D, 0.25 + 0.5 / 4); // α0 + (1 − δ)/(2c1)
  },
  "other-idx-data.md": (dir) => {
    expect(readdirSync(join(dir, "mirrored")).sort()).toHaveLength(4);
    expect(json(dir, "mirrored-run.json").data.dir).toBe("mirrored");
  },
};

const ALL = [...pages("tutorials"), ...pages("how-to")];

test("an output block fails when the commands print something else", () => {
  const printed = "Pareto set: [0.333333333, 1]\nnash 0.622839\nCertificate: gain 5.55e-17";
  expect(showsOutput(printed, "Pareto set: [0.333333333, 1]\n…\nCertificate: gain 1.39e-17")).toBeNull();
  expect(showsOutput(printed, "nash 0.62…")).toBeNull();
  expect(showsOutput(printed, "Pareto set: [0.333333333, 0.9]")).not.toBeNull();
  expect(showsOutput(printed, "Pareto set: [0.333333333, 1]\nCertificate: gain 5.55e-17")).not.toBeNull();
  expect(showsOutput(printed, "nash 0.622839\n…\nPareto set: [0.333333333, 1]")).not.toBeNull();
});

test("the docs have tutorials and how-to guides with examples", () => {
  expect(ALL.length).toBeGreaterThanOrEqual(3);
  expect(ALL.flatMap((p) => codeBlocks(p)).filter((b) => RUNS.has(b.lang)).length).toBeGreaterThan(20);
});

for (const path of ALL) {
  const blocks = codeBlocks(path);
  describe(blocks[0]?.page ?? path, () => {
    let dir = "";
    let env: NodeJS.ProcessEnv = {};
    beforeAll(() => {
      ({ dir, env } = scratch());
    });
    afterAll(() => {
      if (dir !== "") rmSync(dir, { recursive: true, force: true });
    });

    for (const b of blocks.filter((x) => x.showsFile !== null)) {
      test(`line ${b.line}: shows ${b.showsFile} exactly as in docs/tutorials/files`, () => {
        const file = readFileSync(join(TUTORIAL_FILES, b.showsFile!), "utf8");
        expect(b.code).toBe(file.replace(/\n$/, ""));
      });
    }

    for (const b of blocks.filter((x) => x.lang === "sh")) {
      test(`line ${b.line}: sh commands are ftg commands`, () => {
        const commands = b.code
          .replace(/\\\n/g, " ")
          .split("\n")
          .map((l) => l.trim())
          .filter((l) => l !== "" && !l.startsWith("#"));
        expect(commands.length).toBeGreaterThan(0);
        for (const c of commands) expect(c).toMatch(/^npx ftg /);
      });
    }

    for (const b of blocks.filter((x) => !RUNS.has(x.lang) && /^(r|js|javascript|bash)$/.test(x.lang))) {
      test(`line ${b.line}: a block in ${b.lang}, which the test cannot run, says so on the page`, () => {
        expect(b.notRun).not.toBeNull();
      });
    }

    for (const b of blocks.filter((x) => RUNS.has(x.lang))) {
      const why = skipReason(b);
      const name = `line ${b.line}: ${b.lang} example runs and exits 0`;
      if (why !== null) {
        test.skip(`${name} (not run: ${why})`, () => {});
        continue;
      }
      if (usesPandas(b) && PANDAS_PYTHON === null) {
        const contract = CSV_CONTRACTS[basename(path)];
        test(`${name.replace(" runs and exits 0", "")}: pandas is missing, so the CSV it reads is checked with Python's csv module`, () => {
          expect(contract, `no CSV_CONTRACTS entry for ${basename(path)}`).toBeDefined();
          const r = spawnSync("python3", ["-c", contract!], { cwd: dir, env, encoding: "utf8" });
          expect(r.status, `${b.page}:${b.line}\n${r.stderr}`).toBe(0);
        });
        continue;
      }
      const next = blocks[blocks.indexOf(b) + 1];
      const shown = b.lang === "sh" && next !== undefined && next.lang === "" ? next : null;
      test(shown === null ? name : `${name}, printing what the page shows at line ${shown.line}`, () => {
        const r = run(b, dir, env);
        expect(r.status, `${b.page}:${b.line}\n${r.err}`).toBe(0);
        if (shown !== null && (existsSync(DEBIAN_DATA) || !REAL_DATA.test(b.code))) {
          // stdout and stderr are captured apart: the page may show either first
          const missing =
            showsOutput(`${r.out.trimEnd()}\n${r.err}`, shown.code) &&
            showsOutput(`${r.err.trimEnd()}\n${r.out}`, shown.code);
          expect(
            missing,
            `${b.page}:${shown.line} shows a line the commands do not print:\n${r.out}\n${r.err}`,
          ).toBeNull();
        }
        const want = expectations(b);
        if (want.length > 0) {
          const got = r.out.trimEnd().split("\n");
          expect(got, r.out).toHaveLength(want.length);
          want.forEach((w, i) => {
            expect(matches(got[i]!, w), `printed ${JSON.stringify(got[i])}, the page says ${w}`).toBe(true);
          });
        }
      });
    }

    const check = RESULTS[basename(path)];
    const skipsAny = blocks.some((b) => RUNS.has(b.lang) && skipReason(b) !== null && b.notRun === null);
    if (check !== undefined && !skipsAny) {
      test("the examples produce what the page says", () => check(dir));
    }
  });
}
