// What Meta accepts for a post on each network, as one pure module: the composer shows these problems next to the
// field, and the queue refuses a post that breaks them before anything is sent. Sources (Meta's pages, read for
// the team's wave-2 research notes, §1):
// - IG captions, hashtags, mentions, carousel size, aspect ratio, image format/size, video lengths:
//   https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
// - IG stories only for Business accounts:
//   https://developers.facebook.com/documentation/instagram-platform/instagram-api-with-facebook-login
// - FB reels 3–90 s: https://developers.facebook.com/documentation/video-api/guides/reels-publishing ; plain Page
//   videos (https://developers.facebook.com/docs/video-api/guides/publishing) take longer files.
// - FB photos refused from 4 MB (subcode 1366046, seen in the field, Postiz facebook.provider.ts).
// - FB scheduled_publish_time 10 min – 30 days (client code consistently; Meta's sentence unverified); reels take
//   it with video_state=SCHEDULED (notes §1.1).
// - IG 400 containers and FB 30 reels per rolling 24 h: shared/publish-limits.ts (the counts are Duet's own record).

import {
  FB_MESSAGE_MAX,
  FB_PHOTO_MAX_BYTES,
  FB_REELS_PER_DAY,
  FB_REEL_MAX_MS,
  FB_REEL_MIN_MS,
  FB_SCHEDULE_MAX_MS,
  FB_SCHEDULE_MIN_MS,
  FB_VIDEO_STORY_MAX_MS,
  IG_ASPECT_MAX,
  IG_ASPECT_MIN,
  IG_CAPTION_MAX,
  IG_CAROUSEL_MAX,
  IG_CAROUSEL_MIN,
  IG_CONTAINERS_PER_DAY,
  IG_HASHTAGS_MAX,
  IG_MENTIONS_MAX,
  UPLOAD_IMAGE_TYPES,
  UPLOAD_VIDEO_TYPES,
  VIDEO_MAX_BYTES,
} from '../publish-limits';

export { FB_SCHEDULE_MAX_MS, FB_SCHEDULE_MIN_MS };

/** A network a post can go to. */
export type PublishNetwork = 'facebook' | 'instagram';
/** What the user is posting: text/link (Facebook only), one photo, several, a video (FB video / IG reel), a story. */
export type PublishKind = 'text' | 'photo' | 'photos' | 'video' | 'story';

// Meta's limits live in shared/publish-limits.ts (shared with the bridge schemas, the host and the sandbox); the
// few below are the rules' own.
/** Facebook multi-photo posts: Duet attaches at most as many as an Instagram carousel. */
export const FB_PHOTOS_MAX = IG_CAROUSEL_MAX;
/** Instagram images: 8 MB, JPEG (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media).
 *  Duet's images reach Instagram as Facebook Page photos, so FB_PHOTO_MAX_BYTES is the lower limit that applies. */
export const IG_IMAGE_MAX_BYTES = 8 * 1024 * 1024;
/** Instagram reels: 3 s – 15 min (third-party figures, unverified on a Meta page). */
export const IG_REEL_MIN_MS = 3_000;
export const IG_REEL_MAX_MS = 15 * 60_000;
/** Instagram carousel and story videos: at most 60 s. */
export const IG_SHORT_VIDEO_MAX_MS = 60_000;

/** How a Facebook video goes out: a plain Page video (`/videos`) or a reel (`/video_reels`, 3–90 s). */
export type FbVideoAs = 'video' | 'reel';

/**
 * What a Facebook video goes out as: the user's choice, else whatever fits — a reel when the file is 3–90 s long
 * (or its length is unknown), a plain video otherwise.
 */
export function fbVideoAsFor(chosen: FbVideoAs | undefined, media: readonly RuleMedia[]): FbVideoAs {
  if (chosen) return chosen;
  const d = media[0]?.durationMs;
  return d === undefined || (d >= FB_REEL_MIN_MS && d <= FB_REEL_MAX_MS) ? 'reel' : 'video';
}

/** A file as the rules see it. */
export interface RuleMedia {
  kind: 'image' | 'video';
  mime: string;
  bytes: number;
  width?: number | undefined;
  height?: number | undefined;
  durationMs?: number | undefined;
}

