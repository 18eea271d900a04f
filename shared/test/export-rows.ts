// Stored rows of every exported kind for one account, as the local store holds them (search words included), with
// pictures in the places rows keep them. Used by the export tests on both sides (round trip: same rows back).
import type { ExportKind } from '../export/format';
import { mediaKey } from '../models';

const T = Date.UTC(2026, 5, 1);

/** The media keys the rows reference, each with the bytes a cache would hold for it. */
export function exportMediaOf(accountId: string) {
  return {
    [mediaKey(accountId, 'p1', 'full_picture')]: Buffer.from('\xff\xd8\xffpost picture', 'latin1'),
    [mediaKey(accountId, 'm1', 'media_url')]: Buffer.from('\xff\xd8\xffig picture', 'latin1'),
    [mediaKey(accountId, 'u1', 'picture')]: Buffer.from('\x89PNG\r\n\x1a\nface', 'latin1'),
  };
}

/** `n` messages of conversation `c1` plus one row of every other kind. */
export function exportRowsOf(accountId: string, n = 3): Record<ExportKind, Record<string, unknown>[]> {
  const ref = (objectId: string, field: string) => ({
    key: mediaKey(accountId, objectId, field),
    url: `https://scontent.fbcdn.net/${objectId}.jpg?oe=1`,
    kind: 'image',
  });
  const customer = { id: 'u1', name: 'Ana Lima', picture: ref('u1', 'picture') };
  return {
    posts: [
      {
        id: `fb:p1`,
        nativeId: 'p1',
        accountId,
        message: 'Opening hours: 9–17 «café»',
        createdTime: T,
        updatedTime: T,
        picture: ref('p1', 'full_picture'),
        isVisitorPost: false,
        attachments: [{ type: 'photo', image: ref('p1', 'attachment:0') }],
        reactions: 3,
        comments: 1,
        shares: 0,
        syncedAt: T + 1,
      },
    ],
    media: [
      {
        id: 'ig:m1',
        nativeId: 'm1',
        accountId,
        mediaType: 'IMAGE',
        productType: 'FEED',
        caption: 'New menu 🍰',
        timestamp: T,
        media: ref('m1', 'media_url'),
        children: [],
        syncedAt: T + 1,
      },
    ],
    stories: [
      {
        id: 'ig:s1',
        nativeId: 's1',
        accountId,
        mediaType: 'VIDEO',
        productType: 'STORY',
        timestamp: T,
        expiresAt: T + 86_400_000,
        children: [],
        syncedAt: T + 1,
      },
    ],
    conversations: [
      {
        id: 'messenger:c1',
        nativeId: 'c1',
        accountId,
        platform: 'messenger',
        updatedTime: T + n,
        unreadCount: 0,
        participants: [customer],
        customer,
        unread: 0,
      },
    ],
    messages: Array.from({ length: n }, (_, i) => ({
      id: `messenger:msg${i}`,
      nativeId: `msg${i}`,
      conversationId: 'messenger:c1',
      accountId,
      platform: 'messenger',
      createdTime: T + i,
      from: i % 2 ? { id: accountId, name: 'The Page' } : customer,
      text: i === 1 ? 'Line one\nline "two" \\ and \u2028 more' : `message ${i}`,
      attachments: [],
      fromPage: i % 2 === 1,
      words: ['message', String(i)],
    })),
    comments: [
      {
        id: 'fb:cm1',
        nativeId: 'cm1',
        accountId,
        platform: 'fb',
        postId: 'fb:p1',
        author: { id: 'u1', name: 'Ana Lima' },
        fromPage: false,
        text: 'Open on Sunday?',
        createdTime: T + 5,
        likeCount: 0,
        hidden: false,
        canReply: true,
        canHide: true,
        canRemove: true,
        canLike: true,
        canReplyPrivately: true,
        lists: [`${accountId}|all|0001`],
        words: ['open', 'on', 'sunday'],
        syncedAt: T + 6,
      },
    ],
    insights: [
      {
        key: `${accountId}|${accountId}|page_impressions||day|${T}`,
        accountId,
        objectId: accountId,
        network: 'facebook',
        metric: 'page_impressions',
        breakdown: '',
        period: 'day',
        endTime: T,
        value: 42,
        fetchedAt: T + 7,
      },
    ],
  };
}
