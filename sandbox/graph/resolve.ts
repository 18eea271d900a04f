/** Which object a Graph id names, and whether the token may see it (else error 100/33, as for a missing object). */
import { GraphError, errors } from '../errors.js';
import { type Ctx } from '../render/core.js';
import { MESSAGE_DETAIL_LIMIT } from '../render/messaging.js';
import { DAY } from '../time.js';
import {
  type Comment,
  type Container,
  type Conversation,
  type IgAccount,
  type IgMedia,
  type Message,
  type Page,
  type Post,
  type User,
} from '../world.js';
import { type FbVideo } from '../world/publish.js';
import { canSeePage, needToken, userOf } from './access.js';

/** An object a Graph id resolved to, tagged with its node kind. */
export type Resolved =
  | { kind: 'user'; obj: User }
  | { kind: 'page'; obj: Page }
  | { kind: 'ig'; obj: IgAccount }
  | { kind: 'post'; obj: Post }
  | { kind: 'media'; obj: IgMedia }
  | { kind: 'container'; obj: Container }
  | { kind: 'conversation'; obj: Conversation }
  | { kind: 'message'; obj: Message; conv: Conversation }
  | { kind: 'comment'; obj: Comment }
  | { kind: 'video'; obj: FbVideo }
  | {
      kind: 'photo';
      id: string;
      pageId: string;
      postId?: string;
      createdTime: number;
      width?: number;
      height?: number;
    };

/** The node kinds (the `{kind}` of a route's path). */
export type NodeKind = Resolved['kind'];

/** Meta's node type names, as they appear in "(#100) Tried accessing nonexisting field (x) on node type (T)". */
export const NODE_TYPES: Record<NodeKind, string> = {
  user: 'User',
  page: 'Page',
  ig: 'IGUser',
  post: 'Post',
  media: 'IGMedia',
  container: 'ShadowIGMediaBuilder',
  conversation: 'UnifiedThread',
  message: 'Message',
  comment: 'Comment',
  photo: 'Photo',
  video: 'Video',
};

/** Resolves `me` or an id to the object it names; unknown or unseen ids answer error 100 (subcode 33). */
export function resolve(ctx: Ctx, id: string, method: string): Resolved {
  const w = ctx.world;
  const t = needToken(ctx);
  if (id === 'me') {
    if (t.kind === 'page') return { kind: 'page', obj: w.pages.get(t.pageId as string) as Page };
    return { kind: 'user', obj: userOf(ctx, t) };
  }
  const notFound = (): never => {
    throw errors.noObject(id, method);
  };
  const user = w.users.find((u) => u.id === id);
  if (user) return user.id === t.userId && t.kind === 'user' ? { kind: 'user', obj: user } : notFound();
  const page = w.pages.get(id);
  if (page) return canSeePage(ctx, page.id) ? { kind: 'page', obj: page } : notFound();
  const ig = w.igAccounts.get(id);
  if (ig) return canSeePage(ctx, ig.pageId) ? { kind: 'ig', obj: ig } : notFound();
  const post = w.posts.get(id);
  if (post) return canSeePage(ctx, post.pageId) ? { kind: 'post', obj: post } : notFound();
  const media = w.media.get(id);
  if (media) {
    const acc = w.igAccounts.get(media.igId);
    if (!acc || !canSeePage(ctx, acc.pageId)) notFound();
    if (media.productType === 'STORY' && ctx.now - media.timestamp >= DAY) notFound();
    return { kind: 'media', obj: media };
  }
  const container = w.containers.get(id);
  if (container) {
    const acc = w.igAccounts.get(container.igId);
    return acc && canSeePage(ctx, acc.pageId) ? { kind: 'container', obj: container } : notFound();
  }
  const conv = w.conversations.get(id);
  if (conv) return canSeePage(ctx, conv.pageId) ? { kind: 'conversation', obj: conv } : notFound();
  const convId = w.messageIndex.get(id);
  if (convId) {
    const c = w.conversations.get(convId) as Conversation;
    if (!canSeePage(ctx, c.pageId)) notFound();
    const idx = c.messages.findIndex((m) => m.id === id);
    // Only the 20 most recent messages can be read; older ones answer as deleted.
    // https://developers.facebook.com/docs/messenger-platform/conversations/ (Limitations)
    if (idx < c.messages.length - MESSAGE_DETAIL_LIMIT) {
      throw new GraphError(
        '(#100) This message has been deleted or is too old to be retrieved. Only the 20 most recent messages in a conversation can be read.',
        100,
        'OAuthException',
        2534022,
      );
    }
    return { kind: 'message', obj: c.messages[idx] as Message, conv: c };
  }
  const photo = w.photos.get(id);
  if (photo) return canSeePage(ctx, photo.pageId) ? { kind: 'photo', ...photo } : notFound();
  const video = w.publish.videos.get(id);
  if (video) return canSeePage(ctx, video.pageId) ? { kind: 'video', obj: video } : notFound();
  const comment = w.findComment(id);
  if (comment) return { kind: 'comment', obj: comment };
  return notFound();
}
