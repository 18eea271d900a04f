// A test-only handle for e2e and soak runs, so they can drive many sends through the very same `outbox.send` the
// composer calls. Only the test build installs it (test-entry.ts, built by vite.test.config.ts into
// dist-test/renderer); the product never imports this file, so dist/renderer and Electron have no `__duetTest`. It
// grants nothing the page could not already do through its own bridge.
import { onOpenStore } from '../app/open-store';
import { getBridge } from '../bridge';
import { type DuetDb, type OutboxState } from '../data/db';
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
   * a text post); resolves with the post id.
   */
  publish(post: {
    caption: string;
    networks: Array<'facebook' | 'instagram'>;
    kind: 'text' | 'photo' | 'photos';
    photos: number;
  }): Promise<string>;
  /** Every publish target: its post's caption, network, state and error. */
  publishTargets(): Promise<
    Array<{ caption: string; network: string; state: string; held: boolean; error?: string }>
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
      const media = [];
      const blobs = new Map<string, Blob>();
      for (let i = 0; i < post.photos; i++) {
        const id = crypto.randomUUID();
        const blob = await testJpeg(`${post.caption} ${i}`);
        blobs.set(id, blob);
        media.push({
          id,
          name: `soak-${i}.jpg`,
          mime: 'image/jpeg',
          kind: 'image' as const,
          bytes: blob.size,
          width: 320,
          height: 320,
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
