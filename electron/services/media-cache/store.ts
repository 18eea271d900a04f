// The index of the media cache: which blob file holds which key+variant, in LRU order, within a byte bound; written
// atomically and debounced, reconciled with the files on disk at start-up.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mediaKeyPrefix } from '../../../shared/models';
import type { Entry } from './entry';
import { createIndexWriter, readIndexFile } from './index-file';
import { safeMime } from './responses';

export { mediaEntryId, type Entry } from './entry';

const INDEX_FILE = 'index.json';
const BLOB_DIR = 'blobs';
const TMP_DIR = 'tmp';
// A hit only changes recency; losing that in a crash costs nothing, so it is written far less often (a busy gallery
// scroll would otherwise rewrite the whole index twice a second).
const RECENCY_SAVE_MS = 10_000;

/** Deletes the files in `blobDir` the index doesn't know, 64 at a time; true when there were any. */
async function sweepOrphans(
  blobDir: string,
  files: Set<string>,
  known: Map<string, Entry>,
): Promise<boolean> {
  const orphans = [...files].filter((name) => !known.has(name));
  for (let i = 0; i < orphans.length; i += 64) {
    await Promise.all(
      orphans.slice(i, i + 64).map((name) => rm(path.join(blobDir, name), { recursive: true, force: true })),
    );
  }
  return orphans.length > 0;
}

/** Opens the index in `dir` (creating blobs/ and an empty tmp/), reconciled with the files left by a previous run. */
export async function openMediaIndex(opts: { dir: string; maxBytes: number; now: () => number }) {
  const now = opts.now;
  const blobDir = path.join(opts.dir, BLOB_DIR);
  const tmpDir = path.join(opts.dir, TMP_DIR);
  let maxBytes = opts.maxBytes;

  // Map iteration order is the LRU order: the first entry is the least recently used.
  const entries = new Map<string, Entry>();
  let totalBytes = 0;
  const pins = new Map<string, number>();
  const pendingUnlinks = new Map<string, Promise<void>>();
  const writer = createIndexWriter(path.join(opts.dir, INDEX_FILE), () => entries);
  const scheduleSave = writer.schedule;

  const blobPath = (id: string): string => path.join(blobDir, id);

  await mkdir(blobDir, { recursive: true });
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true });
  await load();

  /** Takes the stored entries whose files exist, then deletes files no entry names. */
  async function load(): Promise<void> {
    const stored = await readIndexFile(path.join(opts.dir, INDEX_FILE));
    const files = new Set(await readdir(blobDir));
    let changed = false;
    for (const [id, e] of stored) {
      if (!files.has(id) || entries.has(id)) {
        changed = true;
        continue;
      }
      entries.set(id, {
        key: e.key,
        variant: e.variant,
        size: e.size,
        mime: safeMime(null, e.mime),
        lastAccess: e.lastAccess,
      });
      totalBytes += e.size;
    }
    if (await sweepOrphans(blobDir, files, entries)) changed = true;
    if (changed) scheduleSave();
    evict();
  }

  function pin(id: string): void {
    pins.set(id, (pins.get(id) ?? 0) + 1);
  }

  function unpin(id: string): void {
    const n = (pins.get(id) ?? 1) - 1;
    if (n <= 0) pins.delete(id);
    else pins.set(id, n);
  }

  function touch(id: string, e: Entry): void {
    e.lastAccess = now();
    entries.delete(id);
    entries.set(id, e);
    scheduleSave(RECENCY_SAVE_MS);
  }

  function remove(id: string): number {
    const e = entries.get(id);
    if (!e) return 0;
    entries.delete(id);
    totalBytes -= e.size;
    // Unlinking a file that is being streamed is fine on POSIX (the open descriptor keeps it readable); where it
    // fails (Windows), the orphan is swept at the next start.
    const before = pendingUnlinks.get(id) ?? Promise.resolve();
    const p: Promise<void> = before
      .then(() => unlink(blobPath(id)))
      .catch(() => undefined)
      .finally(() => {
        if (pendingUnlinks.get(id) === p) pendingUnlinks.delete(id);
      });
    pendingUnlinks.set(id, p);
    scheduleSave();
    return e.size;
  }

  /** Evicts least-recently-used entries until the total fits; entries being served right now are skipped. */
  function evict(): void {
    if (totalBytes <= maxBytes) return;
    for (const id of entries.keys()) {
      if (totalBytes <= maxBytes) break;
      if (!pins.has(id)) remove(id);
    }
  }

  async function insert(id: string, e: Entry, from: { tmp: string } | { bytes: Buffer }): Promise<void> {
    let tmp: string;
    if ('tmp' in from) tmp = from.tmp;
    else {
      // Written beside, then renamed: a blob file is always complete.
      tmp = path.join(tmpDir, randomUUID());
      await writeFile(tmp, from.bytes);
    }
    await pendingUnlinks.get(id);
    await rename(tmp, blobPath(id));
    const old = entries.get(id);
    if (old) {
      totalBytes -= old.size;
      entries.delete(id);
    }
    entries.set(id, e);
    totalBytes += e.size;
    scheduleSave();
  }

  /** Records that the file of `id` now holds `size` bytes (it changed on disk). */
  function resize(e: Entry, size: number): void {
    totalBytes += size - e.size;
    e.size = size;
  }

  return {
    tmpDir,
    blobPath,
    get: (id: string) => entries.get(id),
    ids: () => [...entries.keys()],
    /** The ids of the files of one account (both variants): its media keys start with the account id. */
    idsOfAccount: (accountId: string) => {
      const prefix = mediaKeyPrefix(accountId);
      return [...entries].filter(([, e]) => e.key.startsWith(prefix)).map(([id]) => id);
    },
    size: () => entries.size,
    totalBytes: () => totalBytes,
    maxBytes: () => maxBytes,
    setMaxBytes(next: number) {
      maxBytes = Math.max(0, next);
      evict();
    },
    pin,
    unpin,
    touch,
    remove,
    evict,
    insert,
    resize,
    flush: writer.flush,
    /** Waits for file deletions under way. */
    unlinked: () => Promise.all([...pendingUnlinks.values()]),
    /** Stops scheduled writes (the caller flushes once more). */
    stop: writer.stop,
  };
}

/** The opened index of the media cache. */
export type MediaIndex = Awaited<ReturnType<typeof openMediaIndex>>;
