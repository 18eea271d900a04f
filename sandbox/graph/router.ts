/**
 * The Graph route table's vocabulary: a route is a method and a path pattern mapped to a handler. A pattern is
 * literal segments (`/oauth/access_token`) or a node kind, an optional edge and an optional sub-segment
 * (`/{page}`, `/{page}/feed`, `/{user}/permissions/{permission}`). The kind is what the id resolved to
 * (`resolve.ts`), so `/{page}/feed` matches `/1234/feed` when 1234 is a Page the token can see.
 */
import { type Ctx } from '../render/core.js';
import { type NodeKind, type Resolved } from './resolve.js';
import { type GraphRequest, type Services } from './request.js';

/** HTTP methods a route answers; `*` = any (the handler decides). */
export type RouteMethod = 'GET' | 'POST' | 'DELETE' | '*';

/** What a handler receives. */
export interface RouteArgs<T extends Resolved = Resolved> {
  svc: Services;
  ctx: Ctx;
  req: GraphRequest;
  /** The object the path's id resolved to. */
  target: T;
  /** The edge segment (`feed` in `/{page}/feed`). */
  edge?: string;
  /** The segment after the edge (`/{user}/permissions/{permission}`). */
  sub?: string;
  method: string;
}

/** What a handler of a literal path (no id, no token needed) receives. */
export type PublicArgs = Omit<RouteArgs, 'target'>;

/** One entry of the table. */
export type Route =
  | {
      method: RouteMethod;
      pattern: string;
      kind: NodeKind;
      edge?: string;
      sub: boolean;
      handler: (a: RouteArgs) => unknown;
    }
  | { method: RouteMethod; pattern: string; literal: string; handler: (a: PublicArgs) => unknown };

type KindIn<P extends string> = P extends `/{${infer K extends NodeKind}}${string}` ? K : never;

/** A route on a node or one of its edges; the handler's `target` is typed by the pattern's `{kind}`. */
export function route<P extends `/{${NodeKind}}${string}`>(
  method: RouteMethod,
  pattern: P,
  handler: (a: RouteArgs<Extract<Resolved, { kind: KindIn<P> }>>) => unknown,
): Route {
  const m = /^\/\{([a-z]+)\}(?:\/([a-z_]+)(\/\{[a-z_]+\})?)?$/.exec(pattern);
  if (!m) throw new Error(`bad route pattern ${pattern}`);
  const r: Route = {
    method,
    pattern,
    kind: m[1] as NodeKind,
    sub: !!m[3],
    handler: handler as (a: RouteArgs) => unknown,
  };
  if (m[2]) r.edge = m[2];
  return r;
}

/** A route on a literal path, answered before any id is resolved or token required. */
export function publicRoute(
  method: RouteMethod,
  pattern: string,
  handler: (a: PublicArgs) => unknown,
): Route {
  return { method, pattern, literal: pattern.replace(/^\//, ''), handler };
}

/** The routes indexed for lookup, in table order. */
export class RouteTable {
  private readonly literal = new Map<string, Route[]>();
  private readonly byNode = new Map<string, Route[]>();

  /** Indexes `routes`; two routes with the same method and pattern are a mistake and throw. */
  constructor(readonly routes: readonly Route[]) {
    const seen = new Set<string>();
    for (const r of routes) {
      const id = `${r.method} ${r.pattern}`;
      if (seen.has(id)) throw new Error(`duplicate route ${id}`);
      seen.add(id);
      const key = 'literal' in r ? r.literal : RouteTable.nodeKey(r.kind, r.edge, r.sub);
      const map = 'literal' in r ? this.literal : this.byNode;
      map.set(key, [...(map.get(key) ?? []), r]);
    }
  }

  private static nodeKey(kind: NodeKind, edge: string | undefined, sub: boolean): string {
    return `${kind}/${edge ?? ''}${sub ? '/*' : ''}`;
  }

  private static pick(list: Route[] | undefined, method: string): Route | undefined {
    return list?.find((r) => r.method === '*' || r.method === method);
  }

  /** The literal route for these segments and method, if any. */
  literalRoute(segs: readonly string[], method: string): Extract<Route, { literal: string }> | undefined {
    return RouteTable.pick(this.literal.get(segs.join('/')), method) as
      Extract<Route, { literal: string }> | undefined;
  }

  /** True when some route of the node's edge takes a sub-segment. */
  hasSub(kind: NodeKind, edge: string): boolean {
    return this.byNode.has(RouteTable.nodeKey(kind, edge, true));
  }

  /** The route for a node kind, edge (undefined = the node itself), sub-segment presence and method. */
  nodeRoute(
    kind: NodeKind,
    edge: string | undefined,
    sub: boolean,
    method: string,
  ): Extract<Route, { kind: NodeKind }> | undefined {
    return RouteTable.pick(this.byNode.get(RouteTable.nodeKey(kind, edge, sub)), method) as
      Extract<Route, { kind: NodeKind }> | undefined;
  }
}
