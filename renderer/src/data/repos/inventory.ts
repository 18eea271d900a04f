// What Duet keeps on this computer for one account: per kind of data, how many rows, an estimate of their size and
// the dates they cover. Each table that holds an account's data is one entry of INVENTORY (a new table adds one entry
// here; the unit test fails for a table of the store that is in no entry). Sizes are estimates: the length of each row written as JSON, one byte per character (Chromium
// keeps Latin-1 strings one byte a character; text in other scripts takes two, so those rows are undercounted).
// Indexes (the search words index in particular) and the database's own overhead are not counted, which is why the
// panel also shows the browser's estimate for the whole store (navigator.storage.estimate).
import { Dexie, type Collection } from 'dexie';
import { type DuetDb } from '../db';

/** One kind of stored data. */
export interface InventoryEntry {
  kind: string;
  /** Words for the user ("Messages"). */
  label: string;
  /** The account's rows of this kind. */
  rows(db: DuetDb, accountId: string): Collection<object, unknown> | Promise<Collection<object, unknown>>;
  /** The date a row covers (for the range shown), epoch ms. */
  time(row: object): number | undefined;
  /** A row's estimated size when its JSON says little (a Blob writes as `{}`); default: its JSON's length. */
  bytes?(row: object): number;
}

/** What the inventory says about one kind. */
export interface InventoryLine {
  kind: string;
  label: string;
  count: number;
  /** Estimated size in bytes (see the file header). */
  bytes: number;
  from?: number;
  to?: number;
}

const byAccount =
  (field: string) => (db: DuetDb, table: 'posts' | 'media' | 'stories' | 'conversations', id: string) =>
    db[table]
      .where(`[accountId+${field}]`)
      .between([id, Dexie.minKey], [id, Dexie.maxKey]) as unknown as Collection<object, unknown>;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** An account's rows of a table without an account index: a scan (one pass; the panel reads it once when opened). */
const scan = <T extends { accountId: string }>(
  table: { filter(fn: (r: T) => boolean): unknown },
  id: string,
) => table.filter((r) => r.accountId === id) as Collection<object, unknown>;

/** The newest of a row's numbers (e.g. the fetch times of an insights status row). */
const newest = (values: readonly unknown[]) => {
  const ts = values.map(num).filter((t): t is number => t !== undefined);
  return ts.length ? Math.max(...ts) : undefined;
};

