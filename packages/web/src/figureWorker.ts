/**
 * Compiles Vega-Lite specifications to Vega in a worker, so the page ships Vega's runtime but not
 * the Vega-Lite compiler (~250 KB). The page sends a specification without its data (see
 * `templatise` in ./figure.ts: compiled once per shape, then fed data) and gets the Vega
 * specification back, or the compiler's error as one line.
 */
import { compile, type TopLevelSpec } from "vega-lite";
import type { CompileRequest, CompileResponse } from "./protocol.js";

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<CompileRequest>) => void) | null;
  postMessage(message: CompileResponse): void;
};

scope.onmessage = (e) => {
  const { id, spec } = e.data;
  try {
    scope.postMessage({ id, ok: true, spec: compile(spec as TopLevelSpec).spec });
  } catch (err) {
    scope.postMessage({ id, ok: false, error: String((err as Error).message ?? err).split("\n")[0]! });
  }
};
