/**
 * Control routes of publishing: the ledger of what went live (to check exactly-once) and the publishing settings
 * (the IG quota Meta reports in content_publishing_limit, each IG account's type).
 */
import { type SandboxCore } from '../server.js';
import { type IgAccountType } from '../world/publish.js';
import { type Answer, type Body, type ControlRoute } from './control.js';

/** GET /publish/ledger: what is live now and what is scheduled to go live (sandbox ms). */
function ledger(core: SandboxCore): Answer {
  const now = core.now();
  const w = core.world;
  w.publish.promoteDue(now, w.postsByPage);
  return [
    200,
    {
      now,
      live: w.publish.liveBy(now),
      scheduled: w.publish.ledger.filter((e) => e.at > now),
    },
  ];
}

/**
 * POST /publish/config `{ igQuotaTotal?, igAccountType?: { <igUserId>: 'BUSINESS' | 'CREATOR' }, igContainersMade?:
 * { <igUserId>: n } }`. `igContainersMade` records n containers made now for the account (by another tool, say),
 * toward its 400 a day.
 */
function config(core: SandboxCore, b: Body): Answer {
  const cfg = core.world.publish.config;
  const quota = b.n('igQuotaTotal');
  if (quota !== undefined) {
    if (!Number.isInteger(quota) || quota < 0)
      return [400, { error: 'igQuotaTotal must be a whole number ≥ 0' }];
    cfg.igQuotaTotal = quota;
  }
  const types = b.raw.igAccountType;
  if (types !== undefined) {
    if (!types || typeof types !== 'object') return [400, { error: 'igAccountType must be an object' }];
    for (const [id, t] of Object.entries(types as Record<string, unknown>)) {
      if (!core.world.igAccounts.has(id)) return [400, { error: `unknown IG account ${id}` }];
      if (t !== 'BUSINESS' && t !== 'CREATOR') return [400, { error: 'account type is BUSINESS or CREATOR' }];
      cfg.igAccountType[id] = t as IgAccountType;
    }
  }
  const made = b.raw.igContainersMade;
  if (made !== undefined) {
    if (!made || typeof made !== 'object') return [400, { error: 'igContainersMade must be an object' }];
    for (const [id, n] of Object.entries(made as Record<string, unknown>)) {
      if (!core.world.igAccounts.has(id)) return [400, { error: `unknown IG account ${id}` }];
      if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > 10_000)
        return [400, { error: 'a container count is a whole number 0–10000' }];
      for (let i = 0; i < (n as number); i++) core.world.publish.noteContainer(id, core.now());
    }
  }
  return [200, cfg];
}

export const publishControlRoutes: ControlRoute[] = [
  { method: 'GET', path: '/publish/ledger', handler: ledger },
  { method: 'GET', path: '/publish/config', handler: (core) => [200, core.world.publish.config] },
  { method: 'POST', path: '/publish/config', handler: config },
];
