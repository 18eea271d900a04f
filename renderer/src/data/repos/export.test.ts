// The renderer's half of an export: every row of the account reaches the host exactly once (page boundaries inside
// equal keys included, and while sync keeps writing), no row of another account does, chunks stay within the
// contract's bounds and the browser host's body limit, pictures get the paths the host gave them, and a Cancel
// while the host zips reaches the host.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName, CallRequest, CallResponse } from '../../../../shared/bridge/contract';
import { MAX_BRIDGE_BODY_BYTES } from '../../../../shared/bridge/limits';
import { parseRequest } from '../../../../shared/bridge/validate';
import { exportRowOf, MAX_CHUNK_ROWS, type ExportKind } from '../../../../shared/export/rows';
import { mediaKey } from '../../../../shared/models';
import { exportRowsOf } from '../../../../shared/test/export-rows';
import type { Bridge } from '../../bridge';
import { DuetDb } from '../db';
import { ExportCancelled, exportAccount } from './export';

let db: DuetDb;
let n = 0;
beforeEach(async () => {
  db = new DuetDb(`exporter-test-${++n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

type FinishAnswer = CallResponse<'export/finish'>;
const FINISHED: FinishAnswer = {
  bytes: 10,
  rows: 0,
  files: 0,
  notCached: 0,
  fileName: 'x.zip',
  download: '/d',
};

/**
 * A host that checks every request against the contract (and its body against the browser host's byte limit) and
 * records what it was sent. `onAddMedia` runs as the host answers add-media (sync writing meanwhile); `finish`
 * answers export/finish and learns when export/cancel arrives.
 */
function recordingHost(
  cached: (key: string) => boolean,
  opts: {
    cancelOn?: CallName;
    onAddMedia?: (call: number) => Promise<void>;
    finish?: (cancelled: Promise<void>) => Promise<FinishAnswer>;
  } = {},
) {
  const sent: Record<string, Array<Record<string, unknown>>> = {};
  const calls: string[] = [];
  let largestBody = 0;
  let addMediaCalls = 0;
  let cancelArrived = () => {};
  const cancelled = new Promise<void>((resolve) => (cancelArrived = resolve));
  const bridge: Pick<Bridge, 'invoke' | 'on'> = {
    on: () => () => {},
    async invoke<K extends CallName>(name: K, req: CallRequest<K>): Promise<CallResponse<K>> {
      const body = new TextEncoder().encode(JSON.stringify(req)).length;
      largestBody = Math.max(largestBody, body);
      expect(body, `${name} body in bytes`).toBeLessThanOrEqual(MAX_BRIDGE_BODY_BYTES);
      const args = parseRequest(name, req) as Record<string, unknown>;
      calls.push(name);
      if (name === opts.cancelOn) throw new Error('host went away');
      const answer = (v: unknown) => v as CallResponse<K>;
      if (name === 'export/begin') return answer({ cancelled: false, exportId: 'f'.repeat(32) });
      if (name === 'export/cancel') cancelArrived();
      if (name === 'export/add-media') await opts.onAddMedia?.(++addMediaCalls);
      if (name === 'export/add-media')
        return answer({
          files: Object.fromEntries(
            (args.keys as string[]).map((k) => [
              k,
              cached(k) ? `media/${k.replace(/\W/g, '_')}-0123456789ab.jpg` : null,
            ]),
          ),
        });
      if (name === 'export/append') {
        const rows = args.rows as Array<Record<string, unknown>>;
        expect(rows.length).toBeLessThanOrEqual(MAX_CHUNK_ROWS);
        (sent[args.kind as string] ??= []).push(...rows);
        return answer({ rows: rows.length });
      }
      if (name === 'export/finish') return answer(opts.finish ? await opts.finish(cancelled) : FINISHED);
      return answer({ ok: true });
    },
  };
  return { bridge, sent, calls, largestBody: () => largestBody };
}

async function store(accountId: string, messages: number) {
  const rows = exportRowsOf(accountId, messages);
  // Many messages in the same millisecond: pages end inside runs of equal keys, and the first run is longer than
  // several pages.
  rows.messages.forEach((m, i) => (m.createdTime = 1_780_000_000_000 + (i < 130 ? 0 : Math.floor(i / 7))));
  const own = (r: Record<string, unknown>) => ({ ...r, id: `${accountId}:${String(r.id)}` });
  await db.posts.bulkPut(rows.posts.map(own) as never);
  await db.media.bulkPut(rows.media.map(own) as never);
  await db.stories.bulkPut(rows.stories.map(own) as never);
  await db.conversations.bulkPut(
    rows.conversations.map((c) => ({ ...c, id: `${accountId}:${String(c.id)}` })) as never,
  );
  await db.messages.bulkPut(
    rows.messages.map((m) => ({
      ...m,
      id: `${accountId}:${String(m.id)}`,
      conversationId: `${accountId}:${String(m.conversationId)}`,
    })) as never,
  );
  await db.comments.bulkPut(
    rows.comments.map((c) => ({ ...own(c), postId: `${accountId}:${String(c.postId)}` })) as never,
  );
  await db.insights.bulkPut(rows.insights as never);
  return rows;
}

describe('exporter', () => {
  it('sends every row of the account once, in bounded chunks, with file paths for cached pictures', async () => {
    const mine = await store('1001', 1234);
    await store('2002', 50);
    const host = recordingHost((k) => !k.includes(':u1:'));
    const result = await exportAccount({ db, bridge: host.bridge, accountId: '1001', pageSize: 50 });
    expect(result).toMatchObject({ phase: 'done', fileName: 'x.zip', download: '/d' });
    const kinds: ExportKind[] = [
      'posts',
      'media',
      'stories',
      'conversations',
      'messages',
      'comments',
      'insights',
    ];
    for (const kind of kinds) {
      const got = host.sent[kind] ?? [];
      expect(got.length, kind).toBe(mine[kind].length);
      expect(
        got.every((r) => r.accountId === '1001'),
        kind,
      ).toBe(true);
      expect(new Set(got.map((r) => r.id ?? r.key)).size, kind).toBe(got.length);
    }
    // Derived search fields stay behind; everything else is the stored row.
    const firstMsg = host.sent.messages![0]!;
    expect(firstMsg.words).toBeUndefined();
    expect(Object.keys(firstMsg).sort()).toEqual(
      Object.keys(exportRowOf('messages', mine.messages[0]!)).sort(),
    );
    // A cached picture carries its path; an uncached one does not.
    const post = host.sent.posts![0] as { picture: { file?: string } };
    expect(post.picture.file).toMatch(/^media\/1001_p1_full_picture/);
    const conv = host.sent.conversations![0] as { customer: { picture: { file?: string } } };
    expect(conv.customer.picture.file).toBeUndefined();
    expect(host.calls.at(-1)).toBe('export/finish');
  });

  it('exports the comments of a post that is no longer stored, once, with their replies', async () => {
    const mine = await store('1001', 3);
    const post = mine.comments[0]!.postId as string;
    const top = (await db.comments.toArray()).find((c) => c.accountId === '1001')!;
    await db.comments.put({ ...top, id: `${top.id}-reply`, parentId: top.id, lists: [] });
    await db.posts.delete(`1001:${post}`);
    expect(await db.posts.get(`1001:${post}`)).toBeUndefined();
    const host = recordingHost(() => true);
    await exportAccount({ db, bridge: host.bridge, accountId: '1001', pageSize: 2 });
    expect((host.sent.comments ?? []).map((c) => c.id).sort()).toEqual([top.id, `${top.id}-reply`].sort());
  });

  it('counts the voice messages and files it can only list as links (Duet keeps no copy of them)', async () => {
    const mine = await store('1001', 3);
    const m = (await db.messages.toArray()).find((x) => x.accountId === '1001')!;
    await db.messages.put({
      ...m,
      id: `${m.id}-att`,
      attachments: [
        { kind: 'audio', url: 'https://cdn.example/voice.mp4' },
        { kind: 'file', url: 'https://cdn.example/invoice.pdf', name: 'invoice.pdf' },
        {
          kind: 'image',
          url: 'https://cdn.example/p.jpg',
          media: { key: '1001:m:x', url: 'https://cdn.example/p.jpg', kind: 'image' },
        },
      ],
    });
    const host = recordingHost(() => true);
    const r = await exportAccount({ db, bridge: host.bridge, accountId: '1001', pageSize: 50 });
    expect(r).toMatchObject({ linksOnly: 2 });
    expect(host.sent.messages).toHaveLength(mine.messages.length + 1);
  });

  it('a failure mid-way cancels the export on the host, and so does the user', async () => {
    await store('1001', 30);
    const failing = recordingHost(() => true, { cancelOn: 'export/finish' });
    await expect(exportAccount({ db, bridge: failing.bridge, accountId: '1001' })).rejects.toThrow(
      /went away/,
    );
    expect(failing.calls.at(-1)).toBe('export/cancel');

    const ac = new AbortController();
    const host = recordingHost(() => true);
    const run = exportAccount({
      db,
      bridge: host.bridge,
      accountId: '1001',
      signal: ac.signal,
      onStatus: (s) => s.counts.posts > 0 && ac.abort(),
      pageSize: 5,
    });
    await expect(run).rejects.toThrow(/cancelled/);
    expect(host.calls).not.toContain('export/finish');
    expect(host.calls.at(-1)).toBe('export/cancel');
  });

  it('a Cancel while the host writes the zip is sent to the host and ends as cancelled, not done', async () => {
    await store('1001', 30);
    const ac = new AbortController();
    // The real host's finish rejects once export/cancel has stopped its zip (electron/services/export/service.ts).
    const host = recordingHost(() => true, {
      finish: async (cancelled) => {
        setTimeout(() => ac.abort(), 5); // the user presses "Cancel export" while the zip is written
        await cancelled;
        throw new Error('The export was cancelled. Nothing was saved.');
      },
    });
    const run = exportAccount({ db, bridge: host.bridge, accountId: '1001', signal: ac.signal });
    await expect(run).rejects.toBeInstanceOf(ExportCancelled);
    expect(host.calls.slice(-2)).toEqual(['export/finish', 'export/cancel']);

    // The archive was already saved when the Cancel came (Electron): the summary says where, not "nothing saved".
    const late = new AbortController();
    const saved = recordingHost(() => true, {
      finish: async () => {
        late.abort();
        await new Promise((r) => setTimeout(r, 20));
        return { ...FINISHED, download: undefined, savedTo: '/home/ana/x.zip' };
      },
    });
    expect(
      await exportAccount({ db, bridge: saved.bridge, accountId: '1001', signal: late.signal }),
    ).toMatchObject({ phase: 'done', savedTo: '/home/ana/x.zip' });
  });
});

describe('exporting while sync writes', () => {
  it('a conversation updated between pages (a new message) is exported exactly once, and none is skipped', async () => {
    const T = 1_780_000_000_000;
    const ids = Array.from({ length: 10 }, (_, i) => `messenger:c${i}`);
    await db.conversations.bulkPut(
      ids.map((id, i) => {
        const customer = {
          id: `u${i}`,
          name: `Customer ${i}`,
          picture: {
            key: mediaKey('1001', `u${i}`, 'picture'),
            url: `https://scontent.fbcdn.net/u${i}.jpg`,
            kind: 'image',
          },
        };
        return {
          id,
          nativeId: `c${i}`,
          accountId: '1001',
          platform: 'messenger',
          updatedTime: T + i,
          unreadCount: 0,
          unread: 0,
          participants: [customer],
          customer,
        };
      }) as never,
    );
    await db.messages.bulkPut(
      ids.map((conversationId, i) => ({
        id: `messenger:m${i}`,
        nativeId: `m${i}`,
        conversationId,
        accountId: '1001',
        platform: 'messenger',
        createdTime: T + i,
        from: { id: `u${i}` },
        text: 'hi',
        attachments: [],
        fromPage: false,
        words: ['hi'],
      })) as never,
    );
    // While the host links the second page's pictures, sync stores a new message in c2 (read on the first page) and
    // in c7 (not read yet): both conversations move to the end of the updatedTime order.
    const host = recordingHost(() => true, {
      onAddMedia: async (call) => {
        if (call !== 2) return;
        await db.conversations.update('messenger:c2', { updatedTime: T + 100 });
        await db.conversations.update('messenger:c7', { updatedTime: T + 101 });
        await db.messages.put({
          ...(await db.messages.get('messenger:m7'))!,
          id: 'messenger:m7b',
          nativeId: 'm7b',
          createdTime: T + 101,
        });
      },
    });
    await exportAccount({ db, bridge: host.bridge, accountId: '1001', pageSize: 3 });
    const convs = (host.sent.conversations ?? []).map((c) => c.id as string);
    expect(convs.sort()).toEqual([...ids].sort());
    // The new message of the conversation not yet read goes with it; every message once.
    const msgs = (host.sent.messages ?? []).map((m) => m.id as string);
    expect(new Set(msgs).size).toBe(msgs.length);
    expect(msgs).toEqual(expect.arrayContaining([...ids.map((_, i) => `messenger:m${i}`), 'messenger:m7b']));
  });
});

