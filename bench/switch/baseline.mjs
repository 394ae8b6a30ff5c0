// The baseline of the switch benchmarks (run.mjs, sfu.mjs): a bare RTCPeerConnection setup
// between two pages, offer to the first decoded video frame, signalling relayed through node.
import { openPage } from '../../tests/e2e/client/harness.mjs';

const now = (page) => page.evaluate(() => performance.timeOrigin + performance.now());

export async function baseline(browser, server, runs) {
  const a = await openPage(browser, server);
  const b = await openPage(browser, server);
  const out = [];
  await a.page.exposeFunction('toB', (m) => b.page.evaluate((m) => window.fromPeer(m), m));
  await b.page.exposeFunction('toA', (m) => a.page.evaluate((m) => window.fromPeer(m), m));
  const setup = (send) => `
    window.stream = window.stream || await navigator.mediaDevices.getUserMedia({audio: true, video: true});
    if (window.pc) window.pc.close();
    const pc = window.pc = new RTCPeerConnection({iceServers: []});
    pc.onicecandidate = (e) => e.candidate && ${send}({c: e.candidate.toJSON()});
    window.fromPeer = async (m) => {
      if (m.sdp) { await pc.setRemoteDescription(m.sdp); if (m.sdp.type === 'offer') { await pc.setLocalDescription(); ${send}({sdp: pc.localDescription.toJSON()}); } }
      else if (m.c) { try { await pc.addIceCandidate(m.c); } catch {} }
    };`;
  for (let i = 0; i < runs; i++) {
    await b.page.evaluate(`(async () => { ${setup('toA')} })()`);
    await a.page.evaluate(`(async () => { ${setup('toB')}
      for (const t of stream.getTracks()) pc.addTrack(t, stream); })()`);
    await b.page.evaluate(`(async () => { for (const t of stream.getTracks()) pc.addTrack(t, stream); })()`);
    const t0 = await now(a.page);
    await a.page.evaluate(`(async () => { await pc.setLocalDescription(); toB({sdp: pc.localDescription.toJSON()}); })()`);
    const t1 = await b.page.evaluate(`(async () => {
      for (let k = 0; k < 400; k++) {
        const s = await pc.getStats(); let f = 0;
        s.forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'video') f += r.framesDecoded || 0; });
        if (f > 0) return performance.timeOrigin + performance.now();
        await new Promise((r) => setTimeout(r, 10));
      }
      return NaN; })()`);
    out.push(t1 - t0);
  }
  await a.context.close();
  await b.context.close();
  return out;
}
