// The one way to build a Graph API path. The client accepts only a GraphPath, so no caller can paste an id into a
// path: every segment is checked and percent-encoded here, parameters always travel as an object (URLSearchParams).

declare const graphPathBrand: unique symbol;
/** A path relative to the versioned Graph root (`/123/messages`), or a paging URL Graph itself returned. */
export type GraphPath = string & { readonly [graphPathBrand]: true };

/**
 * Builds `/{segment}/{segment}…` from ids and edge names. Each segment must be non-empty and not `.`/`..`, and is
 * encoded with encodeURIComponent, so `/`, `?`, `#`, `&` and `%` in an id stay inside its segment.
 */
export function graphPath(...segments: string[]): GraphPath {
  for (const s of segments)
    if (typeof s !== 'string' || s === '' || s === '.' || s === '..')
      throw new Error('A Graph path segment must be a non-empty id or edge name.');
  return `/${segments.map((s) => encodeURIComponent(s)).join('/')}` as GraphPath;
}

/**
 * A `paging.next` URL from a Graph answer, to fetch the next page. Only absolute http(s) URLs pass; the client
 * then sends the token only if it points at the configured Graph origin.
 */
export function graphPagingUrl(next: string): GraphPath | null {
  return /^https?:\/\//.test(next) ? (next as GraphPath) : null;
}
