// The generic sync engine: backfills every stream of the signed-in account newest first, and polls all streams in
// ONE sync/poll call per tick (the host turns it into one Graph batch request with ETags). A desktop app cannot
// receive webhooks (no public HTTPS endpoint), so it polls — adaptively, to stay inside Meta's rate limits.
import { type PollResult } from '../../../../shared/bridge/calls/sync';
import { type CallRequest } from '../../../../shared/bridge/contract';
import { BridgeCallError, type Bridge } from '../../bridge';
import { type DuetDb } from '../db';
import { listSyncStates, setSyncError } from '../repos/content';
import { type SyncContext, type SyncEngine, type SyncStatus, type SyncStream } from './types';

/** Poll intervals in ms (tests and the e2e host may shorten `focused`). */
export interface PollIntervals {
  focused: number;
  unfocused: number;
  hidden: number;
  /** How often we probe while the network seems down but the OS did not say so. */
  offlineProbe: number;
  /** Longest wait after repeated errors. */
  maxBackoff: number;
}

/** Default intervals: 15 s focused, 60 s visible but unfocused, 5 min hidden. */
export const DEFAULT_INTERVALS: PollIntervals = {
  focused: 15_000,
  unfocused: 60_000,
  hidden: 300_000,
  offlineProbe: 30_000,
  maxBackoff: 600_000,
};

/** Above this share of the rate-limit budget (percent) polling slows down (Meta throttles at 100). */
export const BUDGET_SLOWDOWN_PCT = 80;

/** Minimal window surface the engine listens to (online/offline/focus/blur, visibilitychange on `document`). */
export interface EngineEventSource {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/** Dependencies of the sync engine; everything but db, bridge and streams has a browser default. */
export interface SyncEngineDeps {
  db: DuetDb;
  bridge: Bridge;
  streams: SyncStream[];
  now?: () => number;
  /** Schedules `fn` after `ms`; returns a cancel function. */
  setTimer?: (fn: () => void, ms: number) => () => void;
  isFocused?: () => boolean;
  isVisible?: () => boolean;
  isOnline?: () => boolean;
  intervals?: Partial<PollIntervals>;
  /** Items per poll page. */
  pageSize?: number;
  /** Where online/offline/focus/blur are listened to (default `window`). */
  windowEvents?: EngineEventSource | null;
  /** Where visibilitychange is listened to (default `document`). */
  documentEvents?: EngineEventSource | null;
}

type Account = { id: string; instagram?: unknown };

// Only the bridge decides what a network failure is (it maps failed fetches to `offline`); a TypeError from a bug
// in a stream must surface as that stream's error, not as "you're offline".
function isNetworkError(e: unknown): boolean {
  return e instanceof BridgeCallError && e.code === 'offline';
}

function messageOf(e: unknown): string {
  // IndexedDB refuses writes once the origin's quota (the disk) is full; Dexie wraps the DOMException. The raw
  // "QuotaExceededError…" text means nothing to a user, so say what happened and what to do.
  const name = e instanceof Error ? ((e as { inner?: Error }).inner?.name ?? e.name) : '';
  if (name === 'QuotaExceededError' || /QuotaExceeded/i.test(String(e)))
    return 'Your disk is too full to save new items. Free some space; Duet catches up by itself.';
  return e instanceof Error ? e.message : String(e);
}

/** Creates the sync engine (one per renderer; the shell starts it with the selected account). */
export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const { db, bridge, streams } = deps;
  const now = deps.now ?? Date.now;
  const setTimer =
    deps.setTimer ??
    ((fn: () => void, ms: number) => {
      const h = setTimeout(fn, ms);
      return () => clearTimeout(h);
    });
  const isFocused = deps.isFocused ?? (() => (typeof document === 'undefined' ? true : document.hasFocus()));
  const isVisible =
    deps.isVisible ??
    (() => (typeof document === 'undefined' ? true : document.visibilityState !== 'hidden'));
  const isOnline = deps.isOnline ?? (() => (typeof navigator === 'undefined' ? true : navigator.onLine));
  const focused = deps.intervals?.focused ?? DEFAULT_INTERVALS.focused;
  // A shortened focused interval (tests, demos) shortens the offline probe too, so recovery is as quick.
  const intervals: PollIntervals = {
    ...DEFAULT_INTERVALS,
    offlineProbe: Math.min(DEFAULT_INTERVALS.offlineProbe, 2 * focused),
    ...deps.intervals,
  };
  const winEvents =
    deps.windowEvents === undefined ? (typeof window === 'undefined' ? null : window) : deps.windowEvents;
  const docEvents =
    deps.documentEvents === undefined
      ? typeof document === 'undefined'
        ? null
        : document
      : deps.documentEvents;

