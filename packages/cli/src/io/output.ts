/**
 * The one rule for every command's output path (`--out`), applied before any work is done:
 *
 * - an existing file is never overwritten without `--force`; an existing folder where a file is
 *   expected (or a file where a folder is expected) is refused;
 * - missing parent folders are created; a file standing where a parent folder should be, or a
 *   parent that cannot be written, is refused;
 *
 * each refusal is one line naming the flag and the path (a {@link UserError}, exit 2), so that a
 * long computation never ends in a write error.
 */
import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { UserError } from "../errors.js";

/** Options of {@link prepareOutput}. */
export interface OutputOptions {
  /** The flag named in messages. Default `--out`. */
  readonly flag?: string;
  /** Whether the path names a file the command writes or a folder it fills. Default "file". */
  readonly kind?: "file" | "directory";
  /** Overwrite an existing output. Default false. */
  readonly force?: boolean;
  /**
   * For a folder: the file whose presence means the folder holds this command's earlier output
   * (refused without `force`), with the words that describe that output. Default: none.
   */
  readonly marker?: { readonly file: string; readonly what: string };
}

const code = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? "";

/** The deepest existing ancestor of `abs` (the path itself excluded), with its stat. */
function nearestExisting(abs: string, flag: string, path: string): { dir: string; isDir: boolean } {
  let cur = dirname(abs);
  for (;;) {
    try {
      return { dir: cur, isDir: statSync(cur).isDirectory() };
    } catch (e) {
      const c = code(e);
      const up = dirname(cur);
      if ((c === "ENOENT" || c === "ENOTDIR") && up !== cur) {
        cur = up;
        continue;
      }
      throw new UserError(`${flag}: cannot use "${path}": ${c || (e as Error).message}`);
    }
  }
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates an output path and creates its missing parent folders (for a folder output, the
 * folder too); throws a {@link UserError} naming `flag` and the path for every other case.
 * @example
 * import { existsSync, mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const dir = mkdtempSync(join(tmpdir(), "ftg-"));
 * prepareOutput(join(dir, "results", "run1", "out.csv"), { force: false });
 * existsSync(join(dir, "results", "run1")) // true — the missing folders were created
 */
export function prepareOutput(path: string, options: OutputOptions = {}): void {
  const flag = options.flag ?? "--out";
  const kind = options.kind ?? "file";
  if (path.trim() === "")
    throw new UserError(`${flag}: expected a ${kind === "file" ? "file" : "folder"} path, found ""`);
  const abs = resolve(path);
  let isDir: boolean | undefined;
  try {
    isDir = statSync(abs).isDirectory();
  } catch (e) {
    const c = code(e);
    if (c !== "ENOENT" && c !== "ENOTDIR")
      throw new UserError(`${flag}: cannot use "${path}": ${c || (e as Error).message}`);
  }
  if (isDir !== undefined) {
    if (kind === "file" && isDir)
      throw new UserError(
        `${flag}: "${path}" is a folder; expected a file name (e.g. ${join(path, "out")}…)`,
      );
    if (kind === "directory" && !isDir)
      throw new UserError(`${flag}: "${path}" is a file; expected a folder`);
    if (kind === "file" && options.force !== true)
      throw new UserError(`${flag}: "${path}" exists; pass --force to overwrite it`);
    const marker = options.marker;
    if (
      kind === "directory" &&
      marker !== undefined &&
      options.force !== true &&
      existsSync(join(abs, marker.file))
    )
      throw new UserError(
        `${flag}: "${path}" already holds ${marker.what} (${marker.file}); pass --force to overwrite it`,
      );
    const dir = kind === "file" ? dirname(abs) : abs;
    if (!writable(dir))
      throw new UserError(`${flag}: cannot write to "${relative(".", dir) || "."}": permission denied`);
    return;
  }
  const ancestor = nearestExisting(abs, flag, path);
  const shown = relative(".", ancestor.dir) || ".";
  if (!ancestor.isDir)
    throw new UserError(`${flag}: cannot create "${path}": "${shown}" is a file, not a folder`);
  if (!writable(ancestor.dir)) throw new UserError(`${flag}: cannot write to "${shown}": permission denied`);
  try {
    mkdirSync(kind === "file" ? dirname(abs) : abs, { recursive: true });
  } catch (e) {
    throw new UserError(
      `${flag}: cannot create the folders of "${path}": ${code(e) || (e as Error).message}`,
    );
  }
}
