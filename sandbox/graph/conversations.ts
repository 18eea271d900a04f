/** Conversations and their messages (Messenger and Instagram Direct), read with the Page token. */
import { GraphError, errors } from '../errors.js';
import { type Ctx, render } from '../render/core.js';
import { MESSAGE_DETAIL_LIMIT, conversationDef, messageDef, readableMessages } from '../render/messaging.js';
import { type Page, type Platform, World } from '../world.js';
import { messagingAccess } from './access.js';
import { fieldsOf, listResponse } from './list.js';
import { type GraphRequest } from './request.js';
import { type Route, route } from './router.js';

/** The routes of this area. */
export const conversationRoutes: Route[] = [
  route('GET', '/{page}/conversations', ({ ctx, req, target }) => conversations(ctx, req, target.obj)),
  route('GET', '/{conversation}', ({ ctx, req, target }) => {
    messagingAccess(ctx, target.obj.pageId, target.obj.platform);
    return render(conversationDef, target.obj, fieldsOf(req), ctx);
  }),
  route('POST', '/{conversation}', () => {
    throw errors.param('Unsupported post request');
  }),
  route('GET', '/{conversation}/messages', ({ ctx, req, target }) => {
    messagingAccess(ctx, target.obj.pageId, target.obj.platform);
    const def = messageDef(target.obj);
    // Only the 20 newest messages are readable, 20 per page at most.
    return listResponse(
      ctx,
      req,
      readableMessages(target.obj),
      (m) => m.id,
      (m, f) => render(def, m, f, ctx),
      MESSAGE_DETAIL_LIMIT,
      MESSAGE_DETAIL_LIMIT,
    );
  }),
  route('GET', '/{message}', ({ ctx, req, target }) => {
    messagingAccess(ctx, target.conv.pageId, target.conv.platform);
    return render(messageDef(target.conv), target.obj, fieldsOf(req), ctx);
  }),
];

/** https://developers.facebook.com/docs/graph-api/reference/page/conversations/ */
function conversations(ctx: Ctx, req: GraphRequest, page: Page): unknown {
  const platform = (req.params.str('platform') ?? 'messenger').toLowerCase() as Platform;
  if (platform !== 'messenger' && platform !== 'instagram')
    throw errors.param('Param platform must be one of {MESSENGER, INSTAGRAM}');
  messagingAccess(ctx, page.id, platform);
  if (platform === 'instagram' && !page.igId) {
    throw new GraphError(
      '(#100) This Page does not have an Instagram account linked to it.',
      100,
      'OAuthException',
      2534014,
    );
  }
  let list = ctx.world.convsByKey.get(World.convKey(page.id, platform)) ?? [];
  const userId = req.params.str('user_id');
  if (userId) list = list.filter((c) => c.customer.id === userId);
  return listResponse(
    ctx,
    req,
    list,
    (c) => c.id,
    (c, f) => render(conversationDef, c, f, ctx),
    100,
    25,
  );
}
