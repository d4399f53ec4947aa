/**
 * The commands the README and docs/*.md show run as written: every `examples/…` file they name
 * exists, and every `ftg …` command line that uses one, lists or prints examples, or writes a
 * template (in a ```sh block or inline code) exits 0,
 * run by a shell in an empty folder where `examples/` is the repository's and `ftg` is the built
 * command (`npm test` builds first). Commands that need a Redis server or a long real training run
 * are left to their own tests (distributed.test.ts, collabTrain.test.ts). A fenced block after a
 * line `<!-- output of: ftg … -->` must show what that command prints.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { showsOutput } from "./docsBlocks.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const documents = [
  "README.md",
  ...["core", "ml", "cli"].map((p) => join("packages", p, "README.md")),
  ...readdirSync(join(root, "docs")).map((f) => join("docs", f)),
].filter((f) => f.endsWith(".md"));
/** Needs a Redis server or minutes of real training: tested elsewhere. */
const ELSEWHERE = /--queue|ftg worker|collab-train|--real/;

/** `ftg …` command lines of a Markdown text: ```sh lines (with \ continuations joined) and inline code. */
function commandLines(markdown: string): string[] {
  const out: string[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.replace(/\\\n\s*/g, "").split("\n")) out.push(line);
  }
  for (const span of markdown.matchAll(/`((?:npx )?ftg [^`]+)`/g)) out.push(span[1]!);
  return out
    .map((l) =>
      l
        .replace(/\s+#\s.*$/, "") // a trailing comment
        .replace(/\s*\[--[^\]]*\]/g, "") // optional flags: [--json]
        .replace(/\bnpx ftg\b/g, "ftg")
        .trim(),
    )
    .filter(
      (l) =>
        /(^|\|\s*)ftg /.test(l) &&
        /examples|^ftg (init|solve$|--help|--version)/.test(l) &&
        !/\b[A-Z]{2,}\b/.test(l), // a synopsis (ftg init MODEL [FILE]), not a command
    );
}

const work = mkdtempSync(join(tmpdir(), "ftg-docs-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const bin = join(work, "bin");
mkdirSync(bin);
writeFileSync(
  join(bin, "ftg"),
  `#!/bin/sh\nexec "${process.execPath}" "${join(root, "packages", "cli", "bin", "ftg.js")}" "$@"\n`,
);
chmodSync(join(bin, "ftg"), 0o755);

describe("files and commands of the README and docs", () => {
  const all = documents.map((doc) => ({ doc, text: readFileSync(join(root, doc), "utf8") }));

  it.each(all.map((d) => [d.doc, d.text] as const))(
    "%s names only example files that exist",
    (_doc, text) => {
      for (const m of text.matchAll(/examples\/([A-Za-z0-9_.-]+\.ya?ml)/g)) {
        expect(existsSync(join(root, "examples", m[1]!)), m[0]).toBe(true);
      }
    },
  );

  const commands = [...new Set(all.flatMap((d) => commandLines(d.text)))].filter((c) => !ELSEWHERE.test(c));

  it("finds the commands (the quick start's among them)", () => {
    expect(commands).toContain("ftg solve examples/figure-4.yaml");
    expect(commands).toContain("ftg examples market | ftg solve -");
  });

  const outputs = all.flatMap((d) =>
    [...d.text.matchAll(/<!-- output of: (ftg [^>]*?) -->\n+```\n([\s\S]*?)```/g)].map(
      (m) => [d.doc, m[1]!, m[2]!.replace(/\n$/, "")] as const,
    ),
  );

  it("finds the output blocks (the quick start's among them)", () => {
    expect(outputs.map(([doc, command]) => `${doc}: ${command}`)).toContain("README.md: ftg solve");
  });

  // a block after `<!-- output of: ftg … -->` shows what that command prints (docsBlocks.ts: `…`
  // elides lines or text, round-off within 1e-12 matches)
  it.each(outputs)("%s shows what `%s` prints", (_doc, command, shown) => {
    const r = spawnSync("sh", ["-c", command], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, PATH: `${bin}:${process.env["PATH"] ?? ""}`, NO_COLOR: "1" },
    });
    expect(r.status).toBe(0);
    expect(showsOutput(`${r.stdout.trimEnd()}\n${r.stderr}`, shown)).toBeNull();
  });

  it.each(commands)("%s", (command) => {
    const dir = mkdtempSync(join(work, "run-"));
    symlinkSync(join(root, "examples"), join(dir, "examples"));
    const r = spawnSync("sh", ["-c", `set -e; ${command}`], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, PATH: `${bin}:${process.env["PATH"] ?? ""}` },
    });
    expect(r.stderr).not.toMatch(/ftg: (error|internal error)/);
    expect(r.status).toBe(0);
  });
});
