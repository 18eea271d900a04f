/** Ingest: the sync write path vs a raw IndexedDB bulk put of the same rows, alternating in the same run. */
import { MAX_WRITE_BATCH, MESSAGE_WRITE_BATCH } from '../../renderer/src/data/streams/write-batch';
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
    const perTransaction: number[] = [];
    for (let i = 0; i < Math.max(3, RUNS - 2); i++) {
      const a = await benchPage.evaluate(([k, c]) => window.__duetBench!.ingest(k, c), [kind, n] as const);
      const b = await benchPage.evaluate(([k, c]) => window.__duetBench!.raw(k, c), [kind, n] as const);
      path.push(n / (a.ms / 1000));
      raw.push(n / (b.ms / 1000));
      ratios.push(b.ms / a.ms);
      // The second reference: raw puts in as many transactions as the write path used in this run.
      const pageSize = Math.ceil(n / (a.transactions ?? 1));
      perTransaction.push(pageSize);
      const c = await benchPage.evaluate(([k, cnt, ps]) => window.__duetBench!.raw(k, cnt, ps), [
        kind,
        n,
        pageSize,
      ] as const);
      paged.push(n / (c.ms / 1000));
    }
    add({
      id: `ingest.${kind}`,
      label: `Ingest ${n / 1000}k ${kind} (${kind === 'posts' ? 'writePostPage, pages of 100' : `ingestMessageBatch, 20 per conversation, ${MESSAGE_WRITE_BATCH}–${MAX_WRITE_BATCH} conversations per transaction as sync sizes them`})`,
      unit: 'rec/s',
      value: summarize(path),
      baseline: { label: 'raw IDB bulk put', value: summarize(raw) },
      ratio: summarize(ratios),
      target: kind === 'posts' ? '≥ 0.85×' : '≥ 0.75×',
      min: kind === 'posts' ? 0.85 : 0.75,
      note: `raw IDB in the write path's own transactions (median ${summarize(perTransaction).median.toFixed(0)} rows each): ${summarize(paged).median.toFixed(0)} rec/s (${summarize(paged).min.toFixed(0)}–${summarize(paged).max.toFixed(0)})`,
    });
  }
}
