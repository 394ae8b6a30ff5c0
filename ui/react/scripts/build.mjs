// Builds @openrtk/react (react/) and @openrtk/react-ui (react-ui/) with tsc: ESM JavaScript
// plus .d.ts generated from the same sources, into each package's dist/. Prints the sizes.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
for (const pkg of ['react', 'react-ui']) {
  const dir = join(root, pkg);
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { stdio: 'inherit' });
  let raw = 0;
  let gz = 0;
  for (const f of readdirSync(join(dir, 'dist')).filter((f) => f.endsWith('.js'))) {
    raw += statSync(join(dir, 'dist', f)).size;
    gz += gzipSync(readFileSync(join(dir, 'dist', f)), { level: 6 }).length;
  }
  const name = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;
  console.log(`${name.padEnd(18)} dist/*.js ${String(raw).padStart(6)} B  gzip ${String(gz).padStart(5)} B (unminified)`);
}
