import { describe, expect, it } from 'vitest';
import {
  captionLength,
  checkTarget,
  countTags,
  fbVideoAsFor,
  scheduleOwner,
  type RuleDraft,
  type RuleMedia,
} from './rules';

const now = 1_800_000_000_000;
const jpeg = (w = 1080, h = 1080, bytes = 500_000): RuleMedia => ({
  kind: 'image',
  mime: 'image/jpeg',
  bytes,
  width: w,
  height: h,
});
const video = (durationMs: number, bytes = 5_000_000): RuleMedia => ({
  kind: 'video',
  mime: 'video/mp4',
  bytes,
  durationMs,
});
const draft = (d: Partial<RuleDraft>): RuleDraft => ({
  kind: 'photo',
  caption: 'Hello',
  media: [jpeg()],
  ...d,
});
const messages = (network: 'facebook' | 'instagram', d: Partial<RuleDraft>, ctx = {}) =>
  checkTarget(network, draft(d), { now, ...ctx }).map((p) => `${p.field}: ${p.message}`);

describe('publishing rules', () => {
  it('accepts an ordinary photo on both networks', () => {
    expect(messages('facebook', {})).toEqual([]);
    expect(messages('instagram', {})).toEqual([]);
  });

  it('counts Instagram caption characters by code point (an emoji is one, a modifier another)', () => {
    // Not UTF-16 units (which would count each emoji twice): 👍, the skin tone and "a".
    expect(captionLength('👍🏽a')).toBe(3);
    const ok = '😀'.repeat(2200);
    expect(messages('instagram', { caption: ok })).toEqual([]);
    expect(messages('instagram', { caption: ok + 'x' })).toEqual([
      'caption: Instagram captions can have 2,200 characters; this one has 2,201.',
    ]);
    // Facebook takes far longer text.
    expect(messages('facebook', { caption: ok + 'x' })).toEqual([]);
  });

  it('counts hashtags and mentions the way Instagram does, not every # or @', () => {
    expect(countTags('#a #b c#d e@f.com @g.h (@i) &#39; #')).toEqual({ hashtags: 2, mentions: 2 });
    const tags = Array.from({ length: 31 }, (_, i) => `#t${i}`).join(' ');
    expect(messages('instagram', { caption: tags })).toEqual([
      'caption: Instagram allows 30 hashtags; this caption has 31.',
    ]);
    const at = Array.from({ length: 21 }, (_, i) => `@u${i}`).join(' ');
    expect(messages('instagram', { caption: at })).toEqual([
      'caption: Instagram allows 20 @mentions; this caption has 21.',
    ]);
  });

  it('keeps text posts to Facebook and needs something in them', () => {
    expect(messages('instagram', { kind: 'text', media: [] })[0]).toMatch(
      /^type: Instagram needs a photo or a video/,
    );
    expect(messages('facebook', { kind: 'text', media: [], caption: ' ' })).toEqual([
      'caption: Write something or add a link.',
    ]);
    expect(
      messages('facebook', { kind: 'text', media: [], caption: '', link: 'https://example.org/a' }),
    ).toEqual([]);
    expect(messages('facebook', { kind: 'text', media: [], link: 'javascript:alert(1)' })).toEqual([
      'link: The link must be a web address starting with http:// or https://.',
    ]);
  });

  it('bounds a carousel to 2–10 items and keeps videos out of Facebook multi-photo posts', () => {
    expect(messages('instagram', { kind: 'photos', media: [jpeg()] })).toEqual([
      'media: Instagram takes 2–10 items in one post; this one has 1.',
    ]);
    expect(messages('instagram', { kind: 'photos', media: Array(11).fill(jpeg()) })[0]).toMatch(
      /this one has 11/,
    );
    expect(messages('instagram', { kind: 'photos', media: [jpeg(), video(30_000)] })).toEqual([]);
    expect(messages('instagram', { kind: 'photos', media: [jpeg(), video(61_000)] })).toEqual([
      'media: Item 2: Videos in a carousel must be up to 60 s long; this one is 61 s.',
    ]);
    expect(messages('facebook', { kind: 'photos', media: [jpeg(), video(30_000)] })).toEqual([
      'media: Facebook multi-photo posts take photos only; post the video on its own.',
    ]);
  });

  it('checks Instagram aspect ratios (4:5 to 1.91:1), formats and sizes', () => {
    expect(messages('instagram', { media: [jpeg(1080, 1350)] })).toEqual([]);
    expect(messages('instagram', { media: [jpeg(1080, 1351)] })).toEqual([]); // within rounding
    expect(messages('instagram', { media: [jpeg(1080, 1920)] })).toEqual([
      'media: Instagram feed photos must be between 4:5 (portrait) and 1.91:1 (landscape); this one is 1080×1920.',
    ]);
    // Stories are 9:16: no feed ratio rule.
    expect(messages('instagram', { kind: 'story', media: [jpeg(1080, 1920)] })).toEqual([]);
    expect(messages('instagram', { media: [{ ...jpeg(), mime: 'image/png' }] })).toEqual([
      'media: Instagram takes JPEG photos only; save this one as JPEG.',
    ]);
    expect(messages('facebook', { media: [jpeg(1080, 1080, 5 * 1024 * 1024)] })).toEqual([
      'media: Facebook takes photos smaller than 4 MB; this one is 5 MB.',
    ]);
  });

  // The host refuses these when the post is sent (shared/publish-limits.ts, electron/services/gateway/
  // publish-uploads.ts): the composer must say so first, next to the files.
  it('refuses before sending what the host would refuse at upload: size, format, empty files', () => {
    const MB = 1024 * 1024;
    // Instagram gets its images through an unpublished Facebook Page photo, so Facebook's "less than 4 MB" holds.
    expect(messages('instagram', { media: [jpeg(1080, 1080, 5 * MB)] })).toEqual([
      'media: Instagram takes photos smaller than 4 MB through Duet; this one is 5 MB.',
    ]);
    // Exactly 4 MB is not "less than 4 MB".
    expect(messages('facebook', { media: [jpeg(1080, 1080, 4 * MB)] })).toEqual([
      'media: Facebook takes photos smaller than 4 MB; this one is 4 MB.',
    ]);
    expect(messages('facebook', { media: [jpeg(1080, 1080, 4 * MB - 1)] })).toEqual([]);
    // The host sniffs JPEG, PNG, MP4 and MOV only.
    expect(messages('facebook', { media: [{ ...jpeg(), mime: 'image/webp' }] })).toEqual([
      'media: Duet sends photos as JPEG or PNG; save this one as JPEG.',
    ]);
    expect(messages('facebook', { media: [{ ...jpeg(), mime: 'image/png' }] })).toEqual([]);
    expect(
      messages('facebook', { kind: 'video', media: [{ ...video(10_000), mime: 'video/webm' }] }),
    ).toEqual(['media: Duet sends videos as MP4 or MOV; save this one as MP4.']);
    expect(messages('facebook', { media: [jpeg(1080, 1080, 0)] })).toEqual([
      'media: This file is empty; choose another.',
    ]);
  });

  it('applies reel and story lengths', () => {
    expect(messages('instagram', { kind: 'video', media: [video(2_000)] })).toEqual([
      'media: Instagram reels must be 3 s–15 min long; this one is 2 s.',
    ]);
    expect(messages('instagram', { kind: 'video', media: [video(90_000)] })).toEqual([]);
    expect(messages('instagram', { kind: 'story', media: [video(61_000)] })).toEqual([
      'media: Story videos must be up to 60 s long; this one is 61 s.',
    ]);
    expect(messages('instagram', { kind: 'video', media: [jpeg()] })).toEqual([
      'media: This is a photo: choose “Photo”.',
    ]);
  });

  it('refuses Instagram stories for Creator accounts, with the reason', () => {
    expect(messages('instagram', { kind: 'story' }, { igAccountType: 'MEDIA_CREATOR' })).toEqual([
      'type: Instagram publishes stories through Duet for Business accounts only; this is a Creator account.',
    ]);
    expect(messages('instagram', { kind: 'story' }, { igAccountType: 'BUSINESS' })).toEqual([]);
  });

  it('enforces Facebook’s schedule window of 10 minutes to 30 days, and only the future for Instagram', () => {
    const min = 60_000;
    expect(messages('facebook', { scheduleAt: now + 9 * min })).toEqual([
      'schedule: Facebook schedules posts at least 10 minutes ahead.',
    ]);
    expect(messages('facebook', { scheduleAt: now + 10 * min })).toEqual([]);
    expect(messages('facebook', { scheduleAt: now + 30 * 24 * 60 * min })).toEqual([]);
    expect(messages('facebook', { scheduleAt: now + 30 * 24 * 60 * min + 1 })).toEqual([
      'schedule: Facebook schedules posts at most 30 days ahead.',
    ]);
    expect(messages('instagram', { scheduleAt: now + 2 * min })).toEqual([]);
    expect(messages('instagram', { scheduleAt: now - 1 })).toEqual([
      'schedule: Choose a time in the future.',
    ]);
    expect(messages('instagram', { scheduleAt: Number.NaN })).toEqual(['schedule: Choose a date and time.']);
  });

  it('refuses early when the Instagram quota the host read is used up (no number of its own)', () => {
    expect(messages('instagram', {}, { igQuota: { usage: 25, total: 25 } })).toEqual([
      'type: Instagram allows 25 posts in 24 hours and this account has used them all. Try again later.',
    ]);
    expect(messages('instagram', {}, { igQuota: { usage: 49, total: 50 } })).toEqual([]);
  });

  it('refuses a post that would pass the 400 containers a day, counting every carousel item and the carousel', () => {
    expect(messages('instagram', {}, { igContainers: 399 })).toEqual([]);
    expect(messages('instagram', {}, { igContainers: 400 })).toEqual([
      'type: Instagram allows 400 media containers in 24 hours; Duet has made 400 for this account and this post needs 1. Try again later.',
    ]);
    // Three items and the carousel: four containers, one too many at 397.
    const carousel = { kind: 'photos' as const, media: [jpeg(), jpeg(), jpeg()] };
    expect(messages('instagram', carousel, { igContainers: 396 })).toEqual([]);
    expect(messages('instagram', carousel, { igContainers: 397 })[0]).toMatch(
      /Duet has made 397 for this account and this post needs 4\./,
    );
    // Facebook makes no Instagram containers.
    expect(messages('facebook', {}, { igContainers: 400 })).toEqual([]);
  });

  it('refuses a Facebook reel once 30 went out in 24 hours, and nothing else on Facebook', () => {
    const reel = { kind: 'video' as const, media: [video(30_000)] };
    expect(messages('facebook', reel, { fbReels: 29 })).toEqual([]);
    expect(messages('facebook', reel, { fbReels: 30 })).toEqual([
      'type: Facebook allows 30 reels a day per Page from apps; Duet has published 30 in the last 24 hours. Try again later.',
    ]);
    expect(messages('facebook', {}, { fbReels: 30 })).toEqual([]);
    expect(messages('instagram', reel, { fbReels: 30 })).toEqual([]);
  });
});

