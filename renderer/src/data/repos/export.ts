// "Take it out", the renderer's half: walks everything the local store holds for one account and sends it to the
// host in bounded chunks (export/append). Each walk first reads the primary keys of its range (keys only, never
// whole rows), then reads those rows a page at a time by key: sync keeps writing during an export, and a row whose
// indexed time moves (a new message moves its conversation's updatedTime) would be skipped or sent twice by a walk
// that resumes after the last index key it read. For each chunk the host is first asked to add the cached files its
// pictures reference (export/add-media): the host links the bytes in itself, the renderer only learns each file's
// path in the archive and writes it into the rows.
// The archive's format is shared/export/format.ts (docs/export-format.md); the host's half is
// electron/services/export.
import { Dexie, type Table } from 'dexie';
import type { CallResponse } from '../../../../shared/bridge/contract';
import type { ExportProgress } from '../../../../shared/bridge/calls/export';
import {
  EXPORT_KINDS,
  exportRowOf,
  forEachMediaRef,
  MAX_CHUNK_BYTES,
  MAX_CHUNK_ROWS,
  MAX_MEDIA_KEYS,
  withFiles,
  type ExportKind,
} from '../../../../shared/export/rows';
import { jsonBytes } from '../../../../shared/utf8';
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
  /**
   * Voice messages and files sent in conversations: Duet does not download them (only pictures and videos are
   * cached), so the archive has them as Meta's links, which expire.
   */
  linksOnly: number;
  savedTo?: string;
  download?: string;
  fileName: string;
}

/** The export was stopped by the user (nothing was saved). */
export class ExportCancelled extends Error {
  constructor() {
    super('Export cancelled. Nothing was saved.');
    this.name = 'ExportCancelled';
  }
}

/**
 * Reads the rows of `keys` (primary keys, in the order to export them) `pageSize` at a time. A row deleted since its
 * key was read is left out; a row changed since is sent as it is now, still once.
 */
export async function walkKeys<T>(
  table: Table<T, string>,
  keys: readonly string[],
  onPage: (rows: T[]) => Promise<void>,
  pageSize = PAGE,
): Promise<void> {
  for (let i = 0; i < keys.length; i += pageSize) {
    const rows = (await table.bulkGet(keys.slice(i, i + pageSize))).filter((r): r is T => r !== undefined);
    if (rows.length) await onPage(rows);
  }
}

/** The primary keys of `table`'s `index` between `lower` and `upper` (both included), in index order, once each. */
async function keysOf(table: Table<unknown, string>, index: string, lower: unknown, upper: unknown) {
  const keys = await table.where(index).between(lower, upper, true, true).primaryKeys();
  // A multi-entry index (comments' lists) can hold one row under several keys of the range.
  return [...new Set(keys)];
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
  /** Rows waiting to be sent, per kind, and the bytes of their JSON array. */
  let linksOnly = 0;
  const pending = new Map<ExportKind, { rows: Record<string, unknown>[]; bytes: number }>();
  const check = () => {
    if (signal?.aborted) throw new ExportCancelled();
  };
  let cancelSent = false;

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
    await bridge.invoke('export/append', { exportId, kind, rows: p.rows });
    status.counts[kind] += p.rows.length;
    report();
  }

  /** Queues the rows of one page; sends whenever a chunk is full by count or by size. */
  async function add(kind: ExportKind, stored: readonly object[]) {
    check();
    await addMedia(stored);
    if (kind === 'messages') linksOnly += countLinksOnly(stored as MessageRow[]);
    for (const row of stored) {
      // Measured as it is sent: with its pictures' file paths (known now: a carousel has dozens) and in UTF-8 bytes,
      // as the browser host's body limit counts them (a CJK character is 3 bytes but one UTF-16 unit).
      const out = withFiles(exportRowOf(kind, row), files);
      const bytes = jsonBytes(out) + 1; // and its comma
      let p = pending.get(kind);
      if (p && (p.rows.length >= MAX_CHUNK_ROWS || p.bytes + bytes > MAX_CHUNK_BYTES)) {
        await flush(kind);
        p = undefined;
      }
      if (!p) {
        p = { rows: [], bytes: 2 }; // the array's brackets
        pending.set(kind, p);
      }
      p.rows.push(out);
      p.bytes += bytes;
    }
  }

  /**
   * export/finish, which can take minutes (the zip): the user's Cancel meanwhile is sent to the host at once (it stops
   * the zip and removes the partial archive) and ends the export as cancelled.
   */
  async function finish(): Promise<CallResponse<'export/finish'>> {
    const finishing = bridge.invoke('export/finish', { exportId });
    if (!signal) return finishing;
    let onAbort = () => {};
    const aborted = new Promise<'aborted'>((resolve) => {
      onAbort = () => resolve('aborted');
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const first = await Promise.race([finishing, aborted]);
      if (first !== 'aborted') return first;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    cancelSent = true;
    await bridge.invoke('export/cancel', { exportId }).catch(() => undefined);
    const late = await finishing.catch(() => null);
    // The archive was already in place when the cancel arrived (Electron saved it): saying "nothing was saved"
    // would be false. A browser-host download ready by then was dropped by the cancel.
    if (late?.savedTo) return late;
    throw new ExportCancelled();
  }

  try {
    await walkAccount(db, accountId, add, flush, pageSize);
    check();
    const done = await finish();
    status.phase = 'done';
    status.files = done.files;
    status.bytes = done.bytes;
    return {
      ...status,
      counts: { ...status.counts },
      notCached: done.notCached,
      linksOnly,
      savedTo: done.savedTo,
      download: done.download,
      fileName: done.fileName,
    };
  } catch (error) {
    // Whatever stopped it, the host removes what it wrote (it may be gone already: then there is nothing left).
    if (!cancelSent) await bridge.invoke('export/cancel', { exportId }).catch(() => undefined);
    throw error;
  } finally {
    off();
  }
}

/** A message's voice and file attachments: listed with Meta's link only (no cached copy to put in the archive). */
export function countLinksOnly(rows: readonly Pick<MessageRow, 'attachments'>[]): number {
  let n = 0;
  for (const m of rows)
    for (const a of m.attachments ?? []) if ((a.kind === 'audio' || a.kind === 'file') && !a.media) n++;
  return n;
}

/** Walks every exported table for one account, in the archive's order, handing each page to `add`. */
async function walkAccount(
  db: DuetDb,
  accountId: string,
  add: (kind: ExportKind, rows: readonly object[]) => Promise<void>,
  flush: (kind: ExportKind) => Promise<void>,
  pageSize: number,
) {
  /** The rows of a `[field+time]` index whose first part is `prefix`, in the index's order when the walk began. */
  const walkPrefix = async <T>(
    table: unknown,
    field: keyof T & string,
    time: keyof T & string,
    prefix: string,
    onPage: (rows: T[]) => Promise<void>,
  ) => {
    const t = table as Table<T, string>;
    const keys = await keysOf(
      t as never,
      `[${field}+${time}]`,
      [prefix, Dexie.minKey],
      [prefix, Dexie.maxKey],
    );
    await walkKeys(t, keys, onPage, pageSize);
  };
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
  await walkKeys(
    db.comments as Table<CommentRow, string>,
    await keysOf(db.comments as never, 'lists', allLo, allHi),
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
  await walkKeys(
    db.insights as Table<InsightRow, string>,
    await keysOf(db.insights as never, ':id', `${accountId}|`, `${accountId}|\uffff`),
    (rows) => add('insights', rows),
    pageSize,
  );
  await flush('insights');
}
