/**
 * `ftg examples [NAME]`: the papers' scenarios that ship with the command line (the package's
 * `examples/` folder). Without a name, one line per example (name and title, the file's first
 * comment line); with a name, the file itself on stdout, so that
 * `ftg examples figure-4 | ftg solve -` solves it and `ftg examples figure-4 > game.yaml` copies it.
 */
import { readdir, readFile } from "node:fs/promises";
import { UserError } from "../errors.js";

/** The examples folder, one level above both src/ and dist/ of the package. */
export const EXAMPLES_DIR = new URL("../../examples/", import.meta.url);

/** Names (file names without .yaml) of the shipped examples, sorted. */
export async function exampleNames(): Promise<string[]> {
  const files = await readdir(EXAMPLES_DIR);
  return files
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

/** The first comment line of an example: its one-line title. */
function title(text: string): string {
  const first = text.split("\n", 1)[0] ?? "";
  return first.startsWith("#") ? first.replace(/^#\s*/, "") : "";
}

/** Runs `examples`; returns the text to print on stdout. */
export async function examplesCommand(name: string | undefined): Promise<string> {
  const names = await exampleNames();
  if (name === undefined) {
    const width = Math.max(...names.map((n) => n.length));
    const lines = await Promise.all(
      names.map(
        async (n) =>
          `${n.padEnd(width)}  ${title(await readFile(new URL(`${n}.yaml`, EXAMPLES_DIR), "utf8"))}`,
      ),
    );
    return `${lines.join("\n")}\n`;
  }
  const wanted = name.replace(/\.ya?ml$/i, "");
  if (!names.includes(wanted)) {
    throw new UserError(
      `examples: no example named ${JSON.stringify(name)}; expected one of ${names.join(", ")}`,
    );
  }
  return readFile(new URL(`${wanted}.yaml`, EXAMPLES_DIR), "utf8");
}
