// The root: loads app info, settings and the session, applies the theme, then shows sign-in or the main shell.
import { Suspense, useEffect, useMemo, useState } from 'react';
import { type AppInfo } from '../../../shared/bridge/calls/app';
import { type Settings, type SettingsPatch } from '../../../shared/bridge/calls/settings';
import { type SessionState } from '../../../shared/bridge/calls/session';
import { getBridge } from '../bridge';
import { DuetLogo } from '../ui/icons';
import { AppContext, type AppState } from './context';
import { messageOf } from './errors';
import { MainShell } from './MainShell';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { lazyView } from '../ui/lazy-view';

// Not in the first download: a signed-in start never needs it.
const SignInScreen = lazyView(() => import('./SignInScreen').then((m) => ({ default: m.SignInScreen })));

type Boot = { info: AppInfo; settings: Settings; session: SessionState };

/** Applies the theme setting to <html> (system = follow the OS via CSS media query). */
function useTheme(theme: Settings['theme'] | undefined) {
  useEffect(() => {
    const root = document.documentElement;
    if (!theme || theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
  }, [theme]);
}

/** The Duet app. */
export function App() {
  const bridge = useMemo(() => getBridge(), []);
  const [boot, setBoot] = useState<Boot | null>(null);
  const [bootError, setBootError] = useState<string | null>(null);

  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    Promise.all([
      bridge.invoke('app/info', {}),
      bridge.invoke('settings/get', {}),
      bridge.invoke('session/get', {}),
    ]).then(
      ([info, settings, session]) => {
        if (!live) return;
        setBoot({ info, settings, session });
        setBootError(null);
      },
      (error: unknown) => live && setBootError(messageOf(error)),
    );
    const offSession = bridge.on('session/changed', (session) => setBoot((b) => (b ? { ...b, session } : b)));
    const offSettings = bridge.on('settings/changed', (settings) =>
      setBoot((b) => (b ? { ...b, settings } : b)),
    );
    return () => {
      live = false;
      offSession();
      offSettings();
    };
  }, [bridge, attempt]);

  useTheme(boot?.settings.theme);

  const state = useMemo<AppState | null>(
    () =>
      boot && {
        bridge,
        ...boot,
        async updateSettings(patch: SettingsPatch) {
          const settings = await bridge.invoke('settings/set', patch);
          setBoot((b) => (b ? { ...b, settings } : b));
        },
        setSession(session: SessionState) {
          setBoot((b) => (b ? { ...b, session } : b));
        },
      },
    [boot, bridge],
  );

  if (bootError) {
    return (
      <div className="splash" role="alert">
        <DuetLogo size={48} />
        <h1>Duet could not start</h1>
        <p>{bootError}</p>
        <button className="btn btn-primary" onClick={() => setAttempt((n) => n + 1)}>
          Try again
        </button>
      </div>
    );
  }
  const opening = (
    <div className="splash" aria-busy="true">
      <DuetLogo size={48} />
      <p className="splash-text">Opening Duet…</p>
    </div>
  );
  if (!state) return opening;
  return (
    <AppContext.Provider value={state}>
      {/* The last line of defence: whatever a view's own boundary missed never leaves the window blank. */}
      <ErrorBoundary label="Duet">
        {state.session.status === 'signed-out' || !state.session.session ? (
          <Suspense fallback={opening}>
            <SignInScreen />
          </Suspense>
        ) : (
          <MainShell />
        )}
      </ErrorBoundary>
    </AppContext.Provider>
  );
}
