// comments/threads: the comments of several posts and media, with their replies, in one Graph batch request.
// Facebook lists are asked with `filter=stream` (every level, each reply naming its parent) newest first; Instagram
// lists carry their replies nested (`replies{…}`), so one sub-request per post or medium reads its whole thread.
import type { CallArgs, CallResponse } from '../../../shared/bridge/contract';
import type { CommentThreadResult } from '../../../shared/bridge/calls/comments';
import { makeId, type Account } from '../../../shared/models';
import {
  normalizeFbComments,
  normalizeIgComments,
  type IgRepliesCursor,
} from '../../../shared/graph/normalize-comments';
import {
  GraphCallError,
  graphPath,
  MAX_BATCH_REQUESTS,
  type BatchItem,
  type GraphParams,
} from '../graph/client';
import { asPage, type GatewayContext } from './context';
import { FB_COMMENT_FIELDS, IG_COMMENT_FIELDS, IG_REPLY_FIELDS } from './fields';

/** Comments read per post or medium per fetch (Meta's page limit for comments is 100 on Facebook). */
export const COMMENTS_PER_THREAD = 100;

const FB_PARAMS: GraphParams = {
  fields: FB_COMMENT_FIELDS,
  filter: 'stream',
  order: 'reverse_chronological',
  limit: COMMENTS_PER_THREAD,
};
const IG_PARAMS: GraphParams = { fields: IG_COMMENT_FIELDS, limit: 50 };
/**
 * Pages read per thread per fetch: a thread longer than one page is read on with its `after` cursor (one more batch
 * request per round, every long thread of the call in it), up to this many pages (2,000 Facebook / 1,000 Instagram
 * comments), so a busy post's older comments are kept too without one thread eating the usage budget.
 */
export const MAX_THREAD_PAGES = 20;
/**
 * Instagram nests a comment's replies in its list, but Meta pages an embedded edge at 25: a comment with more replies
 * has them read on from `/{ig-comment}/replies` with the nested edge's cursor, up to this many more pages of 50
 * (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment/replies).
 */
export const MAX_REPLY_PAGES = 10;
const IG_REPLY_PARAMS: GraphParams = { fields: IG_REPLY_FIELDS, limit: 50 };

/**
 * Whether a post or medium can be this Page's: a Page post id starts with the Page's id; Instagram media ids carry
 * no owner, so any medium of a Page with a linked account (its Page token reaches only that account's media).
 */
export function isPageTarget(acc: Account, platform: 'fb' | 'ig', nativeId: string): boolean {
  return platform === 'fb' ? nativeId.startsWith(`${acc.id}_`) : acc.instagram !== undefined;
}

/** The comment reads of the gateway. */
export interface CommentReads {
  commentThreads(args: CallArgs<'comments/threads'>): Promise<CallResponse<'comments/threads'>>;
}

