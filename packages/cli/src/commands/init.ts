/**
 * `ftg init MODEL [FILE] [--force]`: writes a commented template scenario of a model (every field,
 * its meaning, its default) to fill in; FILE defaults to `MODEL.yaml`, `-` prints it. An existing
 * file is never overwritten without --force.
 */
import { readFile, writeFile } from "node:fs/promises";
import { UserError } from "../errors.js";
import { status } from "../io/progress.js";
import type { Io } from "../io/streams.js";
import { MODEL_SUMMARIES } from "../models/catalog.js";

/** The templates folder, one level above both src/ and dist/ of the package. */
const TEMPLATES_DIR = new URL("../../templates/", import.meta.url);

export interface InitOptions {
  readonly force?: boolean;
  readonly quiet?: boolean;
}

/** Runs `init`; returns the text to print on stdout (the template when FILE is `-`). */
export async function initCommand(
  model: string,
  file: string | undefined,
  opts: InitOptions,
  io: Io,
): Promise<string> {
  const models = Object.keys(MODEL_SUMMARIES);
  if (!models.includes(model)) {
    throw new UserError(`init: MODEL: expected one of ${models.join(", ")}, found ${JSON.stringify(model)}`);
  }
  const template = await readFile(new URL(`${model}.yaml`, TEMPLATES_DIR), "utf8");
  if (file === "-") return template;
  const path = file ?? `${model}.yaml`;
  try {
    // "wx" fails if the file exists: no window between a check and the write
    await writeFile(path, template, { flag: opts.force === true ? "w" : "wx" });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new UserError(`init: ${path} already exists; pass --force to overwrite it`);
    throw new UserError(`init: cannot write ${path}: ${(e as Error).message}`);
  }
  status(io, opts, `ftg: wrote ${path} (a ${model} scenario to fill in; then: ftg solve ${path})`);
  return "";
}
