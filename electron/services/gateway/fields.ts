// The Graph fields the gateway asks for, per object type (list reads and sync/poll ask for the same ones).

/** Fields of a Page post (reactions/comments as summaries only). */
export const POST_FIELDS =
  'id,message,story,created_time,updated_time,permalink_url,full_picture,status_type,from,' +
  'attachments{media_type,type,url,title,description,media{image{src,width,height}},subattachments{media_type,type,url,title,description,media{image{src,width,height}}}},' +
  'reactions.limit(0).summary(true),comments.limit(0).summary(true),shares';
/**
 * Fields of an IG media object, carousel children included; `is_comment_enabled` says whether comments are on
 * (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media, Fields).
 */
export const MEDIA_FIELDS =
  'id,media_type,media_product_type,caption,permalink,timestamp,like_count,comments_count,is_comment_enabled,media_url,thumbnail_url,children{id,media_type,media_url,thumbnail_url}';
/** Fields of an IG story. */
export const STORY_FIELDS =
  'id,media_type,media_product_type,caption,permalink,timestamp,media_url,thumbnail_url';
/** Fields of a conversation. */
export const CONVERSATION_FIELDS =
  'id,updated_time,snippet,unread_count,message_count,participants,can_reply';
/** Fields of a message (Meta returns details for the 20 newest messages only). */
export const MESSAGE_FIELDS =
  'id,created_time,from,to,message,attachments{id,mime_type,name,size,file_url,image_data,video_data}';
/** Fields of a Facebook comment (https://developers.facebook.com/docs/graph-api/reference/comment/). */
export const FB_COMMENT_FIELDS =
  'id,message,created_time,from,like_count,comment_count,parent{id},can_comment,can_hide,can_remove,can_like,can_reply_privately,is_hidden,user_likes,private_reply_conversation';
/** Fields of an Instagram reply (and of a comment, without its replies). */
export const IG_REPLY_FIELDS = 'id,text,timestamp,username,from,like_count,hidden,parent_id';
/** Fields of an Instagram comment, its replies nested. */
export const IG_COMMENT_FIELDS = `${IG_REPLY_FIELDS},replies{${IG_REPLY_FIELDS}}`;