describe('a video on Facebook: plain video or reel', () => {
  it('defaults to a reel for 3–90 s and to a plain video otherwise; the choice made wins', () => {
    expect(fbVideoAsFor(undefined, [video(30_000)])).toBe('reel');
    expect(fbVideoAsFor(undefined, [video(90_000)])).toBe('reel');
    expect(fbVideoAsFor(undefined, [video(91_000)])).toBe('video');
    expect(fbVideoAsFor(undefined, [video(2_000)])).toBe('video');
    expect(fbVideoAsFor('video', [video(30_000)])).toBe('video');
    expect(fbVideoAsFor('reel', [video(10 * 60_000)])).toBe('reel');
  });

  it('checks each choice by its own limits: a reel is 3–90 s, a plain video has no length rule', () => {
    const long = { kind: 'video' as const, media: [video(10 * 60_000)] };
    expect(messages('facebook', long)).toEqual([]);
    expect(messages('facebook', { ...long, fbVideoAs: 'video' })).toEqual([]);
    expect(messages('facebook', { ...long, fbVideoAs: 'reel' })).toEqual([
      'media: Facebook reels must be 3 s–90 s long; this one is 600 s.',
    ]);
    // Instagram still takes it as a reel of at most 15 min, whatever Facebook's choice.
    expect(messages('instagram', { ...long, fbVideoAs: 'video' })).toEqual([]);
    expect(messages('instagram', { kind: 'video', media: [video(16 * 60_000)], fbVideoAs: 'video' })).toEqual(
      ['media: Instagram reels must be 3 s–15 min long; this one is 960 s.'],
    );
  });
});

