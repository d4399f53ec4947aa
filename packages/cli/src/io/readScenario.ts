/**
 * Reads a scenario file (JSON or YAML, or `-` for standard input) into an untyped value; the
 * model's schema validates it afterwards. Parse errors name the file and the line.
 */

import { readFile, stat } from "node:fs/promises";
import { bracketDepth, LIMITS, valueDepth } from "@ftg/core/catalog";
import { UserError } from "../errors.js";
import { type Io, readAll } from "./streams.js";

/** Characters shown of a file that is not text, or of the text around a parse error. */
const EXCERPT = 24;

/**
 * At most `length` characters of `text`, with control and unprintable characters escaped, so that
 * a message quoting a binary or hostile file stays one short, readable line.
 * @example excerpt("\u0000ELF\u0002") // '\\u0000ELF\\u0002'
 */
export function excerpt(text: string, length = EXCERPT): string {
  const cut = [...text.slice(0, length * 2)].slice(0, length).join("");
  const escaped = cut.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
    /[\u0000-\u001f\u007f-\u009f\u00ad\u2028\u2029\ufeff\ufffd]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `${escaped}${text.length > cut.length ? "…" : ""}`;
}

/** Whether decoded text looks like a binary file: NUL bytes, or bytes that were not UTF-8. */
function looksBinary(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a NUL byte is what marks a binary file
  return /[\u0000\ufffd]/.test(text.slice(0, 8192));
}

/** Reads and parses `path` (`-` = stdin). YAML is a superset of JSON, so one parser serves both. */
export async function readScenario(path: string, io: Io): Promise<unknown> {
  const value = await parseScenario(path, io);
  const label = path === "-" ? "<stdin>" : path;
  // zod and the solvers recurse once per level; the parsers do not guarantee a bound
  if (valueDepth(value) > LIMITS.scenarioDepth)
    throw new UserError(
      `${label}: nested more than ${LIMITS.scenarioDepth} levels deep (or a YAML alias contains itself); scenarios are shallow`,
    );
  return value;
}

async function parseScenario(path: string, io: Io): Promise<unknown> {
  let text: string;
  const label = path === "-" ? "<stdin>" : path;
  if (path === "-") {
    const read = await readAll(io.stdin, LIMITS.scenarioBytes);
    if (read === undefined)
      throw new UserError(
        `${label}: more than ${LIMITS.scenarioBytes} bytes; a scenario has at most ${LIMITS.scenarioBytes}`,
      );
    text = read;
  } else {
    try {
      const size = (await stat(path)).size;
      if (size > LIMITS.scenarioBytes)
        throw new UserError(`${path}: ${size} bytes; a scenario file has at most ${LIMITS.scenarioBytes}`);
      text = await readFile(path, "utf8");
    } catch (e) {
      if (e instanceof UserError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new UserError(`scenario file not found: ${path}`);
      if (code === "EISDIR") throw new UserError(`scenario path is a directory, expected a file: ${path}`);
      throw new UserError(`cannot read scenario file ${path}: ${(e as Error).message}`);
    }
  }
  if (text.trim() === "")
    throw new UserError(`${label}: the scenario is empty; expected a JSON or YAML object`);
  if (looksBinary(text))
    throw new UserError(
      `${label}: not a text file (it starts "${excerpt(text)}"); expected a JSON or YAML scenario`,
    );
  if (text.length > LIMITS.scenarioBytes)
    throw new UserError(
      `${label}: ${text.length} characters; a scenario has at most ${LIMITS.scenarioBytes}`,
    );
  const depth = bracketDepth(text);
  if (depth > LIMITS.scenarioDepth)
    throw new UserError(
      `${label}: brackets nested ${depth} deep; a scenario is nested at most ${LIMITS.scenarioDepth} levels`,
    );
  if (/\.json$/i.test(path)) {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new UserError(`${label}: malformed JSON: ${excerpt((e as Error).message, 160)}`);
    }
  }
  if (text.length > LIMITS.yamlCharacters) {
    // JSON is YAML, and a large scenario is JSON whatever its name (or from standard input): read
    // as such it parses in a fraction of the time and memory the YAML parser would need
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new UserError(
        `${label}: ${text.length} characters of YAML; a YAML scenario has at most ${LIMITS.yamlCharacters} (write larger scenarios as JSON)`,
      );
    }
  }
  // loaded here, not with the module: JSON files and the built-in scenario never need it
  const { parse: parseYaml, YAMLParseError } = await import("yaml");
  try {
    return parseYaml(text, { prettyErrors: true }) as unknown;
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const where = e.linePos?.[0] ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "";
      throw new UserError(
        `${label}: malformed JSON/YAML${where}: ${excerpt(e.message.split("\n")[0] ?? "", 160)}`,
      );
    }
    throw new UserError(`${label}: malformed JSON/YAML: ${excerpt((e as Error).message, 160)}`);
  }
}
