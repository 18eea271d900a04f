/** Ingest: the sync write path vs a raw IndexedDB bulk put of the same rows, alternating in the same run. */
import { MESSAGE_WRITE_BATCH } from '../../renderer/src/data/streams/inbox';
import { type Bench } from '../lib/bench';
import { RUNS } from '../lib/env';
import { add } from '../lib/report';
import { summarize } from '../lib/stats';

/** Ingest figures for 10k posts and 10k messages. */
export async function ingestFigures({ benchPage }: Bench): Promise<void> {
  for (const [kind, n] of [
    ['posts', 10_000],
    ['messages', 10_000],
  ] as const) {
    const path: number[] = [];
    const raw: number[] = [];
    const ratios: number[] = [];
    const paged: number[] = [];
    const pageSize = kind === 'posts' ? 100 : 20 * MESSAGE_WRITE_BATCH;
    for (let i = 0; i < Math.max(3, RUNS - 2); i++) {
      const a = await benchPage.evaluate(([k, c]) => window.__duetBench!.ingest(k, c), [kind, n] as const);
      const b = await benchPage.evaluate(([k, c]) => window.__duetBench!.raw(k, c), [kind, n] as const);
      path.push(n / (a.ms / 1000));
      raw.push(n / (b.ms / 1000));
      ratios.push(b.ms / a.ms);
      const c = await benchPage.evaluate(([k, cnt, ps]) => window.__duetBench!.raw(k, cnt, ps), [
        kind,
        n,
        pageSize,
      ] as const);
      paged.push(n / (c.ms / 1000));
    }
    add({
      id: `ingest.${kind}`,
      label: `Ingest ${n / 1000}k ${kind} (${kind === 'posts' ? 'writePostPage, pages of 100' : `ingestMessageBatch, 20 per conversation, ${MESSAGE_WRITE_BATCH} conversations per transaction as sync writes them`})`,
      unit: 'rec/s',
      value: summarize(path),
      baseline: { label: 'raw IDB bulk put', value: summarize(raw) },
      ratio: summarize(ratios),
      target: '≥ 0.5×',
      min: 0.5,
      note: `raw IDB in the same ${pageSize}-row transactions: ${summarize(paged).median.toFixed(0)} rec/s (${summarize(paged).min.toFixed(0)}–${summarize(paged).max.toFixed(0)})`,
    });
  }
}
