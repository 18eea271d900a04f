/**
 * Facebook node types.
 * User https://developers.facebook.com/docs/graph-api/reference/user/
 * Page https://developers.facebook.com/docs/graph-api/reference/page/
 * Post https://developers.facebook.com/docs/graph-api/reference/post/
 * Comment https://developers.facebook.com/docs/graph-api/reference/comment/
 */
import { plainFields } from '../fields.js';
import { type Comment, type Page, type Post, type User } from '../world.js';
import { type Ctx, type NodeDef, cdnUrl as cdn, connection, fbTime, render, select } from './core.js';
import { igUserDef } from './instagram.js';
import { PRIVATE_REPLY_WINDOW_MS, commentState } from '../world/comments.js';

// ---- Users & Pages ---------------------------------------------------------------------------------------------

/** User node. */
export const userDef: NodeDef<User> = {
  type: 'User',
  defaults: ['name', 'id'],
  fields: {
    id: (u) => u.id,
    name: (u) => u.name,
    first_name: (u) => u.name.split(' ')[0],
    last_name: (u) => u.name.split(' ').slice(1).join(' '),
    short_name: (u) => u.name.split(' ')[0],
    email: (u, _n, ctx) => (ctx.tokens.has(u.id, 'email') ? u.email : undefined),
    picture: (u, n, ctx) => ({
      data: select(
        { height: 50, width: 50, is_silhouette: false, url: cdn(ctx, `/cdn/pic/${u.id}.jpg`) },
        n.children,
        'ProfilePictureSource',
      ),
    }),
  },
};

const TASKS = ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'];

/** Page node. */
export const pageDef: NodeDef<Page> = {
  type: 'Page',
  defaults: ['name', 'id'],
  fields: {
    id: (p) => p.id,
    name: (p) => p.name,
    category: (p) => p.category,
    category_list: (p) => [{ id: '2200', name: p.category }],
    about: (p) => p.about,
    fan_count: (p) => p.fanCount,
    followers_count: (p) => p.fanCount + 37,
    link: (p) => `https://www.facebook.com/${p.id}`,
    username: (p) => p.name.toLowerCase().replace(/[^a-z]+/g, ''),
    verification_status: () => 'not_verified',
    picture: (p, n, ctx) => ({
      data: select(
        { height: 50, width: 50, is_silhouette: false, url: cdn(ctx, `/cdn/pic/${p.id}.jpg`) },
        n.children,
        'ProfilePictureSource',
      ),
    }),
    access_token: (p, _n, ctx) => {
      // Only returned to a user who manages the Page, when asked with a user token.
      const t = ctx.token;
      if (t?.kind === 'page' && t.pageId === p.id) return t.token;
      if (!t || t.kind !== 'user' || !ctx.tokens.has(t.userId, 'pages_show_list')) return undefined;
      const user = ctx.world.users.find((u) => u.id === t.userId);
      if (!user?.pageIds.includes(p.id)) return undefined;
      return ctx.tokens.pageToken(t, p.id).token;
    },
    // The tasks of the token's person on this Page (/me/accounts?fields=tasks); a full role unless set otherwise.
    // https://developers.facebook.com/docs/pages-api/overview#tasks
    tasks: (p, _n, ctx) => (ctx.token && ctx.world.pageTasks.get(`${ctx.token.userId}:${p.id}`)) ?? TASKS,
    instagram_business_account: (p, n, ctx) => {
      const ig = p.igId ? ctx.world.igAccounts.get(p.igId) : undefined;
      return ig ? render(igUserDef, ig, n.children ?? plainFields('id'), ctx) : undefined;
    },
    connected_instagram_account: (p, n, ctx) => {
      const ig = p.igId ? ctx.world.igAccounts.get(p.igId) : undefined;
      return ig ? render(igUserDef, ig, n.children ?? plainFields('id'), ctx) : undefined;
    },
    has_added_app: () => true,
  },
};

// ---- Posts & comments ------------------------------------------------------------------------------------------

const STATUS_TYPE: Record<Post['kind'], string> = {
  status: 'mobile_status_update',
  photo: 'added_photos',
  multi: 'added_photos',
  link: 'shared_story',
  video: 'added_video',
  visitor: 'wall_post',
};

function postImage(ctx: Ctx, post: Post, i: number): { height: number; src: string; width: number } {
  const key = post.photoIds?.[i] ?? post.imageKey ?? `${post.id}_${i}`;
  return { height: 640, src: cdn(ctx, `/cdn/fb/${key}.jpg`), width: 640 };
}

function postAttachments(post: Post, ctx: Ctx): Record<string, unknown>[] {
  const postNum = post.id.split('_')[1] ?? post.id;
  switch (post.kind) {
    case 'photo':
      return [
        {
          media_type: 'photo',
          type: 'photo',
          url: `https://www.facebook.com/photo.php?fbid=${postNum}`,
          media: { image: postImage(ctx, post, 0) },
          target: { id: postNum, url: `https://www.facebook.com/photo.php?fbid=${postNum}` },
        },
      ];
    case 'multi':
      return [
        {
          media_type: 'album',
          type: 'album',
          title: `Photos from ${post.fromName}'s post`,
          url: `https://www.facebook.com/${post.pageId}/posts/${postNum}`,
          media: { image: postImage(ctx, post, 0) },
          subattachments: {
            data: Array.from({ length: post.photoCount }, (_, i) => ({
              media_type: 'photo',
              type: 'photo',
              url: `https://www.facebook.com/photo.php?fbid=${postNum}${i}`,
              media: { image: postImage(ctx, post, i) },
              target: { id: `${postNum}${i}`, url: `https://www.facebook.com/photo.php?fbid=${postNum}${i}` },
            })),
          },
        },
      ];
    case 'link':
      return [
        {
          media_type: 'link',
          type: 'share',
          title: post.linkTitle,
          description: 'Read the full story on our blog.',
          url: post.link,
          unshimmed_url: post.link,
          media: { image: postImage(ctx, post, 0) },
        },
      ];
    case 'video':
      return [
        {
          media_type: 'video',
          type: 'video_inline',
          url: `https://www.facebook.com/${post.pageId}/videos/${postNum}/`,
          media: { image: postImage(ctx, post, 0), source: cdn(ctx, `/cdn/fb/${post.id}.webm`) },
          target: { id: postNum, url: `https://www.facebook.com/${post.pageId}/videos/${postNum}/` },
        },
      ];
    default:
      return [];
  }
}

