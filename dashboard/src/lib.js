// Pure helpers of the dashboard (no DOM, no fetch): unit-tested under node (test/lib.test.mjs).
// The dashboard decides no permission or limit itself: the server validates every preset,
// meeting and participant, and its error messages are mapped back onto the form fields here.

// RealtimeKit's dashboard groups, with Connected Meetings first (breakout rooms). Each field is
// a path under "permissions" in the preset JSON (include/rtk/preset.hpp).
export const ACCESS_VALUES = ['ALLOWED', 'NOT_ALLOWED', 'CAN_REQUEST'];
export const PERMISSION_GROUPS = [
  {
    id: 'connected_meetings',
    title: 'Connected Meetings',
    help: 'Breakout rooms. Hosts need Full Access; participants may be allowed to switch rooms themselves.',
    fields: [
      { path: 'connected_meetings.can_alter_connected_meetings', label: 'Full Access',
        help: 'Create, rename and delete rooms, assign and move anyone, start and close the breakout.' },
      { path: 'connected_meetings.can_switch_connected_meetings', label: 'Switch Connected Meetings',
        help: 'Move themselves from the main meeting into a breakout room.' },
      { path: 'connected_meetings.can_switch_to_parent_meeting', label: 'Switch to Parent Meeting',
        help: 'Move themselves back to the main meeting.' },
    ],
  },
  {
    id: 'media',
    title: 'Media',
    fields: [
      { path: 'media.audio.can_produce', label: 'Audio', kind: 'access' },
      { path: 'media.video.can_produce', label: 'Video', kind: 'access' },
      { path: 'media.screenshare.can_produce', label: 'Screen share', kind: 'access' },
    ],
  },
  {
    id: 'chat',
    title: 'Chat',
    fields: [
      { path: 'chat.public.can_send', label: 'Send public messages' },
      { path: 'chat.public.text', label: 'Public text' },
      { path: 'chat.public.files', label: 'Public files' },
      { path: 'chat.private.can_send', label: 'Send private messages' },
      { path: 'chat.private.can_receive', label: 'Receive private messages' },
      { path: 'chat.private.text', label: 'Private text' },
      { path: 'chat.private.files', label: 'Private files' },
    ],
  },
  {
    id: 'polls',
    title: 'Polls',
    fields: [
      { path: 'polls.can_create', label: 'Create polls' },
      { path: 'polls.can_vote', label: 'Vote' },
      { path: 'polls.can_view', label: 'View polls' },
    ],
  },
  {
    id: 'host_controls',
    title: 'Host controls',
    fields: [
      { path: 'kick_participant', label: 'Remove participants' },
      { path: 'pin_participant', label: 'Pin participants' },
      { path: 'disable_participant_audio', label: 'Mute participants' },
      { path: 'disable_participant_video', label: 'Turn off participants\u2019 video' },
      { path: 'can_record', label: 'Record' },
    ],
  },
  {
    id: 'participant',
    title: 'Participant',
    fields: [
      { path: 'can_edit_display_name', label: 'Edit display name' },
      { path: 'show_participant_list', label: 'See the participant list' },
      { path: 'hidden_participant', label: 'Hidden participant' },
    ],
  },
];

export function getAt(obj, dotted) {
  let cur = obj;
  for (const k of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[k];
  }
  return cur;
}

// A copy of `obj` with `dotted` set to `value`; every other field (known or not) is kept as is.
export function setAt(obj, dotted, value) {
  const keys = dotted.split('.');
  const root = structuredClone(obj ?? {});
  let cur = root;
  for (let i = 0; i < keys.length - 1; i++) {
    if (cur[keys[i]] === null || typeof cur[keys[i]] !== 'object' || Array.isArray(cur[keys[i]])) cur[keys[i]] = {};
    cur = cur[keys[i]];
  }
  cur[keys[keys.length - 1]] = value;
  return root;
}

// The body to send for a preset being saved: the loaded preset with its edits, minus what the
// server makes itself (id, timestamps).
export function presetBody(preset) {
  const body = structuredClone(preset);
  delete body.id;
  delete body.created_at;
  delete body.updated_at;
  return body;
}

// A new preset that copies `preset` under a free name.
export function duplicatePreset(preset, takenNames) {
  const body = presetBody(preset);
  const taken = new Set(takenNames);
  let name = `${preset.name} copy`;
  for (let i = 2; taken.has(name); i++) name = `${preset.name} copy ${i}`;
  body.name = name;
  return body;
}

// Which form field a server error is about: "permissions.chat.public.text: expected boolean"
// -> "permissions.chat.public.text", "name must not be empty" -> "name",
// "a preset named x already exists" -> "name". null when no field is named.
export function fieldOfError(message, fields = []) {
  if (typeof message !== 'string') return null;
  const m = /^([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+|\[\d+\])*)(?::| must | is | needs )/.exec(message);
  if (m && (fields.length === 0 || fields.includes(m[1]))) return m[1];
  if (/\b(named|renamed)\b/.test(message) && (fields.length === 0 || fields.includes('name'))) return 'name';
  return null;
}

// One CSV line into cells: commas, double quotes with "" escapes, spaces trimmed.
export function csvCells(line) {
  const cells = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur.trim() === '') { quoted = true; cur = ''; }
    else if (ch === ',') { cells.push(cur.trim()); cur = ''; }
    else cur += ch;
  }
  cells.push(cur.trim());
  return cells;
}

// A custom participant id made from a name: "Ada Lovelace" -> "ada-lovelace".
export function slug(name) {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'participant';
}

