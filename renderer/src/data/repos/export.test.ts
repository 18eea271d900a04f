// The renderer's half of an export: every row of the account reaches the host exactly once (page boundaries inside
// equal keys included), no row of another account does, chunks stay within the contract's bounds, and pictures get
// the paths the host gave them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName, CallRequest, CallResponse } from '../../../../shared/bridge/contract';
import { parseRequest } from '../../../../shared/bridge/validate';
import { exportRowOf, MAX_CHUNK_ROWS, type ExportKind } from '../../../../shared/export/rows';
import { exportRowsOf } from '../../../../shared/test/export-rows';
import type { Bridge } from '../../bridge';
import { DuetDb } from '../db';
import { exportAccount } from './export';

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

/** A host that checks every request against the contract and records what it was sent. */
function recordingHost(cached: (key: string) => boolean, opts: { cancelOn?: CallName } = {}) {
  const sent: Record<string, Array<Record<string, unknown>>> = {};
  const calls: string[] = [];
  const bridge: Pick<Bridge, 'invoke' | 'on'> = {
    on: () => () => {},
    async invoke<K extends CallName>(name: K, req: CallRequest<K>): Promise<CallResponse<K>> {
      const args = parseRequest(name, req) as Record<string, unknown>;
      calls.push(name);
      if (name === opts.cancelOn) throw new Error('host went away');
      const answer = (v: unknown) => v as CallResponse<K>;
      if (name === 'export/begin') return answer({ cancelled: false, exportId: 'f'.repeat(32) });
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
      if (name === 'export/finish')
        return answer({ bytes: 10, rows: 0, files: 0, notCached: 0, fileName: 'x.zip', download: '/d' });
      return answer({ ok: true });
    },
  };
  return { bridge, sent, calls };
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
});
