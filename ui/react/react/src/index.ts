// @openrtk/react: RealtimeKit 2.0.2's React hooks and provider (reference D.3) for OpenRTK.
//
// Differences from @cloudflare/realtimekit-react, all on purpose:
// - On a room switch the provider hands the NEW meeting object to every hook in the same
//   render: no `undefined` frame and no 100 ms unmount, so the component tree (and the
//   <rtk-meeting> element with its video elements) stays mounted.
// - useRealtimeKitSelector compares the selected value shallowly (arrays element by element,
//   plain objects key by key), so a selector re-renders exactly when what it selects changes.
import RealtimeKitClient from '@openrtk/client';
import type { ClientOptions } from '@openrtk/client';
import {
  createContext,
  createElement,
  Fragment,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import type { ReactElement, ReactNode } from 'react';
import { followMeeting } from './follow.js';

export { followMeeting };
export type { ClientOptions };
/** The meeting object type (RealtimeKit's `RTKClient`). */
export type RTKClient = RealtimeKitClient;

export interface RealtimeKitContextValue {
  meeting: RealtimeKitClient;
}

/** The context the provider fills; `null` outside a provider (or while it shows `fallback`). */
export const RealtimeKitContext = createContext<RealtimeKitContextValue | null>(null);

export interface UseRealtimeKitClientParams {
  /**
   * Drop the meeting object (back to `undefined`) when it leaves for good: left, kicked,
   * ended, failed. A room switch ('connected-meeting') and a network drop ('disconnected')
   * do not reset it.
   */
  resetOnLeave?: boolean;
}

/**
 * Holds the meeting object. `initMeeting(options)` calls `RealtimeKitClient.init` and stores the
 * result; after a room switch the returned meeting is the new one (the hook follows
 * `meetingChanged` on every object, so the second and third switch are followed too).
 * A failed init rejects with the SDK's `RtkError` (its `.code` says why).
 */
export function useRealtimeKitClient(
  params: UseRealtimeKitClientParams = {},
): [RealtimeKitClient | undefined, (options: ClientOptions) => Promise<RealtimeKitClient | undefined>] {
  const [client, setClient] = useState<RealtimeKitClient | undefined>(undefined);
  const resetOnLeave = !!params.resetOnLeave;
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  // The follower starts as soon as init resolves, before React renders: no window in which a
  // switch could be missed while an effect is pending. It then moves by itself.
  const unfollow = useRef<(() => void) | null>(null);
  useEffect(() => () => {
    unfollow.current?.();
    unfollow.current = null;
  }, []);

  const initMeeting = useCallback(async (options: ClientOptions) => {
    const meeting = await RealtimeKitClient.init(options);
    if (alive.current) {
      unfollow.current?.();
      unfollow.current = followMeeting(meeting, (next) => setClient(next));
      setClient(meeting);
    }
    return meeting;
  }, []);

  useEffect(() => {
    if (!client || !resetOnLeave) return undefined;
    const onLeft = ({ state }: { state: string }) => {
      if (state === 'connected-meeting' || state === 'disconnected') return;
      unfollow.current?.();
      unfollow.current = null;
      setClient((c) => (c === client ? undefined : c));
    };
    client.self.on('roomLeft', onLeft);
    return () => {
      client.self.off('roomLeft', onLeft);
    };
  }, [client, resetOnLeave]);

  return [client, initMeeting];
}

export interface RealtimeKitProviderProps {
  /** The meeting object (from useRealtimeKitClient or RealtimeKitClient.init); undefined shows `fallback`. */
  value: RealtimeKitClient | undefined;
  children?: ReactNode;
  /** Rendered while `value` is undefined. */
  fallback?: ReactNode;
}

/**
 * Makes the meeting available to useRealtimeKitMeeting and useRealtimeKitSelector below it.
 * Follows room switches itself: after `meetingChanged` every hook below sees the new meeting
 * object in the very next render, even if the app keeps passing the old object as `value`.
 */
export function RealtimeKitProvider({ value, children, fallback }: RealtimeKitProviderProps): ReactElement {
  // The meeting we followed to, remembered together with the `value` it descends from, so a
  // new `value` from the app (another meeting altogether) wins over an old follow.
  const [followed, setFollowed] = useState<{ from: RealtimeKitClient; current: RealtimeKitClient } | null>(null);
  const meeting = value && followed && followed.from === value ? followed.current : value;

  // A layout effect: the follower is attached in the same commit that first shows `value`.
  useLayoutEffect(() => {
    if (!value) return undefined;
    // The follower moves itself from object to object; it restarts only for a new `value`.
    return followMeeting(value, (next) => setFollowed({ from: value, current: next }));
  }, [value]);

  const ctx = useMemo(() => (meeting ? { meeting } : null), [meeting]);
  if (!ctx) return createElement(Fragment, null, fallback ?? null);
  return createElement(RealtimeKitContext.Provider, { value: ctx }, children);
}

/** The current meeting object. Throws outside a RealtimeKitProvider. */
export function useRealtimeKitMeeting(): { meeting: RealtimeKitClient } {
  const ctx = useContext(RealtimeKitContext);
  if (!ctx) throw new Error('useRealtimeKitMeeting must be used inside <RealtimeKitProvider> with a meeting');
  return { meeting: ctx.meeting };
}

type Listener = (...args: unknown[]) => void;
interface WildcardEmitter {
  on(event: '*', fn: Listener): unknown;
  off(event: '*', fn: Listener): unknown;
}

/** The emitters whose events can change what a selector reads. */
export function meetingEmitters(meeting: RealtimeKitClient): WildcardEmitter[] {
  const m = meeting as unknown as Record<string, any>;
  const list = [m.self, m.meta, m.participants?.joined, m.participants?.all, m.chat, m.polls, m.connectedMeetings];
  return [...new Set(list)].filter((e): e is WildcardEmitter => !!e && typeof e.on === 'function' && typeof e.off === 'function');
}

/** Subscribes `notify` to every event of the meeting's emitters ('*'); returns the unsubscriber. */
export function subscribeMeeting(meeting: RealtimeKitClient, notify: () => void): () => void {
  const handler: Listener = () => notify();
  const ems = meetingEmitters(meeting);
  for (const em of ems) em.on('*', handler);
  return () => {
    for (const em of ems) em.off('*', handler);
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Object.is, or arrays with Object.is-equal items, or plain objects with Object.is-equal values. */
export function shallowEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && Object.is(a[k], b[k]));
  }
  return false;
}

/**
 * Reads from the current meeting and re-renders when the selected value changes (shallow
 * compare) after an event of self, meta, participants, chat, polls or connectedMeetings, and
 * when the provider moves to a new meeting after a room switch. Return derived values
 * (`m.participants.joined.size`, `m.meta.meetingTitle`), not live mutable objects.
 */
export function useRealtimeKitSelector<T>(selector: (meeting: RealtimeKitClient) => T): T {
  const { meeting } = useRealtimeKitMeeting();
  const selectorRef = useRef(selector);
  selectorRef.current = selector;
  const cache = useRef<{ meeting: RealtimeKitClient; value: T } | null>(null);

  const subscribe = useCallback((notify: () => void) => subscribeMeeting(meeting, notify), [meeting]);
  const getSnapshot = (): T => {
    const value = selectorRef.current(meeting);
    const c = cache.current;
    if (c && c.meeting === meeting && shallowEqual(c.value, value)) return c.value;
    cache.current = { meeting, value };
    return value;
  };
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
