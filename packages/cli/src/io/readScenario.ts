/**
 * Reads a scenario file (JSON or YAML, or `-` for standard input) into an untyped value; the
 * model's schema validates it afterwards. Parse errors name the file and the line.
 */
import { readFile } from "node:fs/promises";
import { UserError } from "../errors.js";
import { type Io, readAll } from "./streams.js";

/** Reads and parses `path` (`-` = stdin). YAML is a superset of JSON, so one parser serves both. */
export async function readScenario(path: string, io: Io): Promise<unknown> {
  let text: string;
  const label = path === "-" ? "<stdin>" : path;
  if (path === "-") {
    text = await readAll(io.stdin);
  } else {
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new UserError(`scenario file not found: ${path}`);
      if (code === "EISDIR") throw new UserError(`scenario path is a directory, expected a file: ${path}`);
      throw new UserError(`cannot read scenario file ${path}: ${(e as Error).message}`);
    }
  }
  if (text.trim() === "")
    throw new UserError(`${label}: the scenario is empty; expected a JSON or YAML object`);
  if (/\.json$/i.test(path)) {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new UserError(`${label}: malformed JSON: ${(e as Error).message}`);
    }
  }
  // loaded here, not with the module: JSON files and the built-in scenario never need it
  const { parse: parseYaml, YAMLParseError } = await import("yaml");
  try {
    return parseYaml(text, { prettyErrors: true }) as unknown;
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const where = e.linePos?.[0] ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "";
      throw new UserError(`${label}: malformed JSON/YAML${where}: ${e.message.split("\n")[0]}`);
    }
    throw new UserError(`${label}: malformed JSON/YAML: ${(e as Error).message}`);
  }
}
