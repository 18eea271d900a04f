// Which address a Duet release may fetch its updates from. Checked twice: by `npm run dist` before it writes the
// address into the build (scripts/dist.ts), and by the app before it asks electron-updater to check
// (electron/main/updater.ts), so a build with a bad or missing feed never contacts anything.
import { isMetaOwnedHost } from './meta-hosts';

/**
 * The feed a build gets when nobody set DUET_UPDATE_URL. `.invalid` is reserved by RFC 2606 and never resolves, so
 * this can never be live; `updateFeedProblem` answers `placeholder` for it and the app does not check at all.
 */
export const UPDATE_FEED_PLACEHOLDER = 'https://updates.duet.invalid/';

/** Why an update feed address is refused. */
export type UpdateFeedProblem =
  'missing' | 'placeholder' | 'invalid' | 'not-https' | 'credentials' | 'meta-host';

/** Returns why `url` may not be used as the update feed, or null when it may (https, our own host, no secrets). */
export function updateFeedProblem(url: string | null | undefined): UpdateFeedProblem | null {
  if (url == null || url.trim() === '') return 'missing';
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return 'invalid';
  }
  // The update's sha512 comes from latest.yml on this host: over plain http anyone on the network could swap both.
  if (parsed.protocol !== 'https:') return 'not-https';
  // app-update.yml is a plain file inside the installed app; a password in it would be readable by every user.
  if (parsed.username || parsed.password) return 'credentials';
  const host = parsed.hostname.replace(/\.$/, '');
  if (host === 'invalid' || host.endsWith('.invalid')) return 'placeholder';
  // Meta's hosts serve files anyone can upload (Messenger attachments on fbsbx.com, media on fbcdn.net), so a
  // latest.yml there proves nothing about who published it; and Duet's updates are not Meta's to serve.
  if (isMetaOwnedHost(host)) return 'meta-host';
  return null;
}
