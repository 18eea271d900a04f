// Sign-in: one session covers the Page and its Instagram account. Three ways in: the demo (zero setup),
// Facebook Login, or a pasted access token.
import { type FormEvent, Suspense, useState } from 'react';
import { DuetLogo, FacebookMark, InstagramMark, MessengerMark } from '../ui/icons';
import { lazyView } from '../ui/lazy-view';
import { useApp } from './context';
import { messageOf } from './errors';

type Busy = null | 'demo' | 'facebook' | 'token';

const DataUseDialog = lazyView(() => import('../features/privacy/DataUseDialog'));

/** The sign-in screen. */
export function SignInScreen() {
  const { bridge, session, setSession, info } = useApp();
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const [showToken, setShowToken] = useState(false);
  const [token, setToken] = useState('');
  const [dataUse, setDataUse] = useState(false);

  const run = async (kind: Exclude<Busy, null>, action: () => Promise<void>) => {
    setBusy(kind);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const demo = () => run('demo', async () => setSession(await bridge.invoke('session/sign-in-demo', {})));

  const facebook = () =>
    run('facebook', async () => {
      const started = await bridge.invoke('session/login-start', {});
      if (started.mode === 'redirect' && started.url) {
        // The browser host: the whole tab goes to the login dialog and comes back to /auth/callback.
        window.location.assign(started.url);
        return;
      }
      setSession(started.state);
      if (started.state.status !== 'active' && started.state.message) setError(started.state.message);
    });

  const submitToken = (e: FormEvent) => {
    e.preventDefault();
    void run('token', async () => {
      const next = await bridge.invoke('session/sign-in-token', { token: token.trim() });
      setToken('');
      setSession(next);
    });
  };

  const notice = error ?? session.message;
  return (
    <main className="signin">
      <section className="signin-card" aria-labelledby="signin-title">
        <div className="signin-brand">
          <DuetLogo size={56} />
          <div className="signin-marks" aria-hidden>
            <FacebookMark size={22} />
            <InstagramMark size={22} />
            <MessengerMark size={22} />
          </div>
        </div>
        <h1 id="signin-title">Welcome to Duet</h1>
        <p className="signin-lede">
          Your Facebook Page and Instagram account side by side, with one inbox for Messenger and Instagram
          Direct that works offline. One sign-in covers both.
        </p>

        {notice && (
          <div className="signin-error" role="alert">
            {notice}
          </div>
        )}

        <div className="signin-actions">
          <button
            className="btn btn-primary signin-btn"
            onClick={() => void demo()}
            disabled={busy !== null}
            autoFocus
          >
            {busy === 'demo' ? 'Starting the demo…' : 'Try the demo'}
          </button>
          <p className="signin-hint">
            Sample Pages, posts and conversations from a local Graph API sandbox. Nothing leaves this
            computer.
          </p>
          <button className="btn signin-btn" onClick={() => void facebook()} disabled={busy !== null}>
            <FacebookMark size={18} />
            {busy === 'facebook' ? 'Waiting for Facebook…' : 'Continue with Facebook'}
          </button>
          <button
            className="btn btn-ghost signin-btn"
            aria-expanded={showToken}
            aria-controls="token-form"
            onClick={() => setShowToken((v) => !v)}
            disabled={busy !== null}
          >
            Use an access token instead
          </button>
          {showToken && (
            <form id="token-form" className="signin-token" onSubmit={submitToken}>
              <label htmlFor="token-input">User, Page or system-user access token</label>
              <textarea
                id="token-input"
                className="input"
                rows={3}
                value={token}
                onChange={(e) => setToken(e.target.value)}
                placeholder="EAAB…"
                spellCheck={false}
                autoComplete="off"
              />
              <p className="signin-hint">
                Duet checks it with Meta before using it, then keeps it{' '}
                {session.vault.secure ? 'encrypted by your OS keychain' : 'in its data folder'}; it never
                reaches this window again.
              </p>
              <button
                className="btn btn-primary"
                type="submit"
                disabled={busy !== null || token.trim().length === 0}
              >
                {busy === 'token' ? 'Checking…' : 'Sign in with token'}
              </button>
            </form>
          )}
        </div>
        {session.vault.warning && <p className="signin-vault-warning">{session.vault.warning}</p>}
        <p className="signin-footer">
          Duet {info.version} · uses Meta&rsquo;s official Graph API only ·{' '}
          <button className="btn btn-sm btn-ghost" onClick={() => setDataUse(true)}>
            What Duet sends where
          </button>
        </p>
        {dataUse && (
          <Suspense fallback={null}>
            <DataUseDialog onClose={() => setDataUse(false)} />
          </Suspense>
        )}
      </section>
    </main>
  );
}
