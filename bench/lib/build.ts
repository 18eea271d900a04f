/** Building the renderer and the bench page, and the bundle-size figure. */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUILD_DIR } from './env';
import { add } from './report';
import { summarize } from './stats';
import { TRACE } from './trace';

const benchAssets = new Set<string>();
/** What Vite warned about while building the renderer (chunk size, config), for the bundle figure. */
const viteWarnings: string[] = [];

/** Builds the renderer and the bench page into BUILD_DIR (the bench page's chunks beside the app's). */
export function build() {
  const vite = resolve('node_modules/.bin/vite');
  // With BENCH_TRACE=1 the renderer also gets hidden sourcemaps (.map files, the JS unchanged) for the breakdown.
  const maps = TRACE ? ['--sourcemap', 'hidden'] : [];
  const out = execFileSync(
    vite,
    ['build', '--outDir', BUILD_DIR, '--emptyOutDir', '--logLevel', 'warn', ...maps],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Vite prints its warnings (e.g. "Some chunks are larger than 500 kB") as "(!) …" lines.
  for (const line of out.split('\n')) if (line.includes('(!)')) viteWarnings.push(line.trim());
  viteWarnings.forEach((w) => console.warn(w));
  execFileSync(
    vite,
    [
      'build',
      '-c',
      'bench/vite.config.ts',
      '--outDir',
      join(BUILD_DIR, 'bench'),
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    {
      stdio: 'inherit',
    },
  );
  // The host maps any …/assets/x to <root>/assets/x, so the bench page's chunks go next to the app's.
  for (const f of readdirSync(join(BUILD_DIR, 'bench', 'assets'))) {
    renameSync(join(BUILD_DIR, 'bench', 'assets', f), join(BUILD_DIR, 'assets', f));
    benchAssets.add(f);
  }
}

/** Most initial renderer JS (gzip KB) the figure passes with. */
export const INITIAL_JS_MAX_KB = 110;

/**
 * The initial-bundle figure: gzip size of what index.html loads up front (≤ INITIAL_JS_MAX_KB), built without a
 * Vite warning; heavy views must be lazy.
 */
export function bundleFigures() {
  const html = readFileSync(join(BUILD_DIR, 'index.html'), 'utf8');
  const assets = join(BUILD_DIR, 'assets');
  const initial = new Set<string>();
  for (const m of html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)) initial.add(m[1]!);
  // Static imports of the entry are loaded up front too (modulepreload links or `import` from the entry chunk).
  const queue = [...initial];
  while (queue.length) {
    const f = queue.pop()!;
    const code = readFileSync(join(assets, f), 'utf8');
    for (const m of code.matchAll(/(?:^|[;}\n])\s*import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) {
      if (!initial.has(m[1]!)) {
        initial.add(m[1]!);
        queue.push(m[1]!);
      }
    }
  }
  const js = readdirSync(assets).filter((f) => f.endsWith('.js') && !benchAssets.has(f));
  const gz = (f: string) => gzipSync(readFileSync(join(assets, f)), { level: 9 }).length / 1024;
  const initialKb = [...initial].reduce((s, f) => s + gz(f), 0);
  const lazy = js.filter((f) => !initial.has(f));
  const lazyKb = lazy.reduce((s, f) => s + gz(f), 0);
  const initialCode = [...initial].map((f) => readFileSync(join(assets, f), 'utf8')).join('\n');
  // Marker strings each heavy view renders (data-testid values); found in the initial JS = not lazy.
  const views: Array<[string, string]> = [
    ['viewer', 'media-viewer'],
    ['video', 'viewer-video'],
    ['search', 'search-results'],
    ['insights chart', 'insights-chart'],
    // uPlot itself (a class name of its cursor): only the insights chart's plot chunk may load it.
    ['uPlot', 'u-cursor-x'],
    // Publishing loads on first use: the composer (a class of its type picker), the Posts view, the publish queue
    // (its Web Lock's name).
    ['composer', 'composer-kinds'],
    ['posts view', 'posts-view'],
    ['publish queue', 'duet-publish:'],
  ];
  const eager = views.filter(([, marker]) => initialCode.includes(marker)).map(([name]) => name);
  const rawKb = [...initial].reduce((s, f) => s + statSync(join(assets, f)).size / 1024, 0);
  add({
    id: 'bundle.initial',
    label: 'Initial renderer JS (gzip)',
    unit: 'KB',
    value: summarize([initialKb]),
    target: `≤ ${INITIAL_JS_MAX_KB} KB, no Vite warning; viewer, video, search, insights chart, uPlot, composer, Posts view, publish queue lazy`,
    pass: eager.length === 0 && initialKb <= INITIAL_JS_MAX_KB && viteWarnings.length === 0,
    note: `${[...initial].join(', ')}; ${rawKb.toFixed(0)} KB raw; Vite warnings: ${viteWarnings.join(' / ') || 'none'}; lazy chunks: ${lazy.length} = ${lazyKb.toFixed(1)} KB gzip (${lazy.map((f) => f.replace(/-[\w-]{8}\.js$/, '')).join(', ')}); eager: ${eager.join(', ') || 'none'}`,
  });
}
