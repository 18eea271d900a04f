// The export writer: what goes in comes back out (schema round trip), nothing is left behind by a cancel, a failure
// or a restart, no token ever ends up in an archive, and malformed or oversize chunks are refused.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportProgress } from '../../../shared/bridge/calls/export';
import { parseRequest } from '../../../shared/bridge/validate';
import {
  ExportManifest,
  EXPORT_KINDS,
  exportRowOf,
  forEachMediaRef,
  KIND_FILES,
  MANIFEST_NAME,
  MAX_CHUNK_ROWS,
  ROW_SCHEMAS,
  withFiles,
  withoutFiles,
} from '../../../shared/export/format';
import type { Account } from '../../../shared/models';
import { exportMediaOf, exportRowsOf } from '../../../shared/test/export-rows';
import { createExportService, type ExportService } from './service';

const ACCOUNT: Account = {
  id: '1001',
  name: 'Café Ana',
  tasks: [],
  instagram: { id: '17841', username: 'cafe.ana' },
};
const TOKEN = 'EAAGsecretUserToken0123456789abcdef';
const PAGE_TOKEN = 'EAAGsecretPageToken9876543210fedcba';

const services: ExportService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

function setup(over: { choose?: (name: string) => Promise<string | null> } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'duet-export-'));
  const cacheDir = join(root, 'cache');
  execFileSync('mkdir', ['-p', cacheDir]);
  const cached = exportMediaOf(ACCOUNT.id);
  const events: ExportProgress[] = [];
  const deps = {
    dir: join(root, 'data', 'exports'),
    media: {
      async exportFile(key: string, dest: string) {
        const bytes = cached[key];
        if (!bytes) return null;
        writeFileSync(dest, bytes);
        return {
          variant: 'full' as const,
          mime: key.endsWith(':picture') ? 'image/png' : 'image/jpeg',
          size: bytes.length,
        };
      },
    },
    accounts: () => [ACCOUNT],
    secrets: () => [TOKEN, PAGE_TOKEN],
    chooseExportPath: over.choose,
    emit: (p: ExportProgress) => events.push(p),
    now: () => Date.UTC(2026, 11, 1, 12),
    appVersion: '0.1.0',
    log: () => {},
  };
  return { root, deps, events, cached };
}

async function start(over: Parameters<typeof setup>[0] = {}) {
  const env = setup(over);
  const svc = await createExportService(env.deps);
  services.push(svc);
  return { ...env, svc };
}

/** Exports `rows` the way the renderer does: media first, then the rows with their file paths. */
async function exportAll(svc: ExportService, id: string, rows: ReturnType<typeof exportRowsOf>) {
  for (const kind of EXPORT_KINDS) {
    const keys = new Set<string>();
    for (const r of rows[kind]) forEachMediaRef(r, (ref) => keys.add(ref.key));
    const files = new Map<string, string>();
    if (keys.size) {
      const got = await svc.addMedia(id, [...keys]);
      for (const [k, v] of Object.entries(got.files)) if (v) files.set(k, v);
    }
    if (rows[kind].length)
      await svc.append(
        id,
        kind,
        rows[kind].map((r) => withFiles(exportRowOf(kind, r), files)),
      );
  }
}

function unzipList(zip: string): string[] {
  return execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
}
const unzipText = (zip: string, name: string) => execFileSync('unzip', ['-p', zip, name]).toString('utf8');