  let account: Account | null = null;
  let generation = 0;
  let active: SyncStream[] = [];
  let cancelTimer: (() => void) | null = null;
  let lastPollAt = 0;
  let polling: Promise<void> | null = null;
  let errors = 0;
  let budgetPct = 0;
  let throttledUntil = 0;
  let osOffline = !isOnline();
  let netOffline = false;
  const backfillWaiters = new Set<() => void>();
  const ingesting = new Set<string>();
  const ingestJobs = new Set<Promise<void>>();
  const listeners = new Set<(s: SyncStatus) => void>();
  const unsubscribers: Array<() => void> = [];

  let status: SyncStatus = {
    accountId: null,
    online: !osOffline,
    streams: {},
    intervalMs: intervals.focused,
  };

  const emit = (patch: Partial<SyncStatus>) => {
    status = { ...status, ...patch };
    for (const l of [...listeners]) l(status);
  };
  const setStream = (name: string, patch: Partial<SyncStatus['streams'][string]>) => {
    const prev = status.streams[name] ?? { itemCount: 0, backfillDone: false };
    emit({ streams: { ...status.streams, [name]: { ...prev, ...patch } } });
  };
  const online = () => !osOffline && !netOffline;

  /** The adaptive interval: focus/visibility, slower above 80% of the budget, exponential backoff on errors. */
  const baseInterval = () => {
    let ms = !isVisible() ? intervals.hidden : isFocused() ? intervals.focused : intervals.unfocused;
    if (budgetPct >= BUDGET_SLOWDOWN_PCT) ms *= budgetPct >= 95 ? 8 : 4;
    return ms;
  };
  const currentDelay = () => {
    if (!online()) return intervals.offlineProbe;
    let ms = baseInterval();
    if (errors > 0) ms = Math.min(ms * 2 ** errors, Math.max(intervals.maxBackoff, ms));
    const t = now();
    if (throttledUntil > t) ms = Math.max(ms, throttledUntil - t);
    return ms;
  };

  const clearTimer = () => {
    cancelTimer?.();
    cancelTimer = null;
  };
  const schedule = (delay = currentDelay()) => {
    clearTimer();
    if (!account || status.paused) return;
    // OS says offline: wait for the `online` event instead of probing.
    if (osOffline) return;
    cancelTimer = setTimer(() => {
      cancelTimer = null;
      void tick();
    }, delay);
    const interval = currentDelay();
    if (status.intervalMs !== interval) emit({ intervalMs: interval });
  };
  /** Re-plans after focus/visibility/budget changes: polls at once if already due under the new interval. */
  const replan = () => {
    if (!account || status.paused || polling) return;
    schedule(Math.max(0, lastPollAt + currentDelay() - now()));
  };

  const context = (acct: Account, gen: number): SyncContext => ({
    db,
    bridge,
    accountId: acct.id,
    progress: (stream, itemCount, done) => {
      if (gen !== generation) return;
      const t = now();
      setStream(stream, { itemCount, backfillDone: done, lastSyncedAt: t });
      // A stored backfill page is a successful sync too ("Synced just now" in the header).
      emit({ lastSyncedAt: t });
    },
    cancelled: () => gen !== generation,
  });

  const markOnline = () => {
    if (netOffline) {
      netOffline = false;
      emit({ online: online() });
      for (const w of [...backfillWaiters]) w();
    }
  };
  const markNetOffline = () => {
    if (!netOffline) {
      netOffline = true;
      emit({ online: false });
    }
  };

