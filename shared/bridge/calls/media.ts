// media/*: the on-disk cache of pictures and videos (served to the page by the host's media protocol).
import { z } from 'zod';
import { call } from '../define';
import { GraphNodeId } from '../ids';

export const mediaCalls = {
  'media/clear-cache': call({
    summary: 'Deletes the cached pictures and videos of every account, or of `accountId` only.',
    request: z.object({ accountId: GraphNodeId.optional() }).strict(),
    response: z.object({ freedBytes: z.number() }),
  }),
  'media/cache-stats': call({
    summary: 'How many cached pictures and videos one account has on disk, and their bytes.',
    request: z.object({ accountId: GraphNodeId }).strict(),
    response: z.object({ entries: z.number().int().nonnegative(), bytes: z.number().nonnegative() }),
  }),
} as const;
