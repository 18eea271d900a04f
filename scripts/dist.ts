// `npm run dist` (after `npm run build`): packages Duet with electron-builder. electron-builder.yml takes the update
// feed from `${env.DUET_UPDATE_URL}`, and electron-builder stops with an error when that variable is unset, so this
// script decides it first: a checked release feed (and then code signing is required), or the placeholder that the
// app recognises and never checks. See README "Making a release".
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { UPDATE_FEED_PLACEHOLDER, updateFeedProblem } from '../shared/security/update-feed';

/** What electron-builder.yml's `publish.url` says; electron-builder expands it from the environment at build time. */
export const UPDATE_URL_MACRO = '${env.DUET_UPDATE_URL}';

/** What `npm run dist` will do: run electron-builder with this environment and these arguments, or refuse. */
export type DistPlan =
  | { ok: true; env: { DUET_UPDATE_URL: string }; args: string[]; notes: string[] }
  | { ok: false; message: string };

const REFUSALS = {
  invalid: 'is not a full address (it must look like https://updates.example.com/duet/)',
  'not-https': 'must start with https:// (the update checksums come from that server)',
  credentials: 'must not contain a user name or password (the address is stored readable inside the app)',
  'meta-host': "points at a Meta host; Duet's updates must come from a server you control",
  placeholder: 'is the placeholder address, which never resolves',
} as const;

/** Decides the feed and the extra electron-builder arguments from the environment (pure; tested). */
export function planDist(env: Record<string, string | undefined>, passThrough: string[]): DistPlan {
  const raw = env.DUET_UPDATE_URL;
  const problem = updateFeedProblem(raw);
  if (problem === 'missing') {
    return {
      ok: true,
      env: { DUET_UPDATE_URL: UPDATE_FEED_PLACEHOLDER },
      args: passThrough,
      notes: [
        `DUET_UPDATE_URL is not set: this build will not look for updates (its feed is the placeholder ` +
          `${UPDATE_FEED_PLACEHOLDER}). Set DUET_UPDATE_URL=https://… to build a release that updates itself.`,
      ],
    };
  }
  if (problem) {
    return { ok: false, message: `DUET_UPDATE_URL ${REFUSALS[problem]}. Nothing was built.` };
  }
  const url = raw!.trim();
  return {
    ok: true,
    env: { DUET_UPDATE_URL: url },
    // A build that updates itself must be signed: Squirrel.Mac refuses unsigned apps, and on Windows electron-updater
    // checks an update's publisher only when the installed app was signed (app-update.yml then names the publisher).
    args: ['--config.forceCodeSigning=true', ...passThrough],
    notes: [`Update feed: ${url} (code signing required on macOS and Windows).`],
  };
}

function main(): void {
  const plan = planDist(process.env, process.argv.slice(2));
  if (!plan.ok) {
    console.error(plan.message);
    process.exit(1);
  }
  for (const note of plan.notes) console.log(note);
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const result = spawnSync(npx, ['electron-builder', ...plan.args], {
    stdio: 'inherit',
    env: { ...process.env, ...plan.env },
    shell: process.platform === 'win32',
  });
  process.exit(result.status ?? 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
