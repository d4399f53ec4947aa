/**
 * Running the TSDoc `@example` blocks of a package's sources as tests.
 *
 * The format an example follows (CONTRIBUTING.md, "Documentation", says the same):
 * - Code fences (```ts) inside the block are optional and ignored.
 * - A line `expr // expected` (or `expr; // expected`) is a check: `expr` is evaluated and must
 *   equal `expected`, which is a JavaScript literal (`0.25`, `'comply'`, `[0, 0.5, 1]`,
 *   `{ low: 'high', high: 'low' }`, `true`) compared deeply (typed arrays as arrays, numbers
 *   exactly), or the value exactly as Node prints it (`util.inspect`).
 * - `expr // ≈ expected` compares every number of the literal within 1e-6 × max(1, |x|): write
 *   six decimals (`≈ 0.285714`) where the value is not exact.
 * - After the expected value, a note for the reader may follow: ` — note`, or a final `(note)`.
 * - A line starting with `//` is a comment; every other line is a statement run before the
 *   checks that follow it. The example runs as an ES module, so `await` and `import` work, and
 *   `import.meta.url` is the URL of the module the example documents.
 * - Names the example uses are the exports of its own module and of the package's entry point,
 *   plus any `givens` the test supplies (data sets, models: say in the test what each is).
 * - A block that is a scenario file (it starts with `{`) holds one or more JSON objects; each must
 *   parse as JSON and be accepted by its model's schema (`modelFor(s.model).parse(s)`).
 * A block with neither a check nor a scenario fails: an example that checks nothing is not run.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { inspect } from "node:util";

export interface TsdocExample {
  /** Source file, relative to the package's src folder. */
  readonly file: string;
  /** 1-based line of the `@example` tag. */
  readonly line: number;
  /** The block's lines, comment stars and fences removed, blank lines dropped. */
  readonly lines: readonly string[];
  readonly kind: "code" | "scenario" | "none";
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out.sort();
}

/** Every `@example` block under a src folder. */
export function tsdocExamples(src: string): TsdocExample[] {
  const out: TsdocExample[] = [];
  for (const path of sourceFiles(src)) {
    const text = readFileSync(path, "utf8");
    for (const m of text.matchAll(/@example([\s\S]*?)(?=\n\s*\*\s*@|\n\s*\*\/)/g)) {
      const lines = m[1]!
        .split("\n")
        .map((l) => l.replace(/^\s*\*\s?/, "").replace(/\s+$/, ""))
        .filter((l) => l.trim() !== "" && !/^\s*```/.test(l));
      const code = lines.filter((l) => !l.trim().startsWith("//"));
      const kind = code[0]?.trim().startsWith("{")
        ? "scenario"
        : code.some((l) => CHECK.test(l))
          ? "code"
          : "none";
      const line = text.slice(0, m.index).split("\n").length;
      out.push({ file: relative(src, path).replaceAll("\\", "/"), line, lines, kind });
    }
  }
  return out;
}

/** `expr // expected`: code, then a comment that is not the whole line. */
const CHECK = /^(\s*\S.*?);?\s+\/\/\s+(.*)$/;

/** The expected value of a check, its note removed, and whether it is approximate. */
export function parseExpected(text: string): { approx: boolean; literal: string } {
  let t = text.trim();
  const approx = t.startsWith("≈");
  if (approx) t = t.slice(1).trim();
  t = t.replace(/\s+—\s.*$/, "");
  // a final parenthesised note (a literal never ends with a closing parenthesis)
  t = t.replace(/\s+\((?:[^()]|\([^()]*\))*\)$/, "");
  return { approx, literal: t.trim() };
}

/** The module source that runs a code example: set-up statements, then each check's value. */
export function exampleModule(ex: TsdocExample, names: readonly string[], imports: string): string {
  const body = ex.lines
    .map((line) => {
      if (line.trim().startsWith("//")) return line;
      const m = CHECK.exec(line);
      if (m === null) return line;
      return `__out.push(${m[1]!.replace(/;\s*$/, "")});`;
    })
    .join("\n");
  return `${imports}\nconst { ${names.join(", ")} } = __names;\nexport const __out: unknown[] = [];\n${body}\n`;
}

/** The expected texts of a code example's checks, in order. */
export function checksOf(ex: TsdocExample): string[] {
  return ex.lines
    .filter((l) => !l.trim().startsWith("//"))
    .map((l) => CHECK.exec(l)?.[2])
    .filter((x): x is string => x !== undefined);
}

function plain(v: unknown): unknown {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, plain(x)]),
    );
  }
  return v;
}

