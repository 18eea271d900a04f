// Integration: comments/threads against the sandbox — both networks in one batch, replies with their parents,
// another Page's post refused before any Graph call, and a missing permission named.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox/index';
import { sandboxControl } from '../../sandbox/test/control';
import { browserPlatformBase } from '../browser-host/platform';
import { createHostCore } from './index';
import type { HostCore } from './types';

let sandbox: SandboxHandle;
let core: HostCore;
let pageId: string;
let otherPage: string;
let batches = 0;

const control = <T>(path: string, body?: unknown) => sandboxControl<T>(sandbox, path, body);

async function signIn(permissions?: string[]): Promise<void> {
  const { access_token } = await control<{ access_token: string }>(
    'tokens',
    permissions ? { permissions } : {},
  );
  const st = await core.handlers['session/sign-in-token']({ token: access_token });
  pageId = st.session!.accounts[0]!.id;
  otherPage = st.session!.accounts[1]!.id;
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 42, scale: 'small', live: false });
  core = await createHostCore(
    {
      ...browserPlatformBase(mkdtempSync(join(tmpdir(), 'duet-comments-')), {
        DUET_GRAPH_URL: sandbox.url,
        DUET_LOGIN_URL: sandbox.url,
        DUET_APP_ID: '1234567890123456',
      }),
      kind: 'browser',
      emit: () => undefined,
      openExternal: async () => true,
      notify: () => false,
      setBadge: () => false,
    },
    {
      fetch: async (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        if (init?.method === 'POST' && url.pathname.match(/^\/v[\d.]+\/?$/)) batches++;
        return fetch(input, init);
      },
    },
  );
  await signIn();
});
afterAll(async () => {
  await core.dispose();
  await sandbox.close();
});

