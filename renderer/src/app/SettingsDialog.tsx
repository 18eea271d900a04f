// Settings: appearance, inbox behaviour, media cache, connection (Graph URLs) and the account (sign out).
import { type ReactNode, useState } from 'react';
import {
  ENDPOINT_SOURCES,
  type EndpointKey,
  type Settings,
  type SettingsPatch,
} from '../../../shared/bridge/calls/settings';
import { type DuetDb } from '../data/db';
import { Dialog } from '../ui/Dialog';
import { useApp } from './context';
import { messageOf } from './errors';
import { SignOutDialog } from './SignOutDialog';

function Row(props: { label: string; hint?: ReactNode; htmlFor?: string; children: ReactNode }) {
  return (
    <div className="settings-row">
      <div className="settings-label">
        <label htmlFor={props.htmlFor}>{props.label}</label>
        {props.hint && <p className="settings-hint">{props.hint}</p>}
      </div>
      <div className="settings-control">{props.children}</div>
    </div>
  );
}

type ConnectionKey = 'graphBaseUrl' | 'apiVersion' | 'loginDialogUrl' | 'appId' | 'tokenBrokerUrl';
const CONNECTION: Array<{ key: ConnectionKey; label: string; hint: string; env: string }> = [
  {
    key: 'graphBaseUrl',
    ...ENDPOINT_SOURCES.graphBaseUrl,
    hint: 'Meta’s Graph API, or any Graph-compatible test server (https).',
  },
  { key: 'apiVersion', label: 'API version', hint: 'For example v27.0.', env: 'DUET_API_VERSION' },
  {
    key: 'loginDialogUrl',
    ...ENDPOINT_SOURCES.loginDialogUrl,
    hint: 'Where Facebook Login’s dialog lives (https).',
  },
  {
    key: 'appId',
    label: 'Facebook App ID',
    hint: 'Your Meta app’s ID, needed for Facebook Login.',
    env: 'DUET_APP_ID',
  },
  {
    key: 'tokenBrokerUrl',
    ...ENDPOINT_SOURCES.tokenBrokerUrl,
    hint: 'Optional: exchanges short-lived tokens for long-lived ones (Duet never holds an app secret). Duet asks you before it uses a new address.',
  },
];
const isEndpoint = (key: ConnectionKey): key is EndpointKey => key in ENDPOINT_SOURCES;

/** The settings dialog. `db` is the open local store (for the sign-out summary), if any. */
export function SettingsDialog(props: {
  onClose(): void;
  db: DuetDb | null;
  onOpenDiagnostics?: () => void;
}) {
  const { settings, updateSettings, session, info } = useApp();
  // The browser version has no window of its own to ask in, so where tokens go is set only when Duet starts.
  const startupOnly = (key: ConnectionKey) => info.host === 'browser' && isEndpoint(key);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Pick<Settings, ConnectionKey>>(() => ({
    graphBaseUrl: settings.graphBaseUrl,
    apiVersion: settings.apiVersion,
    loginDialogUrl: settings.loginDialogUrl,
    appId: settings.appId,
    tokenBrokerUrl: settings.tokenBrokerUrl,
  }));
  const [saved, setSaved] = useState(false);
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

  const saveConnection = async () => {
    const patch: SettingsPatch = {};
    for (const { key } of CONNECTION)
      if (!settings.overridden.includes(key) && !startupOnly(key) && draft[key] !== settings[key])
        patch[key] = draft[key];
    setSaved(false);
    if (await apply(patch)) setSaved(true);
  };

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
      <h3 className="settings-section">Inbox</h3>
      <Row
        label="Send read receipts"
        hint="Tell people you have seen their message when you open a conversation (mark_seen)."
        htmlFor="set-seen"
      >
        <input
          id="set-seen"
          type="checkbox"
          className="switch"
          checked={settings.markSeen}
          onChange={(e) => void apply({ markSeen: e.target.checked })}
        />
      </Row>
      <Row
        label="Desktop notifications"
        hint="For new messages, unless the conversation is already open."
        htmlFor="set-notify"
      >
        <input
          id="set-notify"
          type="checkbox"
          className="switch"
          checked={settings.notifications}
          onChange={(e) => void apply({ notifications: e.target.checked })}
        />
      </Row>
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
      <h3 className="settings-section">Connection</h3>
      {CONNECTION.map(({ key, label, hint, env }) => {
        const overridden = settings.overridden.includes(key);
        const locked = overridden || startupOnly(key);
        const lockedHint = overridden
          ? `Set by the ${env} environment variable.`
          : isEndpoint(key)
            ? `In the browser version this is set when you start Duet: ${ENDPOINT_SOURCES[key].flag} or ${env}.`
            : hint;
        return (
          <Row key={key} label={label} hint={locked ? lockedHint : hint} htmlFor={`set-${key}`}>
            <input
              id={`set-${key}`}
              className="input"
              value={draft[key]}
              disabled={locked}
              spellCheck={false}
              onChange={(e) => {
                setSaved(false);
                setDraft((d) => ({ ...d, [key]: e.target.value }));
              }}
            />
          </Row>
        );
      })}
      <div className="settings-actions">
        {saved && <span className="settings-saved">Saved</span>}
        <button className="btn" onClick={() => void saveConnection()}>
          Save connection settings
        </button>
      </div>
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
