/**
 * The documentation site: VitePress over README.md, CONTRIBUTING.md and docs/ (srcDir is the
 * repository root so that links between them work as they do on GitHub). Math is rendered to SVG
 * at build time (MathJax through markdown-it-mathjax3) and search is VitePress's local index, so the
 * site works offline. Built by `npm run docs:build`, served by `npm run docs`.
 */
import { defineConfig } from "vitepress";
import { githubSlug } from "./slug.js";

export default defineConfig({
  title: "ftg",
  description:
    "The reference toolkit for the economics of general-purpose AI: fine-tuning games, openness regulation, defection-free collaboration.",
  srcDir: "..",
  srcExclude: [
    "packages/**",
    "bench/*.ts",
    "scripts/**",
    "out/**",
    "runs/**",
    "reproduction/**",
    "**/node_modules/**",
    "**/dist/**",
    ".ci/**",
  ],
  rewrites: { "README.md": "index.md" },
  // Links into ../shared (a planning folder outside the repository) are known to be broken; the link
  // test (packages/cli/test/docs-links.test.ts) lists them and fails on any other broken link.
  ignoreDeadLinks: [/\/shared\//],
  cleanUrls: false,
  lastUpdated: false,
  markdown: {
    math: true,
    anchor: { slugify: githubSlug },
  },
  themeConfig: {
    search: { provider: "local" },
    outline: [2, 3],
    nav: [
      { text: "Tutorials", link: "/docs/tutorials/fine-tuning" },
      { text: "How-to", link: "/docs/how-to/sweep-and-plot" },
      { text: "Theory", link: "/docs/theory/fine-tuning-games" },
      { text: "Reference", link: "/docs/reference/cli" },
      { text: "Explorer", link: "/explorer/index.html", target: "_blank" },
    ],
    sidebar: [
      {
        text: "Start",
        items: [
          { text: "README", link: "/" },
          { text: "Contributing", link: "/CONTRIBUTING" },
        ],
      },
      {
        text: "Tutorials",
        items: [
          { text: "Fine-tuning games", link: "/docs/tutorials/fine-tuning" },
          { text: "Openness regulation", link: "/docs/tutorials/openness" },
          { text: "Markets and collaboration", link: "/docs/tutorials/collaboration" },
        ],
      },
      {
        text: "How-to guides",
        items: [
          { text: "Sweep a parameter and plot it", link: "/docs/how-to/sweep-and-plot" },
          { text: "Sweep on several machines", link: "/docs/how-to/sweep-on-several-machines" },
          { text: "Reproduce a paper figure", link: "/docs/how-to/reproduce-a-figure" },
          { text: "Check an answer from elsewhere", link: "/docs/how-to/check-an-answer" },
          { text: "Use the library in a web page", link: "/docs/how-to/library-in-a-web-page" },
          { text: "Call ftg from Python or R", link: "/docs/how-to/python-and-r" },
          { text: "Train on another IDX data set", link: "/docs/how-to/other-idx-data" },
        ],
      },
      {
        text: "Theory",
        items: [
          { text: "Fine-tuning games", link: "/docs/theory/fine-tuning-games" },
          { text: "Openness regulation", link: "/docs/theory/openness-regulation" },
          { text: "Competitors who collaborate", link: "/docs/theory/defection-free-collaboration" },
          { text: "References", link: "/docs/references" },
          { text: "Errata", link: "/docs/errata" },
        ],
      },
      {
        text: "Guides by feature",
        items: [
          { text: "Fine-tuning", link: "/docs/fine-tuning" },
          { text: "Openness", link: "/docs/openness" },
          { text: "Market and collaboration", link: "/docs/market-and-collaboration" },
          { text: "Real data", link: "/docs/real-data" },
          { text: "Figures and sweeps", link: "/docs/figures-and-sweeps" },
          { text: "Distributed sweeps", link: "/docs/distributed-sweeps" },
          { text: "Explorer", link: "/docs/explorer" },
        ],
      },
      {
        text: "Reference",
        items: [
          { text: "Command line", link: "/docs/reference/cli" },
          { text: "Scenario schemas", link: "/docs/reference/schemas" },
          { text: "Output formats", link: "/docs/reference/output" },
          { text: "API (@ftg/core)", link: "/docs/reference/api/" },
          { text: "Benchmark results", link: "/bench/RESULTS" },
        ],
      },
    ],
  },
});
