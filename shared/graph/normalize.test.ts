import { describe, expect, it } from 'vitest';
import { Conversation, IgMedia, Message, Post, Story, Account } from '../models';
import {
  normalizeAccounts,
  normalizeConversations,
  normalizeMedia,
  normalizeMessages,
  normalizePosts,
  normalizeStories,
  pageTokensOf,
  toEpochMs,
} from './normalize';
import {
  EMPTY_PAGE_WITH_NEXT,
  IG_MEDIA,
  IG_STORIES,
  INSTAGRAM_CONVERSATIONS,
  ME_ACCOUNTS,
  MESSAGES,
  MESSENGER_CONVERSATIONS,
  PAGE_FEED,
} from '../test/meta-samples';

describe('toEpochMs', () => {
  it('reads Meta +0000 offsets and unix seconds', () => {
    expect(toEpochMs('2024-03-01T09:30:00+0000')).toBe(Date.UTC(2024, 2, 1, 9, 30));
    expect(toEpochMs('2024-03-01T11:30:00+0200')).toBe(Date.UTC(2024, 2, 1, 9, 30));
    expect(toEpochMs(1709285400)).toBe(1709285400000);
    expect(Number.isNaN(toEpochMs('yesterday'))).toBe(true);
  });
});

describe('normalizePosts', () => {
  const out = normalizePosts(PAGE_FEED, '1234');
  it('keeps every valid post, in order, with fb ids and epoch times', () => {
    expect(out.skipped).toBe(0);
    expect(out.items.map((p) => p.id)).toEqual(['fb:1234_5678', 'fb:1234_5679', 'fb:1234_5680']);
    expect(out.items[0]!.createdTime).toBe(Date.UTC(2024, 2, 1, 9, 30));
    expect(out.items[0]!.reactions).toBe(42);
    expect(out.items[0]!.comments).toBe(7);
    expect(out.items[0]!.shares).toBe(3);
    for (const p of out.items) expect(Post.safeParse(p).success).toBe(true);
  });
  it('accepts a story-only post and flags visitor posts', () => {
    expect(out.items[1]!.story).toBe('Cafe Duet updated their cover photo.');
    expect(out.items[1]!.message).toBeUndefined();
    expect(out.items[1]!.updatedTime).toBe(out.items[1]!.createdTime);
    expect(out.items.map((p) => p.isVisitorPost)).toEqual([false, false, true]);
  });
  it('keeps album children and stable media keys with the current CDN URL', () => {
    const album = out.items[0]!.attachments[0]!;
    expect(album.type).toBe('album');
    expect(album.children?.map((c) => c.image?.url)).toEqual([
      'https://scontent.xx.fbcdn.net/v/a1.jpg',
      'https://scontent.xx.fbcdn.net/v/a2.jpg',
    ]);
    expect(album.children?.[1]?.image?.key).toBe('1234:1234_5678:attachment:0.1');
    expect(out.items[0]!.picture).toMatchObject({
      key: '1234:1234_5678:full_picture',
      url: PAGE_FEED.data[0]!.full_picture,
    });
  });
  it('reports the next cursor', () => {
    expect(out.paging).toEqual({ hasMore: true, after: 'QVFIUkZAa' });
  });
  it('keeps paging on an empty page that still has next', () => {
    const e = normalizePosts(EMPTY_PAGE_WITH_NEXT, '1234');
    expect(e).toEqual({ items: [], skipped: 0, paging: { hasMore: true, after: 'MjQZD' } });
  });
  it('drops and counts malformed items without throwing', () => {
    const raw = {
      data: [
        PAGE_FEED.data[1],
        { id: 5 },
        null,
        'x',
        { id: 'a', created_time: 'not a date' },
        { message: 'no id', created_time: '2024-01-01T00:00:00+0000' },
      ],
    };
    const r = normalizePosts(raw, '1234');
    expect(r.items).toHaveLength(1);
    expect(r.skipped).toBe(5);
  });
  it.each([null, undefined, 'a string', 42, [], {}, { data: 'nope' }, { error: { code: 1 } }])(
    'never throws for raw = %j',
    (raw) => {
      expect(normalizePosts(raw, '1').items).toEqual([]);
      expect(normalizeMedia(raw, '1').items).toEqual([]);
      expect(normalizeStories(raw, '1').items).toEqual([]);
      expect(normalizeConversations(raw, '1', 'messenger', ['1']).items).toEqual([]);
      expect(normalizeMessages(raw, '1', 'messenger', 't', ['1']).items).toEqual([]);
      expect(normalizeAccounts(raw).items).toEqual([]);
    },
  );
});

