/**
 * One export in a process of its own, so its resident memory is the host's for this export alone: `messages`
 * messages (in 100-message conversations) and `mediaMb` MB of media in 1 MB files go through the host's export
 * service exactly as the bridge hands them over (each request parsed against the contract first), and the zip is
 * written, token-checked and renamed into place. Prints one JSON line: seconds, archive bytes, peak RSS.
 *
 * The media files stand in for the cache's blobs (same file system, same link-or-copy as
 * MediaCacheService.exportFile) and are sparse: made instantly, read at page-cache speed, so MB/s measures the
 * export's own path (link, read, CRC, token scan, write) rather than this machine's disk.
 */
import { closeSync, link, mkdirSync, mkdtempSync, openSync, ftruncateSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseRequest } from '../../shared/bridge/validate';
import { MAX_CHUNK_ROWS, MAX_MEDIA_KEYS, type ExportKind } from '../../shared/export/format';
import { mediaKey } from '../../shared/models';
import { createExportService } from '../../electron/services/export/service';

const [messages, mediaMb] = process.argv.slice(2).map(Number) as [number, number];
const ACCOUNT = '1001';
const root = mkdtempSync(join(tmpdir(), 'duet-bench-export-'));
const blobs = join(root, 'blobs');
mkdirSync(blobs);
const keys: string[] = [];
for (let i = 0; i < mediaMb; i++) {
  const key = mediaKey(ACCOUNT, `v${i}`, 'media_url');
  const fd = openSync(join(blobs, String(i)), 'w');
  ftruncateSync(fd, 1024 * 1024);
  closeSync(fd);
  keys.push(key);
}
const linkFile = promisify(link);

let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const timer = setInterval(sample, 20);

async function main() {
  const svc = await createExportService({
    dir: join(root, 'exports'),
    media: {
      async exportFile(key, dest) {
        const i = keys.indexOf(key);
        if (i < 0) return null;
        await linkFile(join(blobs, String(i)), dest);
        return { variant: 'full', mime: 'video/mp4', size: statSync(dest).size };
      },
    },
    accounts: () => [{ id: ACCOUNT, name: 'Bench Page', tasks: [] }],
    secrets: () => ['EAAGbenchUserToken0123456789abcdef', 'EAAGbenchPageToken0123456789abcdef'],
    emit: () => {},
    now: Date.now,
    appVersion: 'bench',
    log: () => {},
  });
  const call = <T>(name: Parameters<typeof parseRequest>[0], req: unknown, run: (a: never) => Promise<T>) =>
    run(parseRequest(name, req) as never);
  sample();
  const rss0 = peak;
  const t0 = performance.now();
  const begun = await svc.begin(ACCOUNT);
  if (begun.cancelled) throw new Error('cancelled');
  const id = begun.exportId;
  for (let i = 0; i < keys.length; i += MAX_MEDIA_KEYS)
    await call(
      'export/add-media',
      { exportId: id, keys: keys.slice(i, i + MAX_MEDIA_KEYS) },
      (a: { keys: string[] }) => svc.addMedia(id, a.keys),
    );
  const conversations = Math.ceil(messages / 100);
  const send = (kind: ExportKind, rows: Record<string, unknown>[]) =>
    call('export/append', { exportId: id, kind, rows }, (a: { rows: Record<string, unknown>[] }) =>
      svc.append(id, kind, a.rows),
    );
  for (let c = 0; c < conversations; c += MAX_CHUNK_ROWS)
    await send(
      'conversations',
      Array.from({ length: Math.min(MAX_CHUNK_ROWS, conversations - c) }, (_, i) => ({
        id: `messenger:c${c + i}`,
        nativeId: `c${c + i}`,
        accountId: ACCOUNT,
        platform: 'messenger',
        updatedTime: 1_780_000_000_000,
        unreadCount: 0,
        participants: [],
        customer: { id: `u${c + i}`, name: 'Customer' },
        unread: 0,
      })),
    );
  for (let m = 0; m < messages; m += MAX_CHUNK_ROWS)
    await send(
      'messages',
      Array.from({ length: Math.min(MAX_CHUNK_ROWS, messages - m) }, (_, i) => ({
        id: `messenger:m${m + i}`,
        nativeId: `m${m + i}`,
        conversationId: `messenger:c${Math.floor((m + i) / 100)}`,
        accountId: ACCOUNT,
        platform: 'messenger',
        createdTime: 1_780_000_000_000 + m + i,
        from: { id: 'u1', name: 'Customer' },
        text: `Message ${m + i}: do you deliver on Saturdays, and what does it cost to the old town?`,
        attachments: [],
        fromPage: (m + i) % 2 === 1,
      })),
    );
  const done = await svc.finish(id);
  const seconds = (performance.now() - t0) / 1000;
  sample();
  clearInterval(timer);
  await svc.dispose();
  rmSync(root, { recursive: true, force: true });
  process.stdout.write(
    `${JSON.stringify({ messages, mediaMb, seconds, bytes: done.bytes, rss0, peakRss: peak })}\n`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  rmSync(root, { recursive: true, force: true });
  process.exit(1);
});
