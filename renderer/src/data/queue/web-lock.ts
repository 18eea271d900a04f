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
