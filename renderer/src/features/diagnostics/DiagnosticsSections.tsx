// The sections of the Diagnostics panel, one component each: the local store, the outbox, sync per stream, the
// API budget per Page, and the app's versions and memory.
import { bytesText as bytes } from '../../ui/bytes';
import { relativeTime } from '../../ui/time';
import { type Diagnostics } from './report';

/** Rows per table, browser storage and the media cache. */
function StoreSection({ data }: { data: Diagnostics }) {
  return (
    <section>
      <h3>Local store</h3>
      <table className="diag-table">
        <tbody>
          {Object.entries(data.tables).map(([t, n]) => (
            <tr key={t}>
              <th scope="row">{t}</th>
              <td>{n.toLocaleString()} rows</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Browser storage</th>
            <td>
              {bytes(data.storage.usageBytes)} of {bytes(data.storage.quotaBytes)}
            </td>
          </tr>
          <tr>
            <th scope="row">Media cache</th>
            <td>
              {data.host
                ? `${bytes(data.host.mediaCache.bytes)} of ${bytes(data.host.mediaCache.maxBytes)} · ${data.host.mediaCache.entries} files · ${data.host.mediaCache.hits} hits / ${data.host.mediaCache.misses} misses`
                : '—'}
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

/** Outgoing messages per state. */
function OutboxSection({ data }: { data: Diagnostics }) {
  return (
    <section>
      <h3>Outbox</h3>
      <table className="diag-table">
        <tbody>
          {Object.entries(data.outbox).map(([s, n]) => (
            <tr key={s}>
              <th scope="row">{s}</th>
              <td>{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Per Page and stream: items, skipped, last sync (and its error). */
function SyncSection({ data, accountName }: { data: Diagnostics; accountName: (id: string) => string }) {
  return (
    <section className="diag-wide">
      <h3>Sync</h3>
      <table className="diag-table">
        <thead>
          <tr>
            <th>Page</th>
            <th>Stream</th>
            <th>Items</th>
            <th>Skipped</th>
            <th>Last sync</th>
          </tr>
        </thead>
        <tbody>
          {data.streams.map((s) => (
            <tr key={`${s.accountId}|${s.stream}`}>
              <td>{accountName(s.accountId)}</td>
              <td>
                {s.stream}
                {!s.backfillDone && ' (backfilling)'}
              </td>
              <td>{s.items.toLocaleString()}</td>
              <td className={s.skipped > 0 ? 'diag-warn' : undefined}>{s.skipped}</td>
              <td title={s.lastError}>
                {s.lastSyncedAt ? relativeTime(s.lastSyncedAt) : 'never'}
                {s.lastError ? ' ⚠' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The Meta API budget used per Page. */
function BudgetSection({ data, accountName }: { data: Diagnostics; accountName: (id: string) => string }) {
  return (
    <section>
      <h3>API budget</h3>
      <table className="diag-table">
        <tbody>
          {(data.host?.usage ?? []).map((u) => (
            <tr key={u.accountId}>
              <th scope="row">{accountName(u.accountId)}</th>
              <td>
                app {Math.round(u.appPct)}% · business {Math.round(u.businessPct)}%
                {u.throttledUntil ? ` · paused until ${new Date(u.throttledUntil).toLocaleTimeString()}` : ''}
              </td>
            </tr>
          ))}
          {!data.host?.usage.length && (
            <tr>
              <td colSpan={2}>No calls yet.</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

/** Versions and memory. */
function AppSection({ data }: { data: Diagnostics }) {
  return (
    <section>
      <h3>App</h3>
      <table className="diag-table">
        <tbody>
          <tr>
            <th scope="row">Duet</th>
            <td>
              {data.app.version} ({data.app.host} host{data.app.demo ? ', demo' : ''})
            </td>
          </tr>
          <tr>
            <th scope="row">Electron / Chromium / Node</th>
            <td>
              {data.app.versions.electron ?? '—'} /{' '}
              {data.app.versions.chrome ?? navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? '—'} /{' '}
              {data.app.versions.node}
            </td>
          </tr>
          <tr>
            <th scope="row">Renderer memory</th>
            <td>{data.rendererMemory ? `${bytes(data.rendererMemory.usedJsHeapBytes)} JS heap` : '—'}</td>
          </tr>
          <tr>
            <th scope="row">Host memory</th>
            <td>{data.host ? `${bytes(data.host.memory.rssBytes)} RSS` : '—'}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

/** Every section of the panel. */
export function DiagnosticsSections(props: { data: Diagnostics; accountName: (id: string) => string }) {
  return (
    <div className="diag" data-testid="diagnostics">
      <StoreSection data={props.data} />
      <OutboxSection data={props.data} />
      <SyncSection data={props.data} accountName={props.accountName} />
      <BudgetSection data={props.data} accountName={props.accountName} />
      <AppSection data={props.data} />
    </div>
  );
}
