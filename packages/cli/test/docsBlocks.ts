/**
 * Reading the code blocks of the documentation, for the tests that run them.
 *
 * Conventions the docs follow (and these tests enforce):
 * - A fenced block whose language is `sh`, `ts` or `python` is an example that runs.
 * - A block preceded by a blockquote starting `> **Not run by the docs test:**` does not run; the
 *   quote says why, visibly, on the page.
 * - A block preceded by `<!-- file: NAME -->` shows the file docs/tutorials/files/NAME verbatim.
 * - In `ts` and `python` blocks, a line printing a value may end with `// → value` (`# → value`):
 *   the printed lines must match these, in order.
 * - A block with no language right after an `sh` block shows what its commands print (stdout, then
 *   stderr): each run of lines between lines that are just `…` must appear in that output, in
 *   order and contiguously; `…` inside a line stands for any text; numbers within 1e-12 of each
 *   other match (round-off in certificates).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const DOCS = join(REPO, "docs");
export const TUTORIAL_FILES = join(DOCS, "tutorials", "files");

/** The visible marker of a block the tests do not run. */
export const NOT_RUN_MARKER = "> **Not run by the docs test:**";

export interface CodeBlock {
  /** Page path relative to the repository root. */
  readonly page: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: string;
  readonly code: string;
  /** The reason given by a not-run marker, or null when the block runs. */
  readonly notRun: string | null;
  /** The file a `<!-- file: NAME -->` comment says the block shows, or null. */
  readonly showsFile: string | null;
}

/** Every fenced code block of a markdown page, in order. */
export function codeBlocks(path: string): CodeBlock[] {
  const lines = readFileSync(path, "utf8").split("\n");
  const page = relative(REPO, path);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(\S*)/.exec(lines[i]!);
    if (open === null) continue;
    const fence = open[1]!;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith(fence); i++) body.push(lines[i]!);
    // the paragraph just above the fence (blank lines skipped)
    let j = start - 1;
    while (j >= 0 && lines[j]!.trim() === "") j--;
    let notRun: string | null = null;
    let showsFile: string | null = null;
    const file = /^<!-- file: (\S+) -->$/.exec(lines[j] ?? "");
    if (file !== null) showsFile = file[1]!;
    let k = j;
    while (k >= 0 && lines[k]!.startsWith(">")) k--;
    const quote = lines
      .slice(k + 1, j + 1)
      .map((l, n) => (n === 0 ? l : l.replace(/^>\s?/, "")))
      .join(" ");
    if (quote.startsWith(NOT_RUN_MARKER))
      notRun = quote.slice(NOT_RUN_MARKER.length).replace(/^>\s*/, "").trim();
    blocks.push({ page, line: start + 1, lang: open[2]!, code: body.join("\n"), notRun, showsFile });
  }
  return blocks;
}

/** Markdown pages of a docs folder (not recursive). */
export function pages(folder: string): string[] {
  return readdirSync(join(DOCS, folder))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => join(DOCS, folder, f));
}

/** The `→ value` expectations of a ts or python block, in order. */
export function expectations(block: CodeBlock): string[] {
  const marker = block.lang === "python" ? /#\s*→\s*(.*)$/ : /\/\/\s*→\s*(.*)$/;
  return block.code
    .split("\n")
    .map((l) => marker.exec(l)?.[1]?.trim())
    .filter((x): x is string => x !== undefined);
}

/** Whether a printed line matches an expectation: numbers to 1e-9 relative, text exactly. */
export function matches(printed: string, expected: string): boolean {
  const a = Number(printed);
  const b = Number(expected);
  if (printed.trim() !== "" && expected !== "" && Number.isFinite(a) && Number.isFinite(b)) {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  }
  return printed.trim() === expected;
}

const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;

/** Whether a printed line is the line the page shows (see the module comment). */
function sameLine(printed: string, shown: string): boolean {
  const p = printed.trimEnd();
  const s = shown.trimEnd();
  if (s.includes("…")) {
    const pattern = s
      .split("…")
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    return new RegExp(`^${pattern}$`).test(p);
  }
  if (p.replace(NUMBER, "#") !== s.replace(NUMBER, "#")) return false;
  const a = p.match(NUMBER) ?? [];
  const b = s.match(NUMBER) ?? [];
  return a.every((x, i) => x === b[i] || Math.abs(Number(x) - Number(b[i])) <= 1e-12);
}

/** Null when `output` shows what an output block says it does, else the first line not found. */
export function showsOutput(output: string, shown: string): string | null {
  const lines = output.split("\n");
  const segments: string[][] = [[]];
  for (const l of shown.split("\n")) {
    if (l.trim() === "…") segments.push([]);
    else segments.at(-1)!.push(l);
  }
  let from = 0;
  for (const seg of segments.filter((s) => s.length > 0)) {
    let at = -1;
    for (let i = from; i + seg.length <= lines.length && at < 0; i++) {
      if (seg.every((l, k) => sameLine(lines[i + k]!, l))) at = i;
    }
    if (at < 0) return seg.find((l) => !lines.slice(from).some((x) => sameLine(x, l))) ?? seg[0]!;
    from = at + seg.length;
  }
  return null;
}
