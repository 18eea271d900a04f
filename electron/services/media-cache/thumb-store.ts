// Storing a grid thumbnail from a file already on disk (a fresh download or the cached original): JPEGs are scaled
// down by the thumbnailer; anything else, or a JPEG it can't scale, is stored as it is.
import { randomUUID } from 'node:crypto';
import { copyFile, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Entry } from './entry';
import type { MediaIndex } from './store';
import type { Thumbnailer } from './thumbnail-worker';

export interface ThumbStoreDeps {
  idx: MediaIndex;
  thumbnailer: Thumbnailer;
  thumbSize: number;
  now: () => number;
}

/** Stores the thumbnail of the file at `source` (moved when `owned`, else copied); false when it vanished. */
export async function storeThumbFromFile(
  deps: ThumbStoreDeps,
  id: string,
  key: string,
  source: string,
  mime: string,
  owned: boolean,
): Promise<boolean> {
  const { idx } = deps;
  const entry = (size: number, m: string): Entry => ({
    key,
    variant: 'thumb',
    size,
    mime: m,
    lastAccess: deps.now(),
  });
  try {
    if (mime === 'image/jpeg') {
      const bytes = await readFile(source);
      const thumb = await deps.thumbnailer.make(bytes, deps.thumbSize);
      if (thumb) {
        await idx.insert(id, entry(thumb.length, 'image/jpeg'), { bytes: thumb });
        if (owned) await rm(source, { force: true });
        return true;
      }
      // Small, corrupt or oversized JPEG: the thumbnail is the original bytes.
      if (owned) await idx.insert(id, entry(bytes.length, mime), { tmp: source });
      else await idx.insert(id, entry(bytes.length, mime), { bytes });
      return true;
    }
    // Not a JPEG (PNG, video…): the thumbnail is the full bytes; the gallery uses IG thumbnail_url for videos.
    if (owned) {
      await idx.insert(id, entry((await stat(source)).size, mime), { tmp: source });
    } else {
      const tmp = path.join(idx.tmpDir, randomUUID());
      await copyFile(source, tmp);
      await idx.insert(id, entry((await stat(tmp)).size, mime), { tmp });
    }
    return true;
  } catch {
    return false;
  }
}
