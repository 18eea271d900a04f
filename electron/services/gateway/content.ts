// feed/list, gallery/list and gallery/stories: one Graph page of the Page's posts, the IG account's media or stories.
import type { CallArgs, CallResponse } from '../../../shared/bridge/contract';
import { normalizeMedia, normalizePosts, normalizeStories } from '../../../shared/graph/normalize';
import { graphPath } from '../graph/client';
import { asPage, emptyPage, type GatewayContext } from './context';
import { MEDIA_FIELDS, POST_FIELDS, STORY_FIELDS } from './fields';

/** The content list reads of the gateway. */
export interface ContentReads {
  feed(args: CallArgs<'feed/list'>): Promise<CallResponse<'feed/list'>>;
  gallery(args: CallArgs<'gallery/list'>): Promise<CallResponse<'gallery/list'>>;
  stories(args: CallArgs<'gallery/stories'>): Promise<CallResponse<'gallery/stories'>>;
}

/** Creates the content list reads over the gateway's shared context. */
export function createContentReads(ctx: GatewayContext): ContentReads {
  const { account, get, pageParams } = ctx;
  return {
    async feed({ accountId, after, limit }) {
      account(accountId);
      return asPage(
        normalizePosts(
          await get(accountId, graphPath(accountId, 'feed'), pageParams(POST_FIELDS, after, limit)),
          accountId,
        ),
      );
    },
    async gallery({ accountId, after, limit }) {
      const acc = account(accountId);
      // A Page without a linked IG account has no gallery; the renderer explains how to link one.
      if (!acc.instagram) return emptyPage();
      return asPage(
        normalizeMedia(
          await get(accountId, graphPath(acc.instagram.id, 'media'), pageParams(MEDIA_FIELDS, after, limit)),
          accountId,
        ),
      );
    },
    async stories({ accountId }) {
      const acc = account(accountId);
      if (!acc.instagram) return emptyPage();
      return asPage(
        normalizeStories(
          await get(accountId, graphPath(acc.instagram.id, 'stories'), { fields: STORY_FIELDS }),
          accountId,
        ),
      );
    },
  };
}
