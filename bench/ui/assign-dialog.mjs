// How long the Assign Participants dialog takes to open with many rooms (issue 14: 6.7 s with
// 50 rooms before paging), in Chromium against the UI kit's in-page fake meeting.
// Prints numbers; asserts nothing.   node bench/ui/assign-dialog.mjs   (env ROOMS=10,50,100, RUNS=3)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic, launch } from '../../ui/test/browser/harness.mjs';

const uiRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'ui');
const ROOMS = (process.env.ROOMS || '10,50,100').split(',').map(Number);
const RUNS = Number(process.env.RUNS || 3);
const PEOPLE = [
  { id: 'host', name: 'Hana Host', preset: 'host', ui: true },
  ...Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, name: `Person ${i + 1}`, preset: 'returner', video: false })),
];

const srv = await serveStatic(uiRoot);
const browser = await launch();
try {
  for (const rooms of ROOMS) {
    const times = [];
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
      await page.route('**/favicon.ico', (r) => r.fulfill({ status: 204 }));
      await page.goto(`${srv.url}/test/fixtures/page.html`);
      await page.waitForFunction(() => window.scenarioReady);
      await page.evaluate((o) => window.setupScenario(o), { people: PEOPLE });
      const host = page.locator('#ui-host');
      await host.getByRole('heading', { name: 'Main Room' }).waitFor();
      await host.getByRole('button', { name: 'Breakout Rooms' }).click();
      const create = page.getByRole('dialog', { name: 'Create Breakout' });
      await create.getByRole('spinbutton', { name: 'Number of rooms' }).fill(String(rooms));
      const t0 = await page.evaluate(() => performance.now());
      await create.getByRole('button', { name: 'Create', exact: true }).click();
      await page.getByRole('dialog', { name: 'Assign Participants' }).getByRole('button', { name: 'Start Breakout' }).waitFor();
      // until the frame after the dialog rendered
      const t1 = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())))));
      times.push(t1 - t0);
      await page.close();
    }
    times.sort((a, b) => a - b);
    console.log(`assign dialog, ${rooms} rooms, 30 participants: median ${times[Math.floor(times.length / 2)].toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`);
  }
} finally {
  await browser.close();
  await srv.close();
}