// Pasted participants: one per line, either a name alone or a CSV line "name,custom id,preset"
// (custom id and preset optional). A first line naming the columns is skipped. Missing custom
// ids are made from the name, unique within the paste and not one of `takenIds` (the meeting's
// participants already); a missing preset is `defaultPreset`. A custom id given in the paste is
// used as given (the server decides what it accepts).
// Returns {rows:[{line, name, custom_participant_id, preset_name}], errors:[{line, message}]}.
export function parseParticipants(text, defaultPreset, takenIds = []) {
  const rows = [];
  const errors = [];
  const usedIds = new Set();
  const taken = new Set(takenIds);
  const lines = String(text ?? '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const cells = csvCells(raw);
    if (i === 0 && /^name$/i.test(cells[0]) && cells.length > 1) return;  // header
    if (cells.length > 3) {
      errors.push({ line, message: `line ${line}: expected at most 3 columns (name, custom id, preset), got ${cells.length}` });
      return;
    }
    const [name, customId = '', preset = ''] = cells;
    if (!name) {
      errors.push({ line, message: `line ${line}: the name is empty` });
      return;
    }
    let id = customId;
    if (!id) {
      const base = slug(name);
      id = base;
      for (let n = 2; usedIds.has(id) || taken.has(id); n++) id = `${base}-${n}`;
    } else if (usedIds.has(id)) {
      errors.push({ line, message: `line ${line}: custom id ${id} appears twice` });
      return;
    }
    usedIds.add(id);
    const preset_name = preset || defaultPreset || '';
    if (!preset_name) {
      errors.push({ line, message: `line ${line}: no preset (add a third column or choose a default preset)` });
      return;
    }
    rows.push({ line, name, custom_participant_id: id, preset_name });
  });
  return { rows, errors };
}

// The join links of a participant token, one per example that rtk-server serves from its
// static dir (scripts/build.sh stages them; examples/README.md). The token is the
// participant's own credential, passed as ?authToken= as the examples expect.
export const EXAMPLES = [
  { id: 'script-tag', label: 'Script tag', path: '/script-tag/' },
  { id: 'react', label: 'React', path: '/react/' },
  { id: 'angular', label: 'Angular', path: '/angular/' },
  { id: 'landing', label: 'Landing page', path: '/' },
];
export function joinLinks(origin, token) {
  const q = `?authToken=${encodeURIComponent(token)}`;
  return EXAMPLES.map((e) => ({ ...e, url: `${origin}${e.path}${q}` }));
}

// The live view of a group from GET /v2/meetings/{id}/connected-meetings: the parent first,
// then each room, each with its participants (connected ones first) and counts.
export function liveRooms(state) {
  if (!state || !state.parent_meeting) return [];
  const room = (m, isParent) => {
    const participants = [...(m.participants ?? [])].sort(
      (a, b) => Number(!!b.connected) - Number(!!a.connected) ||
        String(a.display_name ?? a.name ?? '').localeCompare(String(b.display_name ?? b.name ?? '')));
    return {
      id: m.id,
      title: m.title || (isParent ? 'Main meeting' : 'Untitled room'),
      isParent,
      participants,
      connected: participants.filter((p) => p.connected).length,
    };
  };
  return [room(state.parent_meeting, true), ...(state.meetings ?? []).map((m) => room(m, false))];
}

// Titles for n new rooms: "Room 1".."Room n", skipping titles already in use.
export function roomTitles(n, existing = []) {
  const taken = new Set(existing);
  const out = [];
  for (let i = 1; out.length < n; i++) {
    const t = `Room ${i}`;
    if (!taken.has(t)) out.push(t);
  }
  return out;
}

export function formatBytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '\u2014';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

export function formatDuration(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return '\u2014';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = String(m).padStart(h ? 2 : 1, '0'), ss = String(r).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

// Hash routes: #/presets, #/presets/new, #/presets/<id>, #/meetings, #/meetings/<id>,
// #/meetings/<id>/live, #/meetings/<id>/recordings, #/meetings/<id>/plans.
export function parseRoute(hash) {
  const parts = String(hash ?? '').replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'presets') {
    if (parts[1] === 'new') return { page: 'preset-edit', id: null };
    if (parts[1]) return { page: 'preset-edit', id: parts[1] };
    return { page: 'presets' };
  }
  if (parts[0] === 'meetings' && parts[1]) {
    const tab = ['live', 'recordings', 'plans'].includes(parts[2]) ? parts[2] : 'participants';
    return { page: 'meeting', id: parts[1], tab };
  }
  if (parts[0] === 'meetings') return { page: 'meetings' };
  return { page: 'presets' };
}

// A breakout plan to upload: JSON ({name?, rooms: [{title, custom_participant_ids}]}; the file
// name ends in .json or the text starts with "{") or CSV (room,custom_participant_id rows, or
// Zoom's "Pre-assign Room Name,Email Address"; the server parses and checks it). -> {kind, path
// suffix, body}; throws Error with a readable message for JSON that does not parse.
export function planUpload(text, { fileName = '', name = '' } = {}) {
  const t = String(text ?? '');
  if (!t.trim()) throw new Error('Choose a plan file or paste a plan.');
  const isJson = /\.json$/i.test(fileName) || (!/\.csv$/i.test(fileName) && t.trimStart().startsWith('{'));
  if (isJson) {
    let body;
    try { body = JSON.parse(t); } catch (e) { throw new Error(`The plan is not valid JSON: ${e.message}`); }
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('A JSON plan is an object {name, rooms: [{title, custom_participant_ids}]}.');
    if (name) body = { ...body, name };
    return { kind: 'json', path: '', body };
  }
  return { kind: 'csv', path: `/csv${name ? `?name=${encodeURIComponent(name)}` : ''}`, body: t };
}
