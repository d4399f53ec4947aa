/**
 * The explorer's state in the URL hash: `#<page>?s=<scenario>&<key>=<value>…`, where the scenario
 * is base64url-encoded UTF-8 JSON (short, and safe in every URL context). The hash, not the query,
 * so the static files work from any server path without rewrites. Decoded state is untrusted: the
 * pages validate it with the same schemas as scenario files.
 */

/** The explorer's pages. */
export type Page = "fine-tuning" | "openness" | "collaboration";

export const PAGES: readonly Page[] = ["fine-tuning", "openness", "collaboration"];

/** What a URL says. */
export interface UrlState {
  readonly page: Page;
  /** The decoded scenario (unvalidated), or undefined when absent. */
  readonly scenario?: unknown;
  /** Set when `s` was present but could not be decoded. */
  readonly scenarioError?: string;
  /** Other parameters (δ, the selected solution, the scheme…). */
  readonly params: Readonly<Record<string, string>>;
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): string {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/**
 * The hash for a state.
 * @example
 * encodeState({ page: "openness", params: { theta: "0.5" } }) // "#openness?theta=0.5"
 */
export function encodeState(state: {
  page: Page;
  scenario?: unknown;
  params?: Record<string, string>;
}): string {
  const q = new URLSearchParams();
  if (state.scenario !== undefined) q.set("s", toBase64Url(JSON.stringify(state.scenario)));
  for (const [k, v] of Object.entries(state.params ?? {})) q.set(k, v);
  const qs = q.toString();
  return `#${state.page}${qs === "" ? "" : `?${qs}`}`;
}

/**
 * Reads a hash; an unknown page falls back to the fine-tuning page, a bad scenario is reported.
 * @example
 * decodeState(encodeState({ page: "fine-tuning", scenario: { a: 1 } })).scenario // { a: 1 }
 */
export function decodeState(hash: string): UrlState {
  const h = hash.replace(/^#/, "");
  const qi = h.indexOf("?");
  const name = qi < 0 ? h : h.slice(0, qi);
  const page: Page = (PAGES as readonly string[]).includes(name) ? (name as Page) : "fine-tuning";
  const q = new URLSearchParams(qi < 0 ? "" : h.slice(qi + 1));
  const params: Record<string, string> = {};
  for (const [k, v] of q) if (k !== "s") params[k] = v;
  const s = q.get("s");
  if (s === null) return { page, params };
  try {
    return { page, scenario: JSON.parse(fromBase64Url(s)) as unknown, params };
  } catch {
    return { page, params, scenarioError: "the link's scenario (parameter s) is not valid base64url JSON" };
  }
}
