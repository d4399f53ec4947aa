#!/usr/bin/env node
import { exitQuietlyOnClosedPipe } from "../dist/io/pipes.js";
import { run } from "../dist/main.js";

exitQuietlyOnClosedPipe([process.stdout, process.stderr]);
process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
});