describe('who publishes a scheduled post', () => {
  it('lets Facebook schedule feed posts natively and leaves reels, stories and Instagram to Duet', () => {
    expect(scheduleOwner('facebook', 'photo')).toBe('network');
    expect(scheduleOwner('facebook', 'text')).toBe('network');
    expect(scheduleOwner('facebook', 'video')).toBe('duet');
    expect(scheduleOwner('facebook', 'story')).toBe('duet');
    expect(scheduleOwner('instagram', 'photo')).toBe('duet');
    // Duet's own schedule has no 10-minute floor: a Facebook reel five minutes ahead is fine.
    const at = now + 5 * 60_000;
    expect(messages('facebook', { kind: 'video', media: [video(30_000)], scheduleAt: at })).toEqual([]);
    expect(messages('facebook', { kind: 'video', media: [video(91_000)], fbVideoAs: 'reel' })).toEqual([
      'media: Facebook reels must be 3 s–90 s long; this one is 91 s.',
    ]);
  });

  it('lets Facebook schedule a reel natively inside its 10 min–30 days window, and Duet outside it', () => {
    const min = 60_000;
    expect(scheduleOwner('facebook', 'video', 9 * min)).toBe('duet');
    expect(scheduleOwner('facebook', 'video', 10 * min)).toBe('network');
    expect(scheduleOwner('facebook', 'video', 30 * 24 * 60 * min)).toBe('network');
    expect(scheduleOwner('facebook', 'video', 30 * 24 * 60 * min + 1)).toBe('duet');
    expect(scheduleOwner('facebook', 'story', 60 * min)).toBe('duet');
    expect(scheduleOwner('instagram', 'video', 60 * min)).toBe('duet');
    // Either way a reel 40 days ahead is fine: Duet publishes it then.
    expect(
      messages('facebook', { kind: 'video', media: [video(30_000)], scheduleAt: now + 40 * 24 * 60 * min }),
    ).toEqual([]);
  });
});
