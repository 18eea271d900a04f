// feed/*: the Facebook Page's feed, one Graph page at a time.
import { z } from 'zod';
import { Post, pageOf } from '../../models';
import { call } from '../define';
import { GraphNodeId } from '../ids';
import { cursor, limit } from './paging';

export const PostPage = pageOf(Post);

export const feedCalls = {
  'feed/list': call({
    summary: "One page of the Page's feed, newest first.",
    request: z.object({ accountId: GraphNodeId, after: cursor, limit }).strict(),
    response: PostPage,
  }),
} as const;
