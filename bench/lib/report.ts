/** The figures of a run: collected as they are measured, printed and written to latest.{json,md}. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveChromium } from '../../e2e/support/chromium';
import { DRIFT_S, IDLE_S, RUNS, log, started } from './env';
import { type Figure, markdownTable, textTable, withinSpread } from './stats';

const OUT = resolve(process.env.BENCH_OUT ?? 'bench/results');
const figures: Figure[] = [];
/** The load average when the run started. */
export const load0 = loadavg();

/**
 * Adds a figure; `pass` is computed from the ratio (or value) median against `max`/`min` and, with `spread`, also
 * requires every sample (min and max) to lie within ±`spread` of that median.
 */
export function add(f: Figure & { max?: number; min?: number; spread?: number; on?: 'ratio' | 'value' }) {
  const { max, min, spread, on, ...fig } = f;
  const s = (on ?? (fig.ratio ? 'ratio' : 'value')) === 'ratio' ? fig.ratio : fig.value;
  const x = s?.median;
  if (x !== undefined && (max !== undefined || min !== undefined)) {
    fig.pass =
      Number.isFinite(x) &&
      (max === undefined || x <= max) &&
      (min === undefined || x >= min) &&
      (spread === undefined || withinSpread(s!, spread));
  }
  figures.push(fig);
  log(
    `${fig.pass === undefined ? 'info' : fig.pass ? 'PASS' : 'MISS'} ${fig.label}: ${fig.value.median.toFixed(2)} ${fig.unit}` +
      (fig.ratio ? ` ratio ${fig.ratio.median.toFixed(2)}` : ''),
  );
}

/** Writes latest.json and latest.md; `complete` is false when the run was stopped early (SIGTERM/SIGINT). */
export function writeResults(complete: boolean) {
  const load1 = loadavg();
  const meta = {
    date: new Date().toISOString(),
    complete,
    durationS: Math.round((Date.now() - started) / 1000),
    runsPerFigure: RUNS,
    driftS: DRIFT_S,
    idleS: IDLE_S,
    loadAverageStart: load0,
    loadAverageEnd: load1,
    cores: cpus().length,
    chromium: resolveChromium(),
    node: process.version,
  };
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'latest.json'), `${JSON.stringify({ meta, figures }, null, 2)}\n`);
  const md = [
    '# Duet benchmark — latest run',
    '',
    `${meta.date}, ${meta.durationS} s, ${meta.cores} cores, load average ${load0.map((x) => x.toFixed(1)).join('/')} at start and ` +
      `${load1.map((x) => x.toFixed(1)).join('/')} at the end (1/5/15 min). Medians of ${RUNS} runs unless noted; ` +
      'ratios are measured in the same run. See bench/README.md for what each figure means.' +
      (complete ? '' : ' **Stopped early: only the figures measured before the stop are listed.**'),
    '',
    markdownTable(figures),
    '',
  ].join('\n');
  writeFileSync(join(OUT, 'latest.md'), md);
  console.log(`\n${textTable(figures)}\n`);
  const missed = figures.filter((f) => f.pass === false).length;
  console.log(
    `${figures.filter((f) => f.pass).length} targets met, ${missed} missed; written ${join(OUT, 'latest.json')} and latest.md (${meta.durationS} s)`,
  );
}
