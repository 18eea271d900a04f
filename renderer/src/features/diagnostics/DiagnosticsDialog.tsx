// The Diagnostics panel: what is stored, what is queued, what was skipped, the API budget, versions — and a
// redacted report to copy. Lazy-loaded: it is not part of the initial bundle.
import { useEffect, useState } from 'react';
import { useApp } from '../../app/context';
import { messageOf } from '../../app/errors';
import { type DuetDb } from '../../data/db';
import { type SyncStatus } from '../../data/sync/types';
import { Dialog } from '../../ui/Dialog';
import { relativeTime } from '../../ui/time';
import { collectDiagnostics, type Diagnostics, redactedReport } from './report';
import './diagnostics.css';

function bytes(n: number | undefined): string {
  if (n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** The diagnostics dialog. */
export default function DiagnosticsDialog(props: {
  db: DuetDb | null;
  status: SyncStatus | null;
  onClose(): void;
}) {
  const { bridge, info, session } = useApp();
  const [data, setData] = useState<Diagnostics | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const { db, status } = props;

  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    let live = true;
    let failure: string | null = null;
    bridge
      .invoke('diagnostics/get', {})
      .catch((e: unknown) => {
        failure = messageOf(e);
        return null;
      })
      .then((host) => collectDiagnostics(db, info, host, status))
      .then(
        (d) => {
          if (!live) return;
          setData(d);
          setError(failure);
        },
        (e: unknown) => live && setError(messageOf(e)),
      );
    return () => {
      live = false;
    };
  }, [bridge, db, info, status, refresh]);

  const copy = async () => {
    if (!data) return;
    await navigator.clipboard.writeText(redactedReport(data)).then(
      () => setCopied(true),
      () => setError('Copying to the clipboard was not allowed.'),
    );
  };

  const accountName = (id: string) => session.session?.accounts.find((a) => a.id === id)?.name ?? id;

  return (
    <Dialog
      title="Diagnostics"
      onClose={props.onClose}
      wide
      footer={
        <>
          {copied && (
            <span className="settings-saved">Copied — it contains no tokens and no message text.</span>
          )}
          <button className="btn" onClick={() => setRefresh((n) => n + 1)}>
            Refresh
          </button>
          <button className="btn btn-primary" onClick={() => void copy()} disabled={!data}>
            Copy redacted report
          </button>
        </>
      }
    >
      {error && <div className="form-error">{error}</div>}
      {!data ? (
        <p aria-busy="true">Collecting…</p>
      ) : (
        <div className="diag" data-testid="diagnostics">
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
          <section>
            <h3>API budget</h3>
            <table className="diag-table">
              <tbody>
                {(data.host?.usage ?? []).map((u) => (
                  <tr key={u.accountId}>
                    <th scope="row">{accountName(u.accountId)}</th>
                    <td>
                      app {Math.round(u.appPct)}% · business {Math.round(u.businessPct)}%
                      {u.throttledUntil
                        ? ` · paused until ${new Date(u.throttledUntil).toLocaleTimeString()}`
                        : ''}
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
                  <td>
                    {data.rendererMemory ? `${bytes(data.rendererMemory.usedJsHeapBytes)} JS heap` : '—'}
                  </td>
                </tr>
                <tr>
                  <th scope="row">Host memory</th>
                  <td>{data.host ? `${bytes(data.host.memory.rssBytes)} RSS` : '—'}</td>
                </tr>
              </tbody>
            </table>
          </section>
        </div>
      )}
    </Dialog>
  );
}
