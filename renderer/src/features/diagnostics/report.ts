// Gathers what the Diagnostics panel shows, and builds the redacted report users can copy into a bug report:
// counts, states and versions only — never a token, a message text, a name or an id.
import { type AppInfo } from '../../../../shared/bridge/calls/app';
import { type HostDiagnostics } from '../../../../shared/bridge/calls/diagnostics';
import { type DuetDb, type OutboxState } from '../../data/db';
import { countEntriesIn } from '../../data/repos/outbox';
import { countRows } from '../../data/repos/store';
import { allSyncStates } from '../../data/repos/sync-state';
import { type SyncStatus } from '../../data/sync/types';

/** Everything the panel shows. */
export interface Diagnostics {
  generatedAt: number;
  app: AppInfo;
  host: HostDiagnostics | null;
  tables: Record<string, number>;
  storage: { usageBytes?: number; quotaBytes?: number };
  outbox: Record<OutboxState, number>;
  streams: Array<{
    accountId: string;
    stream: string;
    items: number;
    skipped: number;
    backfillDone: boolean;
    lastSyncedAt?: number;
    lastError?: string;
  }>;
  sync: Pick<SyncStatus, 'online' | 'intervalMs' | 'lastSyncedAt' | 'paused'> | null;
  rendererMemory?: { usedJsHeapBytes: number; totalJsHeapBytes: number };
}

/** Reads the local store, the host and the page for the panel. */
export async function collectDiagnostics(
  db: DuetDb | null,
  app: AppInfo,
  host: HostDiagnostics | null,
  sync: SyncStatus | null,
): Promise<Diagnostics> {
  const tables: Record<string, number> = {};
  const outbox: Record<OutboxState, number> = {
    queued: 0,
    sending: 0,
    sent: 0,
    failed: 0,
    unknown: 0,
    unconfirmed: 0,
  };
  const streams: Diagnostics['streams'] = [];
  if (db) {
    Object.assign(tables, await countRows(db));
    await Promise.all(
      (Object.keys(outbox) as OutboxState[]).map(async (s) => (outbox[s] = await countEntriesIn(db, [s]))),
    );
    for (const s of await allSyncStates(db)) {
      streams.push({
        accountId: s.accountId,
        stream: s.stream,
        items: s.itemCount,
        skipped: s.skipped,
        backfillDone: s.backfillDone,
        lastSyncedAt: s.lastSyncedAt,
        lastError: s.lastError,
      });
    }
  }
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  const memory = (
    performance as Performance & { memory?: { usedJSHeapSize: number; totalJSHeapSize: number } }
  ).memory;
  return {
    generatedAt: Date.now(),
    app,
    host,
    tables,
    storage: { usageBytes: estimate?.usage, quotaBytes: estimate?.quota },
    outbox,
    streams,
    sync: sync && {
      online: sync.online,
      intervalMs: sync.intervalMs,
      lastSyncedAt: sync.lastSyncedAt,
      paused: sync.paused,
    },
    rendererMemory: memory && {
      usedJsHeapBytes: memory.usedJSHeapSize,
      totalJsHeapBytes: memory.totalJSHeapSize,
    },
  };
}

/** Replaces every Graph-looking id with a stable short alias, so a report can be shared. */
function aliaser() {
  const aliases = new Map<string, string>();
  return (id: string) => {
    if (!aliases.has(id)) aliases.set(id, `account-${aliases.size + 1}`);
    return aliases.get(id)!;
  };
}

/** The copyable report: plain text, no tokens, no message text, no names, ids replaced by aliases. */
export function redactedReport(d: Diagnostics): string {
  const alias = aliaser();
  const lines = [
    `Duet diagnostics — ${new Date(d.generatedAt).toISOString()}`,
    `App ${d.app.version} (${d.app.host}) on ${d.app.platform}; Electron ${d.app.versions.electron ?? '—'}, Chromium ${d.app.versions.chrome ?? navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? '—'}, Node ${d.app.versions.node}`,
    `Demo mode: ${d.app.demo ? 'yes' : 'no'}`,
    '',
    'Local store (rows):',
    ...Object.entries(d.tables).map(([t, n]) => `  ${t}: ${n}`),
    `  storage used: ${d.storage.usageBytes ?? '?'} of ${d.storage.quotaBytes ?? '?'} bytes`,
    '',
    'Outbox:',
    ...Object.entries(d.outbox).map(([s, n]) => `  ${s}: ${n}`),
    '',
    'Streams:',
    ...d.streams.map(
      (s) =>
        `  ${alias(s.accountId)} ${s.stream}: ${s.items} items, ${s.skipped} skipped, backfill ${s.backfillDone ? 'done' : 'running'}, last sync ${s.lastSyncedAt ? new Date(s.lastSyncedAt).toISOString() : 'never'}${s.lastError ? `, last error: ${s.lastError.replace(/access_token=[^&\s]+/g, 'access_token=[redacted]')}` : ''}`,
    ),
    '',
    `Sync: ${d.sync ? `${d.sync.online ? 'online' : 'offline'}, every ${Math.round(d.sync.intervalMs / 1000)} s${d.sync.paused ? `, paused (${d.sync.paused})` : ''}` : 'not running'}`,
  ];
  if (d.host) {
    lines.push(
      `Media cache: ${d.host.mediaCache.bytes} of ${d.host.mediaCache.maxBytes} bytes, ${d.host.mediaCache.entries} files, ${d.host.mediaCache.hits} hits / ${d.host.mediaCache.misses} misses`,
      'Rate-limit budget:',
      ...d.host.usage.map(
        (u) =>
          `  ${alias(u.accountId)}: app ${Math.round(u.appPct)}%, business ${Math.round(u.businessPct)}%${u.throttledUntil ? `, throttled until ${new Date(u.throttledUntil).toISOString()}` : ''}`,
      ),
      `Host memory: rss ${d.host.memory.rssBytes}, heap ${d.host.memory.heapUsedBytes}`,
    );
  }
  if (d.rendererMemory)
    lines.push(
      `Renderer JS heap: ${d.rendererMemory.usedJsHeapBytes} of ${d.rendererMemory.totalJsHeapBytes} bytes`,
    );
  return lines.join('\n');
}