describe('chunk sizes', () => {
  const cdn = (i: string) =>
    `https://scontent-fra5-1.cdninstagram.com/v/t51.29350-15/${i}_n.jpg?stp=dst-jpg_e35&_nc_ht=scontent-fra5-1.cdninstagram.com&_nc_cat=1&_nc_ohc=abcdefghij&edm=AL-3X8kEAAAA&ccb=7-5&oh=00_AfA1234567890abcdef&oe=67890ABC&_nc_sid=10d13b`;

  it('400 cached carousels of 10 videos each go through the contract and the body limit, every one once', async () => {
    const id = (i: number) => `179000000${String(i).padStart(8, '0')}`;
    const child = (i: number, c: number) => `180000000${String(i * 10 + c).padStart(8, '0')}`;
    await db.media.bulkPut(
      Array.from({ length: 400 }, (_, i) => ({
        id: `ig:${id(i)}`,
        nativeId: id(i),
        accountId: '1001',
        mediaType: 'CAROUSEL_ALBUM',
        productType: 'FEED',
        caption: 'New menu',
        timestamp: 1_780_000_000_000 + i,
        syncedAt: 1,
        media: { key: mediaKey('1001', id(i), 'media_url'), url: cdn(`${i}`), kind: 'image' },
        children: Array.from({ length: 10 }, (_, c) => ({
          nativeId: child(i, c),
          mediaType: 'VIDEO',
          media: { key: mediaKey('1001', child(i, c), 'media_url'), url: cdn(`${i}-${c}`), kind: 'video' },
          thumbnail: {
            key: mediaKey('1001', child(i, c), 'thumbnail_url'),
            url: cdn(`${i}-${c}t`),
            kind: 'image',
          },
        })),
      })) as never,
    );
    const host = recordingHost(() => true);
    expect(await exportAccount({ db, bridge: host.bridge, accountId: '1001' })).toMatchObject({
      phase: 'done',
    });
    const got = host.sent.media ?? [];
    expect(new Set(got.map((r) => r.id)).size).toBe(400);
    expect(got.length).toBe(400);
    // Every picture carries its path (21 per row), and the chunks were near the limit, not far below it.
    expect(
      (got[0] as { children: Array<{ thumbnail: { file?: string } }> }).children[9]!.thumbnail.file,
    ).toMatch(/^media\//);
    expect(host.largestBody()).toBeGreaterThan(MAX_BRIDGE_BODY_BYTES / 2);
  });

  it('500 posts of 1,500 CJK characters are chunked by UTF-8 bytes, within the browser host’s body limit', async () => {
    const text = '営業時間のお知らせ。'.repeat(150);
    await db.posts.bulkPut(
      Array.from({ length: 500 }, (_, i) => ({
        id: `fb:1001_${i}`,
        nativeId: `1001_${i}`,
        accountId: '1001',
        message: text,
        createdTime: 1_780_000_000_000 + i,
        updatedTime: 1_780_000_000_000 + i,
        isVisitorPost: false,
        attachments: [],
        reactions: 0,
        comments: 0,
        shares: 0,
        syncedAt: 1,
      })) as never,
    );
    const host = recordingHost(() => true);
    expect(await exportAccount({ db, bridge: host.bridge, accountId: '1001' })).toMatchObject({
      phase: 'done',
    });
    expect((host.sent.posts ?? []).length).toBe(500);
    expect(new Set((host.sent.posts ?? []).map((p) => p.id)).size).toBe(500);
    expect(host.calls.filter((c) => c === 'export/append').length).toBeGreaterThan(1);
  });
});
