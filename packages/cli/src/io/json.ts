/**
 * JSON text in pieces: the same characters as `JSON.stringify(value)`, produced a piece at a
 * time, so that an answer too large for one string (a million specialists' answer is ~2 GB of
 * JSON; V8's strings stop at 2^29 − 24 characters) is written out as it is made, with memory for
 * one piece at a time.
 */

/** Characters gathered before a piece is handed out. */
export const PIECE_CHARACTERS = 1 << 20;

/** A value as JSON.stringify sees it after its `toJSON` (dates, views with their own form). */
function jsonForm(value: unknown, key: string): unknown {
  if (value !== null && typeof value === "object") {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return toJSON.call(value, key);
  }
  return value;
}

/** Whether `value` holds no object or array (nor anything with a toJSON) among its own values. */
function flat(value: object): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v !== null && (typeof v === "object" || typeof v === "function")) return false;
    }
    return true;
  }
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== null && (typeof v === "object" || typeof v === "function")) return false;
  }
  return true;
}

/**
 * The JSON text of `value` in pieces of about `size` characters, whose concatenation is exactly
 * `JSON.stringify(value)` (for a value JSON.stringify turns into text).
 * @example [...jsonPieces({ a: [1, { b: null }], c: "x" }, 4)].join("") // '{"a":[1,{"b":null}],"c":"x"}'
 */
export function* jsonPieces(value: unknown, size: number = PIECE_CHARACTERS): Generator<string> {
  let buffer = "";
  function* write(v: unknown): Generator<string> {
    // containers holding only numbers, strings and the like (most of an answer: one player's
    // certificate, a map of names to numbers) are written by JSON.stringify in one call
    if (v === null || typeof v !== "object" || flat(v)) {
      buffer += JSON.stringify(v) ?? "null";
    } else if (Array.isArray(v)) {
      buffer += "[";
      for (let i = 0; i < v.length; i++) {
        if (i > 0) buffer += ",";
        const item = jsonForm(v[i], String(i));
        if (item === undefined || typeof item === "function" || typeof item === "symbol") buffer += "null";
        else yield* write(item);
        if (buffer.length >= size) {
          yield buffer;
          buffer = "";
        }
      }
      buffer += "]";
    } else {
      buffer += "{";
      let first = true;
      for (const key of Object.keys(v)) {
        const item = jsonForm((v as Record<string, unknown>)[key], key);
        if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
        buffer += `${first ? "" : ","}${JSON.stringify(key)}:`;
        first = false;
        yield* write(item);
        if (buffer.length >= size) {
          yield buffer;
          buffer = "";
        }
      }
      buffer += "}";
    }
  }
  const top = jsonForm(value, "");
  if (top === undefined || typeof top === "function" || typeof top === "symbol") return;
  yield* write(top);
  if (buffer !== "") yield buffer;
}
