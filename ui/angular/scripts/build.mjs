// Builds @openrtk/angular: regenerates src/components.ts from @openrtk/ui's element list, then
// compiles with Angular's ngc in partial compilation mode (what ng-packagr does for libraries:
// the app's Angular CLI links the output), emitting ESM + .d.ts into dist/.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { generate } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const g = await generate();
console.log(`${g.changed ? 'regenerated' : 'up to date:'} angular/src/components.ts (${g.tags.length} components)`);
rmSync(join(root, 'angular/dist'), { recursive: true, force: true });
const ngc = join(root, 'node_modules/@angular/compiler-cli/bundles/src/bin/ngc.js');
execFileSync(process.execPath, [ngc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit', cwd: root });
// ngc writes the imports it generates itself (e.g. the NgModule's references to components)
// without a file extension; ESM in node and strict resolvers need './components.js'.
const dist = join(root, 'angular/dist');
for (const f of readdirSync(dist).filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))) {
  const text = readFileSync(join(dist, f), 'utf8');
  const fixed = text.replace(/(from\s+|import\()(["'])(\.{1,2}\/[^"']+?)(?<!\.js)\2/g, '$1$2$3.js$2');
  if (fixed !== text) writeFileSync(join(dist, f), fixed);
}
let raw = 0;
let gz = 0;
for (const f of readdirSync(join(root, 'angular/dist')).filter((f) => f.endsWith('.js'))) {
  raw += statSync(join(root, 'angular/dist', f)).size;
  gz += gzipSync(readFileSync(join(root, 'angular/dist', f)), { level: 6 }).length;
}
console.log(`@openrtk/angular dist/*.js ${raw} B  gzip ${gz} B (unminified)`);
