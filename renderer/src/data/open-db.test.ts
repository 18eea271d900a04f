import { describe, expect, it } from 'vitest';
import { describeOpenError, openDuetDb } from './open-db';

let n = 0;
const fresh = () => `open-db-test-${++n}`;

/**
 * Creates an older-format store and keeps a connection to it open without honouring `versionchange`, the way a
 * second, stuck Duet window would: Duet's open (an upgrade) is then blocked.
 */
function holdOldDb(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 5);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore('outbox', { keyPath: 'clientId' });
      db.createObjectStore('messages', { keyPath: 'id' });
      db.createObjectStore('posts', { keyPath: 'id' });
    };
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction(['outbox', 'messages', 'posts'], 'readwrite');
      tx.objectStore('outbox').put({
        clientId: 'c1',
        state: 'queued',
        conversationId: 'messenger:t1',
        text: 'unsent reply',
        seq: 1,
      });
      tx.objectStore('outbox').put({
        clientId: 'c2',
        state: 'sent',
        conversationId: 'messenger:t1',
        text: 'already sent',
        seq: 0,
      });
      tx.objectStore('messages').put({ id: 'local:c1', clientId: 'c1', text: 'unsent reply' });
      tx.objectStore('messages').put({ id: 'messenger:m9', text: 'from Meta' });
      tx.objectStore('posts').put({ id: 'fb:1' });
      tx.oncomplete = () => resolve(db);
      tx.onerror = () => reject(tx.error);
    };
  });
}

describe('openDuetDb', () => {
  it('opens a healthy database', async () => {
    const res = await openDuetDb(fresh());
    expect(res.ok).toBe(true);
    if (res.ok) {
      await res.db.posts.put({ id: 'fb:1' } as never);
      expect(await res.db.posts.count()).toBe(1);
      res.db.close();
    }
  });

  it('reports a store it cannot open instead of throwing, and rebuilds it keeping unsent replies', async () => {
    const name = fresh();
    const holder = await holdOldDb(name);
    const res = await openDuetDb(name, { blockedTimeoutMs: 300 });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error).toMatch(/local cache could not be opened.*another Duet window/);
    holder.close();
    const db = await res.rebuild();
    expect(db.isOpen()).toBe(true);
    expect((await db.outbox.toArray()).map((o) => o.clientId)).toEqual(['c1']);
    expect((await db.messages.toArray()).map((m) => m.id)).toEqual(['local:c1']);
    // The cached content is gone: it comes back from the network.
    expect(await db.posts.count()).toBe(0);
    db.close();
  });

  it('says what went wrong in words a user understands', () => {
    const quota = Object.assign(new Error('x'), { name: 'QuotaExceededError' });
    expect(describeOpenError(quota)).toMatch(/disk is full/);
    expect(describeOpenError(new Error('boom'))).toMatch(/Rebuild it from the network/);
  });
});
