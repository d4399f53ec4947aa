/**
 * A reader that goes away (`ftg solve s.json --json | head -c 100`) is not an error of ftg's: the
 * next write to the closed pipe fails with EPIPE, which Node raises as an unhandled 'error' event
 * with a stack trace. The command line exits quietly instead, with code 0, as `cat` does under a
 * shell that ignores SIGPIPE.
 */

/** Makes `streams` end the process quietly with `exit(0)` on EPIPE; other stream errors still throw. */
export function exitQuietlyOnClosedPipe(
  streams: readonly NodeJS.WritableStream[],
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  for (const stream of streams) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") exit(0);
      else throw e;
    });
  }
}
