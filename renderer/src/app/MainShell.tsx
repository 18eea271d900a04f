// The signed-in app: header (views, account switcher, sync state, budget, settings), banners (expired session,
// offline, broken cache), and the current view — Home (feed + gallery side by side) or Inbox.
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type UsageInfo } from '../../../shared/bridge/calls/sync';
import { type CommandId } from '../../../shared/commands';
import { SLOWDOWN_PCT } from '../../../shared/graph/rate-limit';
import { FeedColumn } from '../features/feed/FeedColumn';
import { GalleryColumn } from '../features/gallery/GalleryColumn';
import { InboxView } from '../features/inbox/InboxView';
import { NewMessageAnnouncer } from '../features/inbox/NewMessageAnnouncer';
import { useRecentConversations } from '../features/inbox/use-recent-conversations';
import { useOutbox } from '../features/inbox/use-outbox';
import { useTotalUnread } from '../features/inbox/use-total-unread';
import { ErrorBoundary, RecoveryContext } from '../ui/ErrorBoundary';
import { SplitView } from '../ui/SplitView';
import { DuetLogo, HomeIcon, InboxIcon, OfflineIcon, SettingsIcon, SyncIcon, WarningIcon } from '../ui/icons';
import { lastSyncedText } from '../ui/time';
import { staleReasonOf, syncText } from '../ui/sync-text';
import { lazyView } from '../ui/lazy-view';
import { AccountSwitcher } from './AccountSwitcher';
import { CommandLayer, type PaletteState, useShortcutTitle } from './commands/CommandLayer';
import { CommandsContext, useCommandHandlers, useCommandInput } from './commands/context';
import { CommandRegistry } from './commands/registry';
import { useApp } from './context';
import { EXPIRED_SESSION_LEAD, expiredSessionDetail, messageOf } from './errors';
import { SettingsDialog } from './SettingsDialog';
import { SignOutDialog } from './SignOutDialog';
import { useLocalStore } from './use-local-store';
import { useSessionGate } from './use-session-gate';
import { useSync } from './use-sync';

const DiagnosticsDialog = lazyView(() => import('../features/diagnostics/DiagnosticsDialog'));

type View = 'home' | 'inbox';
type Collapsed = 'none' | 'left' | 'right';

/** Follows the rate-limit budget of the current account (the meter in the header). */
function useUsage(accountId: string | undefined): UsageInfo | undefined {
  const { bridge } = useApp();
  const [usage, setUsage] = useState<Record<string, UsageInfo>>({});
  useEffect(() => {
    bridge.invoke('sync/usage', {}).then(
      (r) => setUsage(Object.fromEntries(r.accounts.map((a) => [a.accountId, a]))),
      () => {},
    );
    return bridge.on('sync/usage-changed', (u) => setUsage((m) => ({ ...m, [u.accountId]: u })));
  }, [bridge]);
  return accountId ? usage[accountId] : undefined;
}

