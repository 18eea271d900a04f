// How many conversations' messages sync writes per transaction. A write transaction on the messages table holds up
// the views' reads of it (IndexedDB runs them after it), so each write should stay short; but every transaction also
// has a fixed cost, and one inbox/messages-batch answer brings up to 200 conversations at once (a backfill, or a
// poll after a long sleep). So the size adapts to how fast the writes go: it starts at MESSAGE_WRITE_BATCH, then each
// next write is sized from the time per conversation the last one took, to about WRITE_BUDGET_MS — but never below
// MESSAGE_WRITE_BATCH: on a busy machine smaller writes only add transactions (seen in the bench: it fell to ~2
// conversations per write and ingest got slower).

/** Conversations in the first write of a fetched batch, and the fewest in any write. */
export const MESSAGE_WRITE_BATCH = 8;
/** The most conversations in one write transaction (1,000 messages at Meta's 20 per conversation). */
export const MAX_WRITE_BATCH = 50;
/** About how long one write transaction may hold the messages table. */
export const WRITE_BUDGET_MS = 40;

/**
 * Writes `items` in consecutive chunks, in order, each chunk sized from how long the previous one took; stops before
 * the next chunk when `cancelled()`.
 */
export async function writeInBatches<T>(
  items: T[],
  write: (chunk: T[]) => Promise<void>,
  opts: { cancelled?: () => boolean; now?: () => number } = {},
): Promise<void> {
  const now = opts.now ?? (() => performance.now());
  let size = MESSAGE_WRITE_BATCH;
  for (let start = 0; start < items.length && !opts.cancelled?.();) {
    const chunk = items.slice(start, start + size);
    const t0 = now();
    await write(chunk);
    const msPer = (now() - t0) / chunk.length;
    size = Math.max(
      MESSAGE_WRITE_BATCH,
      Math.min(MAX_WRITE_BATCH, msPer > 0 ? Math.floor(WRITE_BUDGET_MS / msPer) : MAX_WRITE_BATCH),
    );
    start += chunk.length;
  }
}
