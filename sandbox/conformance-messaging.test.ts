/**
 * Conformance: Conversations API, 20-message limit, Send API (24 h window, HUMAN_AGENT, 551, sender actions), ledger.
 * Conversations: https://developers.facebook.com/docs/graph-api/reference/page/conversations/
 * Limitations (20 most recent messages): https://developers.facebook.com/docs/messenger-platform/conversations/
 * Send API: https://developers.facebook.com/docs/messenger-platform/reference/send-api/
 * Errors: https://developers.facebook.com/docs/messenger-platform/reference/send-api/error-codes
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { boot, exhaust, type ErrBody, type Harness } from './test/harness.js';

// Real servers on a shared 2-core machine: allow for scheduling delays.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let h: Harness;
let page1: string;
let tok: string;

interface List<T = Record<string, unknown>> {
  data: T[];
  paging?: { cursors: { before: string; after: string }; next?: string };
}
interface Conv {
  id: string;
  updated_time: string;
  snippet: string;
  unread_count: number;
  message_count: number;
  participants: { data: { id: string; name?: string; email?: string; username?: string }[] };
  can_reply: boolean;
}

beforeAll(async () => {
  h = await boot();
  page1 = h.state.pages[0]?.id as string;
  tok = h.pageTokens.get(page1) as string;
});
afterAll(() => h.close());

const convFields = 'id,updated_time,snippet,unread_count,message_count,participants,can_reply';

async function customerOf(convId: string): Promise<string> {
  const r = await h.graph<Conv>(`/${convId}`, { query: { fields: 'participants' }, token: tok });
  return r.json.participants.data[0]?.id as string;
}

describe('conversations', () => {
  it('needs a Page token (210) and the messaging permission', async () => {
    const r = await h.graph<ErrBody>(`/${page1}/conversations`, { query: { platform: 'messenger' } });
    expect(r.json.error.code).toBe(210);
  });

  it('Messenger: pages to exhaustion sorted by updated_time desc with t_ ids', async () => {
    const first = await h.graph<List<Conv>>(`/${page1}/conversations`, {
      query: { platform: 'messenger', fields: convFields },
      token: tok,
    });
    const { items } = await exhaust(h, first);
    expect(items).toHaveLength(40);
    const times = items.map((c) => Date.parse(c.updated_time.replace('+0000', 'Z')));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const c of items) {
      expect(c.id).toMatch(/^t_\d+$/);
      expect(c.participants.data).toHaveLength(2);
      expect(c.participants.data[0]?.email).toBe(`${c.participants.data[0]?.id}@facebook.com`);
      expect(c.participants.data[1]?.id).toBe(page1);
      expect(c.message_count).toBeGreaterThanOrEqual(5);
    }
    expect(items.some((c) => c.unread_count > 0)).toBe(true);
  });

  it('Instagram: base64-ish ids and username participants; default fields are id + updated_time', async () => {
    const r = await h.graph<List<Conv>>(`/${page1}/conversations`, {
      query: { platform: 'instagram' },
      token: tok,
    });
    const c = r.json.data[0] as Conv;
    expect(Object.keys(c).sort()).toEqual(['id', 'updated_time']);
    expect(c.id).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const full = await h.graph<Conv>(`/${c.id}`, { query: { fields: 'participants' }, token: tok });
    expect(full.json.participants.data[0]?.username).toBeTruthy();
  });

  it('user_id filters to the conversation with that person', async () => {
    const r = await h.graph<List<Conv>>(`/${page1}/conversations`, {
      query: { platform: 'messenger', fields: 'participants', limit: '1' },
      token: tok,
    });
    const psid = r.json.data[0]?.participants.data[0]?.id as string;
    const f = await h.graph<List<Conv>>(`/${page1}/conversations`, {
      query: { platform: 'messenger', user_id: psid },
      token: tok,
    });
    expect(f.json.data.map((c) => c.id)).toEqual([r.json.data[0]?.id]);
  });

  it('only the 20 newest messages are readable, via the edge and via nested fields', async () => {
    const { items } = await exhaust(
      h,
      await h.graph<List<Conv>>(`/${page1}/conversations`, {
        query: { platform: 'messenger', fields: 'id,message_count', limit: '100' },
        token: tok,
      }),
    );
    const big = items.find((c) => c.message_count > 30) as Conv;
    const edge = await exhaust(
      h,
      await h.graph<List>(`/${big.id}/messages`, {
        query: { fields: 'id,created_time,from,to,message,attachments' },
        token: tok,
      }),
    );
    expect(edge.items).toHaveLength(20);
    const nested = await h.graph<{ messages: List }>(`/${big.id}`, {
      query: { fields: 'messages.limit(5){message,from,created_time}' },
      token: tok,
    });
    expect(nested.json.messages.data).toHaveLength(5);
    expect(nested.json.messages.data[0]?.id).toBe(edge.items[0]?.id);
    expect(nested.json.messages.paging?.next).toContain(`/${big.id}/messages?`);
    const m = edge.items[0] as {
      id: string;
      message: string;
      from: { id: string };
      to: { data: { id: string }[] };
    };
    expect(m.id).toMatch(/^m_/);
    expect(m.to.data).toHaveLength(1);
    // The message by id: newest readable; an older one is gone.
    const one = await h.graph(`/${m.id}`, { query: { fields: 'message,from' }, token: tok });
    expect(one.json.message).toBe(m.message);
    const state = await h.ctl<{ counts: { messages: number } }>('state');
    expect(state.counts.messages).toBeGreaterThan(0);
  });

  it('an older message id answers with an error (only the 20 most recent are retrievable)', async () => {
    const conv = [...h.sb.core.world.conversations.values()].find(
      (c) => c.pageId === page1 && c.messages.length > 25,
    );
    expect(conv).toBeDefined();
    const oldest = conv?.messages[0]?.id as string;
    const r = await h.graph<ErrBody>(`/${oldest}`, { query: { fields: 'message' }, token: tok });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe(100);
    const newest = conv?.messages.at(-1)?.id as string;
    expect((await h.graph(`/${newest}`, { token: tok })).json.id).toBe(newest);
  });

  it('attachments render image_data with a CDN url', async () => {
    const w = h.sb.core.world;
    const conv = [...w.conversations.values()].find(
      (c) => c.pageId === page1 && c.messages.slice(-20).some((m) => m.attachment?.type === 'image'),
    );
    expect(conv).toBeDefined();
    const r = await h.graph<List>(`/${conv?.id as string}/messages`, {
      query: { fields: 'attachments,message' },
      token: tok,
    });
    const withAtt = r.json.data.find((m) => m.attachments) as {
      attachments: { data: { image_data?: { url: string } }[] };
    };
    const img = withAtt.attachments.data.find((a) => a.image_data);
    expect((await fetch(img?.image_data?.url as string)).headers.get('content-type')).toBe('image/jpeg');
  });
});

describe('Send API', () => {
  const fx = (): typeof h.state.fixtures => h.state.fixtures;

  it('sends inside the 24 h window (JSON body): message appears, conversation bumps, ledger records it', async () => {
    const convId = fx().insideWindow[0] as string;
    const psid = await customerOf(convId);
    const r = await h.graph(`/${page1}/messages`, {
      json: { recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: 'On its way 📦' } },
      token: tok,
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ recipient_id: psid, message_id: expect.stringMatching(/^m_/) as unknown });
    const msgs = await h.graph<List>(`/${convId}/messages`, {
      query: { fields: 'id,message,from', limit: '1' },
      token: tok,
    });
    expect(msgs.json.data[0]).toEqual({
      id: r.json.message_id,
      message: 'On its way 📦',
      from: { name: 'Rivera Candle Co.', email: `${page1}@facebook.com`, id: page1 },
    });
    const conv = await h.graph<List<Conv>>(`/${page1}/conversations`, {
      query: { platform: 'messenger', fields: 'id,snippet', limit: '1' },
      token: tok,
    });
    expect(conv.json.data[0]).toMatchObject({ id: convId, snippet: 'On its way 📦' });
    const ledger = await h.ctl<{
      deliveries: { messageId: string; text: string; conversationId: string; platform: string }[];
    }>('ledger');
    expect(ledger.deliveries.at(-1)).toMatchObject({
      messageId: r.json.message_id,
      text: 'On its way 📦',
      conversationId: convId,
      platform: 'messenger',
    });
  });

  it('form-encoded body with /me/messages works too; attachments by URL', async () => {
    const psid = await customerOf(fx().insideWindow[1] as string);
    const r = await h.graph('/me/messages', {
      form: {
        recipient: JSON.stringify({ id: psid }),
        messaging_type: 'RESPONSE',
        message: JSON.stringify({
          attachment: { type: 'image', payload: { url: 'https://example.com/p.jpg' } },
        }),
      },
      token: tok,
    });
    expect(r.json.message_id).toMatch(/^m_/);
    const ledger = await h.ctl<{ deliveries: { attachmentUrl?: string }[] }>('ledger');
    expect(ledger.deliveries.at(-1)?.attachmentUrl).toBe('https://example.com/p.jpg');
  });

  it('a user token gets 210; validation errors are 100', async () => {
    const psid = await customerOf(fx().insideWindow[0] as string);
    const u = await h.graph<ErrBody>(`/${page1}/messages`, {
      json: { recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: 'x' } },
    });
    expect(u.json.error.code).toBe(210);
    const noType = await h.graph<ErrBody>(`/${page1}/messages`, {
      json: { recipient: { id: psid }, message: { text: 'x' } },
      token: tok,
    });
    expect(noType.json.error.code).toBe(100);
    const long = await h.graph<ErrBody>(`/${page1}/messages`, {
      json: { recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: 'x'.repeat(2001) } },
      token: tok,
    });
    expect(long.json.error.code).toBe(100);
    const nobody = await h.graph<ErrBody>(`/${page1}/messages`, {
      json: { recipient: { id: '123' }, messaging_type: 'RESPONSE', message: { text: 'x' } },
      token: tok,
    });
    expect(nobody.json.error).toMatchObject({ code: 100, error_subcode: 2018001 });
  });

  it('outside 24 h → code 10 subcode 2018278; HUMAN_AGENT allows up to 7 days', async () => {
    const convId = fx().humanAgentOnly[0] as string;
    const psid = await customerOf(convId);
    const r = await h.graph<ErrBody>(`/${page1}/messages`, {
      json: { recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: 'late' } },
      token: tok,
    });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 10, error_subcode: 2018278, type: 'OAuthException' });
    expect(r.json.error.message).toContain('outside of allowed window');
    const ok = await h.graph(`/${page1}/messages`, {
      json: {
        recipient: { id: psid },
        messaging_type: 'MESSAGE_TAG',
        tag: 'HUMAN_AGENT',
        message: { text: 'late but human' },
      },
      token: tok,
    });
    expect(ok.json.message_id).toBeTruthy();
    const old = await customerOf(fx().outsideWindow[0] as string);
    const tooOld = await h.graph<ErrBody>(`/${page1}/messages`, {
      json: {
        recipient: { id: old },
        messaging_type: 'MESSAGE_TAG',
        tag: 'HUMAN_AGENT',
        message: { text: 'x' },
      },
      token: tok,
    });
    expect(tooOld.json.error.error_subcode).toBe(2018278);
  });

  it('the window is measured on the sandbox clock from the customer’s last message', async () => {
    const convId = fx().insideWindow[2] as string;
    const psid = await customerOf(convId);
    await h.ctl('clock', { advanceMs: 25 * 3_600_000 });
    const r = await h.graph<ErrBody>(`/${page1}/messages`, {
      json: { recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: 'x' } },
      token: tok,
    });
    expect(r.json.error.error_subcode).toBe(2018278);
    const inbound = await h.ctl<{ conversationId: string; messageId: string }>('inbound', {
      pageId: page1,
      platform: 'messenger',
      conversationId: convId,
      text: 'Still there?',
    });
    expect(inbound.conversationId).toBe(convId);
    const ok = await h.graph(`/${page1}/messages`, {
      json: { recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: 'Yes!' } },
      token: tok,
    });
    expect(ok.json.message_id).toBeTruthy();
  });

  it('unavailable recipient → 551', async () => {
    const psid = await customerOf(fx().unavailable[0] as string);
    const r = await h.graph<ErrBody>(`/${page1}/messages`, {
      json: { recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: 'x' } },
      token: tok,
    });
    expect(r.json.error).toMatchObject({ code: 551, error_subcode: 1545041 });
  });

  it('sender actions: typing_on/off and mark_seen (resets unread_count)', async () => {
    const inbound = await h.ctl<{ conversationId: string }>('inbound', {
      pageId: page1,
      platform: 'instagram',
      text: 'New DM 💬',
    });
    const conv = await h.graph<Conv>(`/${inbound.conversationId}`, {
      query: { fields: convFields },
      token: tok,
    });
    expect(conv.json.unread_count).toBe(1);
    expect(conv.json.snippet).toBe('New DM 💬');
    const igsid = conv.json.participants.data[0]?.id as string;
    for (const action of ['typing_on', 'typing_off', 'mark_seen']) {
      const r = await h.graph(`/${page1}/messages`, {
        json: { recipient: { id: igsid }, sender_action: action },
        token: tok,
      });
      expect(r.json).toEqual({ recipient_id: igsid });
    }
    const after = await h.graph<Conv>(`/${inbound.conversationId}`, {
      query: { fields: 'unread_count' },
      token: tok,
    });
    expect(after.json.unread_count).toBe(0);
    const reply = await h.graph(`/${page1}/messages`, {
      json: { recipient: { id: igsid }, messaging_type: 'RESPONSE', message: { text: 'Hi!' } },
      token: tok,
    });
    expect(reply.json.message_id).not.toMatch(/^m_/);
    const ledger = await h.ctl<{ deliveries: { platform: string }[] }>('ledger');
    expect(ledger.deliveries.at(-1)?.platform).toBe('instagram');
  });
});

describe('server clock', () => {
  it('sends its clock in the Date header of every Graph answer, and created_time in the same clock', async () => {
    const skewed = (await h.ctl<{ now: number }>('clock', { advanceMs: -7 * 60_000 })).now;
    try {
      const r = await h.graph<Conv>(`/${page1}/conversations`, {
        query: { platform: 'messenger', fields: convFields },
        token: tok,
      });
      const date = Date.parse(r.headers.get('date') ?? '');
      // Second resolution, as on Meta.
      expect(Math.abs(date - skewed)).toBeLessThan(2000);
    } finally {
      await h.ctl('clock', { advanceMs: 7 * 60_000 });
    }
  });
});