/** FB comment node. */
export const commentDef: NodeDef<Comment> = {
  type: 'Comment',
  defaults: ['created_time', 'from', 'message', 'id'],
  fields: {
    id: (c) => c.id,
    message: (c) => c.message,
    created_time: (c) => fbTime(c.createdTime),
    from: (c, n) => select({ name: c.fromName, id: c.fromId }, n.children, 'User'),
    like_count: (c, _n, ctx) => c.likeCount + (commentState(ctx.world).flagsOf(c.id).pageLiked ? 1 : 0),
    user_likes: (c, _n, ctx) => commentState(ctx.world).flagsOf(c.id).pageLiked,
    comment_count: (c, _n, ctx) => commentState(ctx.world).repliesOf(c).length,
    // Comment reference (https://developers.facebook.com/docs/graph-api/reference/comment/): the Page may hide
    // and like comments on its posts, but cannot hide its own; it may remove any; it may answer a person privately
    // once, within 7 days (private replies guide).
    can_hide: (c, _n, ctx) => !commentState(ctx.world).isOwn(c),
    can_remove: () => true,
    can_like: () => true,
    can_comment: (c, _n, ctx) => !commentState(ctx.world).parentOf(c),
    can_reply_privately: (c, _n, ctx) => {
      const s = commentState(ctx.world);
      return (
        !s.isOwn(c) && !s.flagsOf(c.id).privateReply && ctx.now - c.createdTime <= PRIVATE_REPLY_WINDOW_MS
      );
    },
    is_hidden: (c, _n, ctx) => commentState(ctx.world).flagsOf(c.id).hidden,
    private_reply_conversation: (c, n, ctx) => {
      const pr = commentState(ctx.world).flagsOf(c.id).privateReply;
      return pr ? select({ id: pr.conversationId }, n.children, 'Conversation') : undefined;
    },
    parent: (c, n, ctx) => {
      const p = commentState(ctx.world).parentOf(c);
      return p ? render(commentDef, p, n.children, ctx) : undefined;
    },
    object: (c, n, ctx) => select({ id: commentState(ctx.world).rootOf(c) }, n.children, 'Post'),
    permalink_url: (c) => `https://www.facebook.com/${c.parentId.replace('_', '/posts/')}?comment_id=${c.id}`,
  },
};

/** Post node (feed / published_posts items). */
export const postDef: NodeDef<Post> = {
  type: 'Post',
  defaults: ['created_time', 'message', 'story', 'id'],
  fields: {
    id: (p) => p.id,
    message: (p) => p.message,
    story: (p) => p.story,
    created_time: (p) => fbTime(p.createdTime),
    updated_time: (p) => fbTime(p.updatedTime),
    permalink_url: (p) => `https://www.facebook.com/${p.pageId}/posts/${p.id.split('_')[1] ?? ''}`,
    full_picture: (p, _n, ctx) =>
      p.kind === 'status' || p.kind === 'visitor' ? undefined : postImage(ctx, p, 0).src,
    status_type: (p) => STATUS_TYPE[p.kind],
    is_published: (p) => p.published,
    is_hidden: () => false,
    from: (p, n) => select({ name: p.fromName, id: p.fromId }, n.children, 'User'),
    attachments: (p, n, ctx) => {
      const data = postAttachments(p, ctx);
      return data.length ? select({ data }, n.children, 'StoryAttachment') : undefined;
    },
    shares: (p) => (p.shares > 0 ? { count: p.shares } : undefined),
    reactions: (p, n, ctx) => {
      const reactors = Array.from({ length: Math.min(p.reactions, 3) }, (_, i) => ({
        id: `${1000 + i}${p.id.slice(-6)}`,
        name: `Fan ${i + 1}`,
        type: 'LIKE',
      }));
      return connection(
        ctx,
        reactors,
        (r) => r.id,
        n,
        (r, c) => select(r, c, 'Reaction'),
        `${p.id}/reactions`,
        () => ({
          total_count: p.reactions,
          viewer_reaction: 'NONE',
        }),
      );
    },
    comments: (p, n, ctx) => {
      const list = ctx.world.commentsFor(p.id);
      return connection(
        ctx,
        list,
        (c) => c.id,
        n,
        (c, ch) => render(commentDef, c, ch, ctx),
        `${p.id}/comments`,
        () => ({
          order: 'chronological',
          total_count: list.length,
          can_comment: true,
        }),
      );
    },
    privacy: () => ({ allow: '', deny: '', description: 'Public', friends: '', value: 'EVERYONE' }),
  },
};