describe('normalizeMedia / normalizeStories', () => {
  it('normalizes a carousel with children, a reel and an image', () => {
    const r = normalizeMedia(IG_MEDIA, '1234');
    expect(r.skipped).toBe(0);
    const [carousel, reel, image] = r.items;
    expect(carousel!.id).toBe('ig:17895695668004550');
    expect(carousel!.children.map((c) => c.mediaType)).toEqual(['IMAGE', 'VIDEO']);
    expect(carousel!.children[1]!.media).toMatchObject({
      kind: 'video',
      key: '1234:17871527143187462:media_url',
    });
    expect(carousel!.children[1]!.thumbnail?.url).toBe('https://scontent.cdninstagram.com/v/c2.jpg');
    expect(reel!.productType).toBe('REELS');
    expect(reel!.media?.kind).toBe('video');
    expect(image!.productType).toBe('FEED');
    expect(r.paging.hasMore).toBe(false);
    for (const m of r.items) expect(IgMedia.safeParse(m).success).toBe(true);
  });
  it('keeps whether comments are on, and nothing when Meta does not say (or says it in the wrong type)', () => {
    const at = '2024-01-01T00:00:00+0000';
    const r = normalizeMedia(
      {
        data: [
          { id: '1', media_type: 'IMAGE', timestamp: at, is_comment_enabled: false },
          { id: '2', media_type: 'IMAGE', timestamp: at },
        ],
      },
      '1',
    );
    expect(r.items.map((m) => m.commentsEnabled)).toEqual([false, undefined]);
    const odd = normalizeMedia(
      { data: [{ id: '3', media_type: 'IMAGE', timestamp: at, is_comment_enabled: 'no' }] },
      '1',
    );
    expect(odd.items.length + odd.skipped).toBe(1);
    expect(odd.items[0]?.commentsEnabled).toBeUndefined();
  });
  it('gives stories an expiry 24 h after their timestamp', () => {
    const r = normalizeStories(IG_STORIES, '1234');
    expect(r.items[0]!.expiresAt - r.items[0]!.timestamp).toBe(24 * 3600 * 1000);
    expect(Story.safeParse(r.items[0]).success).toBe(true);
  });
  it('drops media with an unknown media_type', () => {
    const r = normalizeMedia(
      { data: [{ id: '1', media_type: 'HOLOGRAM', timestamp: '2024-01-01T00:00:00+0000' }] },
      '1',
    );
    expect(r).toMatchObject({ items: [], skipped: 1 });
  });
});

describe('normalizeConversations / normalizeMessages', () => {
  it('picks the customer among Messenger participants', () => {
    const r = normalizeConversations(MESSENGER_CONVERSATIONS, '1234', 'messenger', ['1234', '17841400']);
    const c = r.items[0]!;
    expect(c.id).toBe('messenger:t_10223');
    expect(c.customer).toEqual({ id: '999', name: 'Ana Visitor' });
    expect(c.unreadCount).toBe(1);
    expect(r.paging).toEqual({ hasMore: true, after: 'QVFIU' });
    expect(Conversation.safeParse(c).success).toBe(true);
  });
  it('keeps Instagram usernames (no name) and the IG customer', () => {
    const r = normalizeConversations(INSTAGRAM_CONVERSATIONS, '1234', 'instagram', ['1234', '17841400']);
    expect(r.items[0]!.id).toBe('instagram:aWdfZAG06');
    expect(r.items[0]!.customer).toEqual({ id: '6070', username: 'ana.v' });
    expect(r.items[0]!.unreadCount).toBe(0);
  });
  it('skips a conversation with no customer', () => {
    const raw = {
      data: [{ id: 't', updated_time: '2024-01-01T00:00:00+0000', participants: { data: [{ id: '1234' }] } }],
    };
    expect(normalizeConversations(raw, '1234', 'messenger', ['1234']).skipped).toBe(1);
  });
  it('marks messages sent by the Page and keeps image attachments as cacheable media', () => {
    const r = normalizeMessages(MESSAGES, '1234', 'messenger', 't_10223', ['1234']);
    expect(r.items.map((m) => [m.id, m.fromPage])).toEqual([
      ['messenger:m_2', false],
      ['messenger:m_1', true],
    ]);
    expect(r.items[0]!.conversationId).toBe('messenger:t_10223');
    expect(r.items[0]!.attachments[0]).toMatchObject({
      kind: 'image',
      name: 'photo.jpg',
      media: { key: '1234:m_2:attachment:0' },
    });
    for (const m of r.items) expect(Message.safeParse(m).success).toBe(true);
  });
});

describe('normalizeAccounts', () => {
  it('maps Pages with and without a linked Instagram account, never carrying tokens', () => {
    const r = normalizeAccounts(ME_ACCOUNTS);
    expect(r.items.map((a) => a.id)).toEqual(['1234', '5678']);
    expect(r.items[0]!.instagram).toMatchObject({
      id: '17841400',
      username: 'cafe.duet',
      followersCount: 1500,
    });
    expect(r.items[1]!.instagram).toBeUndefined();
    expect(JSON.stringify(r)).not.toContain('EAAPAGE');
    for (const a of r.items) expect(Account.safeParse(a).success).toBe(true);
  });
  it('reads Page tokens separately', () => {
    expect(pageTokensOf(ME_ACCOUNTS)).toEqual({ '1234': 'EAAPAGE1', '5678': 'EAAPAGE2' });
  });
});
