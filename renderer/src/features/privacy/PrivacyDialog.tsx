// Privacy & data: what Duet may do on Facebook and Instagram (every permission with its status, the Pages or
// Instagram accounts it applies to and the features that need it; the sign-in's type and expiry, the data-access
// expiry; the person's tasks per Page), Revoke per permission after a confirmation naming what stops, and Grant
// again. Lazy-loaded (not in the initial bundle).
import { useState } from 'react';
import type { PermissionEntry } from '../../../../shared/bridge/calls/privacy';
import { FEATURES, featuresNeeding } from '../../../../shared/permissions/features';
import { useApp } from '../../app/context';
import { Dialog } from '../../ui/Dialog';
import { fullTime } from '../../ui/time';
import { type DuetDb } from '../../data/db';
import { DataUse } from './DataUse';
import { DeleteConfirm, DeleteData } from './DeleteData';
import { ExportData } from './ExportData';
import { StoredData } from './StoredData';
import { useDeleteData } from './use-delete-data';
import { useInventory } from './use-inventory';
import { useGrantAgain, usePermissionState } from './use-permissions';
import './privacy.css';

const STATUS_WORDS: Record<PermissionEntry['status'], string> = {
  granted: 'Allowed',
  declined: 'Not allowed',
  expired: 'Expired',
  'not-asked': 'Not asked yet',
};

/** "Read Messenger conversations, Reply to Messenger messages" (what a permission is for, today's features first). */
function usesOf(permission: string): string {
  const ids = featuresNeeding(permission);
  const now = ids.filter((id) => !FEATURES[id].coming).map((id) => FEATURES[id].label);
  const later = ids.filter((id) => FEATURES[id].coming).map((id) => FEATURES[id].label);
  const parts = [now.join(', '), later.length ? `later: ${later.join(', ')}` : ''].filter(Boolean);
  return parts.join('; ') || 'Not used by Duet';
}

const when = (ms: number | null) => (ms === null ? 'Never' : fullTime(ms));

/** The Privacy & data dialog. */
export default function PrivacyDialog(props: {
  onClose(): void;
  db: DuetDb | null;
  accountId: string;
  /** After stored data was deleted (the shell restarts sync, so what went backfills again). */
  onDeleted?: () => void;
}) {
  const { settings, session } = useApp();
  const { state, error, revoke, setState } = usePermissionState();
  const [generation, setGeneration] = useState(0);
  const inventory = useInventory(props.db, props.accountId, generation);
  const { grantAgain, busy, message } = useGrantAgain();
  const [confirm, setConfirm] = useState<string | null>(null);
  const deleting = useDeleteData(props.db, props.accountId, () => {
    setGeneration((g) => g + 1);
    props.onDeleted?.();
  });

  // The confirm steps open over the panel, never in its place: the panel stays mounted, so an export running in it
  // (collecting or zipping) goes on, and its summary and download link are still there afterwards.
  const over = deleting.reviewing ? (
    <DeleteConfirm flow={deleting} inventory={inventory} />
  ) : confirm ? (
    <RevokeConfirm
      permission={confirm}
      onClose={() => setConfirm(null)}
      onConfirm={() => {
        setConfirm(null);
        void revoke(confirm);
      }}
    />
  ) : null;

  return (
    <>
      <Dialog title="Privacy & data" onClose={props.onClose} wide>
        {(error ?? message) && (
          <div className="form-error" role="alert">
            {error ?? message}
          </div>
        )}
        <h3 className="settings-section">What Duet may do</h3>
        {!state && !error && <p>Asking Facebook…</p>}
        {state && (
          <>
            {!state.complete && (
              <p className="settings-hint">
                Facebook does not list the permissions of a Page access token; features say so when Meta
                refuses them.
              </p>
            )}
            <dl className="privacy-facts">
              <dt>Signed in with</dt>
              <dd>
                {state.signIn.type === 'USER' ? 'a user access token' : state.signIn.type.toLowerCase()}{' '}
                (present: {state.signIn.masked}, never shown)
              </dd>
              <dt>Sign-in expires</dt>
              <dd>{when(state.signIn.expiresAt)}</dd>
              <dt>Data access ends</dt>
              <dd>
                {state.signIn.dataAccessExpiresAt === null
                  ? 'Unknown'
                  : when(state.signIn.dataAccessExpiresAt)}{' '}
                (90 days after you last confirmed Duet on Facebook)
              </dd>
            </dl>
            <ul className="privacy-list" aria-label="Permissions">
              {state.permissions.map((p) => (
                <li key={p.name} className="privacy-item" data-permission={p.name}>
                  <div>
                    <h4>
                      {p.name}
                      <span className="privacy-status" data-status={p.status}>
                        {STATUS_WORDS[p.status]}
                      </span>
                    </h4>
                    <p>Used for: {usesOf(p.name)}</p>
                    {p.targets && <p>Applies to: {p.targets.map((t) => t.name).join(', ') || 'none'}</p>}
                  </div>
                  {p.status === 'granted' ? (
                    <button
                      className="btn btn-sm"
                      onClick={() => setConfirm(p.name)}
                      aria-label={`Revoke ${p.name}`}
                    >
                      Revoke…
                    </button>
                  ) : (
                    <button
                      className="btn btn-sm btn-primary"
                      disabled={busy}
                      aria-label={`Grant ${p.name} again`}
                      onClick={() => void grantAgain(p.name).then((s) => s && setState(s))}
                    >
                      Grant again
                    </button>
                  )}
                </li>
              ))}
            </ul>
            <h3 className="settings-section">Your tasks on each Page</h3>
            <dl className="privacy-facts">
              {state.pages.map((pg) => (
                <div key={pg.accountId} style={{ display: 'contents' }}>
                  <dt>{pg.name}</dt>
                  <dd>{pg.tasks.length ? pg.tasks.join(', ') : 'None listed'}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
        <h3 className="settings-section">What Duet keeps on this computer</h3>
        <StoredData
          inventory={inventory}
          masked={state?.signIn.masked}
          vault={session.vault.secure ? 'your OS keychain, encrypted' : 'a file only you can read'}
        />
        <h3 className="settings-section">Delete stored data</h3>
        <DeleteData flow={deleting} inventory={inventory} />
        <h3 className="settings-section">Take it out</h3>
        <ExportData db={props.db} accountId={props.accountId} />
        <h3 className="settings-section">What Duet sends where</h3>
        <DataUse graphHost={hostOf(settings.graphBaseUrl)} />
      </Dialog>
      {over}
    </>
  );
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** Asks before revoking a permission, naming the features that stop. */
function RevokeConfirm(props: { permission: string; onClose(): void; onConfirm(): void }) {
  const p = props.permission;
  const stops = featuresNeeding(p).filter((id) => !FEATURES[id].coming);
  return (
    <Dialog
      title={`Revoke ${p}?`}
      onClose={props.onClose}
      footer={
        <>
          <button className="btn" onClick={props.onClose}>
            Keep it
          </button>
          <button className="btn btn-danger" onClick={props.onConfirm}>
            Revoke {p}
          </button>
        </>
      }
    >
      <p>Facebook will stop letting Duet use {p}. These stop working until you grant it again:</p>
      <ul>
        {stops.length > 0 ? (
          stops.map((id) => <li key={id}>{FEATURES[id].label}</li>)
        ) : (
          <li>Nothing today</li>
        )}
      </ul>
      <p>Nothing stored on this computer is deleted.</p>
    </Dialog>
  );
}
