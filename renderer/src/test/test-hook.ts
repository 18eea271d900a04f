// A test-only handle for e2e and soak runs, so they can drive many sends through the very same `outbox.send` the
// composer calls. Only the test build installs it (test-entry.ts, built by vite.test.config.ts into
// dist-test/renderer); the product never imports this file, so dist/renderer and Electron have no `__duetTest`. It
// grants nothing the page could not already do through its own bridge.
import { onOpenStore } from '../app/open-store';
import { getBridge } from '../bridge';
import { type DuetDb, type OutboxState, type PublishKind, type PublishMediaItem } from '../data/db';
import { makeMp4Bytes } from '../../../shared/test/mp4-bytes';
import { allConversations, getConversation } from '../data/repos/inbox';
import { listEntries } from '../data/repos/outbox';
import { outboxFor } from '../features/inbox/use-outbox';
import { publishQueueFor } from '../features/publish/publish-queue';

/** What `window.__duetTest` offers. */
export interface DuetTestHook {
  /** Sends a reply through the outbox, exactly as the composer does; resolves with the clientId. */
  send(conversationId: string, text: string, opts?: { humanAgent?: boolean }): Promise<string>;
  /** Outbox entries by state. */
  outbox(): Promise<Partial<Record<OutboxState, number>>>;
  /** Conversation ids (of one account, or all), most recently active first, optionally per platform. */
  conversations(accountId?: string, platform?: 'messenger' | 'instagram'): Promise<string[]>;
  /** Every outbox entry (pending or failed): text, state and error. */
  entries(): Promise<
    Array<{ clientId: string; conversationId: string; text: string; state: OutboxState; error?: string }>
  >;
  kick(): void;
  /** Why the outbox is paused, or null. */
  paused(): string | null;
  /**
   * Queues a post through the publish queue, exactly as the composer does, with `photos` generated JPEGs (none for
   * a text post), or with `files` in that order (a JPEG, or an MP4 of `videoMs`); resolves with the post id.
   */
  publish(post: {
    caption: string;
    networks: Array<'facebook' | 'instagram'>;
    kind: PublishKind;
    photos: number;
    files?: Array<'image' | 'video'>;
    videoMs?: number;
  }): Promise<string>;
  /** Every publish target: its post's caption, network, state and error, and the ids Meta gave it. */
  publishTargets(): Promise<
    Array<{
      caption: string;
      network: string;
      state: string;
      held: boolean;
      error?: string;
      mediaId?: string;
      containerId?: string;
    }>
  >;
  kickPublish(): void;
}

declare global {
  interface Window {
    __duetTest?: DuetTestHook;
  }
}

/** The hook over one open store; the outbox is the shell's own (one per store, see outboxFor). */
function hookFor(db: DuetDb): DuetTestHook {
  const outbox = () => outboxFor(db, getBridge());
  return {
    async send(conversationId, text, opts) {
      const conv = await getConversation(db, conversationId);
      if (!conv) throw new Error(`No conversation ${conversationId}`);
      return outbox().send(conv, text, opts);
    },
    async outbox() {
      const counts: Partial<Record<OutboxState, number>> = {};
      for (const r of await listEntries(db)) counts[r.state] = (counts[r.state] ?? 0) + 1;
      return counts;
    },
    async conversations(accountId, platform) {
      const rows = (await allConversations(db)).filter(
        (c) => (!accountId || c.accountId === accountId) && (!platform || c.platform === platform),
      );
      return rows.sort((a, b) => b.updatedTime - a.updatedTime).map((c) => c.id);
    },
    async entries() {
      return (await listEntries(db)).map((r) => ({
        clientId: r.clientId,
        conversationId: r.conversationId,
        text: r.text,
        state: r.state,
        ...(r.error ? { error: r.error } : {}),
      }));
    },
    kick: () => outbox().kick(),
    paused: () => outbox().pausedReason(),
    async publish(post) {
      const account = (await getBridge().invoke('session/get', {})).session?.accounts[0];
      if (!account) throw new Error('Not signed in');
      const media: PublishMediaItem[] = [];
      const blobs = new Map<string, Blob>();
      const files = post.files ?? Array.from({ length: post.photos }, () => 'image' as const);
      for (const [i, kind] of files.entries()) {
        const id = crypto.randomUUID();
        const video = kind === 'video';
        const durationMs = post.videoMs ?? 8_000;
        const blob = video
          ? new Blob([makeMp4Bytes({ durationMs, width: 1080, height: 1920 }) as Uint8Array<ArrayBuffer>], {
              type: 'video/mp4',
            })
          : await testJpeg(`${post.caption} ${i}`);
        blobs.set(id, blob);
        media.push({
          id,
          name: `soak-${i}.${video ? 'mp4' : 'jpg'}`,
          mime: video ? 'video/mp4' : 'image/jpeg',
          kind,
          bytes: blob.size,
          width: video ? 1080 : 320,
          height: video ? 1920 : 320,
          ...(video ? { durationMs } : {}),
        });
      }
      return publishQueueFor(db, getBridge()).enqueue({
        accountId: account.id,
        ...(account.instagram ? { igAccountId: account.instagram.id } : {}),
        networks: post.networks,
        kind: post.kind,
        caption: post.caption,
        media,
        blobs,
      });
    },
    async publishTargets() {
      const posts = new Map((await db.publishPosts.toArray()).map((p) => [p.id, p]));
      return (await db.publishTargets.toArray()).map((t) => ({
        caption: posts.get(t.postId)?.caption ?? '',
        network: t.network,
        state: t.state,
        held: t.nextAttemptAt >= Number.MAX_SAFE_INTEGER,
        ...(t.error ? { error: t.error } : {}),
        ...(t.mediaId ? { mediaId: t.mediaId } : {}),
        ...(t.containerId ? { containerId: t.containerId } : {}),
      }));
    },
    kickPublish: () => publishQueueFor(db, getBridge()).kick(),
  };
}

/** A 320×320 JPEG (a coloured square with the text), drawn by the browser. */
async function testJpeg(text: string): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 320;
  const g = canvas.getContext('2d')!;
  g.fillStyle = `hsl(${text.length * 37} 60% 50%)`;
  g.fillRect(0, 0, 320, 320);
  g.fillStyle = '#fff';
  g.fillText(text, 10, 160);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no JPEG'))), 'image/jpeg', 0.8),
  );
}

/** Keeps `window.__duetTest` on the store the shell has open (absent while none is); returns the uninstall. */
export function installTestHook(): () => void {
  const unsubscribe = onOpenStore((db) => {
    if (db) window.__duetTest = hookFor(db);
    else delete window.__duetTest;
  });
  return () => {
    unsubscribe();
    delete window.__duetTest;
  };
}
