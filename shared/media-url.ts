// How the renderer addresses cached media, and how hosts parse it back. Both hosts serve the same query:
// Electron at duet-media://media/?k=&u=&v=, the browser host at /media?k=&u=&v=.
import { type MediaRef } from './models';

/** The query string that identifies one cached picture or video variant. */
export function mediaQuery(ref: Pick<MediaRef, 'key' | 'url'>, variant: 'thumb' | 'full'): string {
  return new URLSearchParams({ k: ref.key, u: ref.url, v: variant }).toString();
}
