// app/*: what Duet is and runs on, links to the system browser, notifications and the badge.
import { checkExternalLink, type LinkRefusal } from '../../../shared/security/links';
import type { HostParts, NamespaceHandlers } from './types';

/** What `app/open-external` tells the user when the link policy refuses a link, and what they can do. */
const LINK_REFUSAL_WORDS: Readonly<Record<LinkRefusal, string>> = {
  'not-a-link': 'That is not a web link Duet can open.',
  scheme: 'Duet opens only secure (https) web links. Copy the address into your browser if you trust it.',
  credentials: 'This link hides its real address behind a user name or password, so Duet will not open it.',
  port: 'This link points to an unusual port, so Duet will not open it. Copy it into your browser if you trust it.',
  'local-host':
    'This link points to this computer or your local network, not a website, so Duet will not open it.',
  'shim-target': 'This Facebook link leads to an address Duet will not open (not https, or a local address).',
};

/** The app/* handlers. */
export function appHandlers({ platform, settings, session }: HostParts): NamespaceHandlers<'app'> {
  return {
    'app/info': async () => ({
      name: 'Duet',
      version: platform.appVersion,
      host: platform.kind,
      platform: process.platform,
      versions: platform.versions,
      dataDir: platform.dataDir,
      demo: session.isDemo(),
    }),
    'app/open-external': async ({ url }) => {
      // One policy for every link that leaves the app (shared/security/links.ts); platform.openExternal checks it
      // again as the last step before the OS opens anything.
      const check = checkExternalLink(url);
      if (!check.ok) return { opened: false, reason: LINK_REFUSAL_WORDS[check.refusal] };
      const opened = await platform.openExternal(check.href);
      return opened ? { opened } : { opened, reason: 'This host cannot open links in the system browser.' };
    },
    'app/notify': async (n) => {
      // Each kind has its own setting: messages on by default, comments off.
      const s = settings.get();
      return {
        shown: (n.commentId !== undefined ? s.commentNotifications : s.notifications) && platform.notify(n),
      };
    },
    'app/set-badge': async ({ count }) => ({ applied: platform.setBadge(count) }),
  };
}
