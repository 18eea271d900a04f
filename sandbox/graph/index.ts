/**
 * Graph API request handling (everything under `/vNN.N/…`): the route table and its dispatch. Each area's routes
 * live in their own file; the HTTP pipeline (`../http/pipeline.ts`) adds faults, tokens, usage and ETags around
 * `handleGraph`, and `batch.ts` runs each sub-request through that same pipeline.
 */
import { errors } from '../errors.js';
import { type Ctx } from '../render/core.js';
import { needToken } from './access.js';
import { commentRoutes } from './comments.js';
import { conversationRoutes } from './conversations.js';
import { feedRoutes } from './feed.js';
import { instagramRoutes } from './instagram.js';
import { loginRoutes } from './login.js';
import { publishFbRoutes } from './publish-fb.js';
import { publishFbVideoRoutes } from './publish-fb-video.js';
import { publishIgRoutes } from './publish-ig.js';
import { type GraphRequest, type Services } from './request.js';
import { NODE_TYPES, resolve } from './resolve.js';
import { RouteTable } from './router.js';
import { sendApiRoutes } from './send-api.js';

export {
  Params,
  tokenFrom,
  type Delivery,
  type GraphRequest,
  type Services,
  type Upload,
} from './request.js';

/** Every Graph route the sandbox answers. */
export const GRAPH_ROUTES = new RouteTable([
  ...loginRoutes,
  ...feedRoutes,
  ...commentRoutes,
  ...instagramRoutes,
  ...conversationRoutes,
  ...sendApiRoutes,
  ...publishFbRoutes,
  ...publishFbVideoRoutes,
  ...publishIgRoutes,
]);

/** Handles one Graph request; returns the JSON body (status 200) or throws a GraphError. */
export function handleGraph(svc: Services, ctx: Ctx, req: GraphRequest): unknown {
  // Closed to new apps on every version since v27.0's release (4 Nov 2026); Duet is a new app. See legacyFeature.
  if (req.params.str('ids') !== undefined) throw errors.legacyFeature('The multi-ID request (ids=)');
  if (req.params.str('method') !== undefined)
    throw errors.legacyFeature('The HTTP method override (method=)');
  const segs = req.path.split('/').filter(Boolean);
  const method = req.method.toUpperCase();
  const [head, edge, sub, ...rest] = segs;
  if (rest.length) throw errors.unknownPath([sub, ...rest].join('/'));
  const pub = GRAPH_ROUTES.literalRoute(segs, method);
  if (pub) return pub.handler({ svc, ctx, req, method, ...(edge ? { edge } : {}) });
  if (!head) throw errors.param('Unsupported request: the root object needs a batch parameter');
  needToken(ctx);
  const target = resolve(ctx, head, method);
  if (!edge) {
    const r = GRAPH_ROUTES.nodeRoute(target.kind, undefined, false, method);
    if (!r) throw errors.noObject(req.path, method);
    return r.handler({ svc, ctx, req, target, method });
  }
  if (sub !== undefined && !GRAPH_ROUTES.hasSub(target.kind, edge)) throw errors.unknownPath(sub);
  const r = GRAPH_ROUTES.nodeRoute(target.kind, edge, sub !== undefined, method);
  // Edges are fields to Graph: an unknown one answers like an unknown field, e.g. `/me/accounts` with a Page token →
  // "(#100) Tried accessing nonexisting field (accounts) on node type (Page)".
  if (!r) throw errors.nonexistingField(edge, NODE_TYPES[target.kind]);
  return r.handler({ svc, ctx, req, target, edge, method, ...(sub !== undefined ? { sub } : {}) });
}
