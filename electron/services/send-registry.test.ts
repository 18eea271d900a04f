// The host's send registry survives a restart: a send in flight when the host died comes back "in doubt" (the
// outbox then reads the thread; it is never resent blindly), a finished one keeps its outcome, a corrupt file is
// reported and tolerated.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SendRequest } from '../../shared/bridge/calls/inbox';
import { createGateway, type GatewaySession } from './gateway';
import { createGraphClient } from './graph/client';
import { createSendRegistry, SEND_MEMORY_MS } from './send-registry';

const session: GatewaySession = {
  pageToken: (id) => `PAGETOKEN-${id}`,
  accounts: () => [{ id: 'p1', name: 'Cafe', tasks: [] }],
  markExpired: () => undefined,
};
const req = (clientId: string): SendRequest => ({
  accountId: 'p1',
  platform: 'messenger',
  clientId,
  conversationId: 't_1',
  recipientId: 'u9',
  text: 'Hello',
});

function host(file: string, respond: () => Promise<Response>, clock: { t: number }, log: string[] = []) {
  let posts = 0;
  const graph = createGraphClient({
    baseUrl: () => 'https://graph.example',
    version: () => 'v27.0',
    fetch: (async (_url: string, init?: RequestInit) => {
      // The gateway first checks the conversation is this Page's (GET /{conversation}?fields=participants).
      if ((init?.method ?? 'GET') === 'GET') {
        return new Response(
          JSON.stringify({ id: 't_1', participants: { data: [{ id: 'p1' }, { id: 'u9' }] } }),
          {
            status: 200,
            headers: { 'content-type': 'application/json' },
          },
        );
      }
      posts++;
      return respond();
    }) as typeof fetch,
    timeoutMs: 1000,
    now: () => clock.t,
    sleep: async () => undefined,
  });
  const registry = createSendRegistry({ file, now: () => clock.t, log: (l) => void log.push(l) });
  const gateway = createGateway({ graph, session, now: () => clock.t, registry });
  return { gateway, registry, posts: () => posts };
}
const ok = (id: string) =>
  new Response(JSON.stringify({ message_id: id }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

describe('durable send registry', () => {
  it('is on disk before the request leaves; after a restart an in-flight send is in doubt, a finished one remembered', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'duet-reg-')), 'send-registry.json');
    const clock = { t: 1_000_000 };
    let seenOnDisk = '';
    const done = host(file, async () => ok('m_1'), clock);
    expect(await done.gateway.send(req('client-done'))).toMatchObject({ status: 'sent', messageId: 'm_1' });
    // The host restarts; this run dies while Meta holds the request.
    const first = host(
      file,
      () => {
        seenOnDisk = readFileSync(file, 'utf8');
        return new Promise<Response>(() => {});
      },
      clock,
    );
    void first.gateway.send(req('client-flight'));
    await new Promise((r) => setTimeout(r, 5));
    expect(seenOnDisk).toContain('client-flight');

    const restarted = host(file, async () => ok('m_2'), clock);
    expect(restarted.gateway.sendStatus({ clientId: 'client-flight' })).toEqual({ state: 'in-doubt' });
    expect(restarted.gateway.sendStatus({ clientId: 'client-done' })).toEqual({
      state: 'done',
      outcome: expect.objectContaining({ status: 'sent', messageId: 'm_1' }),
    });
    // A finished delivery is answered again, never sent twice.
    expect(await restarted.gateway.send(req('client-done'))).toMatchObject({ messageId: 'm_1' });
    expect(restarted.posts()).toBe(0);
    expect(restarted.gateway.sendStatus({ clientId: 'client-never' })).toEqual({ state: 'unknown' });
  });

  it("once closed (the host is stopping) writes nothing: a late answer cannot overwrite the next host's file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'duet-reg-')), 'send-registry.json');
    const clock = { t: 2_000_000 };
    let answer: (r: Response) => void = () => {};
    const old = host(file, () => new Promise<Response>((r) => (answer = r)), clock);
    const late = old.gateway.send(req('client-late'));
    await new Promise((r) => setTimeout(r, 5));
    old.registry.close();
    // A new host starts on the same data folder while Meta still holds the old request.
    const next = host(file, async () => ok('m_next'), clock);
    expect(next.gateway.sendStatus({ clientId: 'client-late' })).toEqual({ state: 'in-doubt' });
    expect(await next.gateway.send(req('client-next'))).toMatchObject({ status: 'sent' });
    answer(ok('m_late'));
    expect(await late).toMatchObject({ status: 'sent' });
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).toContain('client-next');
    expect(onDisk).not.toContain('m_late');
    // The stopping host refuses to begin anything it could not record.
    expect(await old.gateway.send(req('client-after-close'))).toMatchObject({ status: 'retryable' });
    expect(old.posts()).toBe(1);
  });

  it('a host that stops on purpose lets sends in flight finish first, so none is left in doubt', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'duet-reg-')), 'send-registry.json');
    const clock = { t: 3_000_000 };
    const old = host(file, () => new Promise<Response>((r) => setTimeout(() => r(ok('m_slow')), 30)), clock);
    const hung = host(file + '.hung', () => new Promise<Response>(() => {}), clock);
    void old.gateway.send(req('client-slow'));
    void hung.gateway.send(req('client-hung'));
    await new Promise((r) => setTimeout(r, 5));
    await old.gateway.settle(2000);
    old.registry.close();
    const started = Date.now();
    await hung.gateway.settle(50); // a send that never answers does not hold the stop for longer than asked
    expect(Date.now() - started).toBeLessThan(1000);
    hung.registry.close();
    expect(host(file, async () => ok('x'), clock).gateway.sendStatus({ clientId: 'client-slow' })).toEqual({
      state: 'done',
      outcome: expect.objectContaining({ status: 'sent', messageId: 'm_slow' }),
    });
    expect(
      host(file + '.hung', async () => ok('x'), clock).gateway.sendStatus({ clientId: 'client-hung' }),
    ).toEqual({
      state: 'in-doubt',
    });
  });

  it('stays bounded: old finished entries are pruned', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'duet-reg-')), 'send-registry.json');
    const clock = { t: 1_000_000 };
    const h = host(file, async () => ok('m'), clock);
    for (let i = 0; i < 5; i++) await h.gateway.send(req(`client-old-${i}`));
    clock.t += SEND_MEMORY_MS + 1;
    await h.gateway.send(req('client-new'));
    const saved = readFileSync(file, 'utf8');
    expect(saved).not.toContain('client-old-');
    expect(saved).toContain('client-new');
  });

  it('tolerates a corrupt file: says so in the log, never crashes, treats unknown sends as in doubt', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'duet-reg-')), 'send-registry.json');
    writeFileSync(file, '{"version":1,"entries":{"client-x":{"state":"do');
    const log: string[] = [];
    const h = host(file, async () => ok('m_9'), { t: 5 }, log);
    expect(log.join('\n')).toMatch(/send registry.*could not be read/i);
    expect(h.gateway.sendStatus({ clientId: 'client-x' })).toEqual({ state: 'in-doubt' });
    expect(await h.gateway.send(req('client-y'))).toMatchObject({ status: 'sent' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('answers "not sent" for an attempt it never began since it has been complete, and never when in doubt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duet-reg-'));
    const file = join(dir, 'send-registry.json');
    const clock = { t: 10_000_000 };
    const h = host(file, async () => ok('m'), clock);
    await h.gateway.send(req('client-a'));
    clock.t += 5 * 60_000;
    // Restarted on the same file: still complete since it was created.
    const again = host(file, async () => ok('m'), clock);
    expect(again.gateway.sendStatus({ clientId: 'client-b', attemptAt: clock.t - 1000 })).toEqual({
      state: 'not-sent',
    });
    // An attempt from before (or just at) the registry's creation, or without a time, proves nothing.
    expect(again.gateway.sendStatus({ clientId: 'client-b', attemptAt: 10_000_000 + 1000 })).toEqual({
      state: 'unknown',
    });
    expect(again.gateway.sendStatus({ clientId: 'client-b' })).toEqual({ state: 'unknown' });
    writeFileSync(file, 'garbage');
    const corrupt = host(file, async () => ok('m'), clock);
    expect(corrupt.gateway.sendStatus({ clientId: 'client-b', attemptAt: clock.t - 1000 })).toEqual({
      state: 'in-doubt',
    });
  });
});
