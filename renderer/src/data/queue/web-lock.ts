// One flusher per store across the tabs of the browser host (Web Locks): the durable queues take a named lock.

/**
 * Resolves once this tab holds lock `name`, handing it on at once when the queue stopped meanwhile (`stillWanted`
 * false); `hold` receives the release function.
 */
export async function acquireLock(
  name: string,
  stillWanted: () => boolean,
  hold: (release: () => void) => void,
): Promise<void> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return;
  await new Promise<void>((granted) => {
    void locks.request(name, () => {
      granted();
      if (!stillWanted()) return Promise.resolve();
      return new Promise<void>((release) => hold(release));
    });
  });
}

/**
 * The lock of one durable queue: `acquire` resolves, once this tab holds it (at once without a lock name or without
 * Web Locks), to a check that stays true until `release` (the queue stopped); to null when `release` came first. A queue starts its runner
 * only after `acquire` — and after reconciling what a crash left — so a tab still waiting never works a row the
 * tab holding the lock has in flight (its `sending` row would look like a crash, be looked up too early and sent
 * again).
 */
export function createQueueLock(name: string | null) {
  let wanted = 0;
  let held: (() => void) | null = null;
  let offline: (() => void) | null = null;
  return {
    /**
     * While the queue runs (until `release`): `kick` when the network comes back (offline its runner sets no timer,
     * so only this starts it again).
     */
    kickWhenOnline(kick: () => void) {
      if (typeof window === 'undefined') return;
      offline?.();
      window.addEventListener('online', kick);
      offline = () => window.removeEventListener('online', kick);
    },
    async acquire(): Promise<(() => boolean) | null> {
      const me = ++wanted;
      const live = () => me === wanted;
      if (name) await acquireLock(name, live, (r) => (held = r));
      return live() ? live : null;
    },
    release() {
      wanted++;
      offline?.();
      offline = null;
      held?.();
      held = null;
    },
  };
}
