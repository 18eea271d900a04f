// Writes an export's zip with yazl (streaming: one entry's file open at a time, its bytes flow through, nothing is
// held whole in memory), passing every entry's bytes through the token scanner on the way. Any failure — a token
// found, a read error, the disk full, a cancel — stops the zip and leaves the partial file for the caller to delete.
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { SecretFoundError, type createTokenScanner } from './token-scan';

/** One file of the archive: where its bytes are and its path inside the zip. */
export interface ZipEntry {
  realPath: string;
  name: string;
  /** Deflate it (JSON); pictures and videos are stored as they are (already compressed). */
  compress: boolean;
}

/** Writes `entries` to a new file `out`; resolves with the archive's size once it is on disk (fsync'd). */
export async function writeZip(opts: {
  entries: Iterable<ZipEntry>;
  out: string;
  scanner: ReturnType<typeof createTokenScanner>;
  onBytes?(bytes: number): void;
  signal?: AbortSignal;
}): Promise<number> {
  const zip = new ZipFile();
  const ac = new AbortController();
  let reason: unknown;
  let current: ReadStream | null = null;
  const stop = (error: unknown) => {
    reason ??= error;
    current?.destroy();
    ac.abort();
  };
  const onAbort = () => stop(opts.signal?.reason ?? new Error('cancelled'));
  if (opts.signal?.aborted) throw opts.signal.reason;
  opts.signal?.addEventListener('abort', onAbort);
  zip.on('error', stop);
  const mtime = new Date();
  for (const entry of opts.entries) {
    if (opts.scanner.inText(entry.name)) throw new SecretFoundError('a file name');
    zip.addReadStreamLazy(entry.name, { compress: entry.compress, mtime, mode: 0o100644 }, (cb) => {
      if (reason) return cb(reason instanceof Error ? reason : new Error(String(reason)));
      const src = createReadStream(entry.realPath);
      current = src;
      const check = opts.scanner.check(entry.name);
      src.on('error', (e) => stop(e));
      check.on('error', (e) => stop(e));
      cb(null, src.pipe(check));
    });
  }
  zip.end();
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      opts.onBytes?.(bytes);
      done(null, chunk);
    },
  });
  try {
    await pipeline(zip.outputStream, counter, createWriteStream(opts.out, { flags: 'wx' }), {
      signal: ac.signal,
    });
  } catch (error) {
    throw reason ?? error;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  if (reason) throw reason;
  // On disk before it is renamed into place: a crash right after the rename must not leave a truncated archive.
  const fh = await open(opts.out, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  return bytes;
}
