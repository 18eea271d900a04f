// zod schemas of the Graph API responses Duet reads. Unknown fields are ignored (zod strips them), optional fields
// are tolerated; each list item is parsed on its own so one malformed item never sinks a page.
// References: Page feed https://developers.facebook.com/docs/graph-api/reference/page/feed/ ,
// IG media https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media ,
// Conversations https://developers.facebook.com/docs/messenger-platform/conversations ,
// /me/accounts https://developers.facebook.com/docs/graph-api/reference/user/accounts/ .
import { z } from 'zod';
import { isPlausibleTime, toEpochMs } from '../time';

/** Any value in the shape of Meta's time, readable or not (for optional times that fall back to another one). */
export const GraphTimeShape = z.union([z.string().min(1), z.number()]);

/**
 * Meta's time: ISO 8601 with `+0000` offsets (`2024-01-15T10:30:00+0000`), or unix seconds in a few places — and
 * only a plausible instant (`isPlausibleTime`: after 2004, at most a day ahead), never Invalid Date or year 275760.
 */
export const GraphTime = GraphTimeShape.refine((t) => isPlausibleTime(toEpochMs(t)), 'not a plausible time');

/** A `{ summary: { total_count } }` edge (reactions, comments). */
const Summary = z.object({ summary: z.object({ total_count: z.number().optional() }).optional() }).optional();

/** Paging as Meta returns it on every edge. */
export const GraphPaging = z
  .object({
    cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(),
    next: z.string().optional(),
    previous: z.string().optional(),
  })
  .optional();

/** A list envelope whose items are checked later, one by one. */
export const GraphList = z.object({ data: z.array(z.unknown()), paging: GraphPaging });
export type GraphList = z.infer<typeof GraphList>;

const Image = z.object({ src: z.string(), width: z.number().optional(), height: z.number().optional() });

/** One attachment of a Page post (subattachments hold album children). */
export interface GraphAttachment {
  media_type?: string | undefined;
  type?: string | undefined;
  url?: string | undefined;
  title?: string | undefined;
  description?: string | undefined;
  target?: { id?: string | undefined } | undefined;
  media?: { image?: z.infer<typeof Image> | undefined } | undefined;
  subattachments?: { data: GraphAttachment[] } | undefined;
}
export const GraphAttachment: z.ZodType<GraphAttachment> = z.lazy(() =>
  z.object({
    media_type: z.string().optional(),
    type: z.string().optional(),
    url: z.string().optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    target: z.object({ id: z.string().optional() }).optional(),
    media: z.object({ image: Image.optional() }).optional(),
    subattachments: z.object({ data: z.array(GraphAttachment) }).optional(),
  }),
);

/** A Page post from `/{page-id}/feed`. */
export const GraphPost = z.object({
  id: z.string().min(1),
  message: z.string().optional(),
  story: z.string().optional(),
  created_time: GraphTime,
  updated_time: GraphTimeShape.optional(),
  permalink_url: z.string().optional(),
  full_picture: z.string().optional(),
  status_type: z.string().optional(),
  from: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  attachments: z.object({ data: z.array(z.unknown()) }).optional(),
  reactions: Summary,
  comments: Summary,
  shares: z.object({ count: z.number().optional() }).optional(),
});
export type GraphPost = z.infer<typeof GraphPost>;

/** A carousel child. */
export const GraphIgChild = z.object({
  id: z.string().min(1),
  media_type: z.enum(['IMAGE', 'VIDEO']),
  media_url: z.string().optional(),
  thumbnail_url: z.string().optional(),
});

/** An IG media object from `/{ig-user-id}/media` or `/stories`. */
export const GraphIgMedia = z.object({
  id: z.string().min(1),
  media_type: z.enum(['IMAGE', 'VIDEO', 'CAROUSEL_ALBUM']),
  media_product_type: z.string().optional(),
  caption: z.string().optional(),
  permalink: z.string().optional(),
  timestamp: GraphTime,
  like_count: z.number().optional(),
  comments_count: z.number().optional(),
  is_comment_enabled: z.boolean().optional(),
  media_url: z.string().optional(),
  thumbnail_url: z.string().optional(),
  children: z.object({ data: z.array(z.unknown()) }).optional(),
});
export type GraphIgMedia = z.infer<typeof GraphIgMedia>;

/** A conversation participant: Messenger has `name`, Instagram has `username`. */
export const GraphParticipant = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  username: z.string().optional(),
  email: z.string().optional(),
});

