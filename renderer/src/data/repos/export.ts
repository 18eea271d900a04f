// "Take it out", the renderer's half: walks everything the local store holds for one account, a page of an index
// range at a time (never a whole table in memory), and sends it to the host in bounded chunks (export/append). For
// each chunk the host is first asked to add the cached files its pictures reference (export/add-media): the host
// links the bytes in itself, the renderer only learns each file's path in the archive and writes it into the rows.
// The archive's format is shared/export/format.ts (docs/export-format.md); the host's half is
// electron/services/export.
import { cmp, Dexie, type Table } from 'dexie';
import type { ExportProgress } from '../../../../shared/bridge/calls/export';
import {
  EXPORT_KINDS,
  exportRowOf,
  forEachMediaRef,
  MAX_CHUNK_CHARS,
  MAX_CHUNK_ROWS,
  MAX_MEDIA_KEYS,
  withFiles,
  type ExportKind,
} from '../../../../shared/export/rows';
import type { Bridge } from '../../bridge';
import {
  type CommentRow,
  type ConversationRow,
  type DuetDb,
  type MediaRow,
  type MessageRow,
  type PostRow,
  type StoryRow,
} from '../db';
import { listRange } from './comment-lists';
import { type InsightRow } from './insights-rows';

/** Rows read from the store per page. */
const PAGE = 200;

/** What the exporter reports as it goes (and what the summary shows at the end). */
export interface ExportStatus {
  phase: ExportProgress['phase'];
  /** Rows sent, per kind. */
  counts: Record<ExportKind, number>;
  files: number;
  /** Bytes of media linked (collecting) or of the archive written (zipping, done). */
  bytes: number;
}

/** The end of an export. */
export interface ExportSummary extends ExportStatus {
  notCached: number;
  savedTo?: string;
  download?: string;
  fileName: string;
}

/** The export was stopped by the user (nothing was saved). */
export class ExportCancelled extends Error {
  constructor() {
    super('The export was cancelled. Nothing was saved.');
    this.name = 'ExportCancelled';
  }
}

type AnyKey = unknown;

/** Reads one page of an index range: `limit` rows from `from` (inclusive) on, after skipping `skip` of them. */
type PageQuery<T> = (from: AnyKey, skip: number, limit: number) => Promise<T[]>;

/** The page query of `table`'s `index` between `lower` and `upper` (both included). */
export function rangeOf<T>(table: Table<T, never, never>, index: string, upper: AnyKey): PageQuery<T> {
  return (from, skip, limit) =>
    table.where(index).between(from, upper, true, true).offset(skip).limit(limit).toArray();
}

/**
 * Reads the rows of an index range `pageSize` at a time, in index order. Pages continue after the last key read; rows
 * sharing that key (two messages in the same millisecond) are skipped by count, so a page boundary in the middle of
 * equal keys loses and repeats nothing (an index orders equal keys by primary key).
 */
export async function walkRange<T>(
  query: PageQuery<T>,
  lower: AnyKey,
  keyOf: (row: T) => AnyKey,
  onPage: (rows: T[]) => Promise<void>,
  pageSize = PAGE,
): Promise<void> {
  let from = lower;
  let skip = 0;
  for (;;) {
    const rows = await query(from, skip, pageSize);
    if (rows.length === 0) return;
    await onPage(rows);
    if (rows.length < pageSize) return;
    const last = keyOf(rows[rows.length - 1]!);
    let same = 0;
    for (let i = rows.length - 1; i >= 0 && cmp(keyOf(rows[i]!), last) === 0; i--) same++;
    if (cmp(last, from) === 0) skip += same;
    else {
      from = last;
      skip = same;
    }
  }
}

