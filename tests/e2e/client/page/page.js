// Test page helpers, driven by Playwright through page.evaluate(). `T.meeting` is always the
// current meeting object; `T.events` records the switch events as the app sees them.
window.T = {
  meeting: null,
  first: null,
  events: [],
  errors: [],
  rebind: true,
  record(name, ...args) {
    T.events.push([name, ...args]);
  },
  bind(m) {
    T.meeting = m;
    m.self.on('roomLeft', ({ state }) => T.record('roomLeft', state));
    if (T.rebind || m === T.first) {
      m.connectedMeetings.on('changingMeeting', (id) => T.record('changingMeeting', id));
      m.connectedMeetings.on('meetingChanged', (nm) => {
        T.record('meetingChanged', nm.meta.meetingId);
        if (T.rebind) T.bind(nm);
        else T.meeting = nm;
      });
    }
  },
  async init(token, { rebind = true, defaults = { audio: true, video: true }, join = true } = {}) {
    T.rebind = rebind;
    const m = await RealtimeKitClient.init({ authToken: token, defaults, onError: (e) => T.errors.push(e.code + ': ' + e.message) });
    T.first = m;
    T.bind(m);
    if (join) await m.join();
    return T.info();
  },
  info() {
    const m = T.meeting;
    return {
      meetingId: m.meta.meetingId,
      isParent: m.meta.isParent,
      userId: m.self.userId,
      roomJoined: m.self.roomJoined,
      audioEnabled: m.self.audioEnabled,
      videoEnabled: m.self.videoEnabled,
      audioTrack: m.self.audioTrack ? { id: m.self.audioTrack.id, enabled: m.self.audioTrack.enabled, state: m.self.audioTrack.readyState } : null,
      videoTrack: m.self.videoTrack ? { id: m.self.videoTrack.id, enabled: m.self.videoTrack.enabled, state: m.self.videoTrack.readyState } : null,
      participants: [...m.participants.joined.keys()].sort(),
      peers: m.__internals__.peers(),
      parentId: m.connectedMeetings.parentMeeting && m.connectedMeetings.parentMeeting.id,
      rooms: m.connectedMeetings.meetings.map((r) => ({ id: r.id, title: r.title, participants: r.participants.map((p) => p.id).sort() })),
    };
  },
  async framesFrom(peerId) {
    const pc = T.meeting.__internals__.peerConnection(peerId);
    if (!pc) return -1;
    const stats = await pc.getStats();
    let frames = 0;
    stats.forEach((r) => {
      if (r.type === 'inbound-rtp' && r.kind === 'video') frames += r.framesDecoded || 0;
    });
    return frames;
  },
  async waitFramesRising(peerIds, timeoutMs = 30000) {
    const start = {};
    for (const p of peerIds) start[p] = await T.framesFrom(p);
    const deadline = Date.now() + timeoutMs;
    const done = {};
    while (Date.now() < deadline) {
      for (const p of peerIds) {
        const f = await T.framesFrom(p);
        if (f > 0 && f > start[p] + 2) done[p] = f;
      }
      if (peerIds.every((p) => done[p] !== undefined)) return { ok: true, start, done };
      await new Promise((r) => setTimeout(r, 100));
    }
    return { ok: false, start, done };
  },
  async call(path, ...args) {
    // path like 'connectedMeetings.createMeetings'; resolves {ok, value} or {ok:false, code, message}
    const parts = path.split('.');
    let obj = T.meeting;
    for (let i = 0; i < parts.length - 1; i++) obj = obj[parts[i]];
    try {
      const value = await obj[parts[parts.length - 1]](...args);
      return { ok: true, value: value === undefined ? null : value };
    } catch (e) {
      return { ok: false, code: e.code, name: e.name, message: e.message };
    }
  },
  // Samples framesDecoded from `peerId` every `everyMs` until stop() is called.
  startSampling(peerId, everyMs = 40) {
    T.samples = [];
    T.sampling = true;
    T.keptPc = T.meeting.__internals__.peerConnection(peerId);
    (async () => {
      while (T.sampling) {
        const pc = T.keptPc;
        const stats = await pc.getStats();
        let f = 0;
        stats.forEach((r) => {
          if (r.type === 'inbound-rtp' && r.kind === 'video') f += r.framesDecoded || 0;
        });
        T.samples.push([performance.now(), f, pc.connectionState]);
        await new Promise((r) => setTimeout(r, everyMs));
      }
    })();
  },
  stopSampling() {
    T.sampling = false;
    return T.samples;
  },
};
