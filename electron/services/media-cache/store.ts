// The index of the media cache: which blob file holds which key+variant, in LRU order, within a byte bound; written
// atomically and debounced, reconciled with the files on disk at start-up.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MediaVariant } from '../../../shared/media-url';
import { safeMime } from './responses';

/** One cached file as recorded in the index. */
export interface Entry {
  key: string;
  variant: MediaVariant;
  size: number;
  mime: string;
  lastAccess: number;
}

const INDEX_FILE = 'index.json';
const INDEX_VERSION = 1;
const BLOB_DIR = 'blobs';
const TMP_DIR = 'tmp';
const INDEX_DEBOUNCE_MS = 500;
// A hit only changes recency; losing that in a crash costs nothing, so it is written far less often (a busy gallery
// scroll would otherwise rewrite the whole index twice a second).
const RECENCY_SAVE_MS = 10_000;

/** The file name of a key+variant: a sha256, so nothing from a request ever becomes part of a path. */
export function mediaEntryId(key: string, variant: MediaVariant): string {
  return createHash('sha256').update(`${variant}\n${key}`).digest('hex');
}

/** Opens the index in `dir` (creating blobs/ and an empty tmp/), reconciled with the files left by a previous run. */
export async function openMediaIndex(opts: { dir: string; maxBytes: number; now: () => number }) {
  const now = opts.now;
  const blobDir = path.join(opts.dir, BLOB_DIR);
  const tmpDir = path.join(opts.dir, TMP_DIR);
  const indexPath = path.join(opts.dir, INDEX_FILE);
  let maxBytes = opts.maxBytes;

  // Map iteration order is the LRU order: the first entry is the least recently used.
  const entries = new Map<string, Entry>();
  let totalBytes = 0;
  const pins = new Map<string, number>();
  const pendingUnlinks = new Map<string, Promise<void>>();
  let saveTimer: NodeJS.Timeout | null = null;
  let saveDue = Infinity;
  let saving: Promise<void> = Promise.resolve();
  let closed = false;

  const blobPath = (id: string): string => path.join(blobDir, id);

  await mkdir(blobDir, { recursive: true });
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true });
  await load();

  async function load(): Promise<void> {
    let stored: Array<[string, Entry]> = [];
    try {
      const raw = JSON.parse(await readFile(indexPath, 'utf8')) as { version?: unknown; entries?: unknown };
      if (raw.version === INDEX_VERSION && Array.isArray(raw.entries))
        stored = raw.entries.filter(isStoredEntry);
    } catch {
      // No index or a corrupt one: start empty; the orphan sweep below deletes the unindexed files.
    }
    const files = new Set(await readdir(blobDir));
    let changed = false;
    stored.sort((a, b) => a[1].lastAccess - b[1].lastAccess);
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
    const orphans = [...files].filter((name) => !entries.has(name));
    if (orphans.length > 0) changed = true;
    for (let i = 0; i < orphans.length; i += 64) {
      await Promise.all(
        orphans
          .slice(i, i + 64)
          .map((name) => rm(path.join(blobDir, name), { recursive: true, force: true })),
      );
    }
    if (changed) scheduleSave();
    evict();
  }

  /** Writes the index within `delayMs` (sooner if an earlier write is already due). */
  function scheduleSave(delayMs = INDEX_DEBOUNCE_MS): void {
    if (closed) return;
    const due = performance.now() + delayMs;
    if (saveTimer && saveDue <= due) return;
    if (saveTimer) clearTimeout(saveTimer);
    saveDue = due;
    saveTimer = setTimeout(() => {
      saveTimer = null;
      saveDue = Infinity;
      void flush();
    }, delayMs);
    saveTimer.unref();
  }

  /** Writes the index atomically (temp file + rename), after any write already running. */
  function flush(): Promise<void> {
    saving = saving.then(async () => {
      const json = JSON.stringify({ version: INDEX_VERSION, entries: [...entries] });
      const tmp = `${indexPath}.${randomUUID()}.tmp`;
      try {
        await writeFile(tmp, json, 'utf8');
        await rename(tmp, indexPath);
      } catch {
        await rm(tmp, { force: true });
      }
    });
    return saving;
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
    flush,
    /** Waits for file deletions under way. */
    unlinked: () => Promise.all([...pendingUnlinks.values()]),
    /** Stops scheduled writes (the caller flushes once more). */
    stop() {
      closed = true;
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = null;
    },
  };
}

function isStoredEntry(x: unknown): x is [string, Entry] {
  if (!Array.isArray(x) || x.length !== 2) return false;
  const [id, e] = x as [unknown, Partial<Entry> | null];
  return (
    typeof id === 'string' &&
    typeof e === 'object' &&
    e !== null &&
    typeof e.key === 'string' &&
    (e.variant === 'thumb' || e.variant === 'full') &&
    id === mediaEntryId(e.key, e.variant) &&
    typeof e.size === 'number' &&
    Number.isSafeInteger(e.size) &&
    e.size >= 0 &&
    typeof e.mime === 'string' &&
    typeof e.lastAccess === 'number'
  );
}
