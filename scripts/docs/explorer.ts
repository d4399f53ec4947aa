/**
 * Puts the built explorer (packages/web/dist, relative asset paths) into the documentation site at
 * /explorer/, so that the site's "Explorer" link works offline from the same server.
 * Run by `npm run docs:build` after `npm run build:web`.
 */
import { cpSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./reference.js";

const from = join(REPO, "packages", "web", "dist");
const site = join(REPO, "docs", ".vitepress", "dist");
if (!existsSync(join(from, "index.html")))
  throw new Error(`${from} has no index.html: run npm run build:web`);
if (!existsSync(site)) throw new Error(`${site} does not exist: run vitepress build docs`);
rmSync(join(site, "explorer"), { recursive: true, force: true });
cpSync(from, join(site, "explorer"), { recursive: true });
console.log("copied the explorer to docs/.vitepress/dist/explorer/");
