/**
 * The node renderer: `fields=` selection over a node type's field table, nested plain objects and embedded edges
 * (connections with paging). The node types live beside it, one file per area (`facebook.ts`, `instagram.ts`,
 * `messaging.ts`); each cites the Meta reference its field names and shapes follow.
 */
import { type UrlSigner } from '../cdn.js';
import { errors } from '../errors.js';
import { type FieldNode, plainFields, stringifyFields } from '../fields.js';
import { paginate, pagingFor, readPageParams } from '../paging.js';
import { type TokenRecord, type TokenStore } from '../tokens.js';
import { type World } from '../world.js';

export { fbTime } from '../time.js';

/** Per-request rendering context. */
export interface Ctx {
  world: World;
  tokens: TokenStore;
  signer: UrlSigner;
  now: number;
  origin: string;
  /** e.g. `v25.0`, or '' when the request had no version prefix. */
  version: string;
  token?: TokenRecord;
  rawToken?: string;
  /** The token when it came as an `access_token` parameter (copied into paging URLs, as Meta does). */
  queryToken?: string;
  /** Filled while the request runs: the route it matched and the permissions checked (see RequestLog.uses). */
  audit?: { route?: string; permissions: Set<string> };
}

/** Absolute Graph URL on the sandbox origin keeping the version prefix. */
export function graphUrl(ctx: Ctx, path: string): URL {
  return new URL(`${ctx.origin}${ctx.version ? `/${ctx.version}` : ''}/${path.replace(/^\//, '')}`);
}

type FieldFn<T> = (obj: T, node: FieldNode, ctx: Ctx) => unknown;

/** A node type: its Graph name, default fields and field renderers. */
export interface NodeDef<T> {
  type: string;
  defaults: string[];
  fields: Record<string, FieldFn<T>>;
}

/** Renders `obj` with the requested fields (or the defaults); unknown fields → error 100. */
export function render<T>(
  def: NodeDef<T>,
  obj: T,
  nodes: FieldNode[] | undefined,
  ctx: Ctx,
): Record<string, unknown> {
  const sel = nodes && nodes.length > 0 ? nodes : plainFields(...def.defaults);
  const out: Record<string, unknown> = {};
  for (const n of sel) {
    const fn = def.fields[n.name];
    if (!fn) throw errors.nonexistingField(n.name, def.type);
    const v = fn(obj, n, ctx);
    if (v !== undefined) out[n.name] = v;
  }
  // Graph always returns the id of a node when it has one.
  if (out.id === undefined && def.fields.id) {
    const id = def.fields.id(obj, { name: 'id', params: {} }, ctx);
    if (id !== undefined) out.id = id;
  }
  return out;
}

/** Applies a nested selection to a plain JSON object (e.g. attachments{media{image{src}}}). */
export function select(value: unknown, nodes: FieldNode[] | undefined, type: string): unknown {
  if (!nodes || nodes.length === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => select(v, nodes, type));
  const obj = value as Record<string, unknown>;
  if (Array.isArray(obj.data)) return { ...obj, data: obj.data.map((v) => select(v, nodes, type)) };
  const out: Record<string, unknown> = {};
  for (const n of nodes) {
    if (!(n.name in obj)) {
      if (KNOWN_PLAIN.has(n.name)) continue;
      throw errors.nonexistingField(n.name, type);
    }
    out[n.name] = select(obj[n.name], n.children, type);
  }
  return out;
}

/** Fields that exist on plain sub-objects but may be absent for some items. */
const KNOWN_PLAIN = new Set([
  'description',
  'title',
  'url',
  'media',
  'image',
  'src',
  'width',
  'height',
  'subattachments',
  'target',
  'media_type',
  'type',
  'source',
  'unshimmed_url',
  'email',
  'username',
  'name',
  'image_data',
  'video_data',
  'file_url',
  'mime_type',
  'size',
  'preview_url',
  'max_width',
  'max_height',
  'id',
  'render_as_sticker',
  'animated_gif_url',
]);

/** Renders an embedded edge (connection) with paging and optional summary. */
export function connection<T>(
  ctx: Ctx,
  items: readonly T[],
  idOf: (t: T) => string,
  node: FieldNode,
  renderItem: (t: T, children: FieldNode[] | undefined) => unknown,
  edgePath: string,
  summary?: () => Record<string, unknown>,
): Record<string, unknown> {
  const p = readPageParams((k) => node.params[k], 25, 100);
  const slice = paginate(items, idOf, p, false);
  const out: Record<string, unknown> = { data: slice.items.map((t) => renderItem(t, node.children)) };
  const base = graphUrl(ctx, edgePath);
  if (ctx.queryToken) base.searchParams.set('access_token', ctx.queryToken);
  if (node.children) base.searchParams.set('fields', stringifyFields(node.children));
  base.searchParams.set('limit', String(p.limit));
  const paging = pagingFor(slice, idOf, base);
  if (paging) out.paging = paging;
  const wantSummary = node.params.summary;
  if (summary && wantSummary !== undefined && wantSummary !== 'false' && wantSummary !== '0')
    out.summary = summary();
  return out;
}

/** A signed, expiring CDN URL on the sandbox origin. */
export function cdnUrl(ctx: Ctx, path: string): string {
  return ctx.signer.sign(ctx.origin, path, ctx.now);
}
