// The media cache's index on disk: read once at start-up (anything unreadable counts as empty), written atomically
// (temp file + rename) and debounced, one write after another.
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { mediaEntryId, type Entry } from './entry';

const INDEX_VERSION = 1;
const INDEX_DEBOUNCE_MS = 500;

/** The entries stored in the index file, least recently used first; empty when there is none or it is corrupt. */
export async function readIndexFile(indexPath: string): Promise<Array<[string, Entry]>> {
  let stored: Array<[string, Entry]> = [];
  try {
    const raw = JSON.parse(await readFile(indexPath, 'utf8')) as { version?: unknown; entries?: unknown };
    if (raw.version === INDEX_VERSION && Array.isArray(raw.entries))
      stored = raw.entries.filter(isStoredEntry);
  } catch {
    // No index or a corrupt one: start empty; the orphan sweep deletes the unindexed files.
  }
  return stored.sort((a, b) => a[1].lastAccess - b[1].lastAccess);
}

export interface IndexWriter {
  /** Writes the index within `delayMs` (sooner if an earlier write is already due). */
  schedule(delayMs?: number): void;
  /** Writes the index now, after any write already running. */
  flush(): Promise<void>;
  /** Stops scheduled writes (the caller flushes once more). */
  stop(): void;
}

/** Writes `entries()` (in LRU order) to `indexPath`. */
export function createIndexWriter(indexPath: string, entries: () => Iterable<[string, Entry]>): IndexWriter {
  let saveTimer: NodeJS.Timeout | null = null;
  let saveDue = Infinity;
  let saving: Promise<void> = Promise.resolve();
  let closed = false;

  function flush(): Promise<void> {
    saving = saving.then(async () => {
      const json = JSON.stringify({ version: INDEX_VERSION, entries: [...entries()] });
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

  return {
    schedule(delayMs = INDEX_DEBOUNCE_MS) {
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
    },
    flush,
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