/** What the rules need of a post, for one network. */
export interface RuleDraft {
  kind: PublishKind;
  /** The caption this network gets (its override or the shared one). */
  caption: string;
  link?: string | undefined;
  media: readonly RuleMedia[];
  scheduleAt?: number | undefined;
  /** A Facebook video: the user's choice of plain video or reel (absent: fbVideoAsFor's default). */
  fbVideoAs?: FbVideoAs | undefined;
}

/** What the rules need to know about the world. */
export interface RuleContext {
  now: number;
  /** The Instagram account's type; stories need BUSINESS. */
  igAccountType?: 'BUSINESS' | 'MEDIA_CREATOR' | undefined;
  /** Instagram's publishing quota as the host read it (content_publishing_limit). */
  igQuota?: { usage: number; total: number } | undefined;
  /** Instagram containers Duet made for this account in the last 24 h (its own record: Meta offers no read). */
  igContainers?: number | undefined;
  /** Facebook reels Duet published on this Page in the last 24 h (its own record). */
  fbReels?: number | undefined;
}

/**
 * True when a Facebook target of this post publishes as a reel (so it counts toward the reels-per-day limit). Today
 * every Facebook video is a reel; the one place to change when plain Page videos arrive.
 */
export function isFacebookReel(d: {
  kind: PublishKind;
  fbVideoAs?: FbVideoAs | undefined;
  media: readonly RuleMedia[];
}): boolean {
  return d.kind === 'video' && fbVideoAsFor(d.fbVideoAs, d.media) === 'reel';
}

/** How many Instagram containers a post makes: one, or one per carousel item plus the carousel itself. */
export function containersNeeded(d: { kind: PublishKind; media: readonly unknown[] }): number {
  if (d.kind === 'text') return 0;
  return d.kind === 'photos' ? Math.min(d.media.length, IG_CAROUSEL_MAX) + 1 : 1;
}

/** One problem, with the field it belongs next to. */
export interface RuleProblem {
  field: 'type' | 'caption' | 'media' | 'schedule' | 'link';
  message: string;
}

const NETWORK = { facebook: 'Facebook', instagram: 'Instagram' } as const;

/** Hashtags and @mentions in a caption (as Instagram counts them: # or @ followed by word characters). */
export function countTags(caption: string): { hashtags: number; mentions: number } {
  return {
    hashtags: (caption.match(/(^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]+/gu) ?? []).length,
    mentions: (caption.match(/(^|[^\p{L}\p{N}_])@[\p{L}\p{N}_.]+/gu) ?? []).length,
  };
}

