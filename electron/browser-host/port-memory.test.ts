// The browser host keeps one address per data folder: the page's IndexedDB (outbox included) belongs to that origin.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallHandlers } from '../../shared/bridge/contract';
import type { HostCore } from '../services/types';
import {
  choosePort,
  launchBrowserHost,
  parsePortOption,
  PORT_FILE,
  PortInUseError,
  readRememberedPort,
} from './port-memory';
import type { BrowserHost } from './server';
import { nullMedia, nullStore, nullVault } from '../test/null-platform';

const store = nullStore;
const vault = nullVault;
const open: BrowserHost[] = [];

async function launch(dataDir: string, port?: number) {
  const result = await launchBrowserHost({
    port,
    rendererDir: dataDir,
    platform: { dataDir, appVersion: '1.0.0', versions: { node: '20' }, env: {}, store, vault },
    createCore: async (): Promise<HostCore> => ({
      handlers: {} as CallHandlers,
      media: nullMedia,
      dispose: async () => {},
    }),
  });
  open.push(result.host);
  return result;
}

afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

describe('port memory', () => {
  it('chooses explicit, else remembered, else a free port', () => {
    const table: Array<[number | undefined, number | undefined, number]> = [
      [undefined, undefined, 0],
      [undefined, 5123, 5123],
      [6000, 5123, 6000],
      [6000, undefined, 6000],
      [0, 5123, 0],
    ];
    for (const [explicit, remembered, port] of table)
      expect(choosePort(explicit, remembered), `${explicit}/${remembered}`).toBe(port);
  });

  it('reads --port strictly', () => {
    const table: Array<[string | undefined, number | undefined | 'error']> = [
      [undefined, undefined],
      ['', undefined],
      ['0', 0],
      ['8080', 8080],
      ['65535', 65535],
      ['65536', 'error'],
      ['-1', 'error'],
      ['80.5', 'error'],
      ['abc', 'error'],
      ['8080abc', 'error'],
    ];
    for (const [text, want] of table) {
      if (want === 'error') expect(() => parsePortOption(text), text).toThrow(/--port/);
      else expect(parsePortOption(text), text).toBe(want);
    }
  });

  it('a restart on the same data folder gets the same origin; the file is private', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'duet-port-'));
    const first = await launch(dataDir);
    const origin = first.host.origin;
    expect(first.movedFrom).toBeUndefined();
    expect(readRememberedPort(dataDir)).toBe(first.host.port);
    expect(statSync(join(dataDir, PORT_FILE)).mode & 0o777).toBe(0o600);
    await open.pop()!.close();
    const second = await launch(dataDir);
    expect(second.host.origin).toBe(origin);
    expect(second.movedFrom).toBeUndefined();
  });

  it('an explicit --port wins and is remembered, and says the address moved', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'duet-port-'));
    const first = await launch(dataDir);
    const oldPort = first.host.port;
    await open.pop()!.close();
    const free = await freePort();
    const moved = await launch(dataDir, free);
    expect(moved.host.port).toBe(free);
    expect(moved.movedFrom).toBe(oldPort);
    expect(readRememberedPort(dataDir)).toBe(free);
  });

  it('never moves silently when the remembered port is busy', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'duet-port-'));
    const first = await launch(dataDir);
    // A second Duet on the same data folder while the first still runs.
    const error = await launch(dataDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    const message = (error as Error).message;
    expect(message).toContain(String(first.host.port));
    expect(message).toContain(dataDir);
    expect(message).toContain('--port');
    expect(readRememberedPort(dataDir)).toBe(first.host.port);
  });

  it('ignores a corrupt or hand-edited port file (picks a free port and remembers it)', async () => {
    for (const junk of ['{', '{"port":"80"}', '{"port":-5}', '{"port":70000}', '[]', 'null']) {
      const dataDir = mkdtempSync(join(tmpdir(), 'duet-port-'));
      writeFileSync(join(dataDir, PORT_FILE), junk);
      expect(readRememberedPort(dataDir), junk).toBeUndefined();
      const { host } = await launch(dataDir);
      expect(JSON.parse(readFileSync(join(dataDir, PORT_FILE), 'utf8'))).toEqual({ port: host.port });
      await open.pop()!.close();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
