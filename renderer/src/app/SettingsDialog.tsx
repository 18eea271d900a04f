// Settings: appearance, inbox behaviour, media cache, connection (Graph URLs) and the account (sign out).
import { useState } from 'react';
import { type Settings, type SettingsPatch } from '../../../shared/bridge/calls/settings';
import { type DuetDb } from '../data/db';
import { Dialog } from '../ui/Dialog';
import { ConnectionSettings, useConnectionDraft } from './ConnectionSettings';
import { useApp } from './context';
import { messageOf } from './errors';
import { Row, SwitchRow } from './SettingsRow';
import { SignOutDialog } from './SignOutDialog';

/** The settings dialog. `db` is the open local store (for the sign-out summary), if any. */
export function SettingsDialog(props: {
  onClose(): void;
  db: DuetDb | null;
  onOpenDiagnostics?: () => void;
  onOpenPrivacy?: () => void;
}) {
  const { settings, updateSettings, session } = useApp();
  const [error, setError] = useState<string | null>(null);
  const [signOut, setSignOut] = useState<null | 'sign-out' | 'disconnect'>(null);

  const apply = async (patch: SettingsPatch) => {
    setError(null);
    try {
      await updateSettings(patch);
      return true;
    } catch (e) {
      setError(messageOf(e));
      return false;
    }
  };
  const connection = useConnectionDraft(apply);

  if (signOut)
    return (
      <SignOutDialog db={props.db} disconnect={signOut === 'disconnect'} onClose={() => setSignOut(null)} />
    );

  return (
    <Dialog title="Settings" onClose={props.onClose} wide>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <h3 className="settings-section">Appearance</h3>
      <Row label="Theme" htmlFor="set-theme">
        <select
          id="set-theme"
          className="input"
          value={settings.theme}
          onChange={(e) => void apply({ theme: e.target.value as Settings['theme'] })}
        >
          <option value="system">Follow the system</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </Row>
      <h3 className="settings-section">Messages and comments</h3>
      <SwitchRow
        label="Send read receipts"
        hint="Tell people you have seen their message when you open a conversation (mark_seen)."
        id="set-seen"
        setting="markSeen"
        settings={settings}
        apply={apply}
      />
      <SwitchRow
        label="Desktop notifications"
        hint="For new messages, unless the conversation is already open."
        id="set-notify"
        setting="notifications"
        settings={settings}
        apply={apply}
      />
      <SwitchRow
        label="Notify me of new comments"
        hint="A desktop notification for each new comment on the Page or Instagram, unless the Comments view is open."
        id="set-notify-comments"
        setting="commentNotifications"
        settings={settings}
        apply={apply}
      />
      <SwitchRow
        label="Count unread messages"
        hint="In the app badge (dock, taskbar or tray) and the window title."
        id="set-badge-messages"
        setting="badgeMessages"
        settings={settings}
        apply={apply}
      />
      <SwitchRow
        label="Count new comments"
        hint="In the app badge and the window title, added to the messages."
        id="set-badge-comments"
        setting="badgeComments"
        settings={settings}
        apply={apply}
      />
      <h3 className="settings-section">Storage</h3>
      <Row
        label="Media cache size"
        hint="Pictures and videos you have seen stay available offline, up to this size."
        htmlFor="set-cache"
      >
        <select
          id="set-cache"
          className="input"
          value={settings.mediaCacheMaxMb}
          onChange={(e) => void apply({ mediaCacheMaxMb: Number(e.target.value) })}
        >
          {[250, 500, 1000, 2000, 5000, 10000].map((mb) => (
            <option key={mb} value={mb}>
              {mb >= 1000 ? `${mb / 1000} GB` : `${mb} MB`}
            </option>
          ))}
          {![250, 500, 1000, 2000, 5000, 10000].includes(settings.mediaCacheMaxMb) && (
            <option value={settings.mediaCacheMaxMb}>{settings.mediaCacheMaxMb} MB</option>
          )}
        </select>
      </Row>
      {props.onOpenDiagnostics && (
        <Row
          label="Diagnostics"
          hint="Cache sizes, sync state, rate-limit budget, and a redacted report to copy."
        >
          <button className="btn" onClick={props.onOpenDiagnostics}>
            Open diagnostics
          </button>
        </Row>
      )}
      {props.onOpenPrivacy && (
        <Row
          label="Privacy & data"
          hint="What Duet may do on Facebook and Instagram (revoke or grant each permission) and what it sends where."
        >
          <button className="btn" onClick={props.onOpenPrivacy}>
            Open Privacy &amp; data
          </button>
        </Row>
      )}
      <h3 className="settings-section">Connection</h3>
      <ConnectionSettings {...connection} />
      {session.session && (
        <>
          <h3 className="settings-section">Account</h3>
          <Row
            label={`Signed in as ${session.session.user.name}`}
            hint={`${session.session.accounts.length} Page(s) · ${session.session.mode === 'demo' ? 'demo sandbox' : session.session.mode === 'token' ? 'access token' : 'Facebook Login'}`}
          >
            <div className="settings-buttons">
              <button className="btn" onClick={() => setSignOut('sign-out')}>
                Sign out…
              </button>
              <button className="btn btn-danger" onClick={() => setSignOut('disconnect')}>
                Disconnect Duet from Facebook…
              </button>
            </div>
          </Row>
        </>
      )}
    </Dialog>
  );
}
