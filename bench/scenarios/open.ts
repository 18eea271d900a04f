/** Opening things: cold open with a large store, and sending (inbox scaling is in inbox-scale.ts). */
import { type Bench, msgPlan } from '../lib/bench';
import { openApp, openThread, waitMarks } from '../lib/app';
import { RUNS, log, sleep } from '../lib/env';
import { armSendProbe, awaitSendProbe } from '../lib/page-scripts';
import { add } from '../lib/report';
import { summarize } from '../lib/stats';
import { TRACE, traceColdOpen } from '../lib/trace';

/** Seeds 5k messages; cold open (first card, tile, inbox rows, shell) vs the empty shell, run by run. */
export async function coldOpenFigures({ context, appUrl, emptyHost, seed }: Bench): Promise<void> {
  // --- 5k messages: cold open and inbox/thread open.
  await seed('5k messages', { messages: msgPlan(10, 50, 100) });
  const cold = {
    feed: [] as number[],
    gallery: [] as number[],
    inbox: [] as number[],
    shell: [] as number[],
  };
  const shellEmpty: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const e = await openApp(context, emptyHost.url);
    shellEmpty.push((await waitMarks(e, ['shell'])).shell!);
    await e.close();
    const p = await openApp(context, appUrl);
    const m = await waitMarks(p, ['shell', 'feed', 'gallery']);
    await p.close();
    const q = await openApp(context, appUrl, '&benchView=inbox');
    const n = await waitMarks(q, ['inbox']);
    await q.close();
    cold.feed.push(m.feed!);
    cold.gallery.push(m.gallery!);
    cold.shell.push(m.shell!);
    cold.inbox.push(n.inbox!);
  }
  log(`empty shell: ${shellEmpty.map((x) => x.toFixed(0)).join(', ')} ms`);
  // After the timed runs, so tracing's overhead never lands in a figure.
  if (TRACE) await traceColdOpen(context, appUrl);
  for (const [key, label] of [
    ['feed', 'first feed card'],
    ['gallery', 'first gallery tile'],
    ['inbox', 'first inbox rows'],
  ] as const) {
    add({
      id: `cold.${key}`,
      label: `Cold open, large cache: ${label}`,
      unit: 'ms',
      value: summarize(cold[key]),
      baseline: { label: 'empty shell', value: summarize(shellEmpty) },
      ratio: summarize(cold[key].map((x, i) => x / shellEmpty[i]!)),
      target: '≤ 1.2×',
      max: 1.2,
      note: key === 'inbox' ? 'Inbox tab clicked as soon as the shell is there' : undefined,
    });
  }
  add({
    id: 'cold.shell',
    label: 'Cold open, large cache: shell',
    unit: 'ms',
    value: summarize(cold.shell),
    baseline: { label: 'empty shell', value: summarize(shellEmpty) },
    ratio: summarize(cold.shell.map((x, i) => x / shellEmpty[i]!)),
  });
}

/** Enter in the reply box → the bubble on screen, `runs` times in conversation row 0 (ms each). */
export async function sendSamples(
  context: Bench['context'],
  appUrl: string,
  runs: number,
): Promise<number[]> {
  const { page } = await openThread(context, appUrl, 0);
  const box = page.getByRole('textbox', { name: 'Reply' });
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const text = `bench reply ${i} ${Date.now()}`;
    await box.fill(text);
    await page.evaluate(armSendProbe, text);
    await box.press('Enter');
    samples.push(await page.evaluate(awaitSendProbe));
    await sleep(300);
  }
  await page.close();
  return samples;
}

/** Send: Enter in the composer → the bubble on screen (optimistic row written in a strict transaction). */
export async function sendFigure({ context, appUrl }: Bench): Promise<void> {
  add({
    id: 'send.bubble',
    label: 'Send: Enter → bubble on screen',
    unit: 'ms',
    value: summarize(await sendSamples(context, appUrl, RUNS + 2)),
    note: 'offline: the reply is queued',
  });
}
