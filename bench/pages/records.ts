/// <reference lib="dom" />
// Deterministic synthetic records shaped exactly like the normalizers' output (shared/models.ts), for the bench
// page. Texts vary in length and words so the message word index does real work.
import {
  type Comment,
  type Conversation,
  type IgMedia,
  type MediaRef,
  type Message,
  type MessagingPlatform,
  type Post,
} from '../../shared/models';

// (The whole string is split: split only the last literal and WORDS becomes a string, every "word" one character,
// and the word index gets nothing to do.)
const WORDS = (
  'order candle coffee latte beans roast delivery thanks please when open today tomorrow price shipping vanilla ' +
  'amber cedar gift card weekend hours refund size large small pickup address photo video love great question ' +
  'available sold restock friday monday café crème naïve 😀 🎉 ☕ übergröße 東京 مرحبا'
).split(' ');

function text(seed: number, min: number, max: number): string {
  const n = min + (seed % (max - min + 1));
  const out: string[] = [];
  // 32-bit integer arithmetic (Math.imul): with float products past 2^53 the low bits, hence the words, repeat.
  let x = Math.imul(seed | 0, 2654435761 | 0);
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push(WORDS[x % WORDS.length]!);
  }
  return out.join(' ');
}

const HOUR = 3_600_000;

/** Synthetic posts `from`..`to-1` of an account, newest first as index grows older (1 h apart). */
export function makePosts(
  accountId: string,
  from: number,
  to: number,
  base: number,
  refs: MediaRef[],
): Post[] {
  const out: Post[] = [];
  for (let i = from; i < to; i++) {
    const native = `${accountId}_9${String(i).padStart(9, '0')}`;
    const picture = refs.length ? refs[i % refs.length] : undefined;
    const t = base - i * HOUR;
    out.push({
      id: `fb:${native}`,
      nativeId: native,
      accountId,
      message: text(i, 4, 60),
      createdTime: t,
      updatedTime: t,
      permalinkUrl: `https://www.facebook.com/${native}`,
      picture,
      statusType: picture ? 'added_photos' : 'mobile_status_update',
      from: { id: accountId, name: 'Bench Page' },
      isVisitorPost: i % 17 === 0,
      attachments: picture
        ? [{ type: 'photo', image: picture, url: `https://www.facebook.com/photo/${i}` }]
        : [],
      reactions: i % 97,
      comments: i % 13,
      shares: i % 5,
    });
  }
  return out;
}

/** Synthetic Instagram media `from`..`to-1` (images, some carousels and videos). */
export function makeMedia(
  accountId: string,
  from: number,
  to: number,
  base: number,
  refs: MediaRef[],
): IgMedia[] {
  const out: IgMedia[] = [];
  for (let i = from; i < to; i++) {
    const native = `1789${String(i).padStart(11, '0')}`;
    const ref = refs.length ? refs[i % refs.length] : undefined;
    const kind = i % 11 === 0 ? 'CAROUSEL_ALBUM' : i % 7 === 0 ? 'VIDEO' : 'IMAGE';
    out.push({
      id: `ig:${native}`,
      nativeId: native,
      accountId,
      mediaType: kind,
      productType: kind === 'VIDEO' && i % 2 === 0 ? 'REELS' : 'FEED',
      caption: text(i + 7, 0, 30),
      permalink: `https://www.instagram.com/p/${native}/`,
      timestamp: base - i * HOUR,
      likeCount: i % 300,
      commentsCount: i % 40,
      media: kind === 'VIDEO' ? undefined : ref,
      thumbnail: ref,
      children:
        kind === 'CAROUSEL_ALBUM'
          ? [0, 1, 2].map((c) => ({ nativeId: `${native}${c}`, mediaType: 'IMAGE' as const, media: ref }))
          : [],
    });
  }
  return out;
}

/** Synthetic conversations `from`..`to-1`, alternating Messenger and Instagram, newest first. */
export function makeConversations(accountId: string, from: number, to: number, base: number): Conversation[] {
  const out: Conversation[] = [];
  for (let i = from; i < to; i++) {
    const platform: MessagingPlatform = i % 2 === 0 ? 'messenger' : 'instagram';
    const native =
      platform === 'messenger' ? `t_9${String(i).padStart(12, '0')}` : `aWdfZG${i.toString(36)}QZD`;
    const customer = { id: `cust${i}`, name: `Customer ${i}`, username: `customer_${i}` };
    out.push({
      id: `${platform}:${native}`,
      nativeId: native,
      accountId,
      platform,
      updatedTime: base - i * 60_000,
      snippet: text(i + 3, 2, 12),
      unreadCount: i % 5 === 0 ? 1 + (i % 3) : 0,
      messageCount: 20,
      participants: [customer, { id: accountId, name: 'Bench Page' }],
      customer,
      canReply: true,
    });
  }
  return out;
}

/** `count` synthetic messages of one conversation, the newest at `newest`, 3 minutes apart, numbered from `from`. */
export function makeMessages(conv: Conversation, from: number, count: number, newest: number): Message[] {
  const out: Message[] = [];
  for (let k = 0; k < count; k++) {
    const i = from + k;
    const fromPage = i % 3 === 0;
    const native = `m_${conv.nativeId}_${i}`;
    out.push({
      id: `${conv.platform}:${native}`,
      nativeId: native,
      conversationId: conv.id,
      accountId: conv.accountId,
      platform: conv.platform,
      createdTime: newest - i * 180_000,
      from: fromPage ? { id: conv.accountId, name: 'Bench Page' } : conv.customer,
      text: text(i * 31 + conv.updatedTime, 1, 40),
      attachments: [],
      fromPage,
    });
  }
  return out;
}

/** Comments per synthetic post: every post has this many, a quarter of them replies to the one before. */
export const COMMENTS_PER_POST = 20;

/**
 * Synthetic comments `from`..`to-1` of an account, grouped by post (COMMENTS_PER_POST each, posts alternating
 * Facebook / Instagram), 1 minute apart, newest first as the index grows.
 */
export function makeComments(accountId: string, from: number, to: number, base: number): Comment[] {
  const out: Comment[] = [];
  for (let i = from; i < to; i++) {
    const post = Math.floor(i / COMMENTS_PER_POST);
    const platform = post % 2 === 0 ? 'fb' : 'ig';
    const native = platform === 'fb' ? `${accountId}_c${i}` : `1790${i}`;
    const reply = i % 4 === 3 && i % COMMENTS_PER_POST !== 0;
    const parentNative = platform === 'fb' ? `${accountId}_c${i - 1}` : `1790${i - 1}`;
    const c: Comment = {
      id: `${platform}:${native}`,
      nativeId: native,
      accountId,
      platform,
      postId: platform === 'fb' ? `fb:${accountId}_${post}` : `ig:1780${post}`,
      author: { id: `u${i % 977}`, name: `Person ${i % 977}`, username: `person${i % 977}` },
      fromPage: i % 9 === 0,
      text: text(i * 7 + 3, 2, 30),
      createdTime: base - i * 60_000,
      likeCount: i % 5,
      hidden: i % 31 === 0,
      canReply: true,
      canHide: true,
      canRemove: true,
      canLike: platform === 'fb',
      canReplyPrivately: platform === 'fb' || !reply,
    };
    if (reply) c.parentId = `${platform}:${parentNative}`;
    out.push(c);
  }
  return out;
}
