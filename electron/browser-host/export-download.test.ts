// The browser host hands a finished export out once, to the app's own page only: a hostile local page (another port
// on 127.0.0.1, which is the same site) can neither fetch the archive nor spend its ticket.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallHandlers } from '../../shared/bridge/contract';
import { createExportService, type ExportService } from '../services/export/service';
import { nullMedia, nullStore, nullVault } from '../test/null-platform';
import { secretCookieName } from './guard';
import { startBrowserHost, type BrowserHost } from './server';

const root = mkdtempSync(join(tmpdir(), 'duet-dl-'));
mkdirSync(join(root, 'renderer'));
writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>Duet</title>');
let host: BrowserHost;
let exports: ExportService;

beforeAll(async () => {
  exports = await createExportService({
    dir: join(root, 'exports'),
    media: nullMedia,
    accounts: () => [{ id: '1001', name: 'Café Ana', tasks: [] }],
    secrets: () => [],
    emit: () => {},
    now: Date.now,
    appVersion: '1.0.0',
    log: () => {},
  });
  host = await startBrowserHost({
    rendererDir: join(root, 'renderer'),
    secret: 'test-secret-test-secret',
    platform: {
      dataDir: root,
      appVersion: '1.0.0',
      versions: { node: '20' },
      env: {},
      store: nullStore,
      vault: nullVault,
    },
    createCore: async () => ({
      handlers: {} as CallHandlers,
      media: nullMedia,
      exports: exports.downloads,
      dispose: () => exports.dispose(),
    }),
  });
});
afterAll(() => host.close());

async function finished(): Promise<string> {
  const begun = await exports.begin('1001');
  if (begun.cancelled) throw new Error('not begun');
  const done = await exports.finish(begun.exportId);
  return done.download!;
}

const cookie = () => `${secretCookieName(host.port)}=${host.secret}`;
const get = (path: string, headers: Record<string, string>) => fetch(`${host.origin}${path}`, { headers });

describe('export download', () => {
  it('refuses other local sites, callers without the session and wrong tickets, without spending the ticket', async () => {
    const path = await finished();
    // Without the session cookie: what any page or tool on this computer has.
    expect((await get(path, {})).status).toBe(401);
    // A page on another port fetching it (cross-origin): the guard refuses.
    expect(
      (
        await get(path, {
          cookie: cookie(),
          origin: 'http://127.0.0.1:9',
          'sec-fetch-site': 'same-site',
          'sec-fetch-mode': 'cors',
        })
      ).status,
    ).toBe(403);
    // The same page navigating to it (a same-site navigation carries the Strict cookie): refused here.
    expect(
      (
        await get(path, {
          cookie: cookie(),
          'sec-fetch-site': 'same-site',
          'sec-fetch-mode': 'navigate',
          'sec-fetch-dest': 'document',
        })
      ).status,
    ).toBe(403);
    expect(
      (await get(path, { cookie: cookie(), 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }))
        .status,
    ).toBe(403);
    // Guessing: the right id with another ticket.
    expect((await get(path.replace(/t=[a-f0-9]+/, `t=${'0'.repeat(48)}`), { cookie: cookie() })).status).toBe(
      404,
    );

    // The app's own page still gets it, once.
    const ok = await get(path, {
      cookie: cookie(),
      'sec-fetch-site': 'same-origin',
      'sec-fetch-mode': 'navigate',
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/zip');
    expect(ok.headers.get('content-disposition')).toMatch(
      /^attachment; filename="Duet export Caf_ Ana \d{4}-\d\d-\d\d\.zip"/,
    );
    const file = join(root, 'got.zip');
    writeFileSync(file, Buffer.from(await ok.arrayBuffer()));
    expect(execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' })).toContain('duet-export.json');
    const again = await get(path, { cookie: cookie(), 'sec-fetch-site': 'same-origin' });
    expect(again.status).toBe(404);
    expect(await again.text()).toMatch(/used already/);
  });
});