function near(a: unknown, b: unknown, approx: boolean, at: string): string | null {
  if (typeof a === "number" && typeof b === "number") {
    if (Object.is(a, b) || a === b) return null;
    if (approx && Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b))) return null;
    return `${at}: ${a} is not ${approx ? "≈ " : ""}${b}`;
  }
  if (Array.isArray(b)) {
    if (!Array.isArray(a)) return `${at}: expected an array, found ${inspect(a)}`;
    if (a.length !== b.length) return `${at}: length ${a.length}, expected ${b.length}`;
    for (let i = 0; i < b.length; i++) {
      const e = near(a[i], b[i], approx, `${at}[${i}]`);
      if (e !== null) return e;
    }
    return null;
  }
  if (b !== null && typeof b === "object") {
    if (a === null || typeof a !== "object" || Array.isArray(a)) {
      return `${at}: expected an object, found ${inspect(a)}`;
    }
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) return `${at}: keys ${ka.join(", ")}, expected ${kb.join(", ")}`;
    for (const k of kb) {
      const e = near(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        approx,
        `${at}.${k}`,
      );
      if (e !== null) return e;
    }
    return null;
  }
  return Object.is(a, b) ? null : `${at}: ${inspect(a)} is not ${inspect(b)}`;
}

/** Null when `value` is what the check's expected text says, else why not. */
export function checkValue(value: unknown, expectedText: string): string | null {
  const { approx, literal } = parseExpected(expectedText);
  if (!approx && inspect(value, { depth: 6, breakLength: Number.POSITIVE_INFINITY }) === literal) return null;
  let expected: unknown;
  try {
    expected = new Function(`"use strict"; return (${literal});`)();
  } catch {
    return `the expected value \`${literal}\` is neither a JavaScript literal nor Node's printing of ${inspect(value, { breakLength: Number.POSITIVE_INFINITY })}`;
  }
  return near(plain(value), expected, approx, "value");
}

/** The JSON objects of a scenario example (one or several, each possibly over several lines). */
export function scenariosOf(ex: TsdocExample): unknown[] {
  const out: unknown[] = [];
  let acc = "";
  for (const line of ex.lines) {
    acc += `${line}\n`;
    try {
      out.push(JSON.parse(acc));
      acc = "";
    } catch {
      // not a whole object yet
    }
  }
  if (acc.trim() !== "") throw new Error(`${ex.file}:${ex.line}: not JSON: ${acc.trim()}`);
  return out;
}

/** Where and with what a package's code examples run. */
export interface ExampleContext {
  /** The package's src folder. */
  readonly src: string;
  /** Modules whose exports the examples may name (entry points), before the example's own. */
  readonly modules: readonly string[];
  /** Values the examples use by name without defining them (the test says what each is). */
  readonly givens?: Readonly<Record<string, unknown>>;
  /** A scratch folder for the generated modules (inside the repository, so packages resolve). */
  readonly scratch: string;
}

/** Runs a code example: the value of each check, and the check's expected text. */
export async function runCodeExample(
  ex: TsdocExample,
  index: number,
  ctx: ExampleContext,
): Promise<{ values: unknown[]; checks: string[] }> {
  const own = join(ctx.src, ex.file);
  const modules = [...ctx.modules, own];
  const givens = ctx.givens ?? {};
  const names = new Set<string>(Object.keys(givens));
  for (const m of modules) for (const k of Object.keys(await import(pathToFileURL(m).href))) names.add(k);
  mkdirSync(ctx.scratch, { recursive: true });
  const path = (p: string) => relative(ctx.scratch, p).replaceAll("\\", "/");
  const imports = [
    ...modules.map((m, k) => `import * as __m${k} from "${path(m)}";`),
    `import { z } from "zod";`,
    `const __names = { ...(globalThis as any).__tsdocGivens, ${modules.map((_, k) => `...__m${k}`).join(", ")} };`,
  ].join("\n");
  const file = join(ctx.scratch, `example-${index}.ts`);
  // an example speaks from the module it documents: `import.meta.url` is that module's URL
  const source = exampleModule(ex, [...names], imports).replaceAll(
    "import.meta.url",
    JSON.stringify(pathToFileURL(own).href),
  );
  writeFileSync(file, source);
  (globalThis as { __tsdocGivens?: unknown }).__tsdocGivens = givens;
  const mod = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { __out: unknown[] };
  return { values: mod.__out, checks: checksOf(ex) };
}
