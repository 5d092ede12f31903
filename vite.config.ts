import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import zlib from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const root = path.dirname(fileURLToPath(import.meta.url));
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes `<file>.br` (quality 11) and `<file>.gz` (level 9) beside every text file of the build over 1 KB, for
 * @fastify/static's `preCompressed` (src/platform/web.ts): the server then spends no CPU compressing them per request.
 * A sibling that would not be smaller is not written.
 */
function precompress(): Plugin {
  const compressible = /\.(js|mjs|css|html|svg|json|webmanifest|txt|xml|map)$/;
  return {
    name: "balai-precompress",
    apply: "build",
    async writeBundle(options) {
      const dir = options.dir ?? path.join(root, "dist/web");
      const files = (await fs.readdir(dir, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() && compressible.test(e.name))
        .map((e) => path.join(e.parentPath, e.name));
      await Promise.all(
        files.map(async (file) => {
          const raw = await fs.readFile(file);
          if (raw.length < 1024) return;
          const [br, gz] = await Promise.all([
            brotli(raw, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
              },
            }),
            gzip(raw, { level: zlib.constants.Z_BEST_COMPRESSION }),
          ]);
          if (br.length < raw.length) await fs.writeFile(`${file}.br`, br);
          if (gz.length < raw.length) await fs.writeFile(`${file}.gz`, gz);
        }),
      );
    },
  };
}

export default defineConfig({
  root: path.join(root, "web"),
  plugins: [react(), precompress()],
  // The chart chunk (ECharts, ~184 KB gzip) loads only on the statistics page; the first load stays ~114 KB gzip.
  build: {
    outDir: path.join(root, "dist/web"),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    // The precompression step (br quality 11) is slow by design; no timing report in a newcomer's first start.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: { proxy: { "/api": "http://localhost:3000" } },
});
