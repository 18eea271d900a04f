// gallery/*: the Instagram account's media and live stories, one Graph page at a time.
import { z } from 'zod';
import { IgMedia, Story, pageOf } from '../../models';
import { call } from '../define';
import { GraphNodeId } from '../ids';
import { cursor, limit } from './paging';

export const MediaPage = pageOf(IgMedia);
export const StoryPage = pageOf(Story);

export const galleryCalls = {
  'gallery/list': call({
    summary: "One page of the Instagram account's media, newest first.",
    request: z.object({ accountId: GraphNodeId, after: cursor, limit }).strict(),
    response: MediaPage,
  }),
  'gallery/stories': call({
    summary: "The Instagram account's live stories (younger than 24 h upstream).",
    request: z.object({ accountId: GraphNodeId }).strict(),
    response: StoryPage,
  }),
} as const;
