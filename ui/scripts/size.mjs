// Prints the gzip size of ui/dist/browser.js and fails above the budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const BUDGET = 80000;
const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'browser.js');
const raw = readFileSync(file);
const gz = gzipSync(raw, { level: 6 }).length;
console.log(`ui/dist/browser.js: ${raw.length} bytes, ${gz} bytes gzip level 6 (budget ${BUDGET})`);
if (gz > BUDGET) {
  console.error(`over budget by ${gz - BUDGET} bytes`);
  process.exit(1);
}
