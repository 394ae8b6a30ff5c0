// Checks that the build has what the served app needs: index.html with base href /angular/ and
// the SDK's openrtk.wasm next to the bundles (the SDK loads it relative to its own module).
import { existsSync, readFileSync } from 'node:fs';

const html = readFileSync('dist/index.html', 'utf8');
if (!html.includes('<base href="/angular/">')) throw new Error('dist/index.html: base href is not /angular/');
if (!existsSync('dist/openrtk.wasm')) throw new Error('dist/openrtk.wasm is missing (angular.json assets)');
console.log('dist/ ready to be served at /angular/');
