/** Ingest: the sync write path vs a raw IndexedDB bulk put of the same rows, alternating in the same run. */
import { MAX_WRITE_BATCH, MESSAGE_WRITE_BATCH } from '../../renderer/src/data/streams/write-batch';
import { MAX_COMMENT_THREADS } from '../../shared/bridge/limits';
import { COMMENTS_PER_POST } from '../pages/records';
import { type Bench } from '../lib/bench';
import { RUNS } from '../lib/env';
import { add } from '../lib/report';
import { summarize } from '../lib/stats';

/** What each ingest figure writes, how it does it, and the least it must reach against raw IndexedDB. */
const INGESTS = {
  posts: { n: 10_000, how: 'writePostPage, pages of 100', min: 0.85 },
  messages: {
    n: 10_000,
    how: `ingestMessageBatch, 20 per conversation, ${MESSAGE_WRITE_BATCH}–${MAX_WRITE_BATCH} conversations per transaction as sync sizes them`,
    min: 0.75,
  },
  comments: {
    n: 10_000,
    how: `writeCommentThreads, ${COMMENTS_PER_POST} per thread, ${MAX_COMMENT_THREADS} threads per transaction as one comments/threads answer`,
    min: 0.7,
  },
} as const;

/** Ingest figures for 10k posts, 10k messages and 10k comments. */
export async function ingestFigures({ benchPage }: Bench): Promise<void> {
  for (const [kind, { n, how, min }] of Object.entries(INGESTS) as Array<
    [keyof typeof INGESTS, (typeof INGESTS)[keyof typeof INGESTS]]
  >) {
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
      label: `Ingest ${n / 1000}k ${kind} (${how})`,
      unit: 'rec/s',
      value: summarize(path),
      baseline: { label: 'raw IDB bulk put', value: summarize(raw) },
      ratio: summarize(ratios),
      target: `≥ ${min}×`,
      min,
      note: `raw IDB in the write path's own transactions (median ${summarize(perTransaction).median.toFixed(0)} rows each): ${summarize(paged).median.toFixed(0)} rec/s (${summarize(paged).min.toFixed(0)}–${summarize(paged).max.toFixed(0)})`,
    });
  }
}
