/**
 * The packages as a user gets them: `npm pack` of @ftg/core, @ftg/ml and @ftg/cli, installed from
 * the tarballs into an empty project outside the repository (dependencies from the npm cache or
 * registry), then the CLI and the library used from there — and the same tarballs installed
 * globally (`npm install -g`, into a temporary prefix). Slow (two installs), so one test file.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const work = mkdtempSync(join(tmpdir(), "ftg-install-"));
const project = join(work, "project");
const globalPrefix = join(work, "global");
const PACKAGES = ["@ftg/core", "@ftg/ml", "@ftg/cli"] as const;
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
/** Two installs of ~250 packages from the cache on a loaded machine. */
const INSTALL_TIMEOUT_MS = 600_000;

function sh(cmd: string, args: readonly string[], cwd: string, input?: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", input, env: { ...process.env, NO_COLOR: "1" } });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) exited ${r.status}: ${r.stderr}${r.stdout}`);
  }
  return r.stdout;
}

/** The first ```ts block of a README, the library example. */
function libraryExample(readme: string): string {
  const m = /```ts\n([\s\S]*?)```/.exec(readFileSync(readme, "utf8"));
  if (m === null) throw new Error(`${readme}: no \`\`\`ts block`);
  return m[1]!;
}

/** `console.log(x); // value` lines of an example, as the output they promise. */
function promisedOutput(example: string): string[] {
  return [...example.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]!);
}

let tarballs: string[] = [];

beforeAll(() => {
  sh(npm, ["exec", "--", "tsc", "-b", "packages/core", "packages/ml", "packages/cli"], root);
  const packed = JSON.parse(
    sh(
      npm,
      [
        "pack",
        "--json",
        "--ignore-scripts",
        "--pack-destination",
        work,
        ...PACKAGES.flatMap((p) => ["-w", p]),
      ],
      root,
    ),
  ) as { filename: string }[];
  tarballs = packed.map((p) => join(work, p.filename.replace(/^@/, "").replace("/", "-")));
  mkdirSync(project);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "fresh", private: true, type: "module" }),
  );
  sh(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", ...tarballs], project);
}, INSTALL_TIMEOUT_MS);

afterAll(() => rmSync(work, { recursive: true, force: true }), INSTALL_TIMEOUT_MS);

describe("the packed packages installed into an empty project", () => {
  const ftg = (args: readonly string[], input?: string) =>
    sh(join(project, "node_modules", ".bin", "ftg"), args, project, input);

  it("packs every public package with its README, LICENSE, built code and no tests", () => {
    expect(tarballs).toHaveLength(PACKAGES.length);
    for (const t of tarballs) {
      const files = sh("tar", ["-tzf", t], work).split("\n");
      expect(files, t).toContain("package/LICENSE");
      expect(files, t).toContain("package/README.md");
      expect(files, t).toContain("package/dist/index.js");
      expect(
        files.filter((f) => f.includes("/test/")),
        t,
      ).toEqual([]);
    }
  });

  it("declares every package it imports: ftg --help, --version and the built-in solve run", () => {
    expect(ftg(["--help"])).toMatch(/Usage: ftg/);
    const version = JSON.parse(readFileSync(join(root, "packages", "cli", "package.json"), "utf8")).version;
    expect(ftg(["--version"]).trim()).toBe(version);
    expect(ftg(["solve"])).toMatch(/Pareto set of bargains δ: \[0\.333333333, 1\]/);
  });

  it("prints a shipped example that ftg solve - reads, and plots an example to a PNG", () => {
    expect(ftg(["examples"])).toMatch(/^figure-4\s+Fine-tuning Games, Figure 4/m);
    const figure4 = ftg(["examples", "figure-4"]);
    expect(ftg(["solve", "-"], figure4)).toMatch(/Pareto set of bargains δ: \[0\.333333333, 1\]/);
    const market = JSON.parse(ftg(["solve", "-", "--json"], ftg(["examples", "market"])));
    expect(market.model).toBe("market");
    writeFileSync(join(project, "figure-2.yaml"), ftg(["examples", "figure-2"]));
    ftg(["plot", "figure-2.yaml", "--out", "figure.png"]);
    const png = readFileSync(join(project, "figure.png"));
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");
  });

  it("writes a template with ftg init that then solves", () => {
    ftg(["init", "collaboration", "mine.yaml"]);
    expect(ftg(["solve", "mine.yaml"])).toMatch(/Scheme defection-free/);
  });

  it("reproduces a paper figure with its checks", () => {
    const out = ftg(["reproduce", "--quick", "--only", "ftg-figure-4", "--out", join(project, "rep")]);
    expect(out).toMatch(/1 figures?, \d+ checks \(\d+ pass, 0 fail\)/);
    expect(existsSync(join(project, "rep", "ftg-figure-4.png"))).toBe(true);
  });

  it("runs the core README's library example from an ES module, printing what it promises", () => {
    const example = libraryExample(join(root, "packages", "core", "README.md"));
    writeFileSync(join(project, "example.mjs"), example);
    const lines = sh(process.execPath, ["example.mjs"], project).trim().split("\n");
    const promised = promisedOutput(example);
    expect(lines).toHaveLength(promised.length);
    expect(lines).toEqual(promised);
  });

  it("type-checks the library example as TypeScript against the shipped declarations", () => {
    const example = libraryExample(join(root, "packages", "core", "README.md"));
    writeFileSync(join(project, "example.ts"), example);
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          lib: ["es2022", "dom"],
          strict: true,
          noEmit: true,
          types: [],
        },
        files: ["example.ts"],
      }),
    );
    sh(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", project], project);
  });

  it("compiles nothing at install: optional native speed-ups are skipped, rendering is prebuilt", () => {
    const modules = join(project, "node_modules");
    expect(existsSync(join(modules, "msgpackr-extract", "build"))).toBe(false);
    const resvg = readdirSync(join(modules, "@resvg")).filter((d) => d !== "resvg-js");
    expect(resvg.length).toBeGreaterThan(0);
  });
});

describe("the packed packages installed globally", () => {
  it(
    "gives a working ftg on PATH outside the repository",
    () => {
      sh(
        npm,
        [
          "install",
          "-g",
          "--prefix",
          globalPrefix,
          "--prefer-offline",
          "--no-audit",
          "--no-fund",
          ...tarballs,
        ],
        work,
      );
      const bin = join(globalPrefix, "bin", "ftg");
      const r = execFileSync(bin, ["solve", "--json"], { cwd: work, encoding: "utf8" });
      expect(JSON.parse(r).model).toBe("fine-tuning");
    },
    INSTALL_TIMEOUT_MS,
  );
});
