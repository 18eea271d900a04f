// Test doubles for the sync engine and streams: a scriptable fake bridge and a manual clock/timer.
// Unit tests only: renderer/src/test/ is excluded from the product type-check and nothing in the app imports it.
import {
  type CallName,
  type CallRequest,
  type CallResponse,
  type EventName,
  type EventPayload,
} from '../../../shared/bridge/contract';
import { type IgMedia, type Post, type Story } from '../../../shared/models';
import { BridgeCallError, type Bridge } from '../bridge';

type Handler<K extends CallName> = (req: CallRequest<K>) => Promise<CallResponse<K>> | CallResponse<K>;

/** A Bridge whose calls are answered by per-call handlers; records every call and can emit host events. */
export interface FakeBridge extends Bridge {
  calls: Array<{ name: CallName; req: unknown }>;
  handle<K extends CallName>(name: K, handler: Handler<K>): void;
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void;
  callsOf<K extends CallName>(name: K): Array<CallRequest<K>>;
}

/** Creates a fake bridge; unhandled calls fail with an `internal` BridgeCallError. */
export function createFakeBridge(): FakeBridge {
  const handlers = new Map<CallName, Handler<CallName>>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: FakeBridge['calls'] = [];
  return {
    kind: 'browser',
    calls,
    async invoke(name, req) {
      calls.push({ name, req });
      const h = handlers.get(name);
      if (!h) throw new BridgeCallError({ code: 'internal', message: `no fake for ${name}` });
      return (await h(req as never)) as never;
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
    mediaSrc: (ref, variant) => `/media?k=${encodeURIComponent(ref.key)}&v=${variant}`,
    notify: async () => false,
    handle(name, handler) {
      handlers.set(name, handler as unknown as Handler<CallName>);
    },
    emit(name, payload) {
      listeners.get(name)?.forEach((l) => l(payload));
    },
    callsOf(name) {
      return calls.filter((c) => c.name === name).map((c) => c.req) as never;
    },
  };
}

/** A manual clock with timers: `advance(ms)` fires due timers in time order. */
export interface ManualTimers {
  now(): number;
  setTimer(fn: () => void, ms: number): () => void;
  /** Moves the clock forward, firing due timers; awaits `settle` after each so async work can run. */
  advance(ms: number): Promise<void>;
  /** Delay until the next pending timer (Infinity when none). */
  nextDelay(): number;
  pending(): number;
}

/** Lets promise chains and fake-indexeddb (which schedules with real macrotasks) finish. */
export async function settle(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}

/** Creates manual timers starting at `start` epoch ms. */
export function createManualTimers(start = Date.UTC(2026, 10, 27, 12)): ManualTimers {
  let t = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => t,
    setTimer(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: t + Math.max(0, ms), fn });
      return () => timers.delete(id);
    },
    async advance(ms) {
      const end = t + ms;
      await settle();
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, v]) => v.at <= end)
          .sort((a, b) => a[1].at - b[1].at || a[0] - b[0]);
        const first = due[0];
        if (!first) break;
        timers.delete(first[0]);
        t = Math.max(t, first[1].at);
        first[1].fn();
        await settle();
      }
      t = end;
    },
    nextDelay() {
      const ats = [...timers.values()].map((v) => v.at - t);
      return ats.length ? Math.min(...ats) : Infinity;
    },
    pending: () => timers.size,
  };
}

/** A normalized post for tests. */
export function makePost(accountId: string, n: number, patch: Partial<Post> = {}): Post {
  const createdTime = Date.UTC(2026, 0, 1) + n * 60_000;
  return {
    id: `fb:${accountId}_${n}`,
    nativeId: `${accountId}_${n}`,
    accountId,
    message: `Post number ${n}`,
    createdTime,
    updatedTime: createdTime,
    isVisitorPost: false,
    attachments: [],
    reactions: n % 7,
    comments: n % 3,
    shares: 0,
    ...patch,
  };
}

/** A normalized Instagram media item for tests. */
export function makeMedia(accountId: string, n: number, patch: Partial<IgMedia> = {}): IgMedia {
  return {
    id: `ig:m${n}`,
    nativeId: `m${n}`,
    accountId,
    mediaType: 'IMAGE',
    productType: 'FEED',
    caption: `Media ${n}`,
    timestamp: Date.UTC(2026, 0, 1) + n * 60_000,
    likeCount: n,
    commentsCount: 1,
    media: { key: `${accountId}:m${n}:media_url`, url: `https://cdn.example/m${n}.jpg?sig=1`, kind: 'image' },
    children: [],
    ...patch,
  };
}

/** A normalized story for tests. */
export function makeStory(accountId: string, n: number, timestamp: number): Story {
  return {
    ...makeMedia(accountId, n),
    id: `ig:s${n}`,
    nativeId: `s${n}`,
    productType: 'STORY',
    timestamp,
    expiresAt: timestamp + 86_400_000,
  };
}