  async function tick(): Promise<void> {
    if (polling) return polling;
    const acct = account;
    if (!acct || status.paused || osOffline) return;
    const gen = generation;
    const run = (async () => {
      // A stream still storing the previous tick's answer (e.g. fetching threads) sits this tick out, so one slow
      // stream never holds back the others' freshness.
      const participating = active.filter((s) => !ingesting.has(s.name));
      if (participating.length === 0) return;
      const req: CallRequest<'sync/poll'> = { accountId: acct.id, streams: participating.map((s) => s.name) };
      if (deps.pageSize) req.limit = deps.pageSize;
      lastPollAt = now();
      let result: PollResult;
      try {
        result = await bridge.invoke('sync/poll', req);
      } catch (e) {
        if (gen !== generation) return;
        onError(e);
        return;
      }
      if (gen !== generation) return;
      markOnline();
      const ctx = context(acct, gen);
      const failed = new Map(result.errors.map((er) => [er.stream, er.message]));
      const hostErrorOf = (st: SyncStream) => failed.get(st.name);
      // An answer in which every stream failed (HTTP 500s, truncated JSON, throttling) is not a sync: the header must
      // keep saying when Duet last saved something, and why nothing newer came.
      if (participating.every((st) => hostErrorOf(st))) {
        errors++;
        emit({ stale: result.errors.some((er) => er.kind === 'throttled') ? 'throttled' : 'unreachable' });
      } else {
        errors = 0;
        emit({ lastSyncedAt: now(), stale: undefined });
      }
      for (const s of participating) {
        const hostError = hostErrorOf(s);
        ingesting.add(s.name);
        const job = (async () => {
          try {
            await s.ingestPoll(result, ctx);
            // A stream whose part of the answer failed keeps its last successful time.
            if (gen === generation)
              setStream(s.name, hostError ? { error: hostError } : { error: undefined, lastSyncedAt: now() });
          } catch (e) {
            if (gen === generation) setStream(s.name, { error: messageOf(e) });
            await setSyncError(db, acct.id, s.name, messageOf(e)).catch(() => undefined);
          } finally {
            ingesting.delete(s.name);
          }
        })();
        ingestJobs.add(job);
        void job.finally(() => ingestJobs.delete(job));
      }
    })();
    polling = run;
    try {
      await run;
    } finally {
      polling = null;
      if (gen === generation) schedule();
    }
  }

  function onError(e: unknown) {
    if (e instanceof BridgeCallError && e.code === 'session-expired') {
      clearTimer();
      emit({ paused: 'session-expired' });
      return;
    }
    if (e instanceof BridgeCallError && e.code === 'not-signed-in') {
      clearTimer();
      emit({ paused: 'signed-out' });
      return;
    }
    if (isNetworkError(e)) {
      markNetOffline();
      return;
    }
    if (e instanceof BridgeCallError && e.code === 'throttled' && e.retryAfterMs) {
      throttledUntil = Math.max(throttledUntil, now() + e.retryAfterMs);
    }
    emit({ stale: e instanceof BridgeCallError && e.code === 'throttled' ? 'throttled' : 'unreachable' });
    errors++;
  }

  /** Waits until `ms` passed, the network came back, or the engine moved on. */
  const wait = (ms: number, gen: number) =>
    new Promise<void>((resolve) => {
      let cancel: () => void = () => undefined;
      const done = () => {
        backfillWaiters.delete(done);
        cancel();
        resolve();
      };
      backfillWaiters.add(done);
      cancel = setTimer(done, ms);
      if (gen !== generation) done();
    });

  async function runBackfill(stream: SyncStream, acct: Account, gen: number) {
    let failures = 0;
    while (gen === generation) {
      if (status.paused || osOffline) {
        await wait(intervals.offlineProbe, gen);
        continue;
      }
      try {
        await stream.backfill(context(acct, gen));
        if (gen === generation) setStream(stream.name, { error: undefined });
        markOnline();
        return;
      } catch (e) {
        if (gen !== generation) return;
        onBackfillError(e);
        if (!isNetworkError(e)) {
          setStream(stream.name, { error: messageOf(e) });
          await setSyncError(db, acct.id, stream.name, messageOf(e)).catch(() => undefined);
        }
        failures++;
        const delay = isNetworkError(e)
          ? intervals.offlineProbe
          : Math.min(intervals.focused * 2 ** failures, intervals.maxBackoff);
        await wait(delay, gen);
      }
    }
  }
  function onBackfillError(e: unknown) {
    if (e instanceof BridgeCallError && (e.code === 'session-expired' || e.code === 'not-signed-in')) {
      clearTimer();
      emit({ paused: e.code === 'session-expired' ? 'session-expired' : 'signed-out' });
    } else if (isNetworkError(e)) {
      markNetOffline();
    } else if (e instanceof BridgeCallError && e.code === 'throttled' && e.retryAfterMs) {
      throttledUntil = Math.max(throttledUntil, now() + e.retryAfterMs);
    }
  }

