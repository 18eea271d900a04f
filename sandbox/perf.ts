/**
 * Measures `large` seed generation time and memory, and p50/p95 latency of page 1 of /conversations and /media:
 * (a) server-side handling time in-process, (b) over HTTP against a sandbox in a child process (client and server
 * in separate processes, as in the app). Run: `npx tsx sandbox/perf.ts [--runs 300]`.
 */
import { spawn } from 'node:child_process';
import { Params } from './graph/index.js';
import { SandboxCore } from './server.js';

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
function summary(times: number[]): string {
  const s = [...times].sort((a, b) => a - b);
  return `p50 ${pct(s, 50).toFixed(2)} ms, p95 ${pct(s, 95).toFixed(2)} ms, max ${pct(s, 100).toFixed(1)} ms`;
}

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 300;
const WARMUP = 200;
const convFields = 'id,updated_time,snippet,unread_count,message_count,participants,can_reply';
const mediaFields =
  'id,caption,media_type,media_product_type,media_url,thumbnail_url,permalink,timestamp,like_count,comments_count,children{id,media_type,media_url}';

// (a) Generation, memory and in-process handling time.
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const core = new SandboxCore({ seed: 42, scale: 'large', now: Date.now });
const genMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const mem = process.memoryUsage();
console.log(
  `load average: ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${(await import('node:os')).cpus().length} cores`,
);
console.log(`large seed counts: ${JSON.stringify(core.state().counts)}`);
console.log(
  `generation: ${genMs.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU; RSS ${(mem.rss / 2 ** 20).toFixed(0)} MiB (+${((mem.rss - rss0) / 2 ** 20).toFixed(0)} MiB for the world), heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`,
);
core.usage.callBudget = 1e12;
const user = core.mintToken(undefined, undefined, undefined);
const pageId = core.world.pageOrder[0] as string;
const igId = core.world.pages.get(pageId)?.igId as string;
const pt = core.tokens.pageToken(user, pageId).token;
const inProc = async (path: string, params: Record<string, string>): Promise<string> => {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < runs + WARMUP; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    const r = await core.executeGraph({
      method: 'GET',
      path,
      version: 'v27.0',
      params: new Params(new Map(Object.entries({ ...params, access_token: pt }))),
      files: new Map(),
      headers: {},
    });
    const dc = process.cpuUsage(c);
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.body}`);
    if (i >= WARMUP) {
      times.push(performance.now() - t);
      cpuTimes.push((dc.user + dc.system) / 1000);
    }
  }
  return `wall ${summary(times)}; CPU ${summary(cpuTimes)}`;
};
console.log(
  `in-process /conversations page 1: ${await inProc(`${pageId}/conversations`, { platform: 'messenger', fields: convFields, limit: '25' })}`,
);
console.log(
  `in-process /media page 1:         ${await inProc(`${igId}/media`, { fields: mediaFields, limit: '25' })}`,
);

// (b) Over HTTP to a child-process sandbox.
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    new URL('./cli.ts', import.meta.url).pathname,
    '--scale',
    'large',
    '--port',
    '0',
    '--seed',
    '42',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise<string>((resolve, reject) => {
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const m = /Sandbox ready at (\S+)/.exec(buf);
    if (m) resolve(m[1] as string);
  });
  child.once('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
});
try {
  const tok = (await (await fetch(`${url}/__sandbox/tokens`, { method: 'POST', body: '{}' })).json()) as {
    access_token: string;
  };
  const acc = (await (await fetch(`${url}/v27.0/me/accounts?access_token=${tok.access_token}`)).json()) as {
    data: { id: string; access_token: string; instagram_business_account?: { id: string } }[];
  };
  const page = acc.data[0] as { id: string; access_token: string };
  const ig = (
    (await (
      await fetch(
        `${url}/v27.0/${page.id}?fields=instagram_business_account&access_token=${page.access_token}`,
      )
    ).json()) as { instagram_business_account: { id: string } }
  ).instagram_business_account.id;
  await fetch(`${url}/__sandbox/usage`, { method: 'POST', body: JSON.stringify({ callBudget: 1e12 }) });
  const targets: Record<string, string> = {
    '/conversations page 1': `${url}/v27.0/${page.id}/conversations?platform=messenger&fields=${convFields}&limit=25&access_token=${page.access_token}`,
    '/media page 1': `${url}/v27.0/${ig}/media?fields=${encodeURIComponent(mediaFields)}&limit=25&access_token=${page.access_token}`,
  };
  for (const [name, target] of Object.entries(targets)) {
    const times: number[] = [];
    for (let i = 0; i < runs + WARMUP; i++) {
      const t = performance.now();
      const res = await fetch(target);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`);
      if (i >= WARMUP) times.push(performance.now() - t);
    }
    console.log(`HTTP ${name}: ${summary(times)} (${runs} sequential requests, client-measured)`);
  }
} finally {
  child.kill('SIGTERM');
}
