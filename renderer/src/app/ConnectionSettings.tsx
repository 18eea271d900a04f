// The Connection section of Settings: Graph URLs, API version, App ID and token broker, edited as a draft and saved
// together. A field set by an environment variable, or (in the browser version) fixed at startup, is shown locked.
import { type Dispatch, type SetStateAction, useState } from 'react';
import { type Settings, type SettingsPatch } from '../../../shared/bridge/calls/settings';
import { ENDPOINT_SOURCES, type EndpointKey } from '../../../shared/bridge/endpoints';
import { useApp } from './context';
import { Row } from './SettingsRow';

export type ConnectionKey = 'graphBaseUrl' | 'apiVersion' | 'loginDialogUrl' | 'appId' | 'tokenBrokerUrl';
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

/**
 * The connection draft, kept by the dialog (it survives the sign-out dialog shown in its place). `save` sends the
 * fields that changed and can be changed; `saved` says the last save went through.
 */
export function useConnectionDraft(apply: (patch: SettingsPatch) => Promise<boolean>) {
  const { settings, info } = useApp();
  // The browser version has no window of its own to ask in, so where tokens go is set only when Duet starts.
  const startupOnly = (key: ConnectionKey) => info.host === 'browser' && isEndpoint(key);
  const [draft, setDraft] = useState<Pick<Settings, ConnectionKey>>(() => ({
    graphBaseUrl: settings.graphBaseUrl,
    apiVersion: settings.apiVersion,
    loginDialogUrl: settings.loginDialogUrl,
    appId: settings.appId,
    tokenBrokerUrl: settings.tokenBrokerUrl,
  }));
  const [saved, setSaved] = useState(false);
  const save = async () => {
    const patch: SettingsPatch = {};
    for (const { key } of CONNECTION)
      if (!settings.overridden.includes(key) && !startupOnly(key) && draft[key] !== settings[key])
        patch[key] = draft[key];
    setSaved(false);
    if (await apply(patch)) setSaved(true);
  };
  return { draft, setDraft, saved, setSaved, save, startupOnly };
}

/** The connection fields and their Save button. */
export function ConnectionSettings(props: {
  draft: Pick<Settings, ConnectionKey>;
  setDraft: Dispatch<SetStateAction<Pick<Settings, ConnectionKey>>>;
  saved: boolean;
  setSaved: (saved: boolean) => void;
  save: () => Promise<void>;
  startupOnly: (key: ConnectionKey) => boolean;
}) {
  const { draft, setDraft, saved, setSaved, save, startupOnly } = props;
  const { settings } = useApp();
  return (
    <>
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
        <button className="btn" onClick={() => void save()}>
          Save connection settings
        </button>
      </div>
    </>
  );
}
