// The generic sync engine: backfills every stream of the signed-in account newest first, and polls all streams in
// ONE sync/poll call per tick (the host turns it into one Graph batch request with ETags). A desktop app cannot
// receive webhooks (no public HTTPS endpoint), so it polls — adaptively, to stay inside Meta's rate limits.
import { type PollResult } from '../../../../shared/bridge/calls/sync';
import { type CallRequest } from '../../../../shared/bridge/contract';
import { type Bridge } from '../../bridge';
import { type DuetDb } from '../db';
import { listSyncStates, setSyncError } from '../repos/sync-state';
import { messageOf, readFailure } from './failures';
import { backfillRetryDelay, baseInterval, pollDelay, resolveIntervals, type PollIntervals } from './pacing';
import { type SyncContext, type SyncEngine, type SyncStatus, type SyncStream } from './types';
import { type SessionPause } from '../session-gate';
import { isPolledStream } from '../../../../shared/streams';

export { BUDGET_SLOWDOWN_PCT, DEFAULT_INTERVALS, type PollIntervals } from './pacing';

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
  const intervals: PollIntervals = resolveIntervals(deps.intervals);
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
  const sessionLost = new Set<() => void>();
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

  const pacing = () => ({ visible: isVisible(), focused: isFocused(), budgetPct });
  const currentDelay = () =>
    pollDelay(intervals, { ...pacing(), online: online(), errors, throttledUntil, now: now() });

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
      // Done stays done for this sign-in: a poll tick that read the sync state before the backfill finished may
      // report "not done" after it (comments, content and inbox streams read it around slow fetches). Going back
      // would leave the header at "Syncing…" until that stream next reports.
      const finished = done || status.streams[stream]?.backfillDone === true;
      setStream(stream, { itemCount, backfillDone: finished, lastSyncedAt: t });
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
      // Streams with their own schedule (insights) are not part of the batched poll; they still get the tick.
      const polled = participating.filter((st) => isPolledStream(st.name));
      const req: CallRequest<'sync/poll'> = {
        accountId: acct.id,
        streams: polled.map((s) => s.name).filter(isPolledStream),
      };
      if (deps.pageSize) req.limit = deps.pageSize;
      lastPollAt = now();
      let result: PollResult;
      try {
        // Only own-schedule streams take part: no poll request is needed.
        result = req.streams?.length ? await bridge.invoke('sync/poll', req) : { pages: {}, errors: [] };
      } catch (e) {
        if (gen !== generation) return;
        onPollError(e);
        return;
      }
      if (gen !== generation) return;
      // Only an answer from Graph proves the network is back.
      if (polled.length > 0) markOnline();
      const ctx = context(acct, gen);
      const failed = new Map(result.errors.map((er) => [er.stream, er.message]));
      const hostErrorOf = (st: SyncStream) => failed.get(st.name);
      // An answer in which every polled stream failed (HTTP 500s, truncated JSON, throttling) is not a sync: the
      // header must keep saying when Duet last saved something, and why nothing newer came. Own-schedule streams
      // (comments, insights) are not in the answer, so they neither prove nor disprove that Facebook answered.
      if (polled.length > 0 && polled.every((st) => hostErrorOf(st))) {
        errors++;
        emit({ stale: result.errors.some((er) => er.kind === 'throttled') ? 'throttled' : 'unreachable' });
      } else if (polled.length > 0) {
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
            if (gen === generation) {
              const had = status.streams[s.name]?.error;
              setStream(s.name, hostError ? { error: hostError } : { error: undefined, lastSyncedAt: now() });
              if (!hostError && had) await clearStoredError(acct, s.name);
            }
          } catch (e) {
            await streamFailed(acct, gen, s.name, e);
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

  /** Sync pauses until the session is back (only the session gate resumes it, see ../session-gate.ts). */
  function pause(reason: SessionPause) {
    clearTimer();
    emit({ paused: reason });
  }
  function resume() {
    if (!status.paused) return;
    emit({ paused: undefined });
    for (const w of [...backfillWaiters]) w();
    if (account) void tick();
  }

  /**
   * The reaction every failed call shares (poll tick and backfill): pause for a lost session, go offline for a
   * network failure, hold back after throttling. Returns the reading so each caller adds its own part.
   */
  function react(e: unknown) {
    const f = readFailure(e);
    if (f.kind === 'session') {
      pause(f.paused);
      for (const l of [...sessionLost]) l();
    } else if (f.kind === 'offline') markNetOffline();
    else if (f.retryAfterMs) throttledUntil = Math.max(throttledUntil, now() + f.retryAfterMs);
    return f;
  }

  /** A failed poll tick also makes the header stale and backs polling off. */
  function onPollError(e: unknown) {
    const f = react(e);
    if (f.kind !== 'failed') return;
    emit({ stale: f.stale });
    errors++;
  }

  /** A stream failed: shown beside it and kept in its sync state (Diagnostics). */
  async function streamFailed(acct: Account, gen: number, name: SyncStream['name'], e: unknown) {
    if (gen === generation) setStream(name, { error: messageOf(e) });
    await setSyncError(db, acct.id, name, messageOf(e)).catch(() => undefined);
  }

  /**
   * A stream that works again forgets its stored error too: views fall back to the stored one when the live status
   * has none (ui/ColumnHeader columnSyncOf), and an answer that stores nothing new (304) would otherwise leave it.
   */
  async function clearStoredError(acct: Account, name: SyncStream['name']) {
    await setSyncError(db, acct.id, name, undefined).catch(() => undefined);
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
        if (gen === generation) {
          const had = status.streams[stream.name]?.error;
          setStream(stream.name, { error: undefined });
          if (had) await clearStoredError(acct, stream.name);
        }
        markOnline();
        return;
      } catch (e) {
        if (gen !== generation) return;
        const offline = react(e).kind === 'offline';
        if (!offline) await streamFailed(acct, gen, stream.name, e);
        failures++;
        await wait(backfillRetryDelay(intervals, failures, offline), gen);
      }
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
    );
  };
  const unlisten = () => {
    for (const u of unsubscribers.splice(0)) u();
  };

  const engine: SyncEngine = {
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
        intervalMs: baseInterval(intervals, pacing()),
        // A pause outlives switching accounts: only the session gate lifts it.
        ...(status.paused ? { paused: status.paused } : {}),
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
    resync() {
      const acct = account;
      if (!acct) return;
      // The same account again: start() reads the stored sync state afresh and backfills what it no longer marks
      // done (the older run is cancelled by the new generation).
      account = null;
      engine.start(acct);
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
    pause,
    resume,
    onSessionLost(listener) {
      sessionLost.add(listener);
      return () => sessionLost.delete(listener);
    },
    getStatus: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return engine;
}
