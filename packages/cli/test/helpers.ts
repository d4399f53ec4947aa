/** Runs the CLI in-process with in-memory streams. */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { run } from "../src/main.js";
import { tempDir } from "./tempDirs.js";

/** The committed Fashion-MNIST subset of @ftg/ml's tests (packages/ml/test/subset.ts, SUBSET_DIR). */
export const SUBSET_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "ml",
  "test",
  "fixtures",
  "fashion-mnist-subset",
);

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function cli(args: readonly string[], stdin = ""): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        append(String(chunk));
        cb();
      },
    });
  const code = await run(args, {
    stdout: sink((s) => {
      stdout += s;
    }),
    stderr: sink((s) => {
      stderr += s;
    }),
    stdin: Readable.from([stdin]),
  });
  return { code, stdout, stderr };
}

/**
 * Replaces every number in a JSON text by its 10-significant-digit form, and round-off-sized
 * numbers (|x| < 1e-9: certificate residuals such as a finite-difference 1e-11) by 0 (for golden files).
 */
export function normaliseNumbers(json: string): string {
  return JSON.stringify(
    JSON.parse(json),
    (_k, v) =>
      typeof v === "number" && !Number.isInteger(v)
        ? Math.abs(v) < 1e-9
          ? 0
          : Number(v.toPrecision(10))
        : v,
    2,
  );
}

/** `ftg <args>` in-process, with the shape several tests use: exit code, stdout, stderr. */
export async function ftgArgs(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await cli(args);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

/** `ftg solve <scenario written to a temporary JSON file> <flags>` in-process. */
export async function solveScenario(
  scenario: unknown,
  ...flags: string[]
): Promise<{ code: number; out: string; err: string }> {
  const dir = tempDir("ftg-test-");
  const file = join(dir, "s.json");
  writeFileSync(file, JSON.stringify(scenario));
  return ftgArgs(["solve", file, ...flags]);
}
