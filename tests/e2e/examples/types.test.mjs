// Type tests: a small React app (examples/react/typetest) and a small Angular app
// (examples/angular/typetest) compiled against the built packages with `tsc --noEmit`, the
// Angular one also with ngc (strictTemplates) so that template bindings are checked against
// the generated components. @ts-expect-error lines inside make the typings' strictness part of
// the test; a separate Angular template with wrong bindings must fail with TS2322.
//
// Needs: the packages built (npm run build in ui/react and ui/angular) and npm ci in the examples.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const react = join(root, 'examples/react');
const angular = join(root, 'examples/angular');

function run(cwd, bin, args) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 240000 });
  // eslint-disable-next-line no-control-regex
  return { code: r.status, out: `${r.stdout}${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '') };
}
function need(paths) {
  for (const p of paths) assert.ok(existsSync(p), `${p} is missing (npm ci in the example, npm run build in the package)`);
}

test('React app compiles against @openrtk/react and @openrtk/react-ui (tsc --noEmit)', { timeout: 300000 }, () => {
  need([join(react, 'node_modules/typescript'), join(root, 'ui/react/react/dist/index.d.ts'), join(root, 'ui/react/react-ui/dist/index.d.ts')]);
  const r = run(react, 'node_modules/typescript/bin/tsc', ['-p', 'typetest/tsconfig.json', '--noEmit']);
  assert.equal(r.code, 0, r.out);
});

test('Angular app compiles against @openrtk/angular (tsc --noEmit)', { timeout: 300000 }, () => {
  need([join(angular, 'node_modules/typescript'), join(root, 'ui/angular/angular/dist/index.d.ts')]);
  const r = run(angular, 'node_modules/typescript/bin/tsc', ['-p', 'typetest/tsconfig.json', '--noEmit']);
  assert.equal(r.code, 0, r.out);
});

test('Angular templates are type-checked against the components (ngc, strictTemplates)', { timeout: 300000 }, () => {
  need([join(angular, 'node_modules/@angular/compiler-cli'), join(root, 'ui/angular/angular/dist/index.d.ts')]);
  const ngc = 'node_modules/@angular/compiler-cli/bundles/src/bin/ngc.js';
  const ok = run(angular, ngc, ['-p', 'typetest/tsconfig.json']);
  assert.equal(ok.code, 0, ok.out);
  const bad = run(angular, ngc, ['-p', 'typetest/tsconfig.bad.json']);
  assert.notEqual(bad.code, 0, 'a string bound to [showSetupScreen] must not compile');
  assert.match(bad.out, /TS2322: Type 'string' is not assignable to type 'boolean'/);
  assert.match(bad.out, /TS2322: Type 'number' is not assignable to type 'RealtimeKitClient'/);
});
