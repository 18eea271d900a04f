// Media the renderer hands to the host for publishing: each upload is a temp file in the host's own folder, written
// chunk by chunk in order (never held whole in memory), bounded per file, in number and in total, sniffed from its
// bytes when it is closed (a `.jpg` that is a program is refused and deleted), and deleted on discard, after an
// hour untouched, on sign-out and when the host starts (uploads do not outlive the host process).
import { randomBytes } from 'node:crypto';
import { mkdir, open, rm, stat, unlink, writeFile, appendFile } from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import { join } from 'node:path';
import { BridgeError } from '../../../shared/bridge/contract';
import type { UploadedMedia } from '../../../shared/bridge/calls/publish';
import { sniffMedia } from '../../../shared/media-sniff';
import {
  FB_PHOTO_MAX_BYTES,
  UPLOAD_CHUNK_BYTES,
  UPLOAD_IDLE_EXPIRY_MS,
  UPLOADS_OPEN_MAX,
  UPLOADS_TOTAL_MAX_BYTES,
  VIDEO_MAX_BYTES,
} from '../../../shared/publish-limits';

interface Entry {
  id: string;
  path: string;
  name: string;
  size: number;
  received: number;
  touchedAt: number;
  media?: UploadedMedia;
  /** A write in progress (chunks of one upload are written one at a time). */
  busy: boolean;
}

/** The uploads of one host. */
export interface PublishUploads {
  begin(name: string, size: number): Promise<{ uploadId: string; chunkBytes: number }>;
  chunk(uploadId: string, offset: number, data: string): Promise<{ receivedBytes: number }>;
  end(uploadId: string): Promise<UploadedMedia>;
  discard(uploadId: string): Promise<{ discarded: boolean }>;
  /** A finished upload: its sniffed media and a file-backed Blob of its bytes (streamed, not read into memory). */
  finished(uploadId: string): Promise<{ media: UploadedMedia; blob: Blob; path: string; name: string }>;
  /** Deletes every upload (sign-out). */
  clear(): Promise<void>;
  /** Deletes uploads untouched for UPLOAD_IDLE_EXPIRY_MS. */
  sweep(): Promise<void>;
}

const refuse = (message: string, path = 'uploadId') =>
  new BridgeError('invalid-request', message, [{ path, message }]);

/** Creates the upload store in `dir` (emptied first: nothing survives a host restart). */
export async function createPublishUploads(opts: {
  dir: string;
  now?: () => number;
}): Promise<PublishUploads> {
  const now = opts.now ?? Date.now;
  await rm(opts.dir, { recursive: true, force: true });
  await mkdir(opts.dir, { recursive: true });
  const uploads = new Map<string, Entry>();

  function get(uploadId: string): Entry {
    const e = uploads.get(uploadId);
    if (!e)
      throw refuse(
        'This upload is no longer on the host (finished, discarded or expired). Attach the file again.',
      );
    e.touchedAt = now();
    return e;
  }
  async function drop(e: Entry) {
    uploads.delete(e.id);
    await unlink(e.path).catch(() => {});
  }
  async function sweep() {
    const t = now();
    for (const e of [...uploads.values()])
      if (!e.busy && t - e.touchedAt > UPLOAD_IDLE_EXPIRY_MS) await drop(e);
  }

  return {
    async begin(name, size) {
      await sweep();
      if (uploads.size >= UPLOADS_OPEN_MAX)
        throw refuse(`At most ${UPLOADS_OPEN_MAX} files can be attached at once. Remove one first.`, 'size');
      const total = [...uploads.values()].reduce((s, e) => s + e.size, 0);
      if (total + size > UPLOADS_TOTAL_MAX_BYTES)
        throw refuse('The attached files together are too large (2 GB at most). Remove one first.', 'size');
      const id = `up_${randomBytes(16).toString('hex')}`;
      const path = join(opts.dir, id);
      await writeFile(path, new Uint8Array(0));
      uploads.set(id, { id, path, name, size, received: 0, touchedAt: now(), busy: false });
      return { uploadId: id, chunkBytes: UPLOAD_CHUNK_BYTES };
    },

    async chunk(uploadId, offset, data) {
      const e = get(uploadId);
      if (e.media) throw refuse('This upload is already complete.');
      if (e.busy) throw refuse('Send the chunks of one file one after the other.', 'offset');
      if (offset !== e.received)
        throw refuse(
          `This chunk starts at byte ${offset}, but the host has ${e.received} bytes of the file.`,
          'offset',
        );
      const bytes = Buffer.from(data, 'base64');
      if (bytes.length === 0 || bytes.length > UPLOAD_CHUNK_BYTES)
        throw refuse('This chunk is empty or too large.', 'data');
      if (e.received + bytes.length > e.size)
        throw refuse('The file is larger than announced when the upload began.', 'data');
      e.busy = true;
      try {
        await appendFile(e.path, bytes);
        e.received += bytes.length;
      } finally {
        e.busy = false;
      }
      return { receivedBytes: e.received };
    },

    async end(uploadId) {
      const e = get(uploadId);
      if (e.media) return e.media;
      if (e.received !== e.size) throw refuse(`The host has ${e.received} of ${e.size} bytes of this file.`);
      const onDisk = (await stat(e.path)).size;
      const fh = await open(e.path, 'r');
      let sniffed;
      try {
        sniffed = await sniffMedia(async (o, n) => {
          const buf = Buffer.alloc(Math.max(0, Math.min(n, onDisk - o)));
          if (buf.length) await fh.read(buf, 0, buf.length, o);
          return buf;
        }, onDisk);
      } finally {
        await fh.close();
      }
      if (!sniffed) {
        await drop(e);
        throw refuse(
          `“${e.name}” is not a JPEG or PNG picture or an MP4 or MOV video (Duet looks at the file’s contents, not its name), so it was not attached.`,
        );
      }
      const limit = sniffed.kind === 'image' ? FB_PHOTO_MAX_BYTES - 1 : VIDEO_MAX_BYTES;
      if (onDisk > limit) {
        await drop(e);
        throw refuse(
          sniffed.kind === 'image'
            ? `“${e.name}” is larger than 4 MB, the most Facebook accepts for a photo.`
            : `“${e.name}” is larger than 1 GB, the most Duet uploads for a video.`,
        );
      }
      e.media = {
        uploadId: e.id,
        kind: sniffed.kind,
        mime: sniffed.mime,
        bytes: onDisk,
        width: sniffed.width,
        height: sniffed.height,
        ...(sniffed.kind === 'video' ? { durationMs: sniffed.durationMs } : {}),
      };
      return e.media;
    },

    async discard(uploadId) {
      const e = uploads.get(uploadId);
      if (!e) return { discarded: false };
      await drop(e);
      return { discarded: true };
    },

    async finished(uploadId) {
      const e = get(uploadId);
      if (!e.media) throw refuse('This upload is not complete yet (publish/upload-end).');
      return {
        media: e.media,
        blob: await openAsBlob(e.path, { type: e.media.mime }),
        path: e.path,
        name: e.name,
      };
    },

    async clear() {
      for (const e of [...uploads.values()]) await drop(e);
    },

    sweep,
  };
}
