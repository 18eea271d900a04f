// The Diagnostics panel: what is stored, what is queued, what was skipped, the API budget, versions — and a
// redacted report to copy. Lazy-loaded: it is not part of the initial bundle.
import { useState } from 'react';
import { useApp } from '../../app/context';
import { type DuetDb } from '../../data/db';
import { type SyncStatus } from '../../data/sync/types';
import { Dialog } from '../../ui/Dialog';
import { DiagnosticsSections } from './DiagnosticsSections';
import { redactedReport } from './report';
import { useDiagnostics } from './use-diagnostics';
import './diagnostics.css';

/** The diagnostics dialog. */
export default function DiagnosticsDialog(props: {
  db: DuetDb | null;
  status: SyncStatus | null;
  onClose(): void;
}) {
  const { session } = useApp();
  const { db, status } = props;
  const { data, error, setError, refresh } = useDiagnostics(db, status);
  const [copied, setCopied] = useState(false);

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
          <button className="btn" onClick={refresh}>
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
        <DiagnosticsSections data={data} accountName={accountName} />
      )}
    </Dialog>
  );
}
