// publish/*: posts to the Page and its Instagram account. Each call takes the bridge's argument object, picks the
// Page token (for Instagram: the token of the Page the IG account is linked to), makes ONE Graph call (never
// retried here for writes: the renderer's queue decides) and answers an outcome classified by publish-outcomes.ts.
// Graph references: https://developers.facebook.com/docs/pages-api/posts (feed, scheduling),
// https://developers.facebook.com/docs/graph-api/reference/page/photos/ (unpublished photos, multipart source),
// https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media (containers),
// .../ig-container (status_code), .../ig-user/media_publish, .../ig-user/content_publishing_limit.
import {
  BridgeError,
  type CallArgs,
  type CallName,
  type CallResponse,
} from '../../../shared/bridge/contract';
import {
  ContainerStatusCode,
  type IgContainerRequest,
  type PublishFailure,
} from '../../../shared/bridge/calls/publish';
import { graphPath, type GraphParams, type GraphPath } from '../graph/client';
import type { GatewayContext } from './context';
import { classified, noTokenFailure, type PublishCallKind } from './publish-outcomes';
import type { PublishUploads } from './publish-uploads';
import { createVideoPublisher } from './publish-video';

type R<K extends CallName> = Promise<CallResponse<K>>;

/** The publishing operations of the gateway. */
export type Publisher = ReturnType<typeof createPublisher>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' ? (v as Record<string, unknown>) : {};

/** Meta answered 200 without what the call creates: for a live write that may still have taken effect. */
function missingAnswer(kind: PublishCallKind, what: string): PublishFailure {
  return kind === 'live'
    ? {
        status: 'ambiguous',
        reason: `Facebook answered without ${what}, so Duet cannot tell whether this went live.`,
      }
    : { status: 'retryable', reason: `Facebook answered without ${what}.`, retryAfterMs: 5_000 };
}

