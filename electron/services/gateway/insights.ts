// insights/*: runs the planned requests (shared/insights/plan.ts) with the Page token, drops and remembers metrics
// Meta rejects as not valid (the rest still answers), and normalizes the answers into points.
import type { InsightsAnswer } from '../../../shared/bridge/calls/insights';
import type { CallArgs, CallResponse } from '../../../shared/bridge/contract';
import { normalizeInsights, type InsightsSource } from '../../../shared/graph/normalize-insights';
import { type UnavailableReason } from '../../../shared/insights/metrics';
import {
  DAY_MS,
  planDemographics,
  planIgAccountInsights,
  planMediaInsights,
  planPageBreakdown,
  planPageInsights,
  planPostInsights,
  requestParams,
  runWithDrops,
  type InsightsRequest,
} from '../../../shared/insights/plan';
import { graphPath } from '../graph/client';
import { GraphCallError } from '../graph/call-error';
import type { GatewayContext } from './context';

/** The insights reads of the gateway. */
export interface InsightsReads {
  account(args: CallArgs<'insights/account'>): Promise<CallResponse<'insights/account'>>;
  demographics(args: CallArgs<'insights/demographics'>): Promise<CallResponse<'insights/demographics'>>;
  items(args: CallArgs<'insights/items'>): Promise<CallResponse<'insights/items'>>;
}

const rawError = (e: unknown) =>
  e instanceof GraphCallError ? { code: e.info.code, message: e.info.upstreamMessage } : undefined;

/** An item Meta refused for a reason of its own (not a failure of the call as a whole). */
class ItemRefused extends Error {
  constructor(readonly why: 'not-enough-viewers' | 'gone' | 'invalid') {
    super(why);
  }
}

/** Reads a refusal that concerns one item: "(#10) Not enough viewers…", a vanished object (100/33), a 100. */
function itemRefusal(e: GraphCallError): ItemRefused | null {
  const msg = e.info.upstreamMessage ?? '';
  if (/not enough viewers/i.test(msg)) return new ItemRefused('not-enough-viewers');
  if (e.info.code === 100 && e.info.subcode === 33) return new ItemRefused('gone');
  if (e.info.kind === 'invalid') return new ItemRefused('invalid');
  return null;
}

/** Requests of one call in flight at once (the client's budget still paces them). */
const POOL = 6;

