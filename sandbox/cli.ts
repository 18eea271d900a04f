/** CLI: `npm run sandbox -- --port 0 --seed 42 --scale small [--live 5000]`. */
import { startSandbox } from './index.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const scale = arg('scale') === 'large' ? 'large' : 'small';
const live = arg('live');
const sandbox = await startSandbox({
  port: Number(arg('port') ?? 0),
  seed: Number(arg('seed') ?? 42),
  scale,
  host: arg('host') ?? '127.0.0.1',
  live: live ? { intervalMs: Number(live) } : false,
});
const res = await fetch(`${sandbox.url}/__sandbox/tokens`, { method: 'POST', body: '{}' });
const token = (await res.json()) as { access_token: string; user_id: string };
console.log(`Sandbox ready at ${sandbox.url}`);
console.log(
  `Demo user token (${sandbox.state.users[0]?.name ?? ''}, ${token.user_id}): ${token.access_token}`,
);
console.log(
  `Login dialog: ${sandbox.url}/v25.0/dialog/oauth?client_id=1234567890123456&redirect_uri=${encodeURIComponent(`${sandbox.url}/connect/login_success.html`)}`,
);
const stop = (): void => {
  void sandbox.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