/** Meta documents no code for "stories need a Business account"; its message says so. */
function storyCheck<T extends { status: string }>(req: IgContainerRequest, r: T): T | PublishFailure {
  const f = r as unknown as PublishFailure;
  if (
    f.status === 'permanent' &&
    req.kind.startsWith('story') &&
    /business account/i.test(f.metaMessage ?? '')
  )
    return {
      ...f,
      code: 'creator-account',
      reason: 'Instagram publishes stories only for Business accounts; this is a Creator account.',
    };
  return r;
}

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
  function pageAuth(pageId: string): { token: string; pageId: string } | { failure: PublishFailure } {
    try {
      ctx.account(pageId);
      return { token: opts.session.pageToken(pageId), pageId };
    } catch (err) {
      return { failure: noTokenFailure(err) };
    }
  }
  /** The token of the Page an IG account is linked to. */
  function igAuth(igUserId: string): { token: string; pageId: string } | { failure: PublishFailure } {
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
    auth: { token: string; pageId: string },
    method: 'GET' | 'POST' | 'DELETE',
    path: GraphPath,
    params: GraphParams,
    files?: Parameters<typeof opts.graph.request>[0]['files'],
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

  /** The CDN address of one of the Page's photos (`images[0].source`): what Instagram fetches for an image. */
  async function photoSource(auth: { token: string; pageId: string }, photoId: string) {
    const r = await call('read', auth, 'GET', graphPath(photoId), { fields: 'images' });
    if (!r.ok) return r;
    const images = Array.isArray(r.value.images) ? (r.value.images as unknown[]) : [];
    const source = str(obj(images[0]).source);
    if (!source) return { ok: false as const, failure: missingAnswer('read', "the photo's address") };
    return { ok: true as const, value: source };
  }

  /** The Graph parameters of a container request. */
  async function containerParams(
    auth: { token: string; pageId: string },
    req: IgContainerRequest,
  ): Promise<{ ok: true; value: GraphParams } | { ok: false; failure: PublishFailure }> {
    const image = async (photoId: string, extra: GraphParams) => {
      const src = await photoSource(auth, photoId);
      return src.ok ? { ok: true as const, value: { image_url: src.value, ...extra } } : src;
    };
    switch (req.kind) {
      case 'reel':
      case 'story-video':
      case 'carousel-video':
        return { ok: true, value: {} };
      case 'image':
        return image(req.photoId, { caption: req.caption, alt_text: req.altText });
      case 'story-image':
        return image(req.photoId, { media_type: 'STORIES' });
      case 'carousel-image':
        return image(req.photoId, { is_carousel_item: 'true', alt_text: req.altText });
      case 'carousel':
        return {
          ok: true,
          value: { media_type: 'CAROUSEL', children: req.children.join(','), caption: req.caption },
        };
    }
  }

  const video = createVideoPublisher({
    pageAuth,
    igAuth,
    call: (kind, auth, method, path, params) => call(kind, auth, method, path, params),
    uploads,
    graphBaseUrl: opts.graphBaseUrl ?? (() => 'https://graph.facebook.com'),
    fetch: opts.fetch ?? fetch,
    markExpired,
    ...(opts.onUploadProgress ? { onProgress: opts.onUploadProgress } : {}),
  });

  return {
    uploads,
    fbVideo: video.fbVideo,
    fbVideoStatus: video.fbVideoStatus,
    fbStory: video.fbStory,

    async fbPhoto({ accountId, uploadId }: CallArgs<'publish/fb-photo'>): R<'publish/fb-photo'> {
      const auth = pageAuth(accountId);
      if ('failure' in auth) return auth.failure;
      const up = await uploads.finished(uploadId);
      if (up.media.kind !== 'image')
        return { status: 'permanent', reason: 'This file is a video, not a photo.', code: 'media' };
      const r = await call(
        'staging',
        auth,
        'POST',
        graphPath(accountId, 'photos'),
        { published: 'false' },
        {
          source: { blob: up.blob, name: up.name },
        },
      );
      if (!r.ok) return r.failure;
      const id = str(r.value.id);
      return id && /^\d+$/.test(id) ? { status: 'ok', photoId: id } : missingAnswer('staging', 'a photo id');
    },

    async fbPost(req: CallArgs<'publish/fb-post'>): R<'publish/fb-post'> {
      const auth = pageAuth(req.accountId);
      if ('failure' in auth) return auth.failure;
      const params: GraphParams = { message: req.message, link: req.link };
      if (req.photoIds.length)
        params.attached_media = JSON.stringify(req.photoIds.map((id) => ({ media_fbid: id })));
      if (req.scheduledAt !== undefined) {
        params.published = 'false';
        params.scheduled_publish_time = String(Math.floor(req.scheduledAt / 1000));
      }
      const r = await call('live', auth, 'POST', graphPath(req.accountId, 'feed'), params);
      if (!r.ok) return r.failure;
      const id = str(r.value.id);
      return id && id.startsWith(`${req.accountId}_`)
        ? { status: 'ok', postId: id }
        : missingAnswer('live', 'a post id');
    },

    async fbPostGet({ accountId, postId }: CallArgs<'publish/fb-post-get'>): R<'publish/fb-post-get'> {
      const auth = pageAuth(accountId);
      if ('failure' in auth) return auth.failure;
      if (!postId.startsWith(`${accountId}_`))
        return {
          status: 'permanent',
          reason: 'This post is not one of this Page’s posts.',
          code: 'permission',
        };
      const r = await call('read', auth, 'GET', graphPath(postId), {
        fields: 'id,created_time,permalink_url,is_published',
      });
      if (!r.ok) {
        // A post that is gone for good answers 100/33 again and again; the queue stops after a few reads.
        return r.failure;
      }
      const created = Date.parse(str(r.value.created_time) ?? '');
      return {
        status: 'ok',
        exists: true,
        ...(typeof r.value.is_published === 'boolean' ? { isPublished: r.value.is_published } : {}),
        ...(str(r.value.permalink_url) ? { permalinkUrl: str(r.value.permalink_url) } : {}),
        ...(Number.isFinite(created) ? { createdTime: created } : {}),
      };
    },

    async fbScheduled({ accountId }: CallArgs<'publish/fb-scheduled'>): R<'publish/fb-scheduled'> {
      const auth = pageAuth(accountId);
      if ('failure' in auth) return auth.failure;
      const r = await call('read', auth, 'GET', graphPath(accountId, 'scheduled_posts'), {
        fields: 'id,message,link,scheduled_publish_time',
        limit: 100,
      });
      if (!r.ok) return r.failure;
      const rows = Array.isArray(r.value.data) ? (r.value.data as unknown[]) : [];
      const posts = rows.flatMap((row) => {
        const o = obj(row);
        const id = str(o.id);
        const at = typeof o.scheduled_publish_time === 'number' ? o.scheduled_publish_time * 1000 : NaN;
        if (!id || !/^\d{1,32}_\d{1,32}$/.test(id) || !Number.isFinite(at)) return [];
        return [
          {
            postId: id,
            scheduledAt: at,
            ...(str(o.message) ? { message: str(o.message) } : {}),
            ...(str(o.link) ? { link: str(o.link) } : {}),
          },
        ];
      });
      return { status: 'ok', posts: posts.sort((a, b) => a.scheduledAt - b.scheduledAt) };
    },

    async fbScheduledUpdate(req: CallArgs<'publish/fb-scheduled-update'>): R<'publish/fb-scheduled-update'> {
      const auth = pageAuth(req.accountId);
      if ('failure' in auth) return auth.failure;
      if (!req.postId.startsWith(`${req.accountId}_`))
        return {
          status: 'permanent',
          reason: 'This post is not one of this Page’s posts.',
          code: 'permission',
        };
      const params: GraphParams = { message: req.message };
      if (req.scheduledAt !== undefined)
        params.scheduled_publish_time = String(Math.floor(req.scheduledAt / 1000));
      // An edit is idempotent: repeating it changes nothing more, so a lost answer is safe to retry.
      const r = await call('staging', auth, 'POST', graphPath(req.postId), params);
      return r.ok ? { status: 'ok' } : r.failure;
    },

    async fbScheduledCancel(req: CallArgs<'publish/fb-scheduled-cancel'>): R<'publish/fb-scheduled-cancel'> {
      const auth = pageAuth(req.accountId);
      if ('failure' in auth) return auth.failure;
      if (!req.postId.startsWith(`${req.accountId}_`))
        return {
          status: 'permanent',
          reason: 'This post is not one of this Page’s posts.',
          code: 'permission',
        };
      const r = await call('staging', auth, 'DELETE', graphPath(req.postId), {});
      return r.ok ? { status: 'ok' } : r.failure;
    },

    async igContainer(req: CallArgs<'publish/ig-container'>): R<'publish/ig-container'> {
      if (req.kind === 'reel')
        return video.igVideoContainer(req.accountId, req.uploadId, {
          media_type: 'REELS',
          caption: req.caption,
        });
      if (req.kind === 'story-video')
        return storyCheck(
          req,
          await video.igVideoContainer(req.accountId, req.uploadId, { media_type: 'STORIES' }),
        );
      if (req.kind === 'carousel-video')
        return video.igVideoContainer(req.accountId, req.uploadId, {
          media_type: 'VIDEO',
          is_carousel_item: 'true',
        });
      const auth = igAuth(req.accountId);
      if ('failure' in auth) return auth.failure;
      const params = await containerParams(auth, req);
      if (!params.ok) return params.failure;
      const r = await call('staging', auth, 'POST', graphPath(req.accountId, 'media'), params.value);
      if (!r.ok) {
        const f = r.failure;
        // Meta documents no code for "stories need a Business account"; its message says so.
        if (
          f.status === 'permanent' &&
          req.kind.startsWith('story') &&
          /business account/i.test(f.metaMessage ?? '')
        )
          return {
            ...f,
            code: 'creator-account',
            reason: 'Instagram publishes stories only for Business accounts; this is a Creator account.',
          };
        return f;
      }
      const id = str(r.value.id);
      return id && /^\d+$/.test(id)
        ? { status: 'ok', containerId: id }
        : missingAnswer('staging', 'a container id');
    },

    async igContainerStatus(req: CallArgs<'publish/ig-container-status'>): R<'publish/ig-container-status'> {
      const auth = igAuth(req.accountId);
      if ('failure' in auth) return auth.failure;
      const r = await call('read', auth, 'GET', graphPath(req.containerId), { fields: 'status_code,status' });
      if (!r.ok) return r.failure;
      const code = ContainerStatusCode.safeParse(r.value.status_code);
      if (!code.success) return missingAnswer('read', 'a status');
      const status = str(r.value.status);
      const sub = status ? /\b(2207\d{3})\b/.exec(status)?.[1] : undefined;
      return {
        status: 'ok',
        statusCode: code.data,
        ...(sub ? { errorSubcode: Number(sub) } : {}),
        ...(status ? { message: status } : {}),
      };
    },

    async igPublish(req: CallArgs<'publish/ig-publish'>): R<'publish/ig-publish'> {
      const auth = igAuth(req.accountId);
      if ('failure' in auth) return auth.failure;
      const r = await call('live', auth, 'POST', graphPath(req.accountId, 'media_publish'), {
        creation_id: req.containerId,
      });
      if (!r.ok) return r.failure;
      const id = str(r.value.id);
      return id && /^\d+$/.test(id) ? { status: 'ok', mediaId: id } : missingAnswer('live', 'a media id');
    },

    async igMediaGet(req: CallArgs<'publish/ig-media-get'>): R<'publish/ig-media-get'> {
      const auth = igAuth(req.accountId);
      if ('failure' in auth) return auth.failure;
      const r = await call('read', auth, 'GET', graphPath(req.mediaId), {
        fields: 'id,permalink,caption,timestamp',
      });
      if (!r.ok) return r.failure;
      const ts = Date.parse(str(r.value.timestamp) ?? '');
      if (!Number.isFinite(ts)) return missingAnswer('read', 'a time');
      return {
        status: 'ok',
        timestamp: ts,
        ...(str(r.value.permalink) ? { permalink: str(r.value.permalink) } : {}),
        ...(str(r.value.caption) ? { caption: str(r.value.caption) } : {}),
      };
    },

    async igQuota(req: CallArgs<'publish/ig-quota'>): R<'publish/ig-quota'> {
      const auth = igAuth(req.accountId);
      if ('failure' in auth) return auth.failure;
      const r = await call('read', auth, 'GET', graphPath(req.accountId, 'content_publishing_limit'), {
        fields: 'quota_usage,config',
      });
      if (!r.ok) return r.failure;
      const row = obj(Array.isArray(r.value.data) ? r.value.data[0] : undefined);
      const cfg = obj(row.config);
      const usage = row.quota_usage;
      const total = cfg.quota_total;
      const duration = cfg.quota_duration;
      const whole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
      if (!whole(usage) || !whole(total)) return missingAnswer('read', 'the publishing quota');
      return {
        status: 'ok',
        quotaUsage: usage,
        quotaTotal: total,
        quotaDurationS: whole(duration) && duration > 0 ? duration : 86400,
      };
    },
  };
}
