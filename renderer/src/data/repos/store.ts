// The whole store at once: whose data it holds, what it holds (for the sign-out confirmation and diagnostics), and
// clearing it. Per-table reads and writes live in the repository of their table.
import { type DuetDb, relaxedTransaction } from '../db';

/** Makes sure an open `db` holds `userId`'s data only (clearing another user's rows). */
export async function claimStoreFor(db: DuetDb, userId: string): Promise<void> {
  const owner = (await db.meta.get('userId'))?.value;
  if (owner !== undefined && owner !== userId) {
    await relaxedTransaction(db, db.tables, async () => {
      await Promise.all(db.tables.map((t) => t.clear()));
    });
  }
  // Written only when it changes: a write here would sit on the path to the first card of every start.
  if (owner !== userId) await db.meta.put({ key: 'userId', value: userId });
}

/** Rows per table, by table name. */
export async function countRows(db: DuetDb): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await Promise.all(db.tables.map(async (t) => (counts[t.name] = await t.count())));
  return counts;
}
