/**
 * Instagram node types.
 * IG User https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user
 * IG Media https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media
 * IG Container https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container
 */
import { DAY } from '../time.js';
import { commentState } from '../world/comments.js';
import { type Comment, type Container, type IgAccount, type IgMedia } from '../world.js';
import { type Ctx, type NodeDef, cdnUrl as cdn, connection, fbTime, render, select } from './core.js';

/** IG user node. */
export const igUserDef: NodeDef<IgAccount> = {
  type: 'IGUser',
  defaults: ['id'],
  fields: {
    id: (a) => a.id,
    ig_id: (a) => Number(a.id.slice(5)),
    username: (a) => a.username,
    name: (a) => a.name,
    biography: (a) => a.biography,
    website: (a) => `https://example.com/${a.username}`,
    profile_picture_url: (a, _n, ctx) => cdn(ctx, `/cdn/pic/${a.id}.jpg`),
    followers_count: (a) => a.followers,
    follows_count: (a) => a.follows,
    media_count: (a, _n, ctx) => ctx.world.mediaByIg.get(a.id)?.length ?? 0,
    media: (a, n, ctx) =>
      connection(
        ctx,
        ctx.world.mediaByIg.get(a.id) ?? [],
        (m) => m.id,
        n,
        (m, c) => render(mediaDef, m, c, ctx),
        `${a.id}/media`,
      ),
    stories: (a, n, ctx) =>
      connection(
        ctx,
        liveStories(ctx, a.id),
        (m) => m.id,
        n,
        (m, c) => render(mediaDef, m, c, ctx),
        `${a.id}/stories`,
      ),
  },
};

/** Stories younger than 24 h. https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/stories */
export function liveStories(ctx: Ctx, igId: string): IgMedia[] {
  return (ctx.world.storiesByIg.get(igId) ?? []).filter(
    (s) => ctx.now - s.timestamp < DAY && s.timestamp <= ctx.now,
  );
}

function mediaPath(m: IgMedia, kind: 'media' | 'thumb'): string {
  if (kind === 'thumb') return `/cdn/ig/${m.id}_thumb.jpg`;
  return m.mediaType === 'VIDEO' ? `/cdn/ig/${m.id}.webm` : `/cdn/ig/${m.id}.jpg`;
}

/** IG comment node. https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment */
export const igCommentDef: NodeDef<Comment> = {
  type: 'IGComment',
  defaults: ['timestamp', 'text', 'id'],
  fields: {
    id: (c) => c.id,
    text: (c) => c.message,
    timestamp: (c) => fbTime(c.createdTime),
    username: (c) => c.fromName,
    from: (c, n) => select({ id: c.fromId, username: c.fromName }, n.children, 'IGCommentFromUser'),
    like_count: (c) => c.likeCount,
    hidden: (c, _n, ctx) => commentState(ctx.world).flagsOf(c.id).hidden,
    media: (c, n, ctx) => select({ id: commentState(ctx.world).rootOf(c) }, n.children, 'IGMedia'),
    parent_id: (c, _n, ctx) => commentState(ctx.world).parentOf(c)?.id,
    replies: (c, n, ctx) =>
      connection(
        ctx,
        commentState(ctx.world).repliesOf(c),
        (x) => x.id,
        n,
        (x, ch) => render(igCommentDef, x, ch, ctx),
        `${c.id}/replies`,
      ),
  },
};

/** IG media node. */
export const mediaDef: NodeDef<IgMedia> = {
  type: 'IGMedia',
  defaults: ['id'],
  fields: {
    id: (m) => m.id,
    caption: (m) => m.caption,
    media_type: (m) => m.mediaType,
    media_product_type: (m) => m.productType,
    media_url: (m, _n, ctx) => {
      if (m.mediaType === 'CAROUSEL_ALBUM') {
        const first = m.childIds?.[0] ? ctx.world.media.get(m.childIds[0]) : undefined;
        return first ? cdn(ctx, mediaPath(first, 'media')) : cdn(ctx, `/cdn/ig/${m.id}.jpg`);
      }
      return cdn(ctx, mediaPath(m, 'media'));
    },
    thumbnail_url: (m, _n, ctx) => (m.mediaType === 'VIDEO' ? cdn(ctx, mediaPath(m, 'thumb')) : undefined),
    permalink: (m) =>
      `https://www.instagram.com/${m.productType === 'REELS' ? 'reel' : m.productType === 'STORY' ? 'stories/_' : 'p'}/${m.shortcode}/`,
    shortcode: (m) => m.shortcode,
    timestamp: (m) => fbTime(m.timestamp),
    like_count: (m) => (m.isChild || m.productType === 'STORY' ? undefined : m.likeCount),
    comments_count: (m) => (m.isChild || m.productType === 'STORY' ? undefined : m.commentsCount),
    username: (m, _n, ctx) => ctx.world.igAccounts.get(m.igId)?.username,
    owner: (m, n) => select({ id: m.igId }, n.children, 'IGUser'),
    is_comment_enabled: (m, _n, ctx) => !commentState(ctx.world).commentsOff.has(m.id),
    is_shared_to_feed: (m) => (m.productType === 'REELS' ? true : undefined),
    children: (m, n, ctx) => {
      if (!m.childIds) return undefined;
      const kids = m.childIds.map((id) => ctx.world.media.get(id)).filter((x): x is IgMedia => !!x);
      return connection(
        ctx,
        kids,
        (k) => k.id,
        n,
        (k, c) => render(mediaDef, k, c, ctx),
        `${m.id}/children`,
      );
    },
    comments: (m, n, ctx) =>
      connection(
        ctx,
        ctx.world.commentsFor(m.id),
        (c) => c.id,
        n,
        (c, ch) => render(igCommentDef, c, ch, ctx),
        `${m.id}/comments`,
      ),
  },
};

/** Container status per Meta: EXPIRED, ERROR, FINISHED, IN_PROGRESS, PUBLISHED. */
export function containerStatus(
  c: Container,
  now: number,
): 'EXPIRED' | 'ERROR' | 'FINISHED' | 'IN_PROGRESS' | 'PUBLISHED' {
  if (c.publishedMediaId) return 'PUBLISHED';
  if (c.error) return 'ERROR';
  if (now - c.createdAt >= DAY) return 'EXPIRED';
  return !c.awaitingUpload && now >= c.readyAt ? 'FINISHED' : 'IN_PROGRESS';
}

/** IG container node. */
export const containerDef: NodeDef<Container> = {
  type: 'ShadowIGMediaBuilder',
  defaults: ['id'],
  fields: {
    id: (c) => c.id,
    status_code: (c, _n, ctx) => containerStatus(c, ctx.now),
    status: (c, _n, ctx) =>
      ({
        EXPIRED: 'Expired: The container was not published within 24 hours.',
        ERROR: `Error: Media upload has failed with error code ${c.errorSubcode ?? 2207026}`,
        FINISHED: 'Finished: Media has been uploaded and it is ready to be published.',
        IN_PROGRESS: 'In Progress: Media is still being processed.',
        PUBLISHED: 'Published: Media has been published.',
      })[containerStatus(c, ctx.now)],
    copyright_check_status: () => ({ status: 'completed', matches_found: false }),
  },
};
