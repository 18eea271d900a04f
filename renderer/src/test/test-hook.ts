// A test-only handle for e2e and soak runs, so they can drive many sends through the very same `outbox.send` the
// composer calls. It exists only in the browser host (never in Electron) and only when the page was opened with
// `duetTest=1`; it grants nothing the page could not already do through its own bridge.
import { type Bridge } from '../../bridge';
import { type DuetDb, type OutboxState } from '../../data/db';
import { type Outbox } from '../../data/outbox/types';
import { allConversations, getConversation } from '../../data/repos/inbox';
import { listEntries } from '../../data/repos/outbox';

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
}

declare global {
  interface Window {
    __duetTest?: DuetTestHook;
  }
}

/** True when the page may expose the test hook. */
export function testHookEnabled(bridge: Bridge): boolean {
  if (bridge.kind !== 'browser') return false;
  const flag = new URLSearchParams(window.location.search).get('duetTest');
  if (flag) sessionStorage.setItem('duet.test', flag);
  return (flag ?? sessionStorage.getItem('duet.test')) === '1';
}

/** Installs `window.__duetTest` when enabled; returns the uninstall function. */
export function installTestHook(db: DuetDb, bridge: Bridge, outbox: Outbox): () => void {
  if (!testHookEnabled(bridge)) return () => {};
  window.__duetTest = {
    async send(conversationId, text, opts) {
      const conv = await getConversation(db, conversationId);
      if (!conv) throw new Error(`No conversation ${conversationId}`);
      return outbox.send(conv, text, opts);
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
    kick: () => outbox.kick(),
    paused: () => outbox.pausedReason(),
  };
  return () => {
    delete window.__duetTest;
  };
}
