// Fuzzing the Graph normalizers with fast-check: whatever Meta (or a proxy, or an attacker on the CDN path) sends,
// a normalizer never throws, drops and counts each bad item, and keeps every good one in order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Account, Comment, Conversation, IgMedia, Message, Post, Story } from '../models';
import { normalizeFbComments, normalizeIgComments } from './normalize-comments';
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
import { isPlausibleTime } from '../time';

const PAGE = 'page1';
const IG = 'ig1';
const SELF = [PAGE, IG] as const;
const RUNS = { numRuns: 150 };

/** A native Graph id (never empty). */
const nativeId = fc.string({ minLength: 1, maxLength: 24 });

/** Meta's time in the shapes Graph returns it: `…+0000` strings, ISO `Z` strings, unix seconds. */
const graphTime = fc
  .date({ min: new Date('2004-02-04T00:00:00Z'), max: new Date(Date.now()), noInvalidDate: true })
  .chain((d) =>
    fc.constantFrom<string | number>(
      d.toISOString().replace(/\.\d{3}Z$/, '+0000'),
      d.toISOString(),
      Math.floor(d.getTime() / 1000),
    ),
  );

/** Text as people (and attackers) write it, including markup, RTL marks, emoji and now and then a huge string. */
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '<img src=x onerror="window.__duetPwned=1">',
      '<script>alert(1)</script>',
      '\u202e\u0000',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 100_000, max: 300_000 }).map((n) => 'x'.repeat(n)) },
);

/** Unknown extra fields Meta may add at any time (normalizers must ignore them). */
const extraFields = fc.dictionary(
  fc.string({ maxLength: 8 }).map((k) => `x_${k}`),
  fc.anything({ maxDepth: 3 }),
  { maxKeys: 3 },
);

/** Values that can never be a list item of any stream. */
const scalarJunk = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 40 }),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }),
);

/** A bad id: missing, empty, or not a string. */
const badId = fc.oneof(
  fc.constant(undefined),
  fc.constant(''),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);

/** A time nothing can read, or one that reads as an instant no Graph object can have (`isPlausibleTime`). */
const badTime = fc.oneof(
  fc.constantFrom('', 'yesterday', 'not-a-time', '2024-13-45T99:99:99+0000', 'NaN', 'Infinity'),
  fc.constant(null),
  fc.boolean(),
  fc.object({ maxDepth: 1 }),
  // Finite numbers that are no valid Date at all (|ms| > 8.64e15), read as ms or as seconds.
  fc.constantFrom(8.64e15 + 1, 1e300, -1e20, Number.MAX_VALUE, -Number.MAX_VALUE, 8.64e12 + 1),
  fc.double({ min: 8.64e15 + 1, noNaN: true }),
  fc.double({ max: -1, noNaN: true }),
  // Before Facebook existed: 0, the 1970s (`12` seconds), 2003.
  fc.constantFrom(0, 12, 1_000_000_000 - 1, '1970-01-01T00:00:00+0000', '2003-12-31T23:59:59+0000'),
  // Far in the future (beyond a day of clock skew), including the last instant Date can hold.
  fc.constantFrom('+275760-09-13T00:00:00.000Z', '2999-01-01T00:00:00+0000', 4_102_444_800),
  fc.integer({ min: 2, max: 3650 }).map((days) => Math.floor((Date.now() + days * 86_400_000) / 1000)),
);

/** An object nested `depth` levels deep (stack-depth junk). */
function deep(depth: number): unknown {
  let v: unknown = { id: 'leaf' };
  for (let i = 0; i < depth; i++) v = { data: [v], id: v, subattachments: { data: [v] } };
  return v;
}

type Case = { valid: boolean; item: unknown; id?: string };