/** Exports everything stored for `accountId`; resolves with the summary, rejects with the reason (nothing saved). */
export async function exportAccount(opts: {
  db: DuetDb;
  bridge: Pick<Bridge, 'invoke' | 'on'>;
  accountId: string;
  signal?: AbortSignal;
  onStatus?(status: ExportStatus): void;
  pageSize?: number;
}): Promise<ExportSummary | { cancelled: true }> {
  const { db, bridge, accountId, signal } = opts;
  const pageSize = opts.pageSize ?? PAGE;
  const begun = await bridge.invoke('export/begin', { accountId });
  if (begun.cancelled) return { cancelled: true };
  const exportId = begun.exportId;
  const status: ExportStatus = {
    phase: 'collecting',
    counts: Object.fromEntries(EXPORT_KINDS.map((k) => [k, 0])) as Record<ExportKind, number>,
    files: 0,
    bytes: 0,
  };
  const report = () => opts.onStatus?.({ ...status, counts: { ...status.counts } });
  const off = bridge.on('export/progress', (p) => {
    if (p.exportId !== exportId) return;
    status.phase = p.phase;
    status.files = p.files;
    status.bytes = p.bytes;
    report();
  });
  const files = new Map<string, string | null>();
  const pending = new Map<ExportKind, { rows: Record<string, unknown>[]; chars: number }>();
  const check = () => {
    if (signal?.aborted) throw new ExportCancelled();
  };

  /** Asks the host for the files of keys not seen yet. */
  async function addMedia(rows: readonly object[]) {
    const keys = new Set<string>();
    for (const r of rows) forEachMediaRef(r, (ref) => !files.has(ref.key) && keys.add(ref.key));
    const list = [...keys];
    for (let i = 0; i < list.length; i += MAX_MEDIA_KEYS) {
      check();
      const got = await bridge.invoke('export/add-media', {
        exportId,
        keys: list.slice(i, i + MAX_MEDIA_KEYS),
      });
      for (const [k, v] of Object.entries(got.files)) files.set(k, v);
    }
  }

  async function flush(kind: ExportKind) {
    const p = pending.get(kind);
    if (!p || p.rows.length === 0) return;
    pending.delete(kind);
    check();
    const paths = new Map<string, string>();
    for (const [k, v] of files) if (v) paths.set(k, v);
    const rows = p.rows.map((r) => withFiles(r, paths));
    await bridge.invoke('export/append', { exportId, kind, rows });
    status.counts[kind] += rows.length;
    report();
  }

  /** Queues the rows of one page; sends whenever a chunk is full by count or by size. */
  async function add(kind: ExportKind, stored: readonly object[]) {
    check();
    await addMedia(stored);
    for (const row of stored) {
      const out = exportRowOf(kind, row);
      // Measured with room for the file paths that are added to its pictures.
      const chars = JSON.stringify(out).length + 200;
      const p = pending.get(kind) ?? { rows: [], chars: 0 };
      if (p.rows.length && (p.rows.length >= MAX_CHUNK_ROWS || p.chars + chars > MAX_CHUNK_CHARS)) {
        await flush(kind);
        return add(kind, stored.slice(stored.indexOf(row)));
      }
      p.rows.push(out);
      p.chars += chars;
      pending.set(kind, p);
    }
  }

  try {
    await walkAccount(db, accountId, add, flush, pageSize);
    check();
    const done = await bridge.invoke('export/finish', { exportId });
    status.phase = 'done';
    status.files = done.files;
    status.bytes = done.bytes;
    return {
      ...status,
      counts: { ...status.counts },
      notCached: done.notCached,
      savedTo: done.savedTo,
      download: done.download,
      fileName: done.fileName,
    };
  } catch (error) {
    // Whatever stopped it, the host removes what it wrote (it may be gone already: then there is nothing left).
    await bridge.invoke('export/cancel', { exportId }).catch(() => undefined);
    throw error;
  } finally {
    off();
  }
}

/** Walks every exported table for one account, in the archive's order, handing each page to `add`. */
async function walkAccount(
  db: DuetDb,
  accountId: string,
  add: (kind: ExportKind, rows: readonly object[]) => Promise<void>,
  flush: (kind: ExportKind) => Promise<void>,
  pageSize: number,
) {
  /** The rows of a `[field+time]` index whose first part is `prefix`, a page at a time, in index order. */
  const walkPrefix = <T>(
    table: unknown,
    field: keyof T & string,
    time: keyof T & string,
    prefix: string,
    onPage: (rows: T[]) => Promise<void>,
  ) =>
    walkRange(
      rangeOf(table as never, `[${field}+${time}]`, [prefix, Dexie.maxKey]) as PageQuery<T>,
      [prefix, Dexie.minKey],
      (r) => [r[field], r[time]] as AnyKey,
      onPage,
      pageSize,
    );
  /** Only this account's rows (messages and comments are walked per conversation / post). */
  const mine = <T extends { accountId: string }>(rows: T[]) => rows.filter((r) => r.accountId === accountId);

  /** Posts and media: comments are read per post / medium (their index), after them. */
  const owners: string[] = [];
  await walkPrefix<PostRow>(db.posts, 'accountId', 'createdTime', accountId, async (rows) => {
    owners.push(...rows.map((r) => r.id));
    await add('posts', rows);
  });
  await flush('posts');
  await walkPrefix<MediaRow>(db.media, 'accountId', 'timestamp', accountId, async (rows) => {
    owners.push(...rows.map((r) => r.id));
    await add('media', rows);
  });
  await flush('media');
  await walkPrefix<StoryRow>(db.stories, 'accountId', 'timestamp', accountId, (rows) => add('stories', rows));
  await flush('stories');
  await walkPrefix<ConversationRow>(
    db.conversations,
    'accountId',
    'updatedTime',
    accountId,
    async (convs) => {
      await add('conversations', convs);
      for (const c of convs)
        await walkPrefix<MessageRow>(db.messages, 'conversationId', 'createdTime', c.id, (rows) =>
          add('messages', mine(rows)),
        );
    },
  );
  await flush('conversations');
  await flush('messages');
  // Comments are kept when their post or medium is not (deleted upstream, or deleted here with its comments kept):
  // their top-level comments are in the account's "all" list, so those posts' comments are read as well.
  const known = new Set(owners);
  const [allLo, allHi] = listRange(accountId, 'all');
  await walkRange(
    rangeOf(db.comments as never, 'lists', allHi) as PageQuery<CommentRow>,
    allLo,
    (r) => r.lists.find((k) => k >= allLo && k <= allHi) ?? allLo,
    async (rows) => {
      for (const r of rows)
        if (!known.has(r.postId)) {
          known.add(r.postId);
          owners.push(r.postId);
        }
    },
    pageSize,
  );
  for (const postId of owners)
    await walkPrefix<CommentRow>(db.comments, 'postId', 'createdTime', postId, (rows) =>
      add('comments', mine(rows)),
    );
  await flush('comments');
  // Insights keys begin with the account id (repos/insights.ts): one key range.
  await walkRange(
    rangeOf(db.insights as never, ':id', `${accountId}|\uffff`) as PageQuery<InsightRow>,
    `${accountId}|`,
    (r) => r.key,
    (rows) => add('insights', rows),
    pageSize,
  );
  await flush('insights');
}
