// `meeting.chat` (RealtimeKit 2.0.2's RTKChat): the room's text chat. Messages, limits and who
// may send are the C++ session's and the server's; this file names them as RealtimeKit does and
// pages the history (fetchPublicMessages) through the session's getChatHistory.
import { SafeEmitter } from './emitter.js';
import { stubs } from './features.js';
import { RtkError, notAvailable, soft, softReject } from './errors.js';

export const withTime = (m) => ({ ...m, time: new Date(m.timeMs) });

const NO_PRIVATE = 'private messages are not in rtk-server; messages go to the whole room';
const TEXT_ONLY = 'only text messages are in rtk-server';

export class Chat extends SafeEmitter {
  constructor(runtime) {
    super();
    this._runtime = runtime;
    this.messages = [];
    this.maxTextLimit = 4000; // replaced by the server's limit (rules.limits.maxChatTextBytes) on join
    this.hasMore = false;
    // RealtimeKit's client-side send throttle that its UI kit reads (180 a minute, reference F);
    // the server enforces its own per-connection rate and answers rate_limited beyond it.
    this.rateLimits = { period: 60, maxInvocations: 180 };
  }
  sendTextMessage(text, peerIds) {
    if (peerIds?.length) return notAvailable('chat.sendTextMessage to peerIds', NO_PRIVATE);
    return soft(this._runtime.call('sendTextMessage', [text]).then(() => undefined));
  }
  /** RealtimeKit's sendMessage({type: 'text', message}, participantIds?): text to the room. */
  sendMessage(payload, participantIds) {
    if (participantIds?.length) return notAvailable('chat.sendMessage to participantIds', NO_PRIVATE);
    if (!payload || payload.type !== 'text') return notAvailable(`chat.sendMessage of type ${payload?.type}`, TEXT_ONLY);
    return this.sendTextMessage(payload.message);
  }
  /** Older messages than the oldest loaded (or than beforeId): {messages, hasMore}. */
  async fetchOlder(beforeId = this.messages[0]?.id, limit) {
    const args = [beforeId ?? null];
    if (limit !== undefined) args.push(limit);
    const r = await this._runtime.call('getChatHistory', args);
    const older = r.messages.map(withTime);
    if (beforeId === this.messages[0]?.id) this.messages = [...older, ...this.messages];
    this.hasMore = r.hasMore;
    return { messages: older, hasMore: r.hasMore };
  }
  /**
   * RealtimeKit's fetchPublicMessages({timestamp, limit, direction}): up to `limit` messages
   * strictly before or after `timestamp` (ms or Date), oldest first. Loads older pages from the
   * server while the loaded history does not reach back to `timestamp`.
   */
  fetchPublicMessages({ timestamp = Date.now(), limit = 25, direction = 'before' } = {}) {
    const ts = timestamp instanceof Date ? timestamp.getTime() : Number(timestamp);
    if (!Number.isFinite(ts) || !(limit > 0) || (direction !== 'before' && direction !== 'after'))
      return softReject(new RtkError('invalid_argument', "fetchPublicMessages needs {timestamp, limit > 0, direction: 'before'|'after'}"));
    return soft((async () => {
      for (let pages = 0; this.hasMore && pages < 50; pages++) {
        const oldest = this.messages[0];
        const enough = direction === 'before' ? this.messages.filter((m) => m.timeMs < ts).length >= limit : oldest && oldest.timeMs <= ts;
        if (enough) break;
        await this.fetchOlder();
      }
      const list = direction === 'before' ? this.messages.filter((m) => m.timeMs < ts).slice(-limit) : this.messages.filter((m) => m.timeMs > ts).slice(0, limit);
      return list;
    })());
  }
  /** No message is ever pinned (pinning is not in rtk-server). */
  fetchPinnedMessages() {
    return Promise.resolve([]);
  }
}
stubs(Chat.prototype, 'chat', TEXT_ONLY, 'sendCustomMessage sendImageMessage sendFileMessage');
stubs(Chat.prototype, 'chat', 'messages cannot be edited, deleted or pinned', 'editTextMessage editImageMessage editFileMessage editMessage deleteMessage pin unpin');
stubs(Chat.prototype, 'chat', NO_PRIVATE, 'fetchPrivateMessages');
