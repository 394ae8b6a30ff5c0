// Creates the demo meeting, a host and two participants through rtk-server's REST API and
// prints a join link per person and per example page that exists in build/static.
import { existsSync } from 'node:fs';

const [base, apiKey] = process.argv.slice(2);
if (!base || !apiKey) {
  console.error('usage: node scripts/demo-setup.mjs <server base url> <api key>');
  process.exit(2);
}

async function api(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || !json.success) {
    throw new Error(`${method} ${path} -> HTTP ${res.status} ${JSON.stringify(json.error ?? json)}`);
  }
  return json.data;
}

const meeting = await api('POST', '/v2/meetings', { title: 'OpenRTK demo' });
const people = [
  { name: 'Host', preset_name: 'group_call_host', custom_participant_id: 'demo-host' },
  { name: 'Participant 1', preset_name: 'group_call_participant', custom_participant_id: 'demo-p1' },
  { name: 'Participant 2', preset_name: 'group_call_participant', custom_participant_id: 'demo-p2' },
];
const created = [];
for (const p of people) created.push(await api('POST', `/v2/meetings/${meeting.id}/participants`, p));

const pages = ['script-tag', 'react', 'angular'].filter((p) => existsSync(new URL(`../build/static/${p}/index.html`, import.meta.url)));
console.log(`\nDemo meeting "${meeting.title}" (${meeting.id})`);
if (pages.length === 0) console.log('(no example pages were built; tokens below work with any OpenRTK page)');
for (const [i, p] of created.entries()) {
  console.log(`\n  ${people[i].name} (${people[i].preset_name}):`);
  if (existsSync(new URL('../build/static/index.html', import.meta.url)))
    console.log(`    ${'all'.padEnd(10)} ${base}/?authToken=${p.token}`);
  for (const page of pages) console.log(`    ${page.padEnd(10)} ${base}/${page}/?authToken=${p.token}`);
  if (pages.length === 0) console.log(`    token ${p.token}`);
}
if (existsSync(new URL('../build/static/dashboard/index.html', import.meta.url)))
  console.log(`\nDashboard for organisers: ${base}/dashboard (sign in with the API key: the file api_key in the data dir)`);
