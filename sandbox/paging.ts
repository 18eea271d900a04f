/**
 * Cursor-based paging exactly like Graph edges: `{data, paging:{cursors:{before,after}, next?, previous?}}`.
 * Source: https://developers.facebook.com/docs/graph-api/results/
 * ("Don't depend on the number of results being fewer than the limit value to indicate that your query reached the
 * end of the list of data, use the absence of next instead" — so we occasionally return a short page with `next`.)
 */
import { errors } from './errors.js';

/** Paging parameters from a request. */
export interface PageParams {
  limit: number;
  after?: string;
  before?: string;
}

/** The slice of a sorted list selected by cursors. */
export interface PageSlice<T> {
  items: T[];
  start: number;
  hasNext: boolean;
  hasPrev: boolean;
}

/** Paging object as Meta returns it. */
export interface Paging {
  cursors: { before: string; after: string };
  next?: string;
  previous?: string;
}

/** Opaque cursor: standard base64 (with `=` padding, as Meta's) of index and id. */
export function encodeCursor(index: number, id: string): string {
  return Buffer.from(`${index}:${id}`).toString('base64');
}

function decodeCursor(cursor: string): { index: number; id: string } {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const m = /^(\d+):(.+)$/.exec(text);
  if (!m) throw errors.param('Invalid cursor');
  return { index: Number(m[1]), id: m[2] as string };
}

/** Reads `limit`, `after`, `before`; throws 100 on a bad limit. Limits above `max` are clamped like Meta does. */
export function readPageParams(get: (k: string) => string | undefined, def = 25, max = 100): PageParams {
  const raw = get('limit');
  let limit = def;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0)
      throw errors.param('The parameter limit must be a non-negative integer');
    limit = Math.min(n, max);
  }
  const p: PageParams = { limit };
  const after = get('after');
  const before = get('before');
  if (after) p.after = after;
  if (before) p.before = before;
  return p;
}

function locate<T>(items: readonly T[], idOf: (t: T) => string, cursor: string): number {
  const { index, id } = decodeCursor(cursor);
  const at = items[index];
  if (at !== undefined && idOf(at) === id) return index;
  // The list shifted (new items at the top): find the item by id.
  const found = items.findIndex((t) => idOf(t) === id);
  return found >= 0 ? found : Math.min(index, items.length);
}

/**
 * Selects a page. Every 4th page (counting from the top) is one item short while `next` stays present, to keep
 * clients honest about relying on `next` rather than on counts.
 */
export function paginate<T>(
  items: readonly T[],
  idOf: (t: T) => string,
  p: PageParams,
  shortPages = true,
): PageSlice<T> {
  let start = 0;
  let end: number;
  if (p.after) {
    start = locate(items, idOf, p.after) + 1;
    end = Math.min(items.length, start + p.limit);
  } else if (p.before) {
    end = locate(items, idOf, p.before);
    start = Math.max(0, end - p.limit);
  } else {
    end = Math.min(items.length, p.limit);
  }
  if (shortPages && p.limit > 2 && !p.before && end < items.length && Math.floor(start / p.limit) % 4 === 3)
    end -= 1;
  return { items: items.slice(start, end), start, hasNext: end < items.length, hasPrev: start > 0 };
}

/** Builds the paging object with absolute next/previous URLs on `base` (which keeps version, fields, limit, token). */
export function pagingFor<T>(slice: PageSlice<T>, idOf: (t: T) => string, base: URL): Paging | undefined {
  const first = slice.items[0];
  const last = slice.items[slice.items.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const before = encodeCursor(slice.start, idOf(first));
  const after = encodeCursor(slice.start + slice.items.length - 1, idOf(last));
  const paging: Paging = { cursors: { before, after } };
  const link = (k: 'after' | 'before', v: string): string => {
    const u = new URL(base.href);
    u.searchParams.delete('after');
    u.searchParams.delete('before');
    u.searchParams.set(k, v);
    return u.href;
  };
  if (slice.hasPrev) paging.previous = link('before', before);
  if (slice.hasNext) paging.next = link('after', after);
  return paging;
}