/** Characters by code point (an emoji is one; JavaScript's length would count it twice). */
export function captionLength(caption: string): number {
  return [...caption].length;
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
const secs = (ms: number) => (ms % 60_000 === 0 && ms >= 120_000 ? `${ms / 60_000} min` : `${ms / 1000} s`);

/** Whether a network can take this kind of post at all (without looking at its contents). */
export function kindProblem(network: PublishNetwork, kind: PublishKind, ctx: RuleContext): string | null {
  if (network === 'instagram' && kind === 'text')
    return 'Instagram needs a photo or a video: text-only posts go to Facebook only.';
  if (network === 'instagram' && kind === 'story' && ctx.igAccountType === 'MEDIA_CREATOR')
    return 'Instagram publishes stories through Duet for Business accounts only; this is a Creator account.';
  return null;
}

/** Every problem of one network's version of the post, in the order the composer shows them. */
export function checkTarget(network: PublishNetwork, d: RuleDraft, ctx: RuleContext): RuleProblem[] {
  const out: RuleProblem[] = [];
  const add = (field: RuleProblem['field'], message: string) => out.push({ field, message });
  const kind = kindProblem(network, d.kind, ctx);
  if (kind) add('type', kind);
  captionProblems(network, d, add);
  mediaProblems(network, d, add);
  if (d.link !== undefined && d.link !== '' && !/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(d.link.trim()))
    add('link', 'The link must be a web address starting with http:// or https://.');
  if (d.scheduleAt !== undefined)
    scheduleProblems(scheduleOwner(network, d.kind) === 'network', d.scheduleAt, ctx.now, add);
  if (network === 'instagram' && ctx.igQuota && ctx.igQuota.usage >= ctx.igQuota.total && d.kind !== 'text')
    add(
      'type',
      `Instagram allows ${ctx.igQuota.total} posts in 24 hours and this account has used them all. Try again later.`,
    );
  quotaProblems(network, d, ctx, add);
  return out;
}

/** The daily limits Duet counts itself (Meta reads back neither): refused before the post would pass one. */
function quotaProblems(
  network: PublishNetwork,
  d: RuleDraft,
  ctx: RuleContext,
  add: (f: 'type', m: string) => void,
) {
  const need = network === 'instagram' ? containersNeeded(d) : 0;
  if (need && ctx.igContainers !== undefined && ctx.igContainers + need > IG_CONTAINERS_PER_DAY)
    add(
      'type',
      `Instagram allows ${IG_CONTAINERS_PER_DAY} media containers in 24 hours; Duet has made ${ctx.igContainers} for this account and this post needs ${need}. Try again later.`,
    );
  if (
    network === 'facebook' &&
    isFacebookReel(d) &&
    ctx.fbReels !== undefined &&
    ctx.fbReels >= FB_REELS_PER_DAY
  )
    add(
      'type',
      `Facebook allows ${FB_REELS_PER_DAY} reels a day per Page from apps; Duet has published ${ctx.fbReels} in the last 24 hours. Try again later.`,
    );
}

function captionProblems(network: PublishNetwork, d: RuleDraft, add: (f: 'caption', m: string) => void) {
  const len = captionLength(d.caption);
  if (network === 'instagram') {
    if (len > IG_CAPTION_MAX)
      add(
        'caption',
        `Instagram captions can have ${IG_CAPTION_MAX.toLocaleString('en')} characters; this one has ${len.toLocaleString('en')}.`,
      );
    const { hashtags, mentions } = countTags(d.caption);
    if (hashtags > IG_HASHTAGS_MAX)
      add('caption', `Instagram allows ${IG_HASHTAGS_MAX} hashtags; this caption has ${hashtags}.`);
    if (mentions > IG_MENTIONS_MAX)
      add('caption', `Instagram allows ${IG_MENTIONS_MAX} @mentions; this caption has ${mentions}.`);
  } else if (len > FB_MESSAGE_MAX) {
    add(
      'caption',
      `Facebook posts can have ${FB_MESSAGE_MAX.toLocaleString('en')} characters; this one has ${len.toLocaleString('en')}.`,
    );
  }
  if (d.kind === 'text' && !d.caption.trim() && !d.link?.trim())
    add('caption', 'Write something or add a link.');
}

function mediaProblems(network: PublishNetwork, d: RuleDraft, add: (f: 'media', m: string) => void) {
  const n = d.media.length;
  const name = NETWORK[network];
  if (d.kind === 'text') return;
  if (n === 0) return add('media', 'Add a photo or a video.');
  if ((d.kind === 'photo' || d.kind === 'video' || d.kind === 'story') && n > 1)
    add('media', `A ${d.kind} takes one file; this post has ${n}. Choose “Several photos” for more.`);
  if (d.kind === 'photo' && d.media[0]?.kind !== 'image') add('media', 'This is a video: choose “Video”.');
  if (d.kind === 'video' && d.media[0]?.kind !== 'video') add('media', 'This is a photo: choose “Photo”.');
  if (d.kind === 'photos') {
    const [min, max] = network === 'instagram' ? [IG_CAROUSEL_MIN, IG_CAROUSEL_MAX] : [2, FB_PHOTOS_MAX];
    if (n < min || n > max) add('media', `${name} takes ${min}–${max} items in one post; this one has ${n}.`);
    if (network === 'facebook' && d.media.some((m) => m.kind === 'video'))
      add('media', 'Facebook multi-photo posts take photos only; post the video on its own.');
  }
  const asVideo =
    network === 'facebook' && d.kind === 'video' && fbVideoAsFor(d.fbVideoAs, d.media) === 'video';
  d.media.forEach((m, i) => {
    const which = n > 1 ? `Item ${i + 1}: ` : '';
    for (const p of fileProblems(network, d.kind, m, asVideo)) add('media', which + p);
  });
}

function fileProblems(network: PublishNetwork, kind: PublishKind, m: RuleMedia, asVideo = false): string[] {
  const out: string[] = [];
  // What the host refuses when the post is sent (electron/services/gateway/publish-uploads.ts sniffs the bytes
  // for these types and refuses an empty file) is said here first, next to the files.
  if (m.bytes <= 0) return ['This file is empty; choose another.'];
  if (m.kind === 'image') {
    if (network === 'instagram' && m.mime !== 'image/jpeg')
      out.push('Instagram takes JPEG photos only; save this one as JPEG.');
    else if (!(UPLOAD_IMAGE_TYPES as readonly string[]).includes(m.mime))
      out.push('Duet sends photos as JPEG or PNG; save this one as JPEG.');
    // Instagram fetches its images from an unpublished Facebook Page photo (docs/graph-api.md), so Facebook's
    // "less than 4 MB" is the limit for both (Instagram's own IG_IMAGE_MAX_BYTES is higher).
    if (m.bytes >= FB_PHOTO_MAX_BYTES)
      out.push(
        `${NETWORK[network]} takes photos smaller than ${mb(FB_PHOTO_MAX_BYTES)}${network === 'instagram' ? ' through Duet' : ''}; this one is ${mb(m.bytes)}.`,
      );
    if (network === 'instagram' && kind !== 'story' && m.width && m.height) {
      const r = m.width / m.height;
      if (r < IG_ASPECT_MIN - 0.005 || r > IG_ASPECT_MAX + 0.005)
        out.push(
          `Instagram feed photos must be between 4:5 (portrait) and 1.91:1 (landscape); this one is ${m.width}×${m.height}.`,
        );
    }
    return out;
  }
  if (!(UPLOAD_VIDEO_TYPES as readonly string[]).includes(m.mime))
    out.push('Duet sends videos as MP4 or MOV; save this one as MP4.');
  const max = VIDEO_MAX_BYTES;
  if (m.bytes > max)
    out.push(`${NETWORK[network]} takes videos up to ${mb(max)}; this one is ${mb(m.bytes)}.`);
  const d = m.durationMs;
  // A plain Facebook video has no length rule of Duet's (Meta's own limit is far above any file Duet uploads).
  if (d === undefined || asVideo) return out;
  const [min, maxMs, what] =
    kind === 'story'
      ? [0, network === 'instagram' ? IG_SHORT_VIDEO_MAX_MS : FB_VIDEO_STORY_MAX_MS, 'Story videos']
      : kind === 'photos'
        ? [0, IG_SHORT_VIDEO_MAX_MS, 'Videos in a carousel']
        : network === 'instagram'
          ? [IG_REEL_MIN_MS, IG_REEL_MAX_MS, 'Instagram reels']
          : [FB_REEL_MIN_MS, FB_REEL_MAX_MS, 'Facebook reels'];
  if (d < min || d > maxMs)
    out.push(
      `${what} must be ${min ? `${secs(min)}–` : 'up to '}${secs(maxMs)} long; this one is ${Math.round(d / 100) / 10} s.`,
    );
  return out;
}

function scheduleProblems(native: boolean, at: number, now: number, add: (f: 'schedule', m: string) => void) {
  if (!Number.isFinite(at)) return add('schedule', 'Choose a date and time.');
  if (at <= now) return add('schedule', 'Choose a time in the future.');
  if (native) {
    if (at - now < FB_SCHEDULE_MIN_MS) add('schedule', 'Facebook schedules posts at least 10 minutes ahead.');
    else if (at - now > FB_SCHEDULE_MAX_MS)
      add('schedule', 'Facebook schedules posts at most 30 days ahead.');
  }
}

/**
 * Who publishes a scheduled target: Facebook (its native schedule) or Duet (its own schedule). Feed posts (text,
 * photos) always go to Facebook's schedule (the window is checked above). A Facebook reel is scheduled natively
 * (`video_state=SCHEDULED`) when `leadMs`, how far ahead it is, is inside the same window, else by Duet; without
 * `leadMs` the answer is whether Facebook must schedule it. Every Instagram post (Meta documents no native schedule
 * there) and Facebook stories: Duet.
 */
export function scheduleOwner(
  network: PublishNetwork,
  kind: PublishKind,
  leadMs?: number,
): 'network' | 'duet' {
  if (network !== 'facebook') return 'duet';
  if (kind === 'text' || kind === 'photo' || kind === 'photos') return 'network';
  if (
    kind === 'video' &&
    leadMs !== undefined &&
    leadMs >= FB_SCHEDULE_MIN_MS &&
    leadMs <= FB_SCHEDULE_MAX_MS
  )
    return 'network';
  return 'duet';
}
