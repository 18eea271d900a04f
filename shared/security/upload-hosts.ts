// Where the host may send a video's bytes (with the Page token in an `Authorization: OAuth` header): Meta's
// resumable-upload host, or the configured Graph endpoint's own origin (the sandbox, which serves `/rupload/…`).
// The address comes from Meta's answer (`uri` of an IG container, `upload_url` of a reel), so it is checked
// before the token is attached: an answer pointing anywhere else is refused.
// https://developers.facebook.com/documentation/instagram-platform/content-publishing/resumable-uploads
// https://developers.facebook.com/documentation/video-api/guides/reels-publishing

/** Meta's resumable-upload host. */
export const RUPLOAD_HOST = 'rupload.facebook.com';

/** True when `raw` is https://rupload.facebook.com/… or on the configured Graph origin. */
export function isAllowedUploadUrl(raw: string, graphBaseUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:' && url.hostname === RUPLOAD_HOST && (url.port === '' || url.port === '443'))
    return true;
  try {
    return url.origin === new URL(graphBaseUrl).origin && url.pathname.startsWith('/rupload/');
  } catch {
    return false;
  }
}
