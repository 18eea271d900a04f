// media/*: the on-disk cache of pictures and videos (served to the page by the host's media protocol).
import { z } from 'zod';
import { call } from '../define';

export const mediaCalls = {
  'media/clear-cache': call({
    summary: 'Deletes every cached picture and video.',
    request: z.object({}).strict(),
    response: z.object({ freedBytes: z.number() }),
  }),
} as const;