/** Every table that holds an account's data, in the order the panel lists them. */
export const INVENTORY: readonly InventoryEntry[] = [
  {
    kind: 'posts',
    label: 'Facebook posts',
    rows: (db, id) => byAccount('createdTime')(db, 'posts', id),
    time: (r) => num((r as { createdTime?: unknown }).createdTime),
  },
  {
    kind: 'media',
    label: 'Instagram posts',
    rows: (db, id) => byAccount('timestamp')(db, 'media', id),
    time: (r) => num((r as { timestamp?: unknown }).timestamp),
  },
  {
    kind: 'stories',
    label: 'Instagram stories (archive)',
    rows: (db, id) => byAccount('timestamp')(db, 'stories', id),
    time: (r) => num((r as { timestamp?: unknown }).timestamp),
  },
  {
    kind: 'conversations',
    label: 'Conversations',
    rows: (db, id) => byAccount('updatedTime')(db, 'conversations', id),
    time: (r) => num((r as { updatedTime?: unknown }).updatedTime),
  },
  {
    kind: 'messages',
    label: 'Messages',
    // No account index on messages: a scan of the table (one pass; the panel reads it once when opened).
    rows: (db, id) => db.messages.filter((m) => m.accountId === id) as unknown as Collection<object, unknown>,
    time: (r) => num((r as { createdTime?: unknown }).createdTime),
  },
  {
    kind: 'outbox',
    label: 'Replies waiting to be sent or confirmed',
    rows: (db, id) => db.outbox.filter((o) => o.accountId === id) as unknown as Collection<object, unknown>,
    time: (r) => num((r as { createdAt?: unknown }).createdAt),
  },
  {
    kind: 'publishPosts',
    label: 'Posts you wrote in Duet (drafts, queued, published)',
    rows: (db, id) => scan(db.publishPosts, id),
    time: (r) => num((r as { createdAt?: unknown }).createdAt),
  },
  {
    kind: 'publishTargets',
    label: 'Publishing progress of those posts, per network',
    rows: (db, id) => scan(db.publishTargets, id),
    time: (r) => num((r as { publishedAt?: unknown }).publishedAt),
  },
  {
    kind: 'publishBlobs',
    label: 'Pictures and videos attached to posts not yet published',
    // Attached files belong to a post: the account's post ids first (its posts are few).
    rows: async (db, id) => {
      const posts = new Set(await db.publishPosts.filter((p) => p.accountId === id).primaryKeys());
      return db.publishBlobs.filter((b) => posts.has(b.postId)) as unknown as Collection<object, unknown>;
    },
    time: () => undefined,
    bytes: (r) => {
      const blob = (r as { blob?: unknown }).blob;
      return blob instanceof Blob ? blob.size : JSON.stringify(r).length;
    },
  },
  {
    kind: 'comments',
    label: 'Comments',
    rows: (db, id) => scan(db.comments, id),
    time: (r) => num((r as { createdTime?: unknown }).createdTime),
  },
  {
    kind: 'commentMarks',
    label: 'Comment counts of posts when their comments were last read',
    rows: (db, id) => scan(db.commentMarks, id),
    time: (r) => num((r as { fetchedAt?: unknown }).fetchedAt),
  },
  {
    kind: 'commentActions',
    label: 'Comment replies and actions waiting to go out, or done',
    rows: (db, id) => scan(db.commentActions, id),
    time: (r) => num((r as { createdAt?: unknown }).createdAt),
  },
  {
    kind: 'insights',
    label: 'Insights numbers (per day)',
    // Keys begin with the account id (repos/insights.ts): a key range, not a scan of every account's rows.
    rows: (db, id) =>
      db.insights.where(':id').between(`${id}|`, `${id}|\uffff`) as unknown as Collection<object, unknown>,
    time: (r) => num((r as { endTime?: unknown }).endTime),
  },
  {
    kind: 'insightsLatest',
    label: 'Insights numbers of each post',
    rows: (db, id) =>
      db.insightsLatest.where('accountId').equals(id) as unknown as Collection<object, unknown>,
    time: (r) => num((r as { endTime?: unknown }).endTime),
  },
  {
    kind: 'insightsStatus',
    label: 'When insights were last fetched',
    rows: (db, id) =>
      db.insightsStatus.where('accountId').equals(id) as unknown as Collection<object, unknown>,
    time: (r) => newest(Object.values((r as { fetchedAt?: Record<string, unknown> }).fetchedAt ?? {})),
  },
];

/** Counts, sizes and date ranges of everything stored for `accountId`. */
export async function inventoryOf(db: DuetDb, accountId: string): Promise<InventoryLine[]> {
  // The kinds are read side by side (read-only, independent), so the panel waits for the slowest, not for all in turn.
  return Promise.all(INVENTORY.map((entry) => lineOf(db, accountId, entry)));
}

/** One row's estimated size (see the file header). */
export function rowBytes(entry: InventoryEntry, row: object): number {
  return entry.bytes ? entry.bytes(row) : JSON.stringify(row).length;
}

async function lineOf(db: DuetDb, accountId: string, entry: InventoryEntry): Promise<InventoryLine> {
  const line: InventoryLine = { kind: entry.kind, label: entry.label, count: 0, bytes: 0 };
  await (
    await entry.rows(db, accountId)
  ).each((row) => {
    line.count++;
    line.bytes += rowBytes(entry, row);
    const t = entry.time(row);
    if (t !== undefined) {
      line.from = line.from === undefined ? t : Math.min(line.from, t);
      line.to = line.to === undefined ? t : Math.max(line.to, t);
    }
  });
  return line;
}
