/** The streams a command writes to; injected so that tests run commands in-process. */
export interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
}

/**
 * Reads a whole stream as UTF-8 text; with `maxBytes`, stops reading past that many bytes and
 * returns undefined (a stream larger than any string V8 makes would fail only at the end).
 */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string>;
export async function readAll(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string | undefined>;
export async function readAll(stream: NodeJS.ReadableStream, maxBytes = Number.POSITIVE_INFINITY) {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    bytes += b.length;
    if (bytes > maxBytes) return undefined;
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A command's output: one text, or pieces written one after another (an answer too large for one string). */
export type Output = string | Iterable<string>;

/** The whole of an output as one text (for output known to be small, and for tests). */
export function outputText(output: Output): string {
  return typeof output === "string" ? output : [...output].join("");
}

/**
 * Writes `output` to `stream`, a piece at a time: before the next piece it waits until the stream
 * has taken the last (a pipe to a slow reader would otherwise hold the whole output in memory),
 * and stops if the stream closes.
 */
export async function writeOutput(stream: NodeJS.WritableStream, output: Output): Promise<void> {
  if (typeof output === "string") {
    stream.write(output);
    return;
  }
  const s = stream as NodeJS.WritableStream & { destroyed?: boolean };
  for (const piece of output) {
    if (s.destroyed === true) return;
    if (!stream.write(piece))
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off("drain", done);
          stream.off("close", done);
          stream.off("error", done);
          resolve();
        };
        stream.on("drain", done);
        stream.on("close", done);
        stream.on("error", done);
      });
  }
}