/** A conversation from `/{page-id}/conversations`. */
export const GraphConversation = z.object({
  id: z.string().min(1),
  updated_time: GraphTime,
  snippet: z.string().optional(),
  unread_count: z.number().optional(),
  message_count: z.number().optional(),
  can_reply: z.boolean().optional(),
  participants: z.object({ data: z.array(z.unknown()) }),
});
export type GraphConversation = z.infer<typeof GraphConversation>;

/** A message attachment (image_data / video_data / file_url). */
export const GraphMessageAttachment = z.object({
  id: z.string().optional(),
  mime_type: z.string().optional(),
  name: z.string().optional(),
  size: z.number().optional(),
  file_url: z.string().optional(),
  image_data: z
    .object({
      url: z.string(),
      width: z.number().optional(),
      height: z.number().optional(),
      preview_url: z.string().optional(),
    })
    .optional(),
  video_data: z
    .object({
      url: z.string(),
      preview_url: z.string().optional(),
      width: z.number().optional(),
      height: z.number().optional(),
    })
    .optional(),
});

/** A message from `/{conversation-id}/messages` (or the `messages{…}` field). */
export const GraphMessage = z.object({
  id: z.string().min(1),
  created_time: GraphTime,
  from: GraphParticipant,
  message: z.string().optional(),
  attachments: z.object({ data: z.array(z.unknown()) }).optional(),
});
export type GraphMessage = z.infer<typeof GraphMessage>;

/** A picture edge: `{ data: { url } }`. */
const PictureEdge = z.object({ data: z.object({ url: z.string().optional() }).optional() }).optional();

/** The linked Instagram professional account. */
export const GraphIgAccount = z.object({
  id: z.string().min(1),
  username: z.string(),
  name: z.string().optional(),
  profile_picture_url: z.string().optional(),
  followers_count: z.number().optional(),
  media_count: z.number().optional(),
});

/** One Page from `/me/accounts` (or `/{page-id}` for a Page token). */
export const GraphPageAccount = z.object({
  id: z.string().min(1),
  name: z.string(),
  category: z.string().optional(),
  tasks: z.array(z.string()).optional(),
  access_token: z.string().optional(),
  picture: PictureEdge,
  instagram_business_account: GraphIgAccount.optional(),
});
export type GraphPageAccount = z.infer<typeof GraphPageAccount>;

/** `/me`. */
export const GraphMe = z.object({ id: z.string().min(1), name: z.string().optional(), picture: PictureEdge });

/** `/me/permissions`. */
export const GraphPermissions = z.object({
  data: z.array(z.object({ permission: z.string(), status: z.string() })),
});

/** Send API success: `{ recipient_id, message_id }`. */
export const GraphSendResult = z.object({
  recipient_id: z.string().optional(),
  message_id: z.string().min(1),
});

/**
 * A Facebook comment from `/{object-id}/comments` (https://developers.facebook.com/docs/graph-api/reference/comment/).
 * `from` is absent when Meta withholds the person (no Page token, or no pages_read_user_content).
 */
export const GraphFbComment = z.object({
  id: z.string().min(1),
  message: z.string().optional(),
  created_time: GraphTime,
  from: z.object({ id: z.string().min(1), name: z.string().optional() }).optional(),
  like_count: z.number().int().nonnegative().optional(),
  comment_count: z.number().int().nonnegative().optional(),
  parent: z.object({ id: z.string().min(1) }).optional(),
  can_comment: z.boolean().optional(),
  can_hide: z.boolean().optional(),
  can_remove: z.boolean().optional(),
  can_like: z.boolean().optional(),
  can_reply_privately: z.boolean().optional(),
  is_hidden: z.boolean().optional(),
  user_likes: z.boolean().optional(),
  private_reply_conversation: z.object({ id: z.string().optional() }).optional(),
});
export type GraphFbComment = z.infer<typeof GraphFbComment>;

/**
 * An Instagram comment from `/{ig-media-id}/comments` or `/{ig-comment-id}/replies`
 * (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment).
 */
export const GraphIgComment = z.object({
  id: z.string().min(1),
  text: z.string().optional(),
  timestamp: GraphTime,
  username: z.string().optional(),
  from: z.object({ id: z.string().min(1), username: z.string().optional() }).optional(),
  like_count: z.number().int().nonnegative().optional(),
  hidden: z.boolean().optional(),
  parent_id: z.string().min(1).optional(),
  // The nested edge pages at 25 like any connection: its paging says whether more replies are to be read.
  replies: z.object({ data: z.array(z.unknown()), paging: z.unknown().optional() }).optional(),
});
export type GraphIgComment = z.infer<typeof GraphIgComment>;