/** Interleaves valid items with junk; returns the payload plus the ids that must survive and the junk count. */
function mixed(valid: fc.Arbitrary<{ item: unknown; id: string }>, junk: fc.Arbitrary<unknown>) {
  return fc
    .array(
      fc.oneof(
        valid.map((v): Case => ({ valid: true, ...v })),
        junk.map((item): Case => ({ valid: false, item })),
      ),
      { maxLength: 12 },
    )
    .map((cases) => ({
      raw: {
        data: cases.map((c) => c.item),
        paging: { cursors: { after: 'A' }, next: 'https://graph/next?after=A' },
      },
      ids: cases.filter((c) => c.valid).map((c) => c.id!),
      junk: cases.filter((c) => !c.valid).length,
    }));
}

/** Replaces one field of a valid item with a bad value. */
function spoil<T extends Record<string, unknown>>(
  valid: fc.Arbitrary<{ item: unknown; id: string }>,
  field: keyof T & string,
  bad: fc.Arbitrary<unknown>,
) {
  return fc.tuple(valid, bad).map(([v, b]) => {
    const item = { ...(v.item as T) } as Record<string, unknown>;
    if (b === undefined) delete item[field];
    else item[field] = b;
    return item;
  });
}

// ---- valid item generators --------------------------------------------------------------------------------------

const validPost = fc
  .record(
    {
      id: nativeId,
      created_time: graphTime,
      updated_time: graphTime,
      message: text,
      story: text,
      full_picture: fc.webUrl(),
      from: fc.record({ id: nativeId, name: text }, { requiredKeys: ['id'] }),
      // Bad attachments are dropped on their own; they never sink the post.
      attachments: fc.record({ data: fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 3 }) }),
      reactions: fc.record({ summary: fc.record({ total_count: fc.nat() }) }),
    },
    { requiredKeys: ['id', 'created_time'] },
  )
  .chain((p) => extraFields.map((x) => ({ item: { ...x, ...p }, id: p.id })));

const validIgMedia = fc
  .record(
    {
      id: nativeId,
      media_type: fc.constantFrom('IMAGE', 'VIDEO', 'CAROUSEL_ALBUM'),
      media_product_type: fc.string({ maxLength: 8 }),
      timestamp: graphTime,
      caption: text,
      media_url: fc.webUrl(),
      like_count: fc.nat(),
      children: fc.record({ data: fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }) }),
    },
    { requiredKeys: ['id', 'media_type', 'timestamp'] },
  )
  .chain((m) => extraFields.map((x) => ({ item: { ...x, ...m }, id: m.id })));

const customerId = nativeId.map((s) => `c${s}`);
const validConversation = fc
  .record(
    {
      id: nativeId,
      updated_time: graphTime,
      snippet: text,
      unread_count: fc.nat(),
      customer: fc.record({ id: customerId, name: text }, { requiredKeys: ['id'] }),
      junkParticipants: fc.array(scalarJunk, { maxLength: 2 }),
    },
    { requiredKeys: ['id', 'updated_time', 'customer', 'junkParticipants'] },
  )
  .map(({ customer, junkParticipants, ...c }) => ({
    item: { ...c, participants: { data: [{ id: PAGE, name: 'Page' }, ...junkParticipants, customer] } },
    id: c.id,
  }));

const validMessage = fc
  .record(
    {
      id: nativeId,
      created_time: graphTime,
      from: fc.oneof(fc.record({ id: customerId, name: text }), fc.constant({ id: PAGE })),
      message: text,
      attachments: fc.record({ data: fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }) }),
    },
    { requiredKeys: ['id', 'created_time', 'from'] },
  )
  .chain((m) => extraFields.map((x) => ({ item: { ...x, ...m }, id: m.id })));

const validAccount = fc
  .record(
    {
      id: nativeId,
      name: text,
      category: fc.string({ maxLength: 10 }),
      tasks: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
      instagram_business_account: fc.record({ id: nativeId, username: fc.string({ maxLength: 12 }) }),
    },
    { requiredKeys: ['id', 'name'] },
  )
  .map((a) => ({ item: a, id: a.id }));

