/**
 * `ftg collab-train` loses nothing: the output is checked before training, every round and run is
 * journaled as it finishes, Ctrl-C keeps the journal, and the same command resumes from it.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { resolveCollabTrainOptions } from "../src/training/collabOptions.js";
import { openJournal, runCollabTrain } from "../src/training/collabRun.js";
import { ftgArgs as ftg, SUBSET_DIR } from "./helpers.js";

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), "ftg-collab-resume-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const SMALL = ["--data-dir", SUBSET_DIR, "--firm-size", "300", "--no-progress", "--threads", "1"];
const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "bin", "ftg.js");
const sink = { write: () => true } as unknown as NodeJS.WritableStream;

describe("nothing is lost", () => {
  it("checks the output folder before any training: one line, exit 2", async () => {
    const out = join(tmp(), "no-such-folder", "run");
    const r = await ftg(["collab-train", ...SMALL, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^ftg: error: --out: .*no-such-folder\/run: the folder .* does not exist or is not writable/,
    );
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });

  it("names a truncated IDX file in one line, exit 2", async () => {
    const dir = tmp();
    for (const f of [
      "train-images-idx3-ubyte.gz",
      "train-labels-idx1-ubyte.gz",
      "t10k-labels-idx1-ubyte.gz",
    ]) {
      writeFileSync(join(dir, f), readFileSync(join(SUBSET_DIR, f)));
    }
    const whole = readFileSync(join(SUBSET_DIR, "t10k-images-idx3-ubyte.gz"));
    writeFileSync(join(dir, "t10k-images-idx3-ubyte.gz"), whole.subarray(0, whole.length >> 1));
    const r = await ftg(["collab-train", "--data-dir", dir, "--no-progress", "--out", join(tmp(), "x")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^ftg: error: .*t10k-images-idx3-ubyte\.gz: expected a complete gzip file/);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });

  it("refuses a --target-size above the test set instead of shrinking it", async () => {
    const r = await ftg(["collab-train", ...SMALL, "--target-size", "601", "--out", join(tmp(), "x")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--target-size: expected at most the 600 test examples of the IDX data set in");
  });

  it("an interrupted run resumes from its journal and ends with the files of an uninterrupted one", async () => {
    const flags = { dataDir: SUBSET_DIR, firmSize: "300", rounds: "4", scheme: "defection-free,complete" };
    const whole = resolveCollabTrainOptions({ ...flags, out: join(tmp(), "whole") });
    const once = await runCollabTrain(whole, { stdout: sink, stderr: sink, stdin: process.stdin } as never, {
      progress: false,
      threads: 1,
    });
    const s = resolveCollabTrainOptions({ ...flags, out: join(tmp(), "cut") });
    const path = `${s.out}.journal`;
    const journal = openJournal(path, s, false);
    const cut = {
      ...journal,
      append(entry: object) {
        journal.append(entry);
        if ((entry as { kind: string }).kind === "run") throw new Error("interrupted");
      },
    };
    await expect(
      runCollabTrain(s, { stdout: sink, stderr: sink } as never, {
        progress: false,
        threads: 1,
        journal: cut,
      }),
    ).rejects.toThrow("interrupted");
    const resumed = openJournal(path, s, false);
    expect([...resumed.done.keys()]).toEqual(["0/defection-free"]);
    const again = await runCollabTrain(s, { stdout: sink, stderr: sink } as never, {
      progress: false,
      threads: 1,
      journal: resumed,
    });
    const strip = (json: string) => {
      const j = JSON.parse(json);
      delete j.settings.out;
      // work counters count what this process computed (a resumed process replays less)
      for (const r of j.runs) delete r.counters;
      return j;
    };
    expect(strip(again.json)).toEqual(strip(once.json));
    expect(again.csv).toBe(once.csv);
  });

  it("a journal of other settings is refused, not mixed in", () => {
    const a = resolveCollabTrainOptions({ rounds: "4", out: join(tmp(), "j") });
    openJournal(`${a.out}.journal`, a, false);
    const b = resolveCollabTrainOptions({ rounds: "5", out: a.out });
    expect(() => openJournal(`${a.out}.journal`, b, false)).toThrow(/belongs to another run/);
    expect(() => openJournal(`${a.out}.journal`, b, true)).not.toThrow();
  });

  it("Ctrl-C stops at once with status 130 (SIGINT), keeps the journal, and the same command resumes", async () => {
    const out = join(tmp(), "run");
    const args = [
      BIN,
      "collab-train",
      ...SMALL,
      "--rounds",
      "150",
      "--scheme",
      "defection-free,complete",
      "--out",
      out,
    ];
    const child = spawn(process.execPath, args, { stdio: "ignore" });
    const journal = `${out}.journal`;
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (existsSync(journal) && readFileSync(journal, "utf8").includes('"kind":"run"')) {
          clearInterval(poll);
          child.kill("SIGINT");
          resolve();
        }
      }, 20);
    });
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
      child.once("exit", (c, sig) => resolve([c, sig])),
    );
    // killed by SIGINT: a shell reports status 128 + 2 = 130
    expect(code === 130 || signal === "SIGINT").toBe(true);
    expect(existsSync(journal)).toBe(true);
    expect(existsSync(`${out}.json`)).toBe(false);
    const r = await ftg([
      "collab-train",
      ...SMALL,
      "--rounds",
      "150",
      "--scheme",
      "defection-free,complete",
      "--out",
      out,
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(readFileSync(`${out}.json`, "utf8"));
    expect(j.runs.map((x: { scheme: string }) => x.scheme)).toEqual(["defection-free", "complete"]);
    expect(existsSync(journal)).toBe(false);
  }, 120_000);
});

describe("settings that would silently change a run", () => {
  it("a --max-quality below the better firm's start is raised to it, with a warning on stderr", async () => {
    const out = join(tmp(), "mq");
    const r = await ftg([
      "collab-train",
      ...SMALL,
      "--rounds",
      "2",
      "--scheme",
      "defection-free",
      "--max-quality",
      "0.01",
      "--out",
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      /warning: maxQuality 0\.01 is below the better firm's starting quality .*: q_h\* is taken as/,
    );
  });
});

describe("--protocol paper", () => {
  it("runs the authors' script's procedure (LeNet-5 with tanh, quality on the test split, q_h* = 1)", async () => {
    const out = join(tmp(), "paper");
    const r = await ftg([
      "collab-train",
      ...SMALL,
      "--protocol",
      "paper",
      "--rounds",
      "2",
      "--target-size",
      "100",
      "--scheme",
      "defection-free",
      "--out",
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("model lenet5-tanh on the IDX data set in");
    expect(r.out).toContain("test set, the authors' script");
    const j = JSON.parse(readFileSync(`${out}.json`, "utf8"));
    expect(j.settings.protocol).toBe("paper");
    expect(j.runs[0].target.qh).toBe(1);
    expect(j.data.validation).toBeNull();
  }, 60_000);

  it("refuses settings the script fixes, in one line", async () => {
    const r = await ftg([
      "collab-train",
      ...SMALL,
      "--protocol",
      "paper",
      "--skew",
      "0.7",
      "--out",
      join(tmp(), "x"),
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("ftg: error: --skew: not a setting of --protocol paper (the script fixes it)\n");
  });
});
