// The comment notifier decides what the user hears of new comments: nothing unless turned on in Settings (off by
// default), nothing while the Comments view is on screen with the window focused, one notification each naming who
// and where, and a single summary when a tick brings many at once.
import { beforeEach, describe, expect, it } from 'vitest';
import { type CommentRow } from '../../data/db';
import { makeComment } from '../../test/comment-fixtures';
import { createFakeBridge, type FakeBridge } from '../../test/fake-bridge';
import { commentNotificationFor, createCommentNotifier } from './notifier';

let bridge: FakeBridge;
let shown: Array<{ title: string; body: string; conversationId?: string; commentId?: string }>;
let on: boolean | 'fails';
let focused: boolean;

const row = (over: Parameters<typeof makeComment>[0] = {}): CommentRow => ({
  ...makeComment(over),
  lists: [],
  words: [],
  syncedAt: 1,
});

beforeEach(() => {
  bridge = createFakeBridge();
  shown = [];
  on = true;
  focused = true;
  bridge.notify = async (n) => {
    shown.push(n);
    return true;
  };
  bridge.handle('settings/get', () => {
    if (on === 'fails') throw new Error('host gone');
    return { commentNotifications: on } as never;
  });
});

describe('comment notifier', () => {
  it('shows one notification per new comment: who, on which network, what they wrote, pointing at the comment', async () => {
    const fb = row({ text: 'Open on Sunday?' });
    const ig = row({ platform: 'ig', postId: 'ig:m1', author: { username: 'ana.l' }, text: 'Love it' });
    const reply = row({ parentId: fb.id, author: {}, text: '  ' });
    await createCommentNotifier({ bridge, isFocused: () => focused }).notify([fb, ig, reply]);
    expect(shown).toEqual([
      { title: `${fb.author.name} · Facebook comment`, body: 'Open on Sunday?', commentId: fb.id },
      { title: '@ana.l · Instagram comment', body: 'Love it', commentId: ig.id },
      { title: 'Someone · Facebook reply', body: 'Commented without text', commentId: reply.id },
    ]);
    // Never about a conversation: the click must open the comment.
    expect(shown.every((n) => n.conversationId === undefined)).toBe(true);
  });

  it('is off unless turned on, and stays off when Settings cannot be read', async () => {
    const n = createCommentNotifier({ bridge, isFocused: () => focused });
    on = false;
    await n.notify([row()]);
    on = 'fails';
    await n.notify([row()]);
    expect(shown).toEqual([]);
  });

  it('stays quiet while the Comments view is on screen and focused; not when the window is in the background', async () => {
    const n = createCommentNotifier({ bridge, isFocused: () => focused });
    n.setCommentsShown(true);
    await n.notify([row({ text: 'seen in the list' })]);
    expect(shown).toEqual([]);
    focused = false;
    await n.notify([row({ text: 'in the background' })]);
    expect(shown.map((s) => s.body)).toEqual(['in the background']);
    n.setCommentsShown(false);
    focused = true;
    await n.notify([row({ text: 'other view' })]);
    expect(shown.map((s) => s.body)).toEqual(['in the background', 'other view']);
  });

  it("never notifies the Page's own comments or ones already gone, and sums up a burst in one", async () => {
    const n = createCommentNotifier({ bridge, isFocused: () => focused });
    await n.notify([row({ fromPage: true }), { ...row(), goneAt: 5 }]);
    expect(shown).toEqual([]);
    const burst = Array.from({ length: 12 }, (_, i) => row({ createdTime: 1000 + i, text: `c${i}` }));
    await n.notify(burst);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: '12 new comments', commentId: burst[11]!.id });
    expect(shown[0]!.body).toContain('c11');
  });

  it('cuts a long comment to what a notification can carry', () => {
    expect(commentNotificationFor(row({ text: 'x'.repeat(5000) })).body).toHaveLength(500);
  });
});