const validFbComment = fc
  .record(
    {
      id: nativeId,
      created_time: graphTime,
      message: text,
      from: fc.record({ id: nativeId, name: text }, { requiredKeys: ['id'] }),
      like_count: fc.nat(),
      comment_count: fc.nat(),
      parent: fc.record({ id: nativeId }),
      can_hide: fc.boolean(),
      can_reply_privately: fc.boolean(),
      is_hidden: fc.boolean(),
      private_reply_conversation: fc.record({ id: nativeId }),
    },
    { requiredKeys: ['id', 'created_time'] },
  )
  .chain((c) => extraFields.map((x) => ({ item: { ...x, ...c }, id: c.id })));

const validIgComment = fc
  .record(
    {
      id: nativeId,
      timestamp: graphTime,
      text,
      username: fc.string({ maxLength: 12 }),
      from: fc.record({ id: nativeId, username: fc.string({ maxLength: 12 }) }, { requiredKeys: ['id'] }),
      like_count: fc.nat(),
      hidden: fc.boolean(),
    },
    { requiredKeys: ['id', 'timestamp'] },
  )
  .chain((c) => extraFields.map((x) => ({ item: { ...x, ...c }, id: c.id })));

// ---- junk generators (each value is invalid for its stream) -----------------------------------------------------

const junkPost = fc.oneof(
  scalarJunk,
  spoil(validPost, 'id', badId),
  spoil(validPost, 'created_time', badTime),
  spoil(validPost, 'message', fc.oneof(fc.integer(), fc.object({ maxDepth: 1 }))),
);
const junkIgMedia = fc.oneof(
  scalarJunk,
  spoil(validIgMedia, 'id', badId),
  spoil(validIgMedia, 'timestamp', badTime),
  spoil(
    validIgMedia,
    'media_type',
    fc.oneof(fc.constant(undefined), fc.constantFrom('image', 'GIF', ''), fc.integer()),
  ),
);
const junkConversation = fc.oneof(
  scalarJunk,
  spoil(validConversation, 'id', badId),
  spoil(validConversation, 'updated_time', badTime),
  spoil(validConversation, 'participants', fc.oneof(fc.constant(undefined), scalarJunk)),
  // Only the Page itself takes part: there is no customer to show.
  spoil(validConversation, 'participants', fc.constant({ data: [{ id: PAGE }, { id: IG }, null] })),
);
const junkMessage = fc.oneof(
  scalarJunk,
  spoil(validMessage, 'id', badId),
  spoil(validMessage, 'created_time', badTime),
  spoil(validMessage, 'from', fc.oneof(fc.constant(undefined), scalarJunk, fc.record({ id: badId }))),
);
const junkAccount = fc.oneof(
  scalarJunk,
  spoil(validAccount, 'id', badId),
  spoil(validAccount, 'name', fc.oneof(fc.constant(undefined), fc.integer(), fc.constant(null))),
);

const junkFbComment = fc.oneof(
  scalarJunk,
  spoil(validFbComment, 'id', badId),
  spoil(validFbComment, 'created_time', badTime),
  spoil(validFbComment, 'message', fc.oneof(fc.integer(), fc.object({ maxDepth: 1 }))),
  spoil(
    validFbComment,
    'like_count',
    fc.oneof(fc.constant(-1), fc.constant(1.5), fc.string({ maxLength: 3 })),
  ),
);
const junkIgComment = fc.oneof(
  scalarJunk,
  spoil(validIgComment, 'id', badId),
  spoil(validIgComment, 'timestamp', badTime),
  spoil(validIgComment, 'text', fc.oneof(fc.integer(), fc.object({ maxDepth: 1 }))),
);

// ---- the properties ---------------------------------------------------------------------------------------------