describe('export archive', () => {
  it('round-trips every kind: export → unzip → parse gives the stored rows back, and their files resolve', async () => {
    const { svc } = await start();
    const rows = exportRowsOf(ACCOUNT.id, 7);
    const begun = await svc.begin(ACCOUNT.id);
    if (begun.cancelled) throw new Error('not begun');
    await exportAll(svc, begun.exportId, rows);
    const done = await svc.finish(begun.exportId);
    expect(done.download).toMatch(/^\/export-download\?id=[a-f0-9]{32}&t=[a-f0-9]{48}$/);
    const ticket = new URL(`http://x${done.download!}`).searchParams.get('t')!;
    const dl = svc.downloads.take(begun.exportId, ticket)!;
    expect(dl.size).toBe(done.bytes);

    const names = unzipList(dl.path);
    const manifest = ExportManifest.parse(JSON.parse(unzipText(dl.path, MANIFEST_NAME)));
    expect(manifest.counts.messages).toBe(7);
    const folder = manifest.account.folder;
    expect(names).toContain(`${folder}/account.json`);
    expect(JSON.parse(unzipText(dl.path, `${folder}/account.json`))).toMatchObject({ id: ACCOUNT.id });
    for (const kind of EXPORT_KINDS) {
      const text = unzipText(dl.path, `${folder}/${KIND_FILES[kind]}`);
      const back: unknown[] = KIND_FILES[kind].endsWith('.jsonl')
        ? text
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as unknown)
        : (JSON.parse(text) as unknown[]);
      for (const r of back) expect(ROW_SCHEMAS[kind].safeParse(r).success).toBe(true);
      // The same rows, minus the search words Duet derives, once the file paths are taken out again.
      expect(back.map((r) => withoutFiles(r))).toEqual(rows[kind].map((r) => exportRowOf(kind, r)));
      // Every referenced file is in the archive and holds the cached bytes.
      for (const r of back)
        forEachMediaRef(r, (ref) => {
          if (!ref.file) return;
          expect(names).toContain(`${folder}/${ref.file}`);
          expect(execFileSync('unzip', ['-p', dl.path, `${folder}/${ref.file}`])).toEqual(
            exportMediaOf(ACCOUNT.id)[ref.key],
          );
        });
    }
    expect(manifest.files).toEqual({ count: 3, bytes: expect.any(Number), notCached: 1 });
    // One time only.
    expect(svc.downloads.take(begun.exportId, ticket)).toBeNull();
  });

  it('refuses an archive that would contain a token (split across chunks too) and leaves nothing', async () => {
    const { svc, deps } = await start();
    const rows = exportRowsOf(ACCOUNT.id, 2);
    rows.messages[1]!.text = `here is my token: ${PAGE_TOKEN}`;
    const begun = await svc.begin(ACCOUNT.id);
    if (begun.cancelled) throw new Error('not begun');
    await exportAll(svc, begun.exportId, rows);
    await expect(svc.finish(begun.exportId)).rejects.toThrow(/sign-in token.*Nothing was saved/);
    expect(readdirSync(deps.dir)).toEqual([]);
    await expect(svc.append(begun.exportId, 'posts', rows.posts)).rejects.toThrow(/no longer running/);
  });

  it('cancel removes everything it wrote; a restart removes what an interrupted export left', async () => {
    const { svc, deps } = await start();
    const rows = exportRowsOf(ACCOUNT.id, 3);
    const begun = await svc.begin(ACCOUNT.id);
    if (begun.cancelled) throw new Error('not begun');
    await exportAll(svc, begun.exportId, rows);
    expect(readdirSync(deps.dir)).toHaveLength(1);
    await svc.cancel(begun.exportId);
    expect(readdirSync(deps.dir)).toEqual([]);
    await expect(svc.finish(begun.exportId)).rejects.toThrow(/no longer running/);

    // A host that stops mid-export (no dispose) leaves its staging folder; the next start removes it.
    const again = await svc.begin(ACCOUNT.id);
    if (again.cancelled) throw new Error('not begun');
    await exportAll(svc, again.exportId, rows);
    const next = await createExportService(deps);
    services.push(next);
    expect(readdirSync(deps.dir)).toEqual([]);
  });

  it('cancel during the zip stops it and leaves no partial archive beside the destination', async () => {
    const dest = join(mkdtempSync(join(tmpdir(), 'duet-dest-')), 'out.zip');
    const env = setup({ choose: async () => dest });
    // One large video, so the zip is still being written when the cancel comes.
    const big = Buffer.alloc(40 * 1024 * 1024, 7);
    const key = exportRowsOf(ACCOUNT.id).media[0]!.media as { key: string };
    env.deps.media.exportFile = async (k: string, to: string) => {
      if (k !== key.key) return null;
      writeFileSync(to, big);
      return { variant: 'full' as const, mime: 'video/mp4', size: big.length };
    };
    let cancelled: Promise<unknown> | null = null;
    const svc = await createExportService({
      ...env.deps,
      emit: (p) => {
        if (p.phase === 'zipping' && p.bytes > 0 && !cancelled) cancelled = svc.cancel(p.exportId);
      },
    });
    services.push(svc);
    const begun = await svc.begin(ACCOUNT.id);
    if (begun.cancelled) throw new Error('not begun');
    await exportAll(svc, begun.exportId, exportRowsOf(ACCOUNT.id, 20));
    const outcome = await svc.finish(begun.exportId).catch((e: unknown) => e);
    expect(cancelled).not.toBeNull();
    await cancelled;
    expect(outcome).toMatchObject({ message: 'The export was cancelled. Nothing was saved.' });
    expect(readdirSync(join(dest, '..'))).toEqual([]);
    expect(readdirSync(env.deps.dir)).toEqual([]);
  });

  it('a full disk stops the export with words to act on, and leaves nothing half-written behind', async () => {
    const dest = join(mkdtempSync(join(tmpdir(), 'duet-dest-')), 'out.zip');
    const env = setup({ choose: async () => dest });
    // The media cache copying a file onto a full disk fails as Node's fs does (the media-cache tests: it throws, it
    // does not report the file as not cached). A real full disk cannot be made here without mounting one.
    env.deps.media.exportFile = async () => {
      throw Object.assign(new Error("ENOSPC: no space left on device, copyfile 'blob' -> 'media/x.jpg'"), {
        code: 'ENOSPC',
        errno: -28,
      });
    };
    const svc = await createExportService(env.deps);
    services.push(svc);
    const begun = await svc.begin(ACCOUNT.id);
    if (begun.cancelled) throw new Error('not begun');
    const outcome = await exportAll(svc, begun.exportId, exportRowsOf(ACCOUNT.id, 3)).catch(
      (e: unknown) => e,
    );
    expect(outcome).toMatchObject({
      message: 'The disk is full. Nothing was saved. Free some space and export again.',
    });
    // The export is over: nothing staged, nothing beside the destination, and a later one is refused by id.
    expect(readdirSync(env.deps.dir)).toEqual([]);
    expect(readdirSync(join(dest, '..'))).toEqual([]);
    await expect(svc.finish(begun.exportId)).rejects.toThrow(/no longer running/);
    // Space freed: the next export works.
    env.deps.media.exportFile = async () => null;
    const again = await svc.begin(ACCOUNT.id);
    if (again.cancelled) throw new Error('not begun');
    await exportAll(svc, again.exportId, exportRowsOf(ACCOUNT.id, 3));
    expect((await svc.finish(again.exportId)).savedTo).toBe(dest);
  });

  it('Electron: saves where the user chose (atomically), or does nothing when the dialog is closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duet-dest-'));
    let asked = '';
    const { svc } = await start({
      choose: async (name) => {
        asked = name;
        return asked.includes('Ana') ? join(dir, name) : null;
      },
    });
    const begun = await svc.begin(ACCOUNT.id);
    if (begun.cancelled) throw new Error('not begun');
    expect(asked).toBe('Duet export Café Ana 2026-12-01.zip');
    await exportAll(svc, begun.exportId, exportRowsOf(ACCOUNT.id));
    const done = await svc.finish(begun.exportId);
    expect(done.savedTo).toBe(join(dir, asked));
    expect(done.download).toBeUndefined();
    expect(readdirSync(dir)).toEqual([asked]);
    expect(readFileSync(done.savedTo!).subarray(0, 2).toString()).toBe('PK');

    const closed = await start({ choose: async () => null });
    expect(await closed.svc.begin(ACCOUNT.id)).toEqual({ cancelled: true });
    expect(readdirSync(closed.deps.dir)).toEqual([]);
  });

  it('refuses malformed rows, rows of another account and file paths it did not add', async () => {
    const { svc } = await start();
    const begun = await svc.begin(ACCOUNT.id);
    if (begun.cancelled) throw new Error('not begun');
    const id = begun.exportId;
    const [msg] = exportRowsOf(ACCOUNT.id, 1).messages;
    await expect(svc.append(id, 'messages', [{ ...msg, conversationId: undefined }])).rejects.toThrow(
      /not a valid messages row/,
    );
    await expect(svc.append(id, 'messages', [{ ...msg, createdTime: 'yesterday' }])).rejects.toThrow(
      /not a valid/,
    );
    await expect(svc.append(id, 'messages', [{ ...msg, accountId: '999' }])).rejects.toThrow(
      /another account/,
    );
    const evil = {
      ...msg,
      attachments: [{ kind: 'image', media: { key: 'k', url: 'u', file: '../../.ssh/id_rsa' } }],
    };
    await expect(svc.append(id, 'messages', [evil])).rejects.toThrow(/not in the export/);
    const unlisted = {
      ...msg,
      attachments: [{ kind: 'image', media: { key: 'k', url: 'u', file: 'media/x-1.jpg' } }],
    };
    await expect(svc.append(id, 'messages', [unlisted])).rejects.toThrow(/not in the export/);
    // A refused chunk does not end the export: the next good one is written.
    expect(await svc.append(id, 'messages', [msg!])).toEqual({ rows: 1 });
    await expect(svc.begin('not-mine')).rejects.toThrow(/not among the signed-in Pages/);
  });

  it('the bridge refuses oversize chunks before the host sees them', () => {
    const row = { id: 'a', accountId: '1' };
    const id = 'a'.repeat(32);
    expect(() =>
      parseRequest('export/append', {
        exportId: id,
        kind: 'messages',
        rows: Array(MAX_CHUNK_ROWS + 1).fill(row),
      }),
    ).toThrow(/At most 500 rows/);
    expect(() =>
      parseRequest('export/append', {
        exportId: id,
        kind: 'messages',
        rows: [{ ...row, text: 'x'.repeat(950_000) }],
      }),
    ).not.toThrow();
    // Measured in UTF-8 bytes, as the browser host's body limit is: 400,000 CJK characters are 1.2 MB.
    expect(() =>
      parseRequest('export/append', {
        exportId: id,
        kind: 'messages',
        rows: [{ ...row, text: '営'.repeat(400_000) }],
      }),
    ).toThrow(/too large/);
    expect(() =>
      parseRequest('export/append', { exportId: '../../etc', kind: 'messages', rows: [row] }),
    ).toThrow();
    expect(() => parseRequest('export/append', { exportId: id, kind: 'tokens', rows: [row] })).toThrow();
    expect(() => parseRequest('export/add-media', { exportId: id, keys: Array(201).fill('k') })).toThrow();
  });
});
