// The browser host keeps one address (origin) per data folder. The page's IndexedDB — the cache and the outbox of
// replies waiting to be sent — belongs to the origin, and the origin includes the port: a host that came back on
// another port would show an empty app while the queued replies wait, unseen, under the old address.
import { join } from 'node:path';
import { createJsonStore } from './json-store';
import { startBrowserHost, type BrowserHost, type BrowserHostOptions } from './server';

/** The file in the data folder that remembers the port (0600, written atomically by createJsonStore). */
export const PORT_FILE = 'browser-host.json';

/** The remembered port was busy: another program (or another Duet on this data folder) holds it. */
export class PortInUseError extends Error {}

const isPort = (n: unknown): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65535;

/** Reads `--port` (or DUET_PORT): undefined when not given, 0 = pick a free one; anything else malformed throws. */
export function parsePortOption(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!isPort(n)) throw new Error(`--port must be a number from 0 to 65535 (got "${text}").`);
  return n;
}

/** The port to listen on: the explicit one, else the remembered one, else 0 (a free one, remembered after). */
export function choosePort(explicit: number | undefined, remembered: number | undefined): number {
  return explicit ?? remembered ?? 0;
}

/** The port remembered for this data folder, if the file holds a valid one. */
export function readRememberedPort(dataDir: string): number | undefined {
  const port = createJsonStore(join(dataDir, PORT_FILE)).get('port');
  return isPort(port) && port > 0 ? port : undefined;
}

/**
 * Starts the browser host on this data folder's address and remembers it. `port` given (even 0) overrides the
 * remembered one and becomes the new one; `movedFrom` then names the old port so the caller can say so.
 */
export async function launchBrowserHost(
  opts: BrowserHostOptions,
): Promise<{ host: BrowserHost; movedFrom?: number }> {
  const dataDir = opts.platform.dataDir;
  const remembered = readRememberedPort(dataDir);
  const port = choosePort(opts.port, remembered);
  let host: BrowserHost;
  try {
    host = await startBrowserHost({ ...opts, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    // Never fall back to another port: that would move the origin and strand what the browser keeps for Duet.
    throw new PortInUseError(
      `Port ${port} is already in use, so Duet cannot start at its address for this data folder ` +
        `(http://127.0.0.1:${port}, data folder ${dataDir}).\n` +
        `Is Duet already running on this data folder? Then use that one, or stop it first.\n` +
        `If another program holds the port, start Duet with --port <another number>. The browser keeps Duet's ` +
        `data per address, so replies still waiting to be sent stay at port ${port} until Duet runs there again.`,
    );
  }
  createJsonStore(join(dataDir, PORT_FILE)).set('port', host.port);
  return remembered !== undefined && remembered !== host.port ? { host, movedFrom: remembered } : { host };
}