describe('comments/threads', () => {
  it('reads a post’s and a medium’s comments with their replies in one batch request', async () => {
    const feed = await core.handlers['feed/list']({ accountId: pageId, limit: 40 });
    const post = feed.items.find((p) => p.comments >= 2)!;
    const gallery = await core.handlers['gallery/list']({ accountId: pageId, limit: 1 });
    const media = gallery.items[0]!;
    const person = await control<{ id: string }>('comments', { objectId: media.nativeId, text: 'Gorgeous' });
    const pt = await core.handlers['comments/threads']({
      accountId: pageId,
      targets: [{ platform: 'fb', nativeId: post.nativeId }],
    });
    const firstTop = pt.threads[0]!.ok ? pt.threads[0]!.page.items.find((c) => !c.parentId) : undefined;
    // A Page reply to that comment, through the sandbox directly (the app's own writes come later).
    const { access_token } = await control<{ access_token: string }>('tokens', {});
    const accRes = await fetch(
      `${sandbox.url}/v27.0/me/accounts?fields=id,access_token&access_token=${access_token}`,
    );
    const acc = (await accRes.json()) as { data: { id: string; access_token: string }[] };
    const pageToken = acc.data.find((a) => a.id === pageId)!.access_token;
    await fetch(`${sandbox.url}/v27.0/${person.id}/replies?access_token=${pageToken}`, {
      method: 'POST',
      body: new URLSearchParams({ message: 'Thank you!' }),
    });
    await fetch(`${sandbox.url}/v27.0/${firstTop!.nativeId}/comments?access_token=${pageToken}`, {
      method: 'POST',
      body: new URLSearchParams({ message: 'Thanks for asking' }),
    });
    await signIn();
    const before = batches;
    const r = await core.handlers['comments/threads']({
      accountId: pageId,
      targets: [
        { platform: 'fb', nativeId: post.nativeId },
        { platform: 'ig', nativeId: media.nativeId },
      ],
    });
    expect(batches - before).toBe(1);
    const [fb, ig] = r.threads;
    expect(fb?.ok && ig?.ok).toBe(true);
    if (!fb?.ok || !ig?.ok) return;
    expect(fb.page.items.length).toBeGreaterThanOrEqual(post.comments + 1);
    const reply = fb.page.items.find((c) => c.text === 'Thanks for asking')!;
    expect(reply).toMatchObject({ parentId: firstTop!.id, fromPage: true, postId: post.id, platform: 'fb' });
    const igTop = ig.page.items.find((c) => c.nativeId === person.id)!;
    expect(igTop).toMatchObject({ canLike: false, canReply: true, fromPage: false, postId: media.id });
    const igReply = ig.page.items[ig.page.items.indexOf(igTop) + 1]!;
    expect(igReply).toMatchObject({ parentId: igTop.id, fromPage: true, text: 'Thank you!' });
  });

  it('reads a thread longer than one page to its end: every comment of a busy post and a busy medium', async () => {
    const feed = await core.handlers['feed/list']({ accountId: pageId, limit: 40 });
    const post = feed.items[feed.items.length - 1]!;
    const gallery = await core.handlers['gallery/list']({ accountId: pageId, limit: 5 });
    const media = gallery.items[gallery.items.length - 1]!;
    // 230 on the post (100 a page on Facebook), 120 on the medium (50 a page on Instagram).
    for (let i = 0; i < 230; i++)
      await control('comments', { objectId: post.nativeId, text: `Busy post ${i}` });
    for (let i = 0; i < 120; i++)
      await control('comments', { objectId: media.nativeId, text: `Busy medium ${i}` });
    const r = await core.handlers['comments/threads']({
      accountId: pageId,
      targets: [
        { platform: 'fb', nativeId: post.nativeId },
        { platform: 'ig', nativeId: media.nativeId },
      ],
    });
    const [fb, ig] = r.threads;
    if (!fb?.ok || !ig?.ok) throw new Error('a thread failed');
    const texts = (items: Array<{ text: string }>, prefix: string) =>
      new Set(items.filter((c) => c.text.startsWith(prefix)).map((c) => c.text));
    expect(texts(fb.page.items, 'Busy post ').size).toBe(230);
    expect(texts(ig.page.items, 'Busy medium ').size).toBe(120);
    // Read to the end, each comment once.
    expect(fb.page.paging.hasMore).toBe(false);
    expect(ig.page.paging.hasMore).toBe(false);
    expect(new Set(fb.page.items.map((c) => c.id)).size).toBe(fb.page.items.length);
    expect(new Set(ig.page.items.map((c) => c.id)).size).toBe(ig.page.items.length);
  });

  it('reads an Instagram comment’s replies past the 25 its list nests, each once, with the full reply count', async () => {
    const gallery = await core.handlers['gallery/list']({ accountId: pageId, limit: 5 });
    const media = gallery.items[1]!;
    const top = await control<{ id: string }>('comments', { objectId: media.nativeId, text: 'Who won?' });
    // 80 replies: 25 nested in the list, then 50 + 5 from /{ig-comment}/replies.
    for (let i = 0; i < 80; i++) await control('comments', { objectId: top.id, text: `Reply ${i}` });
    const r = await core.handlers['comments/threads']({
      accountId: pageId,
      targets: [{ platform: 'ig', nativeId: media.nativeId }],
    });
    const ig = r.threads[0];
    if (!ig?.ok) throw new Error('the thread failed');
    const replies = ig.page.items.filter((c) => c.parentId === `ig:${top.id}`);
    expect(new Set(replies.map((c) => c.text)).size).toBe(80);
    expect(replies).toHaveLength(80);
    expect(ig.page.items.find((c) => c.nativeId === top.id)?.replyCount).toBe(80);
    expect(ig.page.paging.hasMore).toBe(false);
  });

  it('refuses another Page’s post before any Graph call; the rest of the batch still counts', async () => {
    const other = await core.handlers['feed/list']({ accountId: otherPage, limit: 5 });
    const mine = await core.handlers['feed/list']({ accountId: pageId, limit: 1 });
    const r = await core.handlers['comments/threads']({
      accountId: pageId,
      targets: [
        { platform: 'fb', nativeId: other.items[0]!.nativeId },
        { platform: 'fb', nativeId: mine.items[0]!.nativeId },
      ],
    });
    expect(r.threads[0]).toMatchObject({ ok: false, code: 'permission' });
    expect(r.threads[1]?.ok).toBe(true);
  });

  it('without pages_read_user_content, each Facebook thread fails naming the permission', async () => {
    const perms = ['pages_show_list', 'pages_read_engagement', 'pages_manage_engagement', 'instagram_basic'];
    await signIn(perms);
    const mine = await core.handlers['feed/list']({ accountId: pageId, limit: 1 });
    const r = await core.handlers['comments/threads']({
      accountId: pageId,
      targets: [{ platform: 'fb', nativeId: mine.items[0]!.nativeId }],
    });
    expect(r.threads[0]).toMatchObject({ ok: false, code: 'permission' });
    expect(r.threads[0]?.ok === false && r.threads[0].message).toContain('pages_read_user_content');
    await signIn();
  });
});
