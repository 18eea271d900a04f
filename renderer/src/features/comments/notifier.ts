// The comment notifier: the comments stream reports people's new comments found by polling; this decides whether
// the user hears of them (Settings: off by default), writes the notification and shows it. A click comes back as
// app/notification-clicked with the comment's id (MainShell opens the Comments view, where it is the newest).
import { type Bridge } from '../../bridge';
import { type CommentRow } from '../../data/db';

/** What a desktop notification says about one new comment. */
export interface CommentNotification {
  title: string;
  body: string;
  commentId: string;
}

/** Longest body shown; the notification points to the comment, it is not the comment itself. */
const MAX_BODY = 500;
/** More new comments than this in one tick: one summary instead of a notification each. */
const MAX_SEPARATE = 3;

/** Who wrote a comment, in words (Instagram has usernames, Facebook names; either may be missing). */
function authorOf(c: Pick<CommentRow, 'author'>): string {
  return c.author.name ?? (c.author.username ? `@${c.author.username}` : 'Someone');
}

/** The notification for one new comment: who, on which network, and what they wrote. */
export function commentNotificationFor(c: CommentRow): CommentNotification {
  const where = c.platform === 'ig' ? 'Instagram' : 'Facebook';
  const kind = c.parentId === undefined ? 'comment' : 'reply';
  return {
    title: `${authorOf(c)} · ${where} ${kind}`,
    body: (c.text.trim() || 'Commented without text').slice(0, MAX_BODY),
    commentId: c.id,
  };
}

/** Decides, formats and shows notifications for new comments. */
export interface CommentNotifier {
  /** Whether the Comments view is on screen: no notification then while the window has focus (it lists them). */
  setCommentsShown(shown: boolean): void;
  notify(comments: CommentRow[]): Promise<void>;
}

/** Dependencies of the notifier; `isFocused` defaults to the document's focus and visibility. */
export interface CommentNotifierDeps {
  bridge: Pick<Bridge, 'invoke' | 'notify'>;
  isFocused?: () => boolean;
}

function documentFocused(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'visible' && document.hasFocus();
}

/** Creates a notifier. */
export function createCommentNotifier(deps: CommentNotifierDeps): CommentNotifier {
  const isFocused = deps.isFocused ?? documentFocused;
  let shown = false;

  async function on(): Promise<boolean> {
    try {
      return (await deps.bridge.invoke('settings/get', {})).commentNotifications;
    } catch {
      return false;
    }
  }

  return {
    setCommentsShown(s) {
      shown = s;
    },
    async notify(comments) {
      const fresh = comments.filter((c) => !c.fromPage && c.goneAt === undefined);
      if (!fresh.length || (shown && isFocused()) || !(await on())) return;
      if (fresh.length > MAX_SEPARATE) {
        const newest = fresh.reduce((a, b) => (b.createdTime > a.createdTime ? b : a));
        await deps.bridge
          .notify({
            title: `${fresh.length.toLocaleString('en-US')} new comments`,
            body: `Newest: ${commentNotificationFor(newest).title} — ${newest.text.slice(0, 200)}`,
            commentId: newest.id,
          })
          .catch(() => false);
        return;
      }
      for (const c of fresh) await deps.bridge.notify(commentNotificationFor(c)).catch(() => false);
    },
  };
}

const notifiers = new WeakMap<object, CommentNotifier>();
/** The notifier of a bridge, shared by the comments stream's report and the Comments view (tests make their own). */
export function commentNotifierFor(bridge: Bridge): CommentNotifier {
  let n = notifiers.get(bridge);
  if (!n) notifiers.set(bridge, (n = createCommentNotifier({ bridge })));
  return n;
}
