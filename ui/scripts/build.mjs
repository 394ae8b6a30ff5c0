// Builds ui/dist/index.js (ESM) and ui/dist/browser.js (IIFE, global RtkUiKit). Lit is bundled in.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  entryPoints: [join(root, 'src/index.js')],
  bundle: true,
  minify: true,
  sourcemap: true,
  target: ['es2022'],
  legalComments: 'none',
  logLevel: 'warning',
};
await build({ ...common, format: 'esm', outfile: join(root, 'dist/index.js') });
await build({ ...common, format: 'iife', globalName: 'RtkUiKit', outfile: join(root, 'dist/browser.js') });
console.log('built ui/dist/index.js and ui/dist/browser.js');
