/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/** What a page gets from the shell: the URL state it starts from and ways to change the URL. */
import type { ExplorerModel } from "../scenarioFile.js";
import type { UrlState } from "../urlState.js";

export interface PageContext {
  readonly state: UrlState;
  /** Records the page's state in the URL (replaces the history entry: sliders would flood it). */
  setUrl(state: { scenario?: unknown; params?: Record<string, string> }): void;
  /** Copies the current URL to the clipboard. */
  copyLink(): Promise<void>;
  /** Opens another page with a validated scenario (an imported file of another model). */
  openScenario(model: ExplorerModel, scenario: unknown): void;
}
