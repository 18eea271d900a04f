// "Take it out": exports everything Duet stores for the account as one zip archive (docs/export-format.md), with
// progress, Cancel, and a summary at the end — counts per kind, size and where it went. Electron asks where to save
// it; the browser host offers the finished archive as a one-time download from this page.
import { useEffect, useRef, useState } from 'react';
import { EXPORT_KINDS } from '../../../../shared/export/rows';
import { useApp } from '../../app/context';
import { messageOf } from '../../app/errors';
import { type DuetDb } from '../../data/db';
import {
  ExportCancelled,
  exportAccount,
  type ExportStatus,
  type ExportSummary,
} from '../../data/repos/export';
import { INVENTORY } from '../../data/repos/inventory';
import { bytesText } from '../../ui/bytes';

type State =
  | { step: 'idle' }
  | { step: 'running'; status: ExportStatus | null }
  | { step: 'done'; summary: ExportSummary; downloaded: boolean }
  /** The user's own Cancel: said plainly, not as a failure. */
  | { step: 'cancelled'; message: string }
  | { step: 'failed'; message: string };

const labelOf = (kind: string) => INVENTORY.find((e) => e.kind === kind)?.label ?? kind;
const total = (s: ExportStatus) => Object.values(s.counts).reduce((a, b) => a + b, 0);

/** What the running export is doing, in words. */
function progressText(s: ExportStatus | null): string {
  if (!s) return 'Starting…';
  if (s.phase === 'zipping' || s.phase === 'checking')
    return `Writing the archive and checking it holds no sign-in token: ${bytesText(s.bytes)} so far…`;
  return `Collected ${total(s).toLocaleString()} items and ${s.files.toLocaleString()} pictures and videos (${bytesText(s.bytes)})…`;
}

/** The export section of the Privacy & data dialog. */
export function ExportData(props: { db: DuetDb | null; accountId: string }) {
  const { bridge, session } = useApp();
  const [state, setState] = useState<State>({ step: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const name =
    (session.session?.accounts ?? []).find((a) => a.id === props.accountId)?.name ?? 'this account';
  // Closing the dialog mid-export stops it (the host removes what it wrote).
  useEffect(() => () => abort.current?.abort(), []);

  const start = () => {
    if (!props.db) return;
    const ac = new AbortController();
    abort.current = ac;
    setState({ step: 'running', status: null });
    exportAccount({
      db: props.db,
      bridge,
      accountId: props.accountId,
      signal: ac.signal,
      onStatus: (status) => setState({ step: 'running', status }),
    }).then(
      (r) => setState('cancelled' in r ? { step: 'idle' } : { step: 'done', summary: r, downloaded: false }),
      (e: unknown) =>
        setState(
          e instanceof ExportCancelled
            ? { step: 'cancelled', message: e.message }
            : { step: 'failed', message: messageOf(e) },
        ),
    );
  };

  return (
    <section className="export-data" aria-label="Export">
      <p>
        One zip archive with everything Duet keeps for {name}: posts, Instagram posts and stories, every
        conversation with all its messages, comments, insights numbers, and the pictures and videos on this
        computer. Never your sign-in token.
      </p>
      {state.step === 'running' ? (
        <div className="export-progress">
          <p role="status" aria-live="polite">
            {progressText(state.status)}
          </p>
          <button className="btn btn-sm" onClick={() => abort.current?.abort()}>
            Cancel export
          </button>
        </div>
      ) : (
        <button className="btn btn-sm btn-primary" disabled={!props.db} onClick={start}>
          Export everything for {name}
        </button>
      )}
      {state.step === 'cancelled' && (
        <p className="export-cancelled" role="status">
          {state.message}
        </p>
      )}
      {state.step === 'failed' && (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      )}
      {state.step === 'done' && (
        <ExportDone
          summary={state.summary}
          downloaded={state.downloaded}
          onDownloaded={() => setState({ ...state, downloaded: true })}
        />
      )}
    </section>
  );
}

/** The summary: what is in the archive and where it went. */
function ExportDone(props: { summary: ExportSummary; downloaded: boolean; onDownloaded(): void }) {
  const s = props.summary;
  return (
    <div className="export-summary" role="status">
      <h4>Export ready: {s.fileName}</h4>
      <table className="privacy-table" aria-label="In the archive">
        <tbody>
          {EXPORT_KINDS.map((k) => (
            <tr key={k} data-kind={k}>
              <th scope="row">{labelOf(k)}</th>
              <td>{s.counts[k].toLocaleString()}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Pictures and videos</th>
            <td>
              {s.files.toLocaleString()}
              {s.notCached > 0 &&
                ` (${s.notCached.toLocaleString()} more were never downloaded, so are not included)`}
            </td>
          </tr>
          {s.linksOnly > 0 && (
            <tr>
              <th scope="row">Voice messages and files</th>
              <td>
                {s.linksOnly.toLocaleString()} as Meta’s links only: Duet does not download them, and the
                links expire
              </td>
            </tr>
          )}
          <tr>
            <th scope="row">Archive size</th>
            <td>{bytesText(s.bytes)}</td>
          </tr>
        </tbody>
      </table>
      {s.savedTo && <p>Saved to {s.savedTo}</p>}
      {s.download &&
        (props.downloaded ? (
          <p>Downloaded to your browser’s downloads. The link works once: export again for another copy.</p>
        ) : (
          <a
            className="btn btn-sm btn-primary"
            href={s.download}
            download={s.fileName}
            onClick={props.onDownloaded}
          >
            Download {s.fileName}
          </a>
        ))}
    </div>
  );
}
