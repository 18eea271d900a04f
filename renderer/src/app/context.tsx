// App-wide state every feature may read: the bridge, app info, settings, the session and the local store.
import { createContext, useContext } from 'react';
import { type AppInfo } from '../../../shared/bridge/calls/app';
import { type Settings, type SettingsPatch } from '../../../shared/bridge/calls/settings';
import { type SessionState } from '../../../shared/bridge/calls/session';
import { type Bridge } from '../bridge';

/** What the shell provides to every view. */
export interface AppState {
  bridge: Bridge;
  info: AppInfo;
  settings: Settings;
  session: SessionState;
  updateSettings(patch: SettingsPatch): Promise<void>;
  setSession(state: SessionState): void;
}

export const AppContext = createContext<AppState | null>(null);

/** Reads the app state (throws outside the provider: a programming error). */
export function useApp(): AppState {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp() outside <AppContext.Provider>');
  return value;
}
