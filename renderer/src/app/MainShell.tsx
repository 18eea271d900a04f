// The signed-in app: header (views, account switcher, sync state, budget, settings), banners (expired session,
// offline, broken cache), and the current view — Home (feed + gallery side by side) or Inbox. The parts are in
// ShellHeader, ShellBanners and ShellViews; the state and effects in use-shell.ts.
import { Suspense, useCallback, useMemo, useRef, useState } from 'react';
import { NewMessageAnnouncer } from '../features/inbox/NewMessageAnnouncer';
import { useRecentConversations } from '../features/inbox/use-recent-conversations';
import { useTotalUnread } from '../features/inbox/use-total-unread';
import { useUnreadComments } from '../features/comments/use-unread-comments';
import { ErrorBoundary, RecoveryContext } from '../ui/ErrorBoundary';
import { DuetLogo } from '../ui/icons';
import { staleReasonOf } from '../ui/sync-text';
import { useAfterFirstPaint } from '../ui/first-paint';
import { lazyView } from '../ui/lazy-view';
import { CommandLayer, type PaletteState } from './commands/CommandLayer';
import { CommandsContext } from './commands/context';
import { CommandRegistry } from './commands/registry';
import { useApp } from './context';
import { type Navigation, NavigationContext } from './navigation';
import { ExpiredSessionBanner, OfflineBanner } from './ShellBanners';
import { ShellHeader, type View, VIEW_TITLES } from './ShellHeader';
import { ShellViews } from './ShellViews';
import { useCommentRunner } from './use-comment-runner';
import { useLocalStore } from './use-local-store';
import { useOutboxRunner } from './use-outbox-runner';
import { usePublishRunner } from './use-publish-runner';
import {
  type ShellDialog,
  useCollapsed,
  badgeCount,
  useNotificationClicks,
  useShellCommands,
  useUnreadTitle,
  useViewHeadingFocus,
} from './use-shell';
import { useSessionGate } from './use-session-gate';
import { useSync } from './use-sync';
import { useUsage } from './use-usage';

const DiagnosticsDialog = lazyView(() => import('../features/diagnostics/DiagnosticsDialog'));
const PrivacyDialog = lazyView(() => import('../features/privacy/PrivacyDialog'));
const SettingsDialog = lazyView(() =>
  import('./SettingsDialog').then((m) => ({ default: m.SettingsDialog })),
);
const ComposerDialog = lazyView(() => import('../features/publish/ComposerDialog'));
const SignOutDialog = lazyView(() => import('./SignOutDialog').then((m) => ({ default: m.SignOutDialog })));

