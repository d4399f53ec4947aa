/**
 * Temporary folders of the tests: `tempDir` makes one under the system temporary folder, and
 * every one a test file made is removed after that file's tests (vitest.setup.ts registers
 * `removeTempDirs`), so a run of the suite leaves nothing behind.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const created: string[] = [];

/** A new empty folder `<tmp>/<prefix>XXXXXX`, removed after the current test file. */
export function tempDir(prefix = "ftg-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Removes every folder {@link tempDir} made in this test file. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
