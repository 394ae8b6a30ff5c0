// TURN through coturn (issue 10): rtk-server --ice-transport-policy relay --turn-secret hands each
// participant its own short-lived credentials with room.joined (coturn's use-auth-secret scheme),
// and a call through Janus connects with relay candidates only: every selected candidate pair of
// both PeerConnections has a local `relay` candidate, and coturn allocated for exactly the
// usernames rtk-server issued. A participant whose credentials are wrong is refused by coturn.
// Runs inside scripts/netns.sh (scripts/test.sh stage "browser e2e sfu").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeExactly, joinSfuPages, openSfuPage, startJanus, startSfuServer, startTurn } from './harness.mjs';
import { launchBrowser, waitFor } from '../client/harness.mjs';

const SECRET = 'turn-e2e-secret';

// The local candidate types of the selected pairs of both PCs, and the ICE servers in use.
const relayState = () => window.T.meeting.__internals__ && (async () => {
  const out = {};
  for (const name of ['~publisher', '~subscriber']) {
    const pc = window.T.meeting.__internals__.peerConnection(name);
    if (!pc) continue;
    const stats = await pc.getStats();
    const byId = {};
    stats.forEach((r) => (byId[r.id] = r));
    const types = [];
    stats.forEach((r) => {
      if (r.type === 'transport' && r.selectedCandidatePairId) {
        const pair = byId[r.selectedCandidatePairId];
        types.push(byId[pair.localCandidateId].candidateType);
      }
    });
    out[name] = { state: pc.connectionState, policy: pc.getConfiguration().iceTransportPolicy, types,
      iceServers: pc.getConfiguration().iceServers.map((s) => ({ urls: s.urls, username: s.username })) };
  }
  return out;
})();

test('a relay-only call through coturn connects with per-participant TURN credentials', { timeout: 180000 }, async (t) => {
  const turn = await startTurn(SECRET);
  t.after(() => turn.stop());
  const janus = await startJanus();
  t.after(() => janus.stop());
  const relayArgs = (secret) => ['--ice-servers', turn.url, '--turn-secret', secret, '--turn-ttl', '600',
    '--ice-transport-policy', 'relay'];
  const server = await startSfuServer(janus, relayArgs(SECRET));
  t.after(() => server.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());

  const names = ['ana', 'ben', 'cy'];
  const m = await server.meeting('TURN', names.map((n) => [n, 'group_call_participant']));
  const ids = names.map((n) => m.people[n].id);
  const pages = await joinSfuPages(browser, server, m, names);
  const dump = async () => {
    const out = [];
    for (const p of pages) out.push({ relay: await p.page.evaluate(relayState), logs: p.logs.slice(-6) });
    return JSON.stringify(out, null, 1).slice(0, 5000) + '\ncoturn log tail:\n' + turn.log().split('\n').slice(-25).join('\n');
  };
  await decodeExactly(pages, ids.map((id) => ids.filter((x) => x !== id)), 'every page decodes the others through TURN', dump);

  for (const [i, p] of pages.entries()) {
    const st = await p.page.evaluate(relayState);
    for (const name of ['~publisher', '~subscriber']) {
      const pc = st[name];
      assert.ok(pc, `page ${i}: ${name} exists`);
      assert.equal(pc.state, 'connected', `page ${i} ${name}: ${JSON.stringify(pc)}`);
      assert.equal(pc.policy, 'relay', `page ${i} ${name}: iceTransportPolicy from the server`);
      assert.ok(pc.types.length > 0 && pc.types.every((x) => x === 'relay'), `page ${i} ${name}: only relay candidates selected: ${JSON.stringify(pc)}`);
      const turnEntry = pc.iceServers.find((s) => [s.urls].flat()[0].startsWith('turn:'));
      assert.match(turnEntry.username, new RegExp(`^\\d+:${ids[i]}$`), `page ${i}: its own TURN username`);
      const expiry = Number(turnEntry.username.split(':')[0]);
      const left = expiry - Date.now() / 1000;
      assert.ok(left > 500 && left <= 601, `page ${i}: the credentials expire with --turn-ttl 600 (${left} s left)`);
    }
  }
  // coturn allocated relays for these participants' usernames (and did the HMAC check to do so).
  for (const id of ids) assert.match(turn.log(), new RegExp(`user <\\d+:${id}>: incoming packet ALLOCATE processed, success`), `coturn allocated for ${id}`);

  // Credentials made with another secret are refused by coturn: no allocation for that user.
  const bad = await startSfuServer(janus, relayArgs('not-the-secret'));
  t.after(() => bad.stop());
  const mb = await bad.meeting('TURN bad', [['dee', 'group_call_participant']]);
  const p = await openSfuPage(browser, bad);
  pages.push(p);
  await p.page.evaluate((tok) => window.T.init(tok), mb.people.dee.token);
  const dee = mb.people.dee.id;
  await waitFor(() => new RegExp(`user <\\d+:${dee}>: incoming packet \\w+ processed, error 401`).test(turn.log()),
  { timeout: 30000, every: 250, what: 'coturn refuses the credentials made with the wrong secret' }).catch(async (e) => {
    throw new Error(e.message + '\n' + turn.log().split('\n').filter((l) => l.includes(dee)).slice(-10).join('\n'));
  });
  const st = await p.page.evaluate(relayState);
  assert.notEqual(st['~publisher']?.state, 'connected', `wrong credentials do not connect: ${JSON.stringify(st)}`);
  assert.doesNotMatch(turn.log(), new RegExp(`user <\\d+:${dee}>: incoming packet \\w+ processed, success`), 'no allocation for the wrong credentials');
});
