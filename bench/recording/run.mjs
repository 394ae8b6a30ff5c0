// Recording cost (issue 11): for 2, 4 and 6 fake-camera pages in one meeting, records
// RTK_BENCH_SECONDS (default 20) through real Janus, stops, and prints the processing time
// (janus-pp-rec + ffmpeg composite) as a ratio to the recorded time, the composite's and all
// files' bytes per recorded minute, and Janus's CPU in the same meeting while not recording (the
// same length of time before the start) and while recording. Needs the SFU stack:
//   bash scripts/netns.sh node bench/recording/run.mjs [2 4 6]
// Numbers depend on the machine's load (printed with them).
import { loadavg } from 'node:os';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../tests/e2e/client/harness.mjs';
import { openSfuPage, startSfuStack } from '../../tests/e2e/sfu/harness.mjs';

const SECONDS = Number(process.env.RTK_BENCH_SECONDS || 20);
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);

// utime + stime of a process, ms (USER_HZ 100)
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};

async function once(n) {
  const cleanups = [];
  const t = { after: (fn) => cleanups.push(fn) };
  const recDir = mkdtempSync(join(tmpdir(), 'rtk-rec-bench-'));
  try {
    const { janus, server, browser } = await startSfuStack(t, { extraArgs: ['--recordings-dir', recDir, '--recording-min-free-mb', '0'] });
    const names = Array.from({ length: n }, (_, i) => `p${i}`);
    const m = await server.meeting('Bench', names.map((x) => [x, 'group_call_participant']));
    for (const x of names) {
      const p = await openSfuPage(browser, server);
      await p.page.evaluate((tok) => window.T.init(tok), m.people[x].token);
    }
    const ids = names.map((x) => m.people[x].id);
    // everyone publishing before the clock starts
    await waitFor(() => ids.every((id) => server.logs().some((l) => l.event === 'sfu_publisher_up' && l.participant_id === id)),
      { timeout: 120000, every: 250, what: 'every page publishes' });
    const idle0 = cpuMs(janus.pid());
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const janusIdlePct = (cpuMs(janus.pid()) - idle0) / SECONDS / 10;
    const rec0 = cpuMs(janus.pid());
    const start = await server.api('POST', '/v2/recordings', { meeting_id: m.id });
    if (start.status !== 201) throw new Error(start.text);
    const id = start.json.data.id;
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const janusRecPct = (cpuMs(janus.pid()) - rec0) / SECONDS / 10;
    await server.api('PUT', `/v2/recordings/${id}`, { action: 'stop' });
    let rec;
    await waitFor(async () => {
      rec = (await server.api('GET', `/v2/recordings/${id}`)).json.data;
      return rec.status === 'UPLOADED' || rec.status === 'ERRORED';
    }, { timeout: 600000, every: 500, what: 'processed' });
    if (rec.status !== 'UPLOADED') throw new Error(rec.error);
    const log = server.logs().find((l) => l.event === 'recording_processed' && l.recording_id === id);
    const dir = join(recDir, id);
    const all = readdirSync(dir).filter((f) => /\.(mjr|webm|opus)$/.test(f)).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
    const minutes = log.duration_ms / 60000;
    return { n, recorded_s: log.duration_ms / 1000, processing_ms: log.took_ms, ratio: log.took_ms / log.duration_ms,
      composite_bytes_per_min: Math.round(rec.file_size / minutes), all_files_bytes_per_min: Math.round(all / minutes),
      tracks: rec.files.length, load: loadavg()[0].toFixed(1), janusIdlePct, janusRecPct };
  } finally {
    for (const fn of cleanups.reverse()) await fn();
    rmSync(recDir, { recursive: true, force: true });
  }
}

for (const n of sizes.length ? sizes : [2, 4, 6]) {
  try {
    const r = await once(n);
    console.log(`[bench recording] ${r.n} participants: ${r.recorded_s.toFixed(1)} s recorded, processed in ${r.processing_ms} ms ` +
      `(ratio ${r.ratio.toFixed(2)} of real time), composite ${r.composite_bytes_per_min} B/min, all files ${r.all_files_bytes_per_min} B/min, ` +
      `${r.tracks} track files, Janus CPU ${r.janusIdlePct.toFixed(1)}% of a core not recording vs ${r.janusRecPct.toFixed(1)}% recording, load ${r.load}`);
  } catch (e) {
    console.log(`[bench recording] ${n} participants: failed: ${e.message.slice(0, 300)}`);
  }
}
process.exit(0);
