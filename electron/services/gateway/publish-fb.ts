// publish/* on the Facebook Page: unpublished photos, feed posts (with photos, natively scheduled), reading a post
// back, and the Page's scheduled posts. https://developers.facebook.com/docs/pages-api/posts ,
// https://developers.facebook.com/docs/graph-api/reference/page/photos/
import type { CallArgs, CallName, CallResponse } from '../../../shared/bridge/contract';
import { graphPath, type GraphParams } from '../graph/client';
import { missingAnswer, obj, str, type PublishDeps } from './publish-deps';

type R<K extends CallName> = Promise<CallResponse<K>>;

/** The Page's publishing operations. */
export function createFbPublisher({ pageAuth, call, uploads }: PublishDeps) {
  return {
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
  };
}
