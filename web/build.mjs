// Builds @openrtk/client into dist/: index.js (ESM), browser.js (IIFE, global RealtimeKitClient),
// openrtk.wasm next to both. The wasm build dir is the first argument or $RTK_WASM_DIR
// (default ../build/wasm/wasm, the wasm preset's output).
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
// An argument or $RTK_WASM_DIR is relative to the current directory; the default to this package.
const given = process.argv[2] || process.env.RTK_WASM_DIR;
const wasmDir = given ? resolve(process.cwd(), given) : resolve(here, '../build/wasm/wasm');
const glue = resolve(wasmDir, 'openrtk.mjs');
if (!existsSync(glue)) {
  console.error(`openrtk.mjs not found in ${wasmDir}; build the wasm preset first (cmake --build --preset wasm)`);
  process.exit(1);
}
const dist = resolve(here, 'dist');
mkdirSync(dist, { recursive: true });
copyFileSync(resolve(wasmDir, 'openrtk.wasm'), resolve(dist, 'openrtk.wasm'));

const common = { bundle: true, minify: true, target: 'es2020', alias: { 'openrtk-wasm': glue }, logLevel: 'error' };
await build({ ...common, entryPoints: [resolve(here, 'src/index.js')], format: 'esm', outfile: resolve(dist, 'index.js') });
await build({ ...common, entryPoints: [resolve(here, 'src/browser.js')], format: 'iife', outfile: resolve(dist, 'browser.js') });

const gz = (f) => gzipSync(readFileSync(f), { level: 6 }).length;
for (const f of ['index.js', 'browser.js', 'openrtk.wasm']) {
  const p = resolve(dist, f);
  console.log(`${f.padEnd(14)} ${String(statSync(p).size).padStart(8)} B  gzip ${String(gz(p)).padStart(7)} B`);
}
