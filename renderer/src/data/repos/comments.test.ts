import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeComment, pageReply } from '../../test/comment-fixtures';
import { DuetDb } from '../db';
import {
  commentOfConversation,
  countComments,
  listComments,
  markCommentsRead,
  postComments,
  repliesOf,
  searchComments,
  setCommentDone,
  updateComments,
  writeCommentThreads,
} from './comments';

let db: DuetDb;
let n = 0;
const POST = 'fb:page1_p1';
const now = Date.UTC(2026, 10, 5);

beforeEach(async () => {
  db = new DuetDb(`repo-comments-${++n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const write = (items: ReturnType<typeof makeComment>[], complete = true, markUnread = false, postId = POST) =>
  writeCommentThreads(db, 'page1', [{ postId, items, complete, count: items.length }], { now, markUnread });
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('comments repository', () => {
  it('lists top-level comments newest first per filter; replies are threaded, not listed', async () => {
    const a = makeComment();
    const b = makeComment({ hidden: true });
    const ig = makeComment({ postId: 'ig:m1' });
    const r = pageReply(a);
    await write([a, b, r]);
    await write([ig], true, false, 'ig:m1');
    expect(ids(await listComments(db, 'page1', 'all', 10))).toEqual([ig.id, b.id, a.id]);
    expect(ids(await listComments(db, 'page1', 'fb', 10))).toEqual([b.id, a.id]);
    expect(ids(await listComments(db, 'page1', 'ig', 10))).toEqual([ig.id]);
    expect(ids(await listComments(db, 'page1', 'hidden', 10))).toEqual([b.id]);
    // a has the Page's reply under it: answered.
    expect(ids(await listComments(db, 'page1', 'unanswered', 10))).toEqual([ig.id, b.id]);
    expect(ids((await repliesOf(db, [a.id])).get(a.id) ?? [])).toEqual([r.id]);
    expect(ids(await listComments(db, 'page1', 'all', 2))).toEqual([ig.id, b.id]);
  });

  it('a Page reply arriving later answers its comment; marking done is local and reversible', async () => {
    const a = makeComment();
    await write([a]);
    expect(await countComments(db, 'page1', 'unanswered')).toBe(1);
    await write([a, pageReply(a)]);
    expect(await countComments(db, 'page1', 'unanswered')).toBe(0);
    const b = makeComment();
    await write([a, pageReply(a), b]);
    await setCommentDone(db, b.id, true, now);
    expect(await countComments(db, 'page1', 'unanswered')).toBe(0);
    // A refresh keeps the local "done".
    await write([a, pageReply(a), b]);
    expect(await countComments(db, 'page1', 'unanswered')).toBe(0);
    await setCommentDone(db, b.id, false, now);
    expect(ids(await listComments(db, 'page1', 'unanswered', 10))).toEqual([b.id]);
  });

  it('keeps comments deleted upstream, marked gone, out of Unanswered; an incomplete read only judges its window', async () => {
    const old = makeComment();
    const mid = makeComment();
    const recent = makeComment();
    await write([old, mid, recent]);
    // A read of the newest two only (more pages exist): `old` is outside it and stays as it was.
    await write([recent], false);
    const rows = new Map((await postComments(db, POST)).map((r) => [r.id, r]));
    expect(rows.get(old.id)?.goneAt).toBeUndefined();
    expect(rows.get(mid.id)?.goneAt).toBeUndefined();
    await write([recent, old], true);
    const after = new Map((await postComments(db, POST)).map((r) => [r.id, r]));
    expect(after.get(mid.id)?.goneAt).toBe(now);
    expect(after.size).toBe(3);
    expect(ids(await listComments(db, 'page1', 'unanswered', 10))).toEqual([recent.id, old.id]);
    expect(ids(await listComments(db, 'page1', 'all', 10))).toContain(mid.id);
  });

  it('an Instagram read cut short (oldest first) judges only up to where it reached: newer comments are not gone', async () => {
    const IG = 'ig:m1';
    const old = makeComment({ postId: IG });
    const mid = makeComment({ postId: IG });
    const recent = makeComment({ postId: IG });
    await write([old, mid, recent], true, false, IG);
    // Instagram answers oldest first: a read of one page that stopped at `old` says nothing of `mid` or `recent`.
    await write([old], false, false, IG);
    const rows = new Map((await postComments(db, IG)).map((r) => [r.id, r]));
    expect(rows.get(mid.id)?.goneAt).toBeUndefined();
    expect(rows.get(recent.id)?.goneAt).toBeUndefined();
    // One that reached `recent` without `mid`: `mid` is gone.
    await write([old, recent], false, false, IG);
    expect((await postComments(db, IG)).find((r) => r.id === mid.id)?.goneAt).toBe(now);
  });

  it('unread: only people’s comments first stored by polling, cleared when the view is shown', async () => {
    const a = makeComment();
    await write([a]);
    const b = makeComment();
    const own = makeComment({ fromPage: true });
    const added = await write([a, b, own], true, true);
    expect(ids(added)).toEqual([b.id]);
    expect(await countComments(db, 'page1', 'unread')).toBe(1);
    await write([a, b, own], true, true);
    expect(await countComments(db, 'page1', 'unread')).toBe(1);
    await markCommentsRead(db, 'page1');
    expect(await countComments(db, 'page1', 'unread')).toBe(0);
  });

  it('a private reply Duet knows of survives a refresh that does not carry it (Instagram has no such field)', async () => {
    const a = makeComment({ postId: 'ig:m1' });
    await write([{ ...a, privateReply: { conversationId: 't1' } }], true, false, 'ig:m1');
    await write([a], true, false, 'ig:m1');
    expect((await postComments(db, 'ig:m1'))[0]?.privateReply).toEqual({ conversationId: 't1' });
    expect(await countComments(db, 'page1', 'unanswered')).toBe(0);
  });

  it('searches stored comments offline by word prefixes, newest first, per account', async () => {
    const a = makeComment({ text: 'Do you ship to Berlin?' });
    const b = makeComment({ text: 'Shipping was quick, thanks' });
    await write([a, b]);
    expect(ids(await searchComments(db, 'page1', 'ship'))).toEqual([b.id, a.id]);
    expect(ids(await searchComments(db, 'page1', 'ship berl'))).toEqual([a.id]);
    expect(await searchComments(db, 'other', 'ship')).toEqual([]);
  });

  it('finds the comment a conversation started from once its private reply names it, in that account only; a later read of the thread keeps it', async () => {
    const a = makeComment();
    const b = makeComment();
    await write([a, b]);
    expect(await commentOfConversation(db, 'page1', 't_9')).toBeUndefined();
    await updateComments(db, [a.id], (c) => ({ ...c, privateReply: { conversationId: 't_9' } }));
    expect((await commentOfConversation(db, 'page1', 't_9'))?.id).toBe(a.id);
    expect(await commentOfConversation(db, 'page2', 't_9')).toBeUndefined();
    // Instagram shows no private reply on a comment: sync's next read must not lose the link.
    await write([a, b]);
    expect((await commentOfConversation(db, 'page1', 't_9'))?.id).toBe(a.id);
  });
});
