/**
 * Heading anchors as GitHub computes them (github-slugger's rule: lower case, drop every character
 * that is not a letter, mark, number, connector, space or hyphen, spaces to hyphens), so that a
 * link such as `errata.md#fine-tuning-games` works both on GitHub and on the site. Duplicates get
 * -1, -2, … appended by the caller, as on GitHub.
 */
export function githubSlug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}
