/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The bench page (built by bench/vite.config.ts, served by the browser host next to the app, so it shares the app's
// origin and IndexedDB). It runs the app's real write path — the repositories the sync streams call — to measure
// ingest and to seed the app's `duet` store; bench/run.ts drives it through `window.__duetBench`.
import Dexie from 'dexie';
import { type MediaRef } from '../../shared/models';
import { DuetDb, wordsOf } from '../../renderer/src/data/db';
import { writeMediaPage, writePostPage } from '../../renderer/src/data/repos/content';
import {
  ingestConversationPage,
  ingestMessageBatch,
  ingestMessages,
} from '../../renderer/src/data/repos/inbox';
import { listsOf, writeCommentThreads, type ThreadWrite } from '../../renderer/src/data/repos/comments';
import { storeInsights } from '../../renderer/src/data/repos/insights';
import { writeInBatches } from '../../renderer/src/data/streams/write-batch';
import { type InsightPoint } from '../../shared/insights/points';
import { MAX_COMMENT_THREADS } from '../../shared/bridge/limits';
import { type Comment } from '../../shared/models';
import {
  COMMENTS_PER_POST,
  makeComments,
  makeConversations,
  makeMedia,
  makeMessages,
  makePosts,
} from './records';

/** Result of one ingest measurement. */
export interface IngestResult {
  records: number;
  ms: number;
  /** Write transactions the write path used. */
  transactions?: number;
}

/** What the app's store holds for one account, read back after the demo sign-in. */
export interface StoreSnapshot {
  accountIds: string[];
  refs: MediaRef[];
  counts: Record<string, number>;
}

/** What to add to the app's store (ranges of synthetic item numbers; conversations before messages). */
export interface SeedPlan {
  accountId: string;
  refs: MediaRef[];
  base: number;
  posts?: [number, number];
  media?: [number, number];
  conversations?: [number, number];
  /** Messages to add: [conversation number, first message number, count]. */
  messages?: Array<[number, number, number]>;
}

/** Daily insights to add: per object its metrics (`metric` or `metric#breakdown`), `days` days up to `until`. */
export interface InsightsSeed {
  accountId: string;
  until: number;
  days: number;
  objects: Array<{ id: string; network: 'facebook' | 'instagram'; metrics: string[] }>;
}

/** What the ingest figures measure. */
export type IngestKind = 'posts' | 'messages' | 'comments';

const DAY = 86_400_000;
const PAGE = 100;
const MESSAGE_PAGE = 20;
const SEED_MESSAGE_PAGE = 500;

function deleteDb(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error(`deleting ${name} is blocked by an open connection`));
  });
}

async function writePosts(db: DuetDb, plan: SeedPlan, [from, to]: [number, number]) {
  for (let i = from; i < to; i += PAGE) {
    const items = makePosts(plan.accountId, i, Math.min(to, i + PAGE), plan.base, plan.refs);
    await writePostPage(db, plan.accountId, {
      items,
      skipped: 0,
      newest: false,
      now: Date.now(),
      backfill: { done: false, after: `b${i}` },
    });
  }
}

async function writeMedia(db: DuetDb, plan: SeedPlan, [from, to]: [number, number]) {
  for (let i = from; i < to; i += PAGE) {
    const items = makeMedia(plan.accountId, i, Math.min(to, i + PAGE), plan.base, plan.refs);
    await writeMediaPage(db, plan.accountId, {
      items,
      skipped: 0,
      newest: false,
      now: Date.now(),
      backfill: { done: false, after: `b${i}` },
    });
  }
}

/**
 * Comments `from`..`to-1` the way the comments stream stores them: one thread per post, MAX_COMMENT_THREADS threads
 * per write (one `comments/threads` answer). Returns the write transactions used.
 */
async function writeComments(db: DuetDb, accountId: string, from: number, to: number, base: number) {
  let transactions = 0;
  const perWrite = MAX_COMMENT_THREADS * COMMENTS_PER_POST;
  for (let i = from; i < to; i += perWrite) {
    const byPost = new Map<string, Comment[]>();
    for (const c of makeComments(accountId, i, Math.min(to, i + perWrite), base))
      byPost.set(c.postId, [...(byPost.get(c.postId) ?? []), c]);
    const threads: ThreadWrite[] = [...byPost].map(([postId, items]) => ({
      postId,
      items,
      complete: true,
      count: items.length,
    }));
    await writeCommentThreads(db, accountId, threads, { now: Date.now(), markUnread: false });
    transactions++;
  }
  return transactions;
}

async function writeConversations(db: DuetDb, plan: SeedPlan, [from, to]: [number, number]) {
  for (let i = from; i < to; i += PAGE) {
    await ingestConversationPage(db, makeConversations(plan.accountId, i, Math.min(to, i + PAGE), plan.base));
  }
}

async function writeMessages(
  db: DuetDb,
  plan: SeedPlan,
  conv: number,
  first: number,
  count: number,
  page = MESSAGE_PAGE,
) {
  const [c] = makeConversations(plan.accountId, conv, conv + 1, plan.base);
  for (let k = 0; k < count; k += page) {
    const items = makeMessages(c!, first + k, Math.min(page, count - k), c!.updatedTime);
    await ingestMessages(db, c!, items);
  }
}