/** Runs `fn` over `items`, at most `size` at a time; the first failure fails the whole. */
async function inPool<T>(items: readonly T[], size: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/** Creates the insights reads over the gateway's shared context. */
export function createInsightsReads(ctx: GatewayContext): InsightsReads {
  /** Metric names Meta rejected, per account and object, so later plans leave them out. */
  const rejected = new Map<string, Set<string>>();
  const rejectedOf = (accountId: string) => {
    let s = rejected.get(accountId);
    if (!s) rejected.set(accountId, (s = new Set()));
    return s;
  };

  const fresh = (): InsightsAnswer => ({
    points: [],
    dropped: [],
    unavailable: [],
    skipped: 0,
    fetchedAt: ctx.now(),
  });

  /** Runs one request into `out`; true when Meta answered with data for it. */
  async function run(
    accountId: string,
    req: InsightsRequest,
    out: InsightsAnswer,
    perItem = false,
  ): Promise<boolean> {
    const token = ctx.opts.session.pageToken(accountId);
    let result;
    try {
      result = await runWithDrops(
        req,
        async (r) =>
          (
            await ctx.opts.graph.request({
              path: graphPath(r.node, r.edge),
              params: requestParams(r),
              token,
              accountId,
            })
          ).data,
        rawError,
      );
    } catch (e) {
      if (e instanceof GraphCallError) throw (perItem && itemRefusal(e)) || ctx.toBridge(e.info);
      throw e;
    }
    for (const d of result.dropped) {
      rejectedOf(accountId).add(d.name);
      if (!out.dropped.some((x) => x.name === d.name && x.object === d.object)) out.dropped.push(d);
    }
    const src: InsightsSource = { objectId: req.node, network: req.network, fetchedAt: out.fetchedAt };
    if (req.metricType === 'total_value' && req.until !== undefined && !req.timeframe)
      src.windowEnd = req.until * 1000;
    if (req.breakdown) src.breakdown = req.breakdown;
    let any = false;
    for (const raw of result.answers) {
      const n = normalizeInsights(raw, src, ctx.now());
      out.skipped += n.skipped;
      if (!n.empty) any = true;
      for (const p of n.items) out.points.push(p);
    }
    return any;
  }

  return {
    async account({ accountId, network, since, until }) {
      const acc = ctx.account(accountId);
      const out = fresh();
      const now = ctx.now();
      const dropped = rejectedOf(accountId);
      if (network === 'facebook') {
        const reqs = [
          ...planPageInsights(acc.id, since, until, now, dropped),
          ...planPageBreakdown(acc.id, 'is_from_ads', since, until, now),
          ...planPageBreakdown(acc.id, 'is_from_followers', since, until, now),
        ];
        let any = false;
        for (const r of reqs) if (await run(accountId, r, out)) any = true;
        // Meta answers Pages under 100 likes with empty data.
        if (reqs.length && !any) out.unavailable.push({ objectId: acc.id, reason: 'page-under-100-likes' });
        return out;
      }
      if (!acc.instagram) return out;
      // One request per day for the total_value metrics: a few at a time, so a month takes seconds, not a minute.
      await inPool(planIgAccountInsights(acc.instagram.id, since, until, now, dropped), POOL, (r) =>
        run(accountId, r, out),
      );
      return out;
    },

    async demographics({ accountId }) {
      const acc = ctx.account(accountId);
      const out = fresh();
      if (!acc.instagram) return out;
      let any = false;
      for (const r of planDemographics(acc.instagram.id)) if (await run(accountId, r, out)) any = true;
      if (!any) out.unavailable.push({ objectId: acc.instagram.id, reason: 'account-under-100-followers' });
      return out;
    },

    async items({ accountId, items }) {
      const acc = ctx.account(accountId);
      const out = fresh();
      const now = ctx.now();
      const dropped = rejectedOf(accountId);
      const gone = (objectId: string, reason: UnavailableReason) =>
        out.unavailable.push({ objectId, reason });
      await inPool(items, POOL, async (it) => {
        // A post of another Page is refused before any call is made with it.
        if (it.kind === 'post' && !it.nativeId.startsWith(`${acc.id}_`)) return;
        if (it.kind === 'media' && !acc.instagram) return;
        const req =
          it.kind === 'post'
            ? planPostInsights(
                it.videoId ? { nativeId: it.nativeId, videoId: it.videoId } : { nativeId: it.nativeId },
                dropped,
              )
            : planMediaInsights(
                {
                  nativeId: it.nativeId,
                  mediaType: it.mediaType ?? 'IMAGE',
                  productType: it.productType ?? 'FEED',
                  timestamp: it.timestamp,
                },
                now,
                dropped,
              );
        if (!req) {
          if (it.productType === 'STORY') gone(it.nativeId, 'story-expired');
          return;
        }
        try {
          if (!(await run(accountId, req, out, true)))
            gone(it.nativeId, now - it.timestamp < 2 * DAY_MS ? 'delay-48h' : 'not-enough-viewers');
        } catch (e) {
          if (!(e instanceof ItemRefused)) throw e;
          if (e.why === 'not-enough-viewers') gone(it.nativeId, 'not-enough-viewers');
          // A story past 24 h no longer exists upstream.
          else if (e.why === 'gone' && it.productType === 'STORY') gone(it.nativeId, 'story-expired');
          else out.skipped++;
        }
      });
      return out;
    },
  };
}
