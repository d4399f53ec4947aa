/**
 * The explorer's pure helpers: a cost switched to an expression and back keeps its polynomial,
 * numbers and certificates are written for people, and every solution keeps one mark style.
 */

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fmt, fmtCertificate } from "../src/dom.js";
import { THEORY_PAGES, theoryHref } from "../src/explain.js";
import { SOLUTION_STYLE, styleSolutions } from "../src/figureStyle.js";
import { exprToPoly, polyToExpr } from "../src/pages/fineTuning/form.js";

describe("a cost switched to an expression and back", () => {
  it("keeps every specialist polynomial's coefficients", () => {
    const num = fc.double({ min: 0.01, max: 100, noNaN: true }).map((x) => Number(x.toPrecision(6)));
    fc.assert(
      fc.property(num, num, fc.option(num, { nil: undefined }), (c, k, fixed) => {
        const poly = fixed === undefined ? { c, k } : { c, k, fixed };
        expect(exprToPoly(polyToExpr({ polynomial: poly }, false), false)).toEqual(poly);
      }),
    );
  });
  it("keeps the generalist's polynomial, and reads no polynomial out of other expressions", () => {
    expect(exprToPoly(polyToExpr({ polynomial: { c: 2.5, k: 3 } }, true), true)).toEqual({ c: 2.5, k: 3 });
    expect(exprToPoly("(a-a0)^2", false)).toEqual({ c: 1, k: 2 });
    expect(exprToPoly("2*(a-a0)+(a-a0)^2", false)).toBeNull();
    expect(exprToPoly("log(a)", false)).toBeNull();
  });
});

describe("numbers for people", () => {
  it("write small and large numbers with a power of ten and a true minus sign", () => {
    expect(fmt(-6.104e-5)).toBe("−6.104 × 10⁻⁵");
    expect(fmt(1234567)).toBe("1.235 × 10⁶");
    expect(fmt(0.6228390306071099)).toBe("0.62284");
    expect(fmt(-0.5)).toBe("−0.5");
  });
  it("write a certificate's noise as ≈ 0 and a negative deviation gain as none", () => {
    expect(fmtCertificate(1.388e-17)).toBe("≈ 0");
    expect(fmtCertificate(-6.104e-5)).toBe("none (−6.104 × 10⁻⁵)");
    expect(fmtCertificate(0.02)).toBe("0.02");
  });
});

describe("solution marks", () => {
  const spec = (ids: string[]) => ({
    layer: [
      { data: { values: ids.map((id, i) => ({ solution: id, delta: i / 10 })) }, mark: { type: "rule" } },
      {
        data: { values: ids.map((id, i) => ({ solution: id, delta: i / 10, utility: 1 })) },
        mark: { type: "point" },
        encoding: { shape: { field: "solution", type: "nominal", title: "solution" } },
      },
    ],
  });
  it("give each solution the same shape and colour whatever the order it appears in", () => {
    const a = styleSolutions(spec(["nash", "egalitarian", "powerful-G"]), null);
    const b = styleSolutions(spec(["powerful-G", "nash", "egalitarian"]), null);
    const scale = (s: typeof a, ch: string) => {
      const enc = (
        s.layer[1] as unknown as {
          encoding: Record<string, { scale: { domain: string[]; range: string[] } }>;
        }
      ).encoding;
      return Object.fromEntries(enc[ch]!.scale.domain.map((d, i) => [d, enc[ch]!.scale.range[i]]));
    };
    expect(scale(a, "shape")).toEqual(scale(b, "shape"));
    expect(scale(a, "fill")).toEqual(scale(b, "fill"));
    expect(scale(a, "shape")["nash"]).toBe(SOLUTION_STYLE["nash"]!.shape);
    expect(new Set(Object.values(SOLUTION_STYLE).map((s) => `${s.shape} ${s.fill}`)).size).toBe(
      Object.keys(SOLUTION_STYLE).length,
    );
  });
  it("label the rules once, joining solutions at the same δ, and ring the selected solution", () => {
    const s = styleSolutions(
      {
        layer: [
          {
            data: {
              values: [
                { solution: "max-performance", delta: 1 },
                { solution: "powerful-G", delta: 1 },
              ],
            },
            mark: { type: "rule" },
          },
          {
            data: { values: [{ solution: "powerful-G", delta: 1, utility: 2 }] },
            mark: { type: "point" },
            encoding: { shape: { field: "solution", type: "nominal" } },
          },
        ],
      },
      "powerful-G",
    );
    expect(s.layer.length).toBe(4);
    const labels = s.layer.find((l) => (l.mark as { type: string }).type === "text") as {
      data: { values: unknown[] };
    };
    expect(labels.data.values).toEqual([{ delta: 1, label: "max-performance = powerful-G" }]);
    const ring = s.layer.at(-1) as { data: { values: unknown[] } };
    expect(ring.data.values).toEqual([{ solution: "powerful-G", delta: 1, utility: 2 }]);
  });
});

describe("the model panels' links to the theory pages", () => {
  it("reach docs/theory/*.md where the documentation site puts them (explorer at /explorer/)", () => {
    const repo = join(import.meta.dirname, "..", "..", "..");
    for (const [model, page] of Object.entries(THEORY_PAGES)) {
      const url = new URL(
        theoryHref(model as keyof typeof THEORY_PAGES),
        "http://docs.example/explorer/index.html",
      );
      // VitePress (srcDir: the repository, cleanUrls: false) serves docs/theory/x.md at /docs/theory/x.html
      expect(url.pathname).toBe(`/docs/theory/${page.file}.html`);
      const source = join(repo, "docs", "theory", `${page.file}.md`);
      expect(existsSync(source), source).toBe(true);
      expect(readFileSync(source, "utf8").split("\n")[0]).toBe(`# ${page.title}`);
    }
  });
});
