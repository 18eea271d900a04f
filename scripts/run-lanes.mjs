#!/usr/bin/env node
// `npm test`'s static checks: npm scripts in lanes that run side by side, each lane's steps one after the other.
// tsc, Prettier, ESLint and Electronegativity each use one core, so on a 2-core CI runner two lanes finish in the time
// of the longest instead of the sum. A lane's output is printed whole when it ends (never interleaved); any failed
// step fails the run, and the rest of its lane is skipped (as `&&` would).
//   node scripts/run-lanes.mjs typecheck "format:check lint lint:electron"
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/**
 * Runs each lane (a list of steps) beside the others; a step's failure ends its lane. Resolves to true when every
 * step passed.
 * @param {string[][]} lanes
 * @param {(step: string) => Promise<{ code: number, output: string }>} runStep
 * @param {(text: string) => void} print
 * @returns {Promise<boolean>}
 */
export async function runLanes(lanes, runStep, print) {
  const results = await Promise.all(
    lanes.map(async (steps) => {
      for (const step of steps) {
        const started = Date.now();
        const { code, output } = await runStep(step);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        print(
          `${output}${code === 0 ? '✓' : '✗'} ${step} (${seconds} s${code === 0 ? '' : `, exit ${code}`})\n`,
        );
        if (code !== 0) return false;
      }
      return true;
    }),
  );
  return results.every(Boolean);
}

/** Runs `npm run <step>` with its output captured (stdout and stderr together, in order). */
function npmRun(step) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', step], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const lanes = process.argv.slice(2).map((lane) => lane.split(/\s+/).filter(Boolean));
  const ok = await runLanes(lanes, npmRun, (text) => process.stdout.write(text));
  process.exit(ok ? 0 : 1);
}