/** The main window once signed in. */
export function MainShell() {
  const { bridge, session: state, settings, updateSettings } = useApp();
  const session = state.session!;
  const [generation, setGeneration] = useState(0);
  const store = useLocalStore(session.user.id, generation);
  const db = store.status === 'ready' ? store.db : null;
  const account = session.accounts.find((a) => a.id === settings.selectedAccountId) ?? session.accounts[0];
  const { engine, status } = useSync(db, bridge, account, session.grantedPermissions);
  // What the first screen does not need waits until its rows are painted (ui/first-paint.ts).
  const lateDb = useAfterFirstPaint(db);
  useSessionGate(
    bridge,
    state.status,
    engine,
    useOutboxRunner(lateDb, bridge),
    usePublishRunner(lateDb, bridge),
    useCommentRunner(lateDb, bridge),
  );
  const unread = useTotalUnread(lateDb, account?.id);
  const unreadComments = useUnreadComments(lateDb, account?.id);
  const usage = useUsage(account?.id);

  const [view, setView] = useState<View>('home');
  const [openConversation, setOpenConversation] = useState<string | null>(null);
  const [dialog, setDialog] = useState<ShellDialog>(null);
  const [palette, setPalette] = useState<PaletteState | null>(null);
  const [collapsed, setCollapsed] = useCollapsed();
  const recent = useRecentConversations(lateDb, account?.id);
  const mainRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useViewHeadingFocus(view, mainRef, headingRef);
  useUnreadTitle(badgeCount(settings, unread, unreadComments), bridge);
  const showConversation = useCallback((id: string) => {
    setView('inbox');
    setOpenConversation(id);
  }, []);
  // The post whose comments are open beside Home (a card's comment count, or a conversation's "Show the comment").
  const [commentsOf, setCommentsOf] = useState<string | null>(null);
  const navigation = useMemo<Navigation>(
    () => ({
      showConversation,
      showComments: (postId) => {
        setView('home');
        setCommentsOf(postId);
      },
    }),
    [showConversation],
  );
  const showCommentsView = useCallback(() => setView('comments'), []);
  useNotificationClicks(bridge, showConversation, showCommentsView);

  const [registry] = useState(() => new CommandRegistry());
  useShellCommands(registry, bridge, {
    setView,
    setDialog,
    setPalette,
    canSwitchAccount: () => session.accounts.length > 1,
  });

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
  // Failing calls or an expired session must never read as "Synced just now".
  const staleReason = staleReasonOf(status, state.status);

  return (
    <RecoveryContext.Provider value={recovery}>
      <NavigationContext.Provider value={navigation}>
        <CommandsContext.Provider value={registry}>
          <div className="shell" data-session={state.status}>
            <ShellHeader
              view={view}
              onView={setView}
              unread={unread}
              unreadComments={unreadComments}
              accounts={session.accounts}
              account={account}
              onSelectAccount={(id) => void updateSettings({ selectedAccountId: id })}
              status={status}
              online={online}
              staleReason={staleReason}
              usage={usage}
              onOpenSettings={() => setDialog('settings')}
              onNewPost={() => setDialog('composer')}
            />

            {state.status === 'expired' && <ExpiredSessionBanner message={state.message} />}
            {!online && state.status === 'active' && <OfflineBanner status={status} />}

            <NewMessageAnnouncer conversations={recent} />

            <main className="shell-main" ref={mainRef} aria-labelledby="view-heading">
              <h1 id="view-heading" className="visually-hidden" tabIndex={-1} ref={headingRef}>
                {VIEW_TITLES[view]}
              </h1>
              <ShellViews
                store={store}
                onRebuild={() => void rebuild()}
                view={view}
                account={account}
                status={status}
                collapsed={collapsed}
                setCollapsed={setCollapsed}
                openConversation={openConversation}
                onOpenConversation={setOpenConversation}
                commentsOf={commentsOf}
                onCommentsOf={setCommentsOf}
              />
            </main>

            {dialog === 'settings' && (
              <ErrorBoundary label="Settings">
                <Suspense fallback={null}>
                  <SettingsDialog
                    db={db}
                    onClose={() => setDialog(null)}
                    onOpenDiagnostics={() => setDialog('diagnostics')}
                    onOpenPrivacy={() => setDialog('privacy')}
                  />
                </Suspense>
              </ErrorBoundary>
            )}
            {dialog === 'diagnostics' && (
              <ErrorBoundary label="Diagnostics">
                <Suspense fallback={null}>
                  <DiagnosticsDialog db={db} status={status} onClose={() => setDialog(null)} />
                </Suspense>
              </ErrorBoundary>
            )}
            {dialog === 'composer' && db && (
              <ErrorBoundary label="New post">
                <Suspense fallback={null}>
                  <ComposerDialog db={db} account={account} onClose={() => setDialog(null)} />
                </Suspense>
              </ErrorBoundary>
            )}
            {dialog === 'privacy' && (
              <ErrorBoundary label="Privacy & data">
                <Suspense fallback={null}>
                  <PrivacyDialog
                    db={db}
                    accountId={account.id}
                    onClose={() => setDialog(null)}
                    onDeleted={() => engine?.resync()}
                  />
                </Suspense>
              </ErrorBoundary>
            )}
            {dialog === 'sign-out' && (
              <ErrorBoundary label="Sign out">
                <Suspense fallback={null}>
                  <SignOutDialog db={db} disconnect={false} onClose={() => setDialog(null)} />
                </Suspense>
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
                onOpenConversation={showConversation}
              />
            </ErrorBoundary>
          </div>
        </CommandsContext.Provider>
      </NavigationContext.Provider>
    </RecoveryContext.Provider>
  );
}
