import { describe, expect, it } from 'vitest';
import { DuetDb } from '../../data/db';
import { collectDiagnostics, redactedReport } from './report';

const app = {
  name: 'Duet',
  version: '1.2.3',
  host: 'browser' as const,
  platform: 'linux',
  versions: { node: '20.0.0' },
  dataDir: '/home/alex/.duet',
  demo: true,
};

describe('diagnostics report', () => {
  it('counts what is stored and queued, and the copied report carries no ids, names, texts or tokens', async () => {
    const db = new DuetDb(`diag-${Math.random()}`);
    await db.messages.put({
      id: 'messenger:m_1',
      nativeId: 'm_1',
      conversationId: 'messenger:t_9',
      accountId: '1029384756',
      platform: 'messenger',
      createdTime: 1,
      from: { id: '555', name: 'Maria Secret' },
      text: 'my address is 5 Main St',
      attachments: [],
      fromPage: false,
      words: ['address'],
    });
    await db.outbox.put({
      clientId: 'c-123456789',
      accountId: '1029384756',
      platform: 'messenger',
      conversationId: 'messenger:t_9',
      conversationNativeId: 't_9',
      recipientId: '555',
      text: 'see you at 5',
      state: 'failed',
      seq: 1,
      createdAt: 1,
      attempts: 1,
      nextAttemptAt: 0,
      error: 'outside window',
    });
    await db.syncState.put({
      key: '1029384756|feed',
      accountId: '1029384756',
      stream: 'feed',
      backfillDone: false,
      itemCount: 40,
      skipped: 3,
      lastError: 'GET /feed?access_token=EAAsecret failed',
    });
    const host = {
      mediaCache: { bytes: 2048, entries: 2, maxBytes: 1 << 30, hits: 5, misses: 2 },
      usage: [{ accountId: '1029384756', appPct: 42, businessPct: 12 }],
      log: ['token EAAsecret'],
      memory: { rssBytes: 1, heapUsedBytes: 1 },
    };
    const d = await collectDiagnostics(db, app, host, null);
    expect(d.tables.messages).toBe(1);
    expect(d.outbox.failed).toBe(1);
    expect(d.streams[0]).toMatchObject({ stream: 'feed', skipped: 3, items: 40 });

    const report = redactedReport(d);
    expect(report).toContain('feed: 40 items, 3 skipped');
    expect(report).toContain('failed: 1');
    expect(report).toContain('app 42%');
    for (const secret of ['1029384756', 'Maria', 'Main St', 'see you', 'EAAsecret', '/home/alex'])
      expect(report).not.toContain(secret);
    db.close();
  });
});