interface Stream {
  name: string;
  run(raw: unknown): { items: Array<{ nativeId?: string; id: string }>; skipped: number; paging: unknown };
  model: { safeParse(v: unknown): { success: boolean } };
  valid: fc.Arbitrary<{ item: unknown; id: string }>;
  junk: fc.Arbitrary<unknown>;
  idOf(item: { nativeId?: string; id: string }): string;
}

const streams: Stream[] = [
  {
    name: 'normalizePosts',
    run: (r) => normalizePosts(r, PAGE),
    model: Post,
    valid: validPost,
    junk: junkPost,
    idOf: (i) => i.nativeId!,
  },
  {
    name: 'normalizeMedia',
    run: (r) => normalizeMedia(r, PAGE),
    model: IgMedia,
    valid: validIgMedia,
    junk: junkIgMedia,
    idOf: (i) => i.nativeId!,
  },
  {
    name: 'normalizeStories',
    run: (r) => normalizeStories(r, PAGE),
    model: Story,
    valid: validIgMedia,
    junk: junkIgMedia,
    idOf: (i) => i.nativeId!,
  },
  {
    name: 'normalizeConversations',
    run: (r) => normalizeConversations(r, PAGE, 'messenger', SELF),
    model: Conversation,
    valid: validConversation,
    junk: junkConversation,
    idOf: (i) => i.nativeId!,
  },
  {
    name: 'normalizeMessages',
    run: (r) => normalizeMessages(r, PAGE, 'instagram', 'conv1', SELF),
    model: Message,
    valid: validMessage,
    junk: junkMessage,
    idOf: (i) => i.nativeId!,
  },
  {
    name: 'normalizeFbComments',
    run: (r) => normalizeFbComments(r, { accountId: PAGE, postNativeId: 'post1' }),
    model: Comment,
    valid: validFbComment,
    junk: junkFbComment,
    idOf: (i) => i.nativeId!,
  },
  {
    name: 'normalizeIgComments',
    run: (r) => normalizeIgComments(r, { accountId: PAGE, postNativeId: 'media1', igUserId: IG }),
    model: Comment,
    valid: validIgComment,
    junk: junkIgComment,
    idOf: (i) => i.nativeId!,
  },
  {
    name: 'normalizeAccounts',
    run: (r) => normalizeAccounts(r),
    model: Account,
    valid: validAccount,
    junk: junkAccount,
    idOf: (i) => i.id,
  },
];