/** The main window once signed in. */
export function MainShell() {
  const { bridge, session: state, settings, updateSettings, setSession } = useApp();
  const session = state.session!;
  const [generation, setGeneration] = useState(0);
  const store = useLocalStore(session.user.id, generation);
  const db = store.status === 'ready' ? store.db : null;
  const account = session.accounts.find((a) => a.id === settings.selectedAccountId) ?? session.accounts[0];
  const { engine, status } = useSync(db, bridge, account);
  useSessionGate(bridge, state.status, engine, useOutbox(db, bridge));
  const unread = useTotalUnread(db, account?.id);
  const usage = useUsage(account?.id);

  const [view, setView] = useState<View>('home');
  const [openConversation, setOpenConversation] = useState<string | null>(null);
  const [dialog, setDialog] = useState<null | 'settings' | 'diagnostics' | 'shortcuts' | 'sign-out'>(null);
  const [palette, setPalette] = useState<PaletteState | null>(null);
  const [collapsed, setCollapsed] = useState<Collapsed>(
    () => (localStorage.getItem('duet.collapsed') as Collapsed) || 'none',
  );
  const [reauthError, setReauthError] = useState<string | null>(null);
  const recent = useRecentConversations(db, account?.id);
  const mainRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shownView = useRef(view);

  // When the view changes, focus goes to its heading (a screen reader says where it is, Tab starts from the top of
  // the view), unless the new view already put focus somewhere inside it (the reply box of an open conversation).
  useEffect(() => {
    if (shownView.current === view) return;
    shownView.current = view;
    if (!mainRef.current?.contains(document.activeElement)) headingRef.current?.focus();
  }, [view]);

  useEffect(() => localStorage.setItem('duet.collapsed', collapsed), [collapsed]);

  // The unread count in the window title (Electron shows it as the window title, the browser as the tab title).
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Duet` : 'Duet';
    void bridge.invoke('app/set-badge', { count: unread }).catch(() => {});
  }, [unread, bridge]);

  // A click on a desktop notification (either host) opens that conversation, whichever view is on screen.
  useEffect(
    () =>
      bridge.on('app/notification-clicked', ({ conversationId }) => {
        setView('inbox');
        setOpenConversation(conversationId);
      }),
    [bridge],
  );

  // What the shell's commands do (keys, menu and palette: shared/commands.ts); views register their own.
  const [registry] = useState(() => new CommandRegistry());
  const openConversationFromPalette = useCallback((id: string) => {
    setView('inbox');
    setOpenConversation(id);
  }, []);
  useCommandHandlers(registry, {
    'view/home': { run: () => setView('home') },
    'view/inbox': { run: () => setView('inbox') },
    'app/settings': { run: () => setDialog('settings') },
    'app/diagnostics': { run: () => setDialog('diagnostics') },
    'app/shortcuts': { run: () => setDialog('shortcuts') },
    'session/sign-out': { run: () => setDialog('sign-out') },
    'app/palette': { run: () => setPalette((p) => (p ? null : { n: Date.now(), query: '' })) },
    'account/switch': {
      run: () => setPalette({ n: Date.now(), query: 'Switch to ' }),
      when: () => session.accounts.length > 1,
    },
  });
  const onMenuCommand = useCallback(
    (listener: (p: { id: CommandId }) => void) => bridge.on('app/command-chosen', listener),
    [bridge],
  );
  useCommandInput(registry, onMenuCommand);
  const titled = useShortcutTitle();

  const signInAgain = useCallback(async () => {
    setReauthError(null);
    try {
      if (session.mode === 'demo') {
        setSession(await bridge.invoke('session/sign-in-demo', {}));
        return;
      }
      const started = await bridge.invoke('session/login-start', {});
      if (started.mode === 'redirect' && started.url) window.location.assign(started.url);
      else setSession(started.state);
    } catch (e) {
      setReauthError(messageOf(e));
    }
  }, [bridge, session.mode, setSession]);

  const rebuildReady = store.status === 'ready' ? store.rebuild : undefined;
  const recovery = useMemo(() => ({ rebuildCache: rebuildReady }), [rebuildReady]);

  const rebuild = useCallback(async () => {
    if (store.status === 'error') await store.rebuild().catch(() => setGeneration((g) => g + 1));
  }, [store]);

  if (!account) {
    return (
      <div className="splash" role="alert">
        <DuetLogo size={48} />
        <h1>No Facebook Page found</h1>
        <p>
          {session.user.name} does not manage any Page Duet can use. Duet needs a Page (and, for the gallery,
          its linked Instagram professional account).
        </p>
      </div>
    );
  }

  const online = status?.online ?? navigator.onLine;
  const syncing = status ? Object.values(status.streams).some((s) => !s.backfillDone) : false;
  // Failing calls or an expired session must never read as "Synced just now".
  const staleReason = staleReasonOf(status, state.status);
  const budget = usage ? Math.max(usage.appPct, usage.businessPct) : 0;

  return (
    <RecoveryContext.Provider value={recovery}>
      <CommandsContext.Provider value={registry}>
        <div className="shell" data-session={state.status}>
          <header className="shell-header">
            <div className="shell-brand">
              <DuetLogo size={28} />
              <span>Duet</span>
            </div>
            <nav className="shell-nav" aria-label="Views">
              <button
                className="nav-tab"
                aria-current={view === 'home' ? 'page' : undefined}
                onClick={() => setView('home')}
                title={titled('Home', 'view/home')}
              >
                <HomeIcon /> Home
              </button>
              <button
                className="nav-tab"
                aria-current={view === 'inbox' ? 'page' : undefined}
                onClick={() => setView('inbox')}
                title={titled('Inbox', 'view/inbox')}
              >
                <InboxIcon /> Inbox
                {unread > 0 && (
                  <span className="badge" aria-label={`${unread} unread`} data-testid="unread-badge">
                    {unread > 99 ? '99+' : unread}
                  </span>
                )}
              </button>
            </nav>
            <AccountSwitcher
              accounts={session.accounts}
              current={account}
              onSelect={(id) => void updateSettings({ selectedAccountId: id })}
            />
            <div className="shell-status">
              {!online ? (
                <span className="status-chip status-offline" role="status" data-testid="sync-status">
                  <OfflineIcon size={15} /> {syncText(status?.lastSyncedAt, 'offline')}
                </span>
              ) : staleReason ? (
                <span className="status-chip status-stale" role="status" data-testid="sync-status">
                  <WarningIcon size={15} /> {syncText(status?.lastSyncedAt, staleReason)}
                </span>
              ) : syncing ? (
                <span className="status-chip" role="status" data-testid="sync-status">
                  <SyncIcon size={15} /> Syncing…
                </span>
              ) : (
                <span
                  className="status-chip status-quiet"
                  data-testid="sync-status"
                  title={status?.lastSyncedAt ? new Date(status.lastSyncedAt).toLocaleString() : undefined}
                >
                  {lastSyncedText(status?.lastSyncedAt)}
                </span>
              )}
              <span
                className={`budget${budget >= SLOWDOWN_PCT ? ' budget-high' : ''}`}
                title={`Meta API budget used: ${Math.round(budget)}%${usage?.throttledUntil ? ` — paused until ${new Date(usage.throttledUntil).toLocaleTimeString()}` : ''}`}
                role="meter"
                aria-label="Meta API budget used"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(Math.min(100, budget))}
                aria-valuetext={`${Math.round(budget)} percent`}
              >
                <span className="budget-fill" style={{ width: `${Math.min(100, budget)}%` }} />
              </span>
              <button
                className="icon-btn"
                onClick={() => setDialog('settings')}
                aria-label="Settings"
                title={titled('Settings', 'app/settings')}
              >
                <SettingsIcon />
              </button>
            </div>
          </header>

          {state.status === 'expired' && (
            <div className="banner banner-warning" role="alert">
              <WarningIcon size={16} />
              <span>
                <strong>{EXPIRED_SESSION_LEAD}</strong> {expiredSessionDetail(state.message)} Everything Duet
                saved is still here, and unsent replies will go out once you sign in again.
              </span>
              <button className="btn btn-sm btn-primary" onClick={() => void signInAgain()}>
                Sign in again
              </button>
              {reauthError && <span className="banner-error">{reauthError}</span>}
            </div>
          )}
          {!online && state.status === 'active' && (
            <div className="banner banner-offline" role="status" data-testid="offline-banner">
              <OfflineIcon size={16} />
              <span>
                You’re offline — showing what Duet saved. {lastSyncedText(status?.lastSyncedAt)}. Replies you
                write will be sent when you’re back online.
              </span>
            </div>
          )}

          <NewMessageAnnouncer conversations={recent} />

          <main className="shell-main" ref={mainRef} aria-labelledby="view-heading">
            <h1 id="view-heading" className="visually-hidden" tabIndex={-1} ref={headingRef}>
              {view === 'home' ? 'Home' : 'Inbox'}
            </h1>
            {store.status === 'error' ? (
              <div className="splash" role="alert">
                <WarningIcon size={32} />
                <h1>Duet’s local cache could not be opened</h1>
                <p>{store.message}</p>
                <button className="btn btn-primary" onClick={() => void rebuild()}>
                  Rebuild the cache from the network
                </button>
              </div>
            ) : !db ? (
              <div className="splash" aria-busy="true">
                <p className="splash-text">Opening your saved data…</p>
              </div>
            ) : view === 'home' ? (
              <SplitView
                storageKey="duet.split"
                collapsed={collapsed}
                leftLabel="Facebook feed"
                rightLabel="Instagram gallery"
                left={
                  <ErrorBoundary key={account.id} label="The Facebook feed">
                    <FeedColumn
                      account={account}
                      db={db}
                      status={status}
                      onCollapse={() => setCollapsed('left')}
                      expanded={collapsed === 'right'}
                      onExpand={() => setCollapsed('none')}
                    />
                  </ErrorBoundary>
                }
                right={
                  <ErrorBoundary key={account.id} label="The Instagram gallery">
                    <GalleryColumn
                      account={account}
                      db={db}
                      status={status}
                      onCollapse={() => setCollapsed('right')}
                      expanded={collapsed === 'left'}
                      onExpand={() => setCollapsed('none')}
                    />
                  </ErrorBoundary>
                }
              />
            ) : (
              <ErrorBoundary key={account.id} label="The inbox">
                <InboxView
                  db={db}
                  account={account}
                  accountId={account.id}
                  openConversationId={openConversation ?? undefined}
                  onOpenConversation={setOpenConversation}
                  status={status}
                />
              </ErrorBoundary>
            )}
          </main>

          {dialog === 'settings' && (
            <ErrorBoundary label="Settings">
              <SettingsDialog
                db={db}
                onClose={() => setDialog(null)}
                onOpenDiagnostics={() => setDialog('diagnostics')}
              />
            </ErrorBoundary>
          )}
          {dialog === 'diagnostics' && (
            <ErrorBoundary label="Diagnostics">
              <Suspense fallback={null}>
                <DiagnosticsDialog db={db} status={status} onClose={() => setDialog(null)} />
              </Suspense>
            </ErrorBoundary>
          )}
          {dialog === 'sign-out' && (
            <ErrorBoundary label="Sign out">
              <SignOutDialog db={db} disconnect={false} onClose={() => setDialog(null)} />
            </ErrorBoundary>
          )}
          <ErrorBoundary label="The command palette">
            <CommandLayer
              registry={registry}
              palette={palette}
              onClosePalette={() => setPalette(null)}
              shortcuts={dialog === 'shortcuts'}
              onCloseShortcuts={() => setDialog(null)}
              db={db}
              account={account}
              onOpenConversation={openConversationFromPalette}
            />
          </ErrorBoundary>
        </div>
      </CommandsContext.Provider>
    </RecoveryContext.Provider>
  );
}
