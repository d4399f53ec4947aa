/**
 * Pipes and signals: a reader that closes the pipe early gets a quiet exit, and an interrupted
 * sweep saves its journal and exits 130 so that `ftg sweep … && next` stops.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers.js";
import { tempDir } from "./tempDirs.js";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const pipes = fileURLToPath(new URL("../src/io/pipes.ts", import.meta.url));

/** `ftg <args>` in a child process set up as bin/ftg.js sets up the real one. */
function ftgProcess(args: readonly string[]) {
  const code = `import { run } from ${JSON.stringify(main)};
import { exitQuietlyOnClosedPipe } from ${JSON.stringify(pipes)};
exitQuietlyOnClosedPipe([process.stdout, process.stderr]);
process.exitCode = await run(${JSON.stringify(args)}, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });`;
  return spawn(
    process.execPath,
    ["--conditions=source", "--import", "tsx", "--input-type=module", "-e", code],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

describe("pipes and signals", () => {
  it("exits 0 without a word on stderr when the reader of stdout closes the pipe early (| head -1)", async () => {
    const dir = tempDir("ftg-pipe-");
    const scenario = join(dir, "open.json");
    writeFileSync(scenario, JSON.stringify({ model: "openness", alpha0: 0.3, delta: 0.5 }));
    const child = ftgProcess(["landscape", scenario, "--format", "csv", "--no-progress"]);
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  }, 60_000);

  it("an interrupted sweep keeps its journal, says how to resume, and exits 130", async () => {
    const dir = tempDir("ftg-int-");
    const scenario = join(dir, "s.json");
    writeFileSync(
      scenario,
      JSON.stringify({
        model: "fine-tuning",
        generalist: { cost: { polynomial: { c: 1, k: 2 } } },
        specialists: [{ cost: { polynomial: { c: 2, k: 2 } } }],
      }),
    );
    const out = join(dir, "o.csv");
    const journal = `${out}.journal`;
    // Ctrl-C arrives once some points are in the journal
    const timer = setInterval(() => {
      if (existsSync(journal) && readFileSync(journal, "utf8").split("\n").length > 3) {
        clearInterval(timer);
        process.emit("SIGINT");
      }
    }, 20);
    const r = await cli([
      "sweep",
      scenario,
      "--vary",
      "specialists[0].cost.polynomial.c=1:2:1000000",
      "--workers",
      "0",
      "--chunk",
      "1",
      "--no-progress",
      "--out",
      out,
    ]);
    clearInterval(timer);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(
      /^ftg sweep: interrupted — \d+ of 1000000 points saved in .*o\.csv\.journal; run the same command again to resume\n$/,
    );
    expect(existsSync(out)).toBe(false);
    expect(readFileSync(journal, "utf8").split("\n").length).toBeGreaterThan(3);
  }, 60_000);
});
