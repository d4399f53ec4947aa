/**
 * Builds the explorer as static files (dist/): relative asset paths so it runs from any folder or
 * server path, offline; the core is compiled from its TypeScript sources ("source" condition).
 */
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  resolve: { conditions: ["source"] },
  worker: { format: "es" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    target: "es2022",
    rollupOptions: {
      // zod and mathjs carry /* @__PURE__ */ comments Rollup cannot place; harmless, and noisy
      onwarn(warning, warn) {
        if (warning.code !== "INVALID_ANNOTATION") warn(warning);
      },
    },
  },
  preview: { host: "127.0.0.1", port: 4173, strictPort: false },
  logLevel: "info",
});
