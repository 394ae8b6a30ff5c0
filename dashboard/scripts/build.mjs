// Builds dashboard/dist: index.html + dashboard.js (ESM, Lit bundled in, no external fetches).
// rtk-server serves the folder at /dashboard (--dashboard-dir, or <static-dir>/dashboard).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, 'src/main.js')],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: ['es2022'],
  legalComments: 'none',
  logLevel: 'warning',
  outfile: join(out, 'dashboard.js'),
});
copyFileSync(join(root, 'src/index.html'), join(out, 'index.html'));
console.log('built dashboard/dist/index.html and dashboard/dist/dashboard.js');