/** Creates the comment reads over the gateway's shared context. */
export function createCommentReads(ctx: GatewayContext): CommentReads {
  const { account, toBridge, opts } = ctx;
  return {
    async commentThreads({ accountId, targets }) {
      const acc = account(accountId);
      const token = opts.session.pageToken(accountId);
      const threads: CommentThreadResult[] = [];
      const asked: Array<{ index: number; item: BatchItem }> = [];
      for (const target of targets) {
        const index = threads.length;
        // Anything not this Page's never reaches Graph.
        if (!isPageTarget(acc, target.platform, target.nativeId)) {
          threads.push({ ok: false, target, code: 'permission', message: 'Not one of this Page’s posts.' });
          continue;
        }
        threads.push({ ok: false, target, code: 'upstream', message: '' });
        const params = target.platform === 'fb' ? FB_PARAMS : IG_PARAMS;
        asked.push({ index, item: { method: 'GET', path: graphPath(target.nativeId, 'comments'), params } });
      }
      /** Instagram comments whose nested replies went on past the list's page, by thread. */
      const moreReplies: Array<{ index: number; cursor: IgRepliesCursor }> = [];
      let round = asked;
      for (let page = 1; round.length; page++) {
        await readRound(round);
        // Threads with more pages read on from where this page ended, up to MAX_THREAD_PAGES.
        round =
          page >= MAX_THREAD_PAGES
            ? []
            : round.flatMap(({ index, item }) => {
                const t = threads[index]!;
                return t.ok && t.page.paging.hasMore && t.page.paging.after
                  ? [{ index, item: { ...item, params: { ...item.params, after: t.page.paging.after } } }]
                  : [];
              });
      }
      await readReplies(moreReplies);
      return { threads };

      /** Batch answers for `items`, MAX_BATCH_REQUESTS at a time (a session error ends the whole call). */
      async function batched(items: BatchItem[]) {
        const answers = [];
        for (let start = 0; start < items.length; start += MAX_BATCH_REQUESTS) {
          try {
            answers.push(
              ...(await opts.graph.batch(items.slice(start, start + MAX_BATCH_REQUESTS), token, accountId)),
            );
          } catch (err) {
            if (err instanceof GraphCallError) throw toBridge(err.info);
            throw err;
          }
        }
        return answers;
      }

      /**
       * Reads on the replies of Instagram comments that had more than their list carried; they join their thread,
       * and their parent's reply count grows. A page that fails leaves its thread "not read to its end", so no
       * stored reply past it is taken for deleted.
       */
      async function readReplies(first: typeof moreReplies) {
        let round = first;
        for (let page = 1; round.length; page++) {
          const answers = await batched(
            round.map(({ cursor }) => ({
              method: 'GET' as const,
              path: graphPath(cursor.commentNativeId, 'replies'),
              params: { ...IG_REPLY_PARAMS, after: cursor.after },
            })),
          );
          const next: typeof moreReplies = [];
          answers.forEach((a, i) => {
            const { index, cursor } = round[i]!;
            const t = threads[index]!;
            if (!t.ok) return;
            const unfinished = () =>
              (threads[index] = { ...t, page: { ...t.page, paging: { ...t.page.paging, hasMore: true } } });
            if (!a.ok) {
              const e = toBridge(a.error);
              if (e.code === 'session-expired') throw e;
              return void unfinished();
            }
            const replies = normalizeIgComments(a.data, {
              accountId,
              postNativeId: t.target.nativeId,
              parentNativeId: cursor.commentNativeId,
              igUserId: acc.instagram?.id ?? '',
              ...(acc.instagram?.username ? { igUsername: acc.instagram.username } : {}),
            });
            const parentId = makeId('ig', cursor.commentNativeId);
            const items = t.page.items.map((c) =>
              c.id === parentId ? { ...c, replyCount: (c.replyCount ?? 0) + replies.items.length } : c,
            );
            threads[index] = {
              ...t,
              page: {
                ...t.page,
                items: [...items, ...replies.items],
                skipped: t.page.skipped + replies.skipped,
              },
            };
            if (replies.paging.hasMore && replies.paging.after) {
              if (page >= MAX_REPLY_PAGES) unfinished();
              else next.push({ index, cursor: { ...cursor, after: replies.paging.after } });
            }
          });
          round = next;
        }
      }

      async function readRound(list: Array<{ index: number; item: BatchItem }>) {
        const answers = await batched(list.map((p) => p.item));
        answers.forEach((a, i) => {
          const { index } = list[i]!;
          const target = threads[index]!.target;
          const before = threads[index]!;
          if (!a.ok) {
            const e = toBridge(a.error);
            if (e.code === 'session-expired') throw e;
            // A later page failing keeps the pages read, as a thread not read to its end.
            threads[index] = before.ok
              ? { ...before, page: { ...before.page, paging: { hasMore: true } } }
              : { ok: false, target, code: e.code, message: e.message };
            return;
          }
          const where = { accountId, postNativeId: target.nativeId };
          const ig =
            target.platform === 'ig'
              ? normalizeIgComments(a.data, {
                  ...where,
                  igUserId: acc.instagram?.id ?? '',
                  ...(acc.instagram?.username ? { igUsername: acc.instagram.username } : {}),
                })
              : undefined;
          const page = ig ?? normalizeFbComments(a.data, where);
          for (const cursor of ig?.moreReplies ?? []) moreReplies.push({ index, cursor });
          // A later page adds its (older) comments to what the earlier pages read.
          threads[index] = {
            ok: true,
            target,
            page: before.ok
              ? asPage({
                  ...page,
                  items: [...before.page.items, ...page.items],
                  skipped: before.page.skipped + page.skipped,
                })
              : asPage(page),
          };
        });
      }
    },
  };
}
