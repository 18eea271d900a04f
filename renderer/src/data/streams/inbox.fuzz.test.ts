// Property test of the skipped-messages count Diagnostics shows: whatever order threads are refreshed in, and
// however many malformed messages each refresh reports, the count per platform is the sum of each conversation's
// latest refresh — never a running total that grows on every poll, never mixing Messenger and Instagram.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type MessagingPlatform } from '../../../../shared/models';
import { DuetDb } from '../db';
import { makeConversationRow } from '../../test/inbox-fixtures';
import { createFakeBridge } from '../../test/fake-bridge';
import { syncConversationMessages } from './inbox';

let n = 0;
const opened: DuetDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('skipped messages per platform under random refreshes', () => {
  it('equal the sum of each conversation’s latest skipped count', async () => {
    const refresh = fc.record({
      conv: fc.integer({ min: 1, max: 4 }),
      platform: fc.constantFrom<MessagingPlatform>('messenger', 'instagram'),
      skipped: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 })),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(refresh, { minLength: 1, maxLength: 12 }), async (refreshes) => {
        const db = new DuetDb(`skipped-fuzz-${++n}`);
        opened.push(db);
        await db.open();
        const bridge = createFakeBridge();
        let next = 0;
        bridge.handle('inbox/messages', async () => ({
          items: [],
          skipped: next,
          paging: { hasMore: false },
          notModified: false,
        }));
        const latest = new Map<string, number>();
        for (const r of refreshes) {
          const conversation = makeConversationRow(r.conv, { platform: r.platform });
          next = r.skipped;
          await syncConversationMessages(db, bridge, conversation);
          latest.set(conversation.id, r.skipped);
        }
        for (const platform of ['messenger', 'instagram'] as const) {
          const expected = [...latest]
            .filter(([id]) => id.startsWith(`${platform}:`))
            .reduce((s, [, k]) => s + k, 0);
          const row = await db.syncState.get(`page1|${platform} messages`);
          expect(row?.skipped ?? 0).toBe(expected);
        }
      }),
      { numRuns: 40 },
    );
    // 40 runs against IndexedDB: about 2 s on a quiet machine, so the default 5 s fails on a loaded one.
  }, 60_000);
});
