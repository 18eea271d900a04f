// What every durable queue (the outbox, the publish queue) takes from its surroundings: the clock, randomness,
// timers, the OS's online flag and its backoff tuning — injectable for tests, with one set of defaults.

/** The injectable surroundings of a queue. */
export interface QueueEnv {
  now?: () => number;
  random?: () => number;
  /** Runs `fn` after `ms`; returns a cancel function. */
  setTimer?: (fn: () => void, ms: number) => () => void;
  /** False when the OS says the network is down (work stays queued). */
  isOnline?: () => boolean;
  /** Backoff tuning (ms): the first retry delay cap and the maximum. */
  backoff?: { baseMs: number; capMs: number };
  /** Serialises the queue's worker across tabs of the same profile (Web Locks); off in unit tests. */
  useWebLock?: boolean;
}

/** The queue's surroundings with the defaults filled in; `tuning` is the queue's own backoff default. */
export function resolveQueueEnv(env: QueueEnv, tuning: { baseMs: number; capMs: number }) {
  return {
    now: env.now ?? Date.now,
    random: env.random ?? Math.random,
    setTimer:
      env.setTimer ??
      ((fn: () => void, ms: number) => {
        const t = setTimeout(fn, ms);
        return () => clearTimeout(t);
      }),
    isOnline: env.isOnline ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false),
    backoff: env.backoff ?? tuning,
  };
}
