// A host that dies mid-zip (electron/services/export/partials.test.ts runs it in a child process): it exports an
// account with one large video to `dest` and kills itself with SIGKILL — no cleanup runs — once the zip has begun.
// Usage: tsx electron/test/export-crash-child.ts <dataDir> <dest>
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXPORT_KINDS, exportRowOf, forEachMediaRef, withFiles } from '../../shared/export/format';
import { exportRowsOf } from '../../shared/test/export-rows';
import { createExportService } from '../services/export/service';

const [dataDir, dest] = process.argv.slice(2);
if (!dataDir || !dest) throw new Error('usage: export-crash-child <dataDir> <dest>');
const video = Buffer.alloc(32 * 1024 * 1024, 7);

const svc = await createExportService({
  dir: join(dataDir, 'exports'),
  media: {
    async exportFile(_key, to) {
      writeFileSync(to, video);
      return { variant: 'full', mime: 'video/mp4', size: video.length };
    },
  },
  accounts: () => [{ id: '1001', name: 'Cafe', tasks: [] }],
  secrets: () => ['EAAGsecretUserToken0123456789abcdef'],
  chooseExportPath: async () => dest,
  emit: (p) => {
    if (p.phase !== 'zipping' || p.bytes === 0) return;
    // The zip's file is opened on libuv's thread pool: on a loaded machine the first bytes can be counted before it
    // exists on disk. Wait (synchronously: no more zip work runs meanwhile) until the partial is there, then die.
    const until = Date.now() + 10_000;
    while (!readdirSync(dirname(dest)).some((f) => f.endsWith('.partial')) && Date.now() < until);
    process.kill(process.pid, 'SIGKILL');
  },
  now: () => Date.now(),
  appVersion: '0.0.0',
  log: () => {},
});
const begun = await svc.begin('1001');
if (begun.cancelled) throw new Error('not begun');
const rows = exportRowsOf('1001', 3);
for (const kind of EXPORT_KINDS) {
  const keys = new Set<string>();
  for (const r of rows[kind]) forEachMediaRef(r, (ref) => keys.add(ref.key));
  const files = new Map<string, string | null>();
  if (keys.size)
    for (const [k, v] of Object.entries((await svc.addMedia(begun.exportId, [...keys])).files))
      files.set(k, v);
  if (rows[kind].length)
    await svc.append(
      begun.exportId,
      kind,
      rows[kind].map((r) => withFiles(exportRowOf(kind, r), files)),
    );
}
await svc.finish(begun.exportId);