/**
 * Opens a raw IndexedDB database with one store equivalent to the Duet table: its key path and indexes are read from
 * DuetDb's current schema (db.ts), so the baseline always indexes exactly what the app's table indexes.
 */
function openRaw(name: string, kind: IngestKind): Promise<IDBDatabase> {
  const { primKey, indexes } = new DuetDb(`${name}-schema`).table(kind).schema;
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      const store = req.result.createObjectStore(kind, { keyPath: primKey.keyPath ?? null });
      for (const idx of indexes)
        store.createIndex(idx.name, idx.keyPath!, { multiEntry: idx.multi, unique: idx.unique });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function rawRows(kind: IngestKind, n: number): object[] {
  const base = Date.UTC(2026, 0, 1);
  if (kind === 'comments') {
    // As the repository stores them: each with its list keys and search words.
    const all = makeComments('100200300', 0, n, base);
    return all.map((c) => {
      const replies = c.parentId === undefined ? all.filter((r) => r.parentId === c.id) : [];
      const row = { ...c, accountId: '100200300', lists: [], words: wordsOf(c.text), syncedAt: base };
      return {
        ...row,
        lists: listsOf(
          row,
          replies.map((r) => ({ ...r, lists: [], words: [], syncedAt: base })),
        ),
      };
    });
  }
  if (kind === 'posts') return makePosts('100200300', 0, n, base, []).map((p) => ({ ...p, syncedAt: base }));
  const convs = makeConversations('100200300', 0, Math.ceil(n / MESSAGE_PAGE), base);
  return convs.flatMap((c, i) =>
    makeMessages(c, 0, Math.min(MESSAGE_PAGE, n - i * MESSAGE_PAGE), c.updatedTime).map((m) => ({
      ...m,
      words: wordsOf(m.text),
    })),
  );
}

const api = {
  /**
   * The app's sync write path: posts in pages of 100 (writePostPage); messages 20 per conversation, several
   * conversations per transaction (ingestMessageBatch), in the chunks the inbox stream's `writeInBatches` sizes.
   */
  async ingest(kind: IngestKind, n: number): Promise<IngestResult> {
    const name = `duet-bench-ingest-${kind}`;
    await deleteDb(name);
    const db = new DuetDb(name);
    await db.open();
    const plan: SeedPlan = { accountId: '100200300', refs: [], base: Date.UTC(2026, 0, 1) };
    const convCount = Math.ceil(n / MESSAGE_PAGE);
    if (kind === 'messages') await writeConversations(db, plan, [0, convCount]);
    let transactions = Math.ceil(n / PAGE);
    const t0 = performance.now();
    if (kind === 'posts') await writePosts(db, plan, [0, n]);
    else if (kind === 'comments') transactions = await writeComments(db, plan.accountId, 0, n, plan.base);
    else {
      transactions = 0;
      const convs = makeConversations(plan.accountId, 0, convCount, plan.base).map((conv, k) => ({
        conv,
        count: Math.min(MESSAGE_PAGE, n - k * MESSAGE_PAGE),
      }));
      await writeInBatches(convs, async (chunk) => {
        transactions++;
        await ingestMessageBatch(
          db,
          chunk.map(({ conv, count }) => ({
            conversation: conv,
            items: makeMessages(conv, 0, count, conv.updatedTime),
          })),
        );
      });
    }
    const ms = performance.now() - t0;
    db.close();
    await deleteDb(name);
    return { records: n, ms, transactions };
  },

  /** A raw IndexedDB bulk put of the same rows into an equivalent store: one transaction (or one per page), with the durability sync writes use. */
  async raw(kind: IngestKind, n: number, page = n): Promise<IngestResult> {
    const name = `duet-bench-raw-${kind}`;
    await deleteDb(name);
    const rows = rawRows(kind, n);
    const db = await openRaw(name, kind);
    const t0 = performance.now();
    // `page` < n: one transaction per page, like the sync write path (tells transaction cost from repo logic).
    for (let i = 0; i < rows.length; i += page) {
      await new Promise<void>((resolve, reject) => {
        // Relaxed, as every sync write is (renderer/src/data/db.ts: only outbox writes are strict).
        const tx = db.transaction(kind, 'readwrite', { durability: 'relaxed' });
        const store = tx.objectStore(kind);
        for (const r of rows.slice(i, i + page)) store.put(r);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
    const ms = performance.now() - t0;
    db.close();
    await deleteDb(name);
    return { records: n, ms };
  },

  /** Account ids and media refs the demo sign-in stored, and row counts per table. */
  async snapshot(): Promise<StoreSnapshot> {
    const db = new DuetDb();
    await db.open();
    const posts = await db.posts.limit(200).toArray();
    const media = await db.media.limit(200).toArray();
    const accountIds = [...new Set([...posts, ...media].map((r) => r.accountId))];
    const refs = [...posts.map((p) => p.picture), ...media.map((m) => m.thumbnail ?? m.media)].filter(
      (r): r is MediaRef => !!r && r.kind === 'image',
    );
    const counts: Record<string, number> = {};
    for (const t of db.tables) counts[t.name] = await t.count();
    db.close();
    return { accountIds, refs, counts };
  },

  /**
   * The stored messages of synthetic conversations `from`..`to-1`: how many, the UTF-8 bytes of their JSON and how
   * many words they index (the store-size figure).
   */
  async messageBytes(from: number, to: number): Promise<{ count: number; jsonBytes: number; words: number }> {
    const db = new DuetDb();
    await db.open();
    const encoder = new TextEncoder();
    let count = 0;
    let jsonBytes = 0;
    let words = 0;
    for (const c of makeConversations('', from, to, 0)) {
      const rows = await db.messages
        .where('[conversationId+createdTime]')
        .between([c.id, Dexie.minKey], [c.id, Dexie.maxKey])
        .toArray();
      for (const row of rows) {
        count++;
        jsonBytes += encoder.encode(JSON.stringify(row)).length;
        words += row.words.length;
      }
    }
    db.close();
    return { count, jsonBytes, words };
  },

  /** Row counts per table of the app's store. */
  async counts(): Promise<Record<string, number>> {
    const db = new DuetDb();
    await db.open();
    const counts: Record<string, number> = {};
    for (const t of db.tables) counts[t.name] = await t.count();
    db.close();
    return counts;
  },

  /** Removes one account's rows from the app's store (contents, conversations, messages, sync state). */
  async clear(): Promise<void> {
    const db = new DuetDb();
    await db.open();
    await db.transaction(
      'rw',
      [db.posts, db.media, db.stories, db.conversations, db.messages, db.syncState],
      async () => {
        await Promise.all(
          [db.posts, db.media, db.stories, db.conversations, db.messages].map((t) => t.clear()),
        );
      },
    );
    db.close();
  },

  /**
   * Daily insights snapshots through the repository the insights stream calls (90-day answers, as the stream
   * fetches them): `days` days up to `until` for each object's metrics. Returns ms.
   */
  async seedInsights(plan: InsightsSeed): Promise<number> {
    const t0 = performance.now();
    const db = new DuetDb();
    await db.open();
    for (const o of plan.objects)
      for (let end = plan.until; end > plan.until - plan.days * DAY; end -= 90 * DAY) {
        const points: InsightPoint[] = [];
        for (let d = end; d > Math.max(end - 90 * DAY, plan.until - plan.days * DAY); d -= DAY)
          for (const [i, m] of o.metrics.entries()) {
            const [metric, breakdown] = m.split('#') as [string, string | undefined];
            const p: InsightPoint = {
              objectId: o.id,
              network: o.network,
              metric,
              period: 'day',
              endTime: d,
              value: 100 + (((d / DAY) * 7 + i * 13) % 900),
            };
            if (breakdown) p.breakdown = breakdown;
            points.push(p);
          }
        const answer = { points, dropped: [], unavailable: [], skipped: 0, fetchedAt: Date.now() };
        await storeInsights(db, plan.accountId, answer, {
          kind: o.network,
          oldest: { network: o.network, day: end - 90 * DAY },
        });
      }
    db.close();
    return performance.now() - t0;
  },

  /** Removes every insights snapshot (after the insights figure, so later figures see the store they expect). */
  async clearInsights(): Promise<void> {
    const db = new DuetDb();
    await db.open();
    await Promise.all([db.insights.clear(), db.insightsLatest.clear(), db.insightsStatus.clear()]);
    db.close();
  },

  /** Comments in the app's store (the Comments view figure): through the comments stream's repository. Returns ms. */
  async seedComments(accountId: string, count: number): Promise<number> {
    const t0 = performance.now();
    const db = new DuetDb();
    await db.open();
    await writeComments(db, accountId, 0, count, Date.now() - 60_000);
    db.close();
    return performance.now() - t0;
  },

  /** Removes every comment (after the comments figures, so later figures see the store they expect). */
  async clearComments(): Promise<void> {
    const db = new DuetDb();
    await db.open();
    await Promise.all([db.comments.clear(), db.commentMarks.clear()]);
    db.close();
  },

  /** Adds synthetic rows to the app's store through the same repository functions the sync streams use. */
  async seed(plan: SeedPlan): Promise<number> {
    const t0 = performance.now();
    const db = new DuetDb();
    await db.open();
    if (plan.posts) await writePosts(db, plan, plan.posts);
    if (plan.media) await writeMedia(db, plan, plan.media);
    if (plan.conversations) await writeConversations(db, plan, plan.conversations);
    // Seeding writes bigger batches than Meta's 20 per page (same function, fewer transactions: a shorter bench).
    for (const [conv, first, count] of plan.messages ?? [])
      await writeMessages(db, plan, conv, first, count, SEED_MESSAGE_PAGE);
    db.close();
    return performance.now() - t0;
  },
};

/** What `window.__duetBench` offers. */
export type DuetBench = typeof api;

declare global {
  interface Window {
    __duetBench?: DuetBench;
  }
}

window.__duetBench = api;
document.title = 'Duet bench ready';
