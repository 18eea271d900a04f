// Duet's own record of what it spent against Meta's rolling-24 h publishing limits: Instagram containers (400 per
// account) and Facebook reels (30 per Page). Meta offers no read of either count, so this record is all Duet knows —
// and it counts only what Duet itself created: other tools spend the same limits. A call that may have spent one
// (its answer was lost) is written too: the count errs high, never low. Rows older than the window are pruned.
//
// The clock: a row is counted while `now - at` is under the window (the sandbox and Meta's "rolling 24 h"). A row
// from a clock that later went back (`at` after now) cannot say when it was really made: it counts as made now, and
// pruning writes that down, so it frees up at most one window later rather than never.
import { Dexie } from 'dexie';
import { PUBLISH_USAGE_WINDOW_MS } from '../../../../shared/publish-limits';
import { type DuetDb, type PublishUsageKind, type PublishUsageRow, strictTransaction } from '../db';

const WINDOW = PUBLISH_USAGE_WINDOW_MS;

/** One thing spent, as the publish queue reports it. */
export type Spend = Omit<PublishUsageRow, 'id'>;

/** Writes what was spent (strict: a container made must be counted after a crash too), pruning old rows. */
export async function recordUsage(db: DuetDb, spend: Spend, now: number): Promise<void> {
  await strictTransaction(db, [db.publishUsage], async () => {
    await db.publishUsage.add({ ...spend, id: crypto.randomUUID() });
    await pruneRows(db, now);
  });
}

async function pruneRows(db: DuetDb, now: number) {
  await db.publishUsage
    .where('at')
    .belowOrEqual(now - WINDOW)
    .delete();
  // The clock went back: rows "from the future" count from now (see the header).
  await db.publishUsage.where('at').above(now).modify({ at: now });
}

/** Deletes rows past the window and dates rows from a clock that went back to now. */
export function pruneUsage(db: DuetDb, now: number): Promise<void> {
  return strictTransaction(db, [db.publishUsage], () => pruneRows(db, now));
}

/** When each thing of `kind` an account spent within the window ending at `now` was spent, oldest first. */
export async function usageTimes(
  db: DuetDb,
  accountId: string,
  kind: PublishUsageKind,
  now: number,
): Promise<number[]> {
  const rows = await db.publishUsage
    .where('[accountId+kind+at]')
    .between([accountId, kind, now - WINDOW], [accountId, kind, Dexie.maxKey], false, true)
    .toArray();
  return rows.map((r) => Math.min(r.at, now)).sort((a, b) => a - b);
}

/** How many of `kind` an account spent within the window ending at `now`. */
export async function usageCount(
  db: DuetDb,
  accountId: string,
  kind: PublishUsageKind,
  now: number,
): Promise<number> {
  return (await usageTimes(db, accountId, kind, now)).length;
}

/**
 * When `need` more fit under `limit`, given the times already spent (oldest first): `now` when they fit already,
 * else when enough of the oldest have left the window; Infinity when `need` alone is over the limit.
 */
export function freesAt(times: readonly number[], need: number, limit: number, now: number): number {
  const over = times.length + need - limit;
  if (over <= 0) return now;
  if (need > limit) return Number.POSITIVE_INFINITY;
  return Math.max(now, Math.min(times[over - 1]!, now) + WINDOW);
}

/** The counts the publishing rules take (RuleContext `igContainers`, `fbReels`) for a Page and its Instagram account. */
export async function limitCounts(
  db: DuetDb,
  pageId: string,
  igAccountId: string | undefined,
  now: number,
): Promise<{ igContainers?: number; fbReels: number }> {
  const fbReels = await usageCount(db, pageId, 'fb-reel', now);
  if (!igAccountId) return { fbReels };
  return { fbReels, igContainers: await usageCount(db, igAccountId, 'ig-container', now) };
}
