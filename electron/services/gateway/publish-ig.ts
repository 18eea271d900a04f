// publish/* on Instagram: containers (images from the Page photo's CDN address, videos through resumable upload),
// their status, media_publish, reading a media back and the publishing quota.
// https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media ,
// .../ig-container, .../ig-user/media_publish, .../ig-user/content_publishing_limit
import type { CallArgs, CallName, CallResponse } from '../../../shared/bridge/contract';
import {
  ContainerStatusCode,
  type IgContainerRequest,
  type PublishFailure,
} from '../../../shared/bridge/calls/publish';
import { graphPath, type GraphParams } from '../graph/client';
import { missingAnswer, obj, str, type PublishAuth, type PublishDeps } from './publish-deps';
import type { createVideoPublisher } from './publish-video';

type R<K extends CallName> = Promise<CallResponse<K>>;

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

/** The Instagram account's publishing operations. */
export function createIgPublisher(
  { igAuth, call }: PublishDeps,
  video: Pick<ReturnType<typeof createVideoPublisher>, 'igVideoContainer'>,
) {
  /** The CDN address of one of the Page's photos (`images[0].source`): what Instagram fetches for an image. */
  async function photoSource(auth: PublishAuth, photoId: string) {
    const r = await call('read', auth, 'GET', graphPath(photoId), { fields: 'images' });
    if (!r.ok) return r;
    const images = Array.isArray(r.value.images) ? (r.value.images as unknown[]) : [];
    const source = str(obj(images[0]).source);
    if (!source) return { ok: false as const, failure: missingAnswer('read', "the photo's address") };
    return { ok: true as const, value: source };
  }

  /** The Graph parameters of a container request. */
  async function containerParams(
    auth: PublishAuth,
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

  return {
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
      // Safe integers only: the contract refuses a larger one, which would turn Meta's odd number into a host error.
      const whole = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
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
