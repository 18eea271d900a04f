// The shell's state and effects, each a hook named for what it does: which view is shown (and focus following it),
// which Home column is collapsed, the unread count in the title, notification clicks, and the shell's commands.
import {
  type Dispatch,
  type RefObject,
  type SetStateAction,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { type CommandId } from '../../../shared/commands';
import { type Settings } from '../../../shared/bridge/calls/settings';
import { type Bridge } from '../bridge';
import { type PaletteState } from './commands/CommandLayer';
import { useCommandHandlers, useCommandInput } from './commands/context';
import { type CommandRegistry } from './commands/registry';
import { type View } from './ShellHeader';

export type Collapsed = 'none' | 'left' | 'right';
export type ShellDialog =
  null | 'settings' | 'diagnostics' | 'privacy' | 'shortcuts' | 'sign-out' | 'composer';

/**
 * When the view changes, focus goes to its heading (a screen reader says where it is, Tab starts from the top of
 * the view), unless the new view already put focus somewhere inside it (the reply box of an open conversation).
 */
export function useViewHeadingFocus(
  view: View,
  mainRef: RefObject<HTMLElement | null>,
  headingRef: RefObject<HTMLHeadingElement | null>,
): void {
  const shownView = useRef(view);
  useEffect(() => {
    if (shownView.current === view) return;
    shownView.current = view;
    if (!mainRef.current?.contains(document.activeElement)) headingRef.current?.focus();
  }, [view, mainRef, headingRef]);
}

/** Which Home column is collapsed, remembered across launches. */
export function useCollapsed(): [Collapsed, (c: Collapsed) => void] {
  const [collapsed, setCollapsed] = useState<Collapsed>(
    () => (localStorage.getItem('duet.collapsed') as Collapsed) || 'none',
  );
  useEffect(() => localStorage.setItem('duet.collapsed', collapsed), [collapsed]);
  return [collapsed, setCollapsed];
}

/** What the title and the app badge count: unread messages and new comments, each as Settings says. */
export function badgeCount(
  s: Pick<Settings, 'badgeMessages' | 'badgeComments'>,
  messages: number,
  comments: number,
): number {
  return (s.badgeMessages ? messages : 0) + (s.badgeComments ? comments : 0);
}

/** The unread count in the window title (Electron shows it as the window title, the browser as the tab title). */
export function useUnreadTitle(unread: number, bridge: Bridge): void {
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Duet` : 'Duet';
    void bridge.invoke('app/set-badge', { count: unread }).catch(() => {});
  }, [unread, bridge]);
}

/**
 * A click on a desktop notification (either host) opens what it was about, whichever view is on screen: the
 * conversation, or the Comments view for a comment (a new comment is the newest there).
 */
export function useNotificationClicks(
  bridge: Bridge,
  openConversation: (id: string) => void,
  openComment: (id: string) => void,
): void {
  useEffect(
    () =>
      bridge.on('app/notification-clicked', ({ conversationId, commentId }) => {
        if (commentId !== undefined) openComment(commentId);
        else if (conversationId !== undefined) openConversation(conversationId);
      }),
    [bridge, openConversation, openComment],
  );
}

/** What the shell's commands do (keys, menu and palette: shared/commands.ts); views register their own. */
export function useShellCommands(
  registry: CommandRegistry,
  bridge: Bridge,
  actions: {
    setView: (v: View) => void;
    setDialog: (d: ShellDialog) => void;
    setPalette: Dispatch<SetStateAction<PaletteState | null>>;
    canSwitchAccount: () => boolean;
  },
): void {
  const { setView, setDialog, setPalette, canSwitchAccount } = actions;
  useCommandHandlers(registry, {
    'view/home': { run: () => setView('home') },
    'view/inbox': { run: () => setView('inbox') },
    'view/posts': { run: () => setView('posts') },
    'publish/new': { run: () => setDialog('composer') },
    'view/comments': { run: () => setView('comments') },
    'view/insights': { run: () => setView('insights') },
    'app/settings': { run: () => setDialog('settings') },
    'app/diagnostics': { run: () => setDialog('diagnostics') },
    'app/privacy': { run: () => setDialog('privacy') },
    'app/shortcuts': { run: () => setDialog('shortcuts') },
    'session/sign-out': { run: () => setDialog('sign-out') },
    'app/palette': { run: () => setPalette((p) => (p ? null : { n: Date.now(), query: '' })) },
    'account/switch': {
      run: () => setPalette({ n: Date.now(), query: 'Switch to ' }),
      when: canSwitchAccount,
    },
  });
  const onMenuCommand = useCallback(
    (listener: (p: { id: CommandId }) => void) => bridge.on('app/command-chosen', listener),
    [bridge],
  );
  useCommandInput(registry, onMenuCommand);
}
