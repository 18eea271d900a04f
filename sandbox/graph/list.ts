/** A paged list answer (`{data, paging}`) for an edge, and the `fields=` selection of a request. */
import { type FieldNode, parseFields } from '../fields.js';
import { paginate, pagingFor, readPageParams } from '../paging.js';
import { type Ctx, graphUrl } from '../render/core.js';
import { type GraphRequest } from './request.js';

/** The request's `fields=` selection, or undefined for the node type's defaults. */
export function fieldsOf(req: GraphRequest): FieldNode[] | undefined {
  const f = req.params.str('fields');
  return f ? parseFields(f) : undefined;
}

/** One page of `items` with cursors and absolute next/previous URLs (default 25, at most `max`). */
export function listResponse<T>(
  ctx: Ctx,
  req: GraphRequest,
  items: readonly T[],
  idOf: (t: T) => string,
  renderItem: (t: T, f: FieldNode[] | undefined) => unknown,
  max = 100,
  def = 25,
): Record<string, unknown> {
  const fields = fieldsOf(req);
  const p = readPageParams((k) => req.params.str(k), def, max);
  const slice = paginate(items, idOf, p);
  const out: Record<string, unknown> = { data: slice.items.map((t) => renderItem(t, fields)) };
  const base = graphUrl(ctx, req.path);
  for (const [k, v] of req.params.map) {
    if (k === 'after' || k === 'before' || typeof v === 'object') continue;
    base.searchParams.set(k, String(v));
  }
  // The access_token is kept in paging URLs only when it came in the query (Meta does not copy header tokens).
  base.searchParams.set('limit', String(p.limit));
  const paging = pagingFor(slice, idOf, base);
  if (paging) out.paging = paging;
  return out;
}
