/**
 * Export ("Take it out"): rate and peak host memory of writing an account's archive, 10k messages + 100 MB of media
 * vs 100k messages + 1 GB. Each size runs in a process of its own (export-worker.ts) so its peak RSS is that export's
 * alone. Memory must stay flat in the size of the data: peak RSS at 100k/1 GB ≤ 1.5× the peak at 10k/100 MB.
 * Also runs alone: `npx tsx bench/scenarios/export.ts` (BENCH_EXPORT_SCALE=0.1 for a quick look).
 */
import { execFileSync } from 'node:child_process';
import { log } from '../lib/env';
import { add } from '../lib/report';
import { summarize } from '../lib/stats';

interface Run {
  messages: number;
  mediaMb: number;
  seconds: number;
  bytes: number;
  rss0: number;
  peakRss: number;
}

function runOnce(messages: number, mediaMb: number): Run {
  const out = execFileSync(
    'npx',
    ['tsx', 'bench/scenarios/export-worker.ts', String(messages), String(mediaMb)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as Run;
}

/** The export figures. */
export async function exportFigures(): Promise<void> {
  const scale = Number(process.env.BENCH_EXPORT_SCALE ?? 1);
  const small = runOnce(Math.round(10_000 * scale), Math.round(100 * scale));
  const large = runOnce(Math.round(100_000 * scale), Math.round(1000 * scale));
  const mb = (r: Run) => r.bytes / 1024 / 1024;
  for (const r of [small, large])
    log(
      `export ${r.messages} messages + ${r.mediaMb} MB: ${r.seconds.toFixed(1)} s, ` +
        `${(r.messages / r.seconds).toFixed(0)} messages/s, ${(mb(r) / r.seconds).toFixed(0)} MB/s, ` +
        `peak RSS ${(r.peakRss / 1024 / 1024).toFixed(0)} MB (at start ${(r.rss0 / 1024 / 1024).toFixed(0)} MB)`,
    );
  add({
    id: 'export-rate-messages',
    label: `Export rate, ${large.messages.toLocaleString()} messages + ${large.mediaMb} MB media`,
    unit: 'messages/s',
    value: summarize([large.messages / large.seconds]),
    note: `${(mb(large) / large.seconds).toFixed(0)} MB/s of archive; ${large.seconds.toFixed(1)} s in all`,
  });
  add({
    id: 'export-peak-rss',
    label: 'Export peak host memory (RSS), large vs small',
    unit: 'MB',
    value: summarize([large.peakRss / 1024 / 1024]),
    baseline: {
      label: `${small.messages.toLocaleString()} messages + ${small.mediaMb} MB`,
      value: summarize([small.peakRss / 1024 / 1024]),
    },
    ratio: summarize([large.peakRss / small.peakRss]),
    target: '≤ 1.5×',
    max: 1.5,
  });
}

if (process.argv[1]?.endsWith('export.ts'))
  exportFigures().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