describe.each(streams)('$name under fuzzing', (s) => {
  it('never throws on any value at all, and only returns items that satisfy the model', () => {
    fc.assert(
      fc.property(
        fc.anything({ maxDepth: 4, withNullPrototype: true, withBoxedValues: true, withSparseArray: true }),
        (raw) => {
          const out = s.run(raw);
          expect(out.skipped).toBeGreaterThanOrEqual(0);
          for (const item of out.items) expect(s.model.safeParse(item).success).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('counts every item of a list of arbitrary junk: items + skipped = data.length', () => {
    fc.assert(
      fc.property(fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 10 }), (data) => {
        const out = s.run({ data });
        expect(out.items.length + out.skipped).toBe(data.length);
      }),
      RUNS,
    );
  });

  it('keeps every valid item, in order, and skips exactly the junk ones', () => {
    fc.assert(
      fc.property(mixed(s.valid, s.junk), ({ raw, ids, junk }) => {
        const out = s.run(raw);
        expect(out.items.map(s.idOf)).toEqual(ids);
        expect(out.skipped).toBe(junk);
        for (const item of out.items) expect(s.model.safeParse(item).success).toBe(true);
        expect(out.paging).toEqual({ hasMore: true, after: 'A' });
      }),
      RUNS,
    );
  });

  it('survives stack-deep nesting, both as the page and as an item', () => {
    for (const raw of [
      deep(20_000),
      { data: [deep(20_000)] },
      { data: [{ id: '1', attachments: deep(5_000) }] },
    ]) {
      const out = s.run(raw);
      expect(out.items.length + out.skipped).toBe(Array.isArray((raw as { data?: unknown }).data) ? 1 : 0);
    }
  });
});

describe('stack-deep albums', () => {
  it('a post whose album nests 20 000 levels deep is counted, never thrown, and its neighbours survive', () => {
    let album: unknown = { type: 'photo' };
    for (let i = 0; i < 20_000; i++) album = { type: 'album', subattachments: { data: [album] } };
    const out = normalizePosts(
      {
        data: [
          { id: '1', created_time: 1_700_000_000, attachments: { data: [album] } },
          { id: '2', created_time: 1_700_000_000 },
        ],
      },
      PAGE,
    );
    expect(out.items.map((p) => p.nativeId)).toContain('2');
    expect(out.items.length + out.skipped).toBe(2);
  });
});

describe('huge strings', () => {
  it('a 5 MB post message and caption survive intact', () => {
    const big = '<b>'.repeat(5_000_000 / 3);
    const posts = normalizePosts({ data: [{ id: '1', created_time: 1_700_000_000, message: big }] }, PAGE);
    expect(posts.items[0]!.message).toBe(big);
    const media = normalizeMedia(
      { data: [{ id: '2', media_type: 'IMAGE', timestamp: 1_700_000_000, caption: big }] },
      PAGE,
    );
    expect(media.items[0]!.caption).toBe(big);
  });
});

describe('pageTokensOf under fuzzing', () => {
  it('never throws and only ever returns string tokens of well-formed Pages', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.anything({ maxDepth: 4 }), fc.record({ data: fc.array(fc.anything({ maxDepth: 3 })) })),
        (raw) => {
          const tokens = pageTokensOf(raw);
          for (const [id, token] of Object.entries(tokens)) {
            expect(id.length).toBeGreaterThan(0);
            expect(typeof token).toBe('string');
          }
        },
      ),
      RUNS,
    );
  });
});

describe('every time a normalizer keeps is one the UI can format', () => {
  it('any number or string as the time of a post, a medium, a conversation or a message is kept only when plausible', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.string(), badTime, graphTime), (t) => {
        const items = [
          ...normalizePosts({ data: [{ id: 'p', created_time: t }] }, PAGE).items.map((p) => p.createdTime),
          ...normalizeMedia({ data: [{ id: 'm', media_type: 'IMAGE', timestamp: t }] }, PAGE).items.map(
            (m) => m.timestamp,
          ),
          ...normalizeStories({ data: [{ id: 's', media_type: 'IMAGE', timestamp: t }] }, PAGE).items.map(
            (m) => m.timestamp,
          ),
          ...normalizeConversations(
            { data: [{ id: 'c', updated_time: t, participants: { data: [{ id: 'cust' }] } }] },
            PAGE,
            'messenger',
            SELF,
          ).items.map((c) => c.updatedTime),
          ...normalizeMessages(
            { data: [{ id: 'x', created_time: t, from: { id: 'cust' } }] },
            PAGE,
            'messenger',
            'conv1',
            SELF,
          ).items.map((m) => m.createdTime),
        ];
        for (const ms of items) {
          expect(isPlausibleTime(ms)).toBe(true);
          expect(() => new Date(ms).toISOString()).not.toThrow();
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a post with a readable `created_time` but an impossible `updated_time` keeps its created time for both', () => {
    const out = normalizePosts(
      { data: [{ id: '1', created_time: 1_700_000_000, updated_time: 1e300 }] },
      PAGE,
    );
    expect(out.items[0]!.updatedTime).toBe(1_700_000_000_000);
  });
});

describe('toEpochMs under fuzzing', () => {
  it('never throws: a number or NaN for any string or number', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double(), fc.integer()), (t) => {
        expect(typeof toEpochMs(t)).toBe('number');
      }),
      RUNS,
    );
  });
});
