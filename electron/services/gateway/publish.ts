// publish/*: posts to the Page and its Instagram account. Each call takes the bridge's argument object, picks the
// Page token (for Instagram: the token of the Page the IG account is linked to), makes ONE Graph call (never
// retried here for writes: the renderer's queue decides) and answers an outcome classified by publish-outcomes.ts.
// Graph references: https://developers.facebook.com/docs/pages-api/posts (feed, scheduling),
// https://developers.facebook.com/docs/graph-api/reference/page/photos/ (unpublished photos, multipart source),
// https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media (containers),
// .../ig-container (status_code), .../ig-user/media_publish, .../ig-user/content_publishing_limit.
import { BridgeError } from '../../../shared/bridge/contract';
import type { PublishFailure } from '../../../shared/bridge/calls/publish';
import { type GraphParams, type GraphPath, type GraphRequest } from '../graph/client';
import type { GatewayContext } from './context';
import { obj, type PublishAuth, type PublishDeps } from './publish-deps';
import { createFbPublisher } from './publish-fb';
import { createIgPublisher } from './publish-ig';
import { classified, noTokenFailure, type PublishCallKind } from './publish-outcomes';
import type { PublishUploads } from './publish-uploads';
import { createVideoPublisher } from './publish-video';

/** The publishing operations of the gateway. */
export type Publisher = ReturnType<typeof createPublisher>;

/** Without an upload folder (a gateway built for reads only), every upload call says so. */
function unavailableUploads(): PublishUploads {
  const no = () => Promise.reject(new BridgeError('internal', 'This host has no folder for uploads.'));
  return {
    begin: no,
    chunk: no,
    end: no,
    discard: no,
    finished: no,
    clear: async () => {},
    sweep: async () => {},
  };
}

/** Creates the publisher over the gateway's context and the host's uploads. */
export function createPublisher(ctx: GatewayContext, maybeUploads: PublishUploads | undefined) {
  const { opts } = ctx;
  const uploads = maybeUploads ?? unavailableUploads();
  const markExpired = (m: string) => opts.session.markExpired(m);

  /** The Page token for a Page id, or the failure that says why there is none. */
  function pageAuth(pageId: string): PublishAuth | { failure: PublishFailure } {
    try {
      ctx.account(pageId);
      return { token: opts.session.pageToken(pageId), pageId };
    } catch (err) {
      return { failure: noTokenFailure(err) };
    }
  }
  /** The token of the Page an IG account is linked to. */
  function igAuth(igUserId: string): PublishAuth | { failure: PublishFailure } {
    let acc;
    try {
      acc = opts.session.accounts().find((a) => a.instagram?.id === igUserId);
    } catch (err) {
      return { failure: noTokenFailure(err) };
    }
    if (!acc)
      return {
        failure: {
          status: 'permanent',
          reason: 'This Instagram account is not linked to a Page of the signed-in session.',
          code: 'permission',
        },
      };
    return pageAuth(acc.id);
  }

  async function call(
    kind: PublishCallKind,
    auth: PublishAuth,
    method: 'GET' | 'POST' | 'DELETE',
    path: GraphPath,
    params: GraphParams,
    files?: GraphRequest['files'],
  ) {
    return classified(kind, markExpired, async () => {
      const res = await opts.graph.request({
        method,
        path,
        params,
        token: auth.token,
        accountId: auth.pageId,
        ...(files ? { files } : {}),
      });
      return obj(res.data);
    });
  }

  const deps: PublishDeps = { pageAuth, igAuth, call, uploads, markExpired };
  const video = createVideoPublisher({
    ...deps,
    graphBaseUrl: opts.graphBaseUrl ?? (() => 'https://graph.facebook.com'),
    fetch: opts.fetch ?? fetch,
    ...(opts.onUploadProgress ? { onProgress: opts.onUploadProgress } : {}),
  });
  return {
    uploads,
    ...createFbPublisher(deps),
    ...createIgPublisher(deps, video),
    fbVideoStage: video.fbVideoStage,
    fbVideo: video.fbVideo,
    fbVideoStatus: video.fbVideoStatus,
    fbStory: video.fbStory,
    fbStories: video.fbStories,
  };
}