  const onOnline = () => {
    osOffline = false;
    netOffline = false;
    emit({ online: true });
    for (const w of [...backfillWaiters]) w();
    // The network is back: poll at once rather than waiting out the interval.
    if (account && !status.paused) void tick();
  };
  const onOffline = () => {
    osOffline = true;
    clearTimer();
    emit({ online: false });
  };
  const onFocusChange = () => replan();

  const listen = () => {
    if (unsubscribers.length) return;
    const on = (src: EngineEventSource | null, type: string, fn: () => void) => {
      if (!src) return;
      src.addEventListener(type, fn);
      unsubscribers.push(() => src.removeEventListener(type, fn));
    };
    on(winEvents, 'online', onOnline);
    on(winEvents, 'offline', onOffline);
    on(winEvents, 'focus', onFocusChange);
    on(winEvents, 'blur', onFocusChange);
    on(docEvents, 'visibilitychange', onFocusChange);
    unsubscribers.push(
      bridge.on('sync/usage-changed', (u) => {
        if (!account || u.accountId !== account.id) return;
        budgetPct = Math.max(u.appPct, u.businessPct);
        throttledUntil = u.throttledUntil ?? 0;
        replan();
      }),
      bridge.on('session/changed', (s) => {
        if (s.status === 'expired') {
          clearTimer();
          emit({ paused: 'session-expired' });
        } else if (s.status === 'signed-out') {
          clearTimer();
          emit({ paused: 'signed-out' });
        } else if (status.paused) {
          emit({ paused: undefined });
          for (const w of [...backfillWaiters]) w();
          if (account) void tick();
        }
      }),
    );
  };
  const unlisten = () => {
    for (const u of unsubscribers.splice(0)) u();
  };

  return {
    start(acct) {
      if (account?.id === acct.id && account.instagram === acct.instagram) return;
      generation++;
      const gen = generation;
      clearTimer();
      for (const w of [...backfillWaiters]) w();
      account = acct;
      active = streams.filter((s) => s.appliesTo(acct));
      errors = 0;
      budgetPct = 0;
      throttledUntil = 0;
      lastPollAt = 0;
      status = {
        accountId: acct.id,
        online: online(),
        streams: Object.fromEntries(active.map((s) => [s.name, { itemCount: 0, backfillDone: false }])),
        intervalMs: baseInterval(),
      };
      emit({});
      listen();
      void (async () => {
        // Show what the cache already holds before the network answers.
        const states = await listSyncStates(db, acct.id).catch(() => []);
        if (gen !== generation) return;
        for (const st of states) {
          if (!status.streams[st.stream]) continue;
          setStream(st.stream, {
            itemCount: st.itemCount,
            backfillDone: st.backfillDone,
            lastSyncedAt: st.lastSyncedAt,
            error: st.lastError,
          });
        }
        const lastSynced = Math.max(0, ...states.map((s) => s.lastSyncedAt ?? 0));
        if (lastSynced) emit({ lastSyncedAt: lastSynced });
        const resumed = active.every((s) => status.streams[s.name]?.backfillDone);
        // A cache that is already complete only needs catching up: poll now. Otherwise the backfill's first page
        // is the newest page, so the first poll can wait one interval.
        if (resumed) void tick();
        else {
          lastPollAt = now();
          schedule();
        }
        await Promise.all(active.map((s) => runBackfill(s, acct, gen)));
      })();
    },
    stop() {
      generation++;
      clearTimer();
      for (const w of [...backfillWaiters]) w();
      account = null;
      active = [];
      unlisten();
      emit({ accountId: null, streams: {} });
    },
    async pollNow() {
      if (polling) await polling;
      clearTimer();
      await tick();
      await Promise.all([...ingestJobs]);
    },
    getStatus: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
