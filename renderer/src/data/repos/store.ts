// The whole store at once: whose data it holds, what it holds (for the sign-out confirmation and diagnostics), and
// clearing it. Per-table reads and writes live in the repository of their table.
import { type IndexableType } from 'dexie';
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

/** Every table but `meta` (which says whose store this is): a selective delete spans them in one transaction. */
export function dataTables(db: DuetDb) {
  return db.tables.filter((t) => t.name !== 'meta');
}

/** Deletes rows of one table by primary key (a selective delete, from keys the inventory's selection read). */
export async function deleteByKeys(db: DuetDb, table: string, keys: readonly unknown[]): Promise<void> {
  await db.table(table).bulkDelete(keys as IndexableType[]);
}
