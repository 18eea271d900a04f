import { describe, expect, it } from 'vitest';
import { DUET_PERMISSIONS } from '../graph/permissions';
import { missingPermissionOf } from '../graph/errors';
import {
  FEATURE_IDS,
  FEATURES,
  featuresNeeding,
  isAllowed,
  isFeatureId,
  missingFor,
  needsSentence,
  PAGE_TASKS,
  refusedPermission,
  tasksSentence,
} from './features';

describe('the feature → permission map', () => {
  it('the sign-in scope list is exactly the permissions the features need, each once', () => {
    const needed = new Set(FEATURE_IDS.flatMap((id) => FEATURES[id].permissions));
    expect(new Set(DUET_PERMISSIONS)).toEqual(needed);
    expect(DUET_PERMISSIONS.length).toBe(needed.size);
  });

  it('every entry names real permissions, known tasks, route patterns and a Meta page', () => {
    for (const id of FEATURE_IDS) {
      const f = FEATURES[id];
      expect(f.permissions.length, id).toBeGreaterThan(0);
      // The error classifier must recognise each name inside Meta's error messages.
      for (const p of f.permissions) expect(missingPermissionOf(`requires the ${p} permission`), id).toBe(p);
      for (const t of f.tasks) expect(PAGE_TASKS, id).toContain(t);
      for (const e of f.endpoints) expect(e, id).toMatch(/^(GET|POST|DELETE|\*) \/[a-z_{}/]+$/);
      expect(f.source, id).toMatch(/^https:\/\/developers\.facebook\.com\//);
    }
  });

  it('revoking instagram_manage_messages stops Instagram replies but not Messenger', () => {
    const stopped = featuresNeeding('instagram_manage_messages');
    expect(stopped).toContain('instagram-messages-reply');
    expect(stopped).not.toContain('messenger-reply');
    const granted = DUET_PERMISSIONS.filter((p) => p !== 'instagram_manage_messages');
    expect(isAllowed('messenger-reply', granted)).toBe(true);
    expect(missingFor('instagram-messages-reply', granted)).toEqual(['instagram_manage_messages']);
  });

  it('revoking pages_manage_posts stops Instagram photo publishing too: its image is an unpublished Page photo', () => {
    expect(featuresNeeding('pages_manage_posts')).toEqual(['facebook-publish', 'instagram-publish']);
    expect(FEATURES['instagram-publish'].endpoints).toContain('POST /{page}/photos');
  });

  it('the features Duet offers now are not marked as coming later', () => {
    for (const id of [
      'facebook-publish',
      'instagram-publish',
      'facebook-comments-read',
      'facebook-comments-moderate',
      'instagram-comments',
      'facebook-private-replies',
      'instagram-private-replies',
    ] as const)
      expect(FEATURES[id].coming, id).toBeFalsy();
    for (const id of ['facebook-insights', 'instagram-insights'] as const)
      expect(FEATURES[id].coming, id).toBeFalsy();
  });

  it('says in words what a feature needs', () => {
    expect(needsSentence('instagram-messages-reply', ['instagram_manage_messages'])).toBe(
      'Reply to Instagram messages needs instagram_manage_messages.',
    );
    expect(needsSentence('facebook-insights')).toBe(
      'See Page insights needs read_insights and pages_read_engagement.',
    );
    expect(isFeatureId('messenger-read')).toBe(true);
    expect(isFeatureId('__proto__')).toBe(false);
  });
});

describe('refusals and Page tasks in words', () => {
  it('a refusal counts for a feature only when it names one of that feature’s permissions', () => {
    const words =
      'Duet is missing the “pages_read_engagement” permission for this. Sign in again and grant it.';
    expect(refusedPermission('facebook-feed', words)).toBe('pages_read_engagement');
    expect(refusedPermission('instagram-messages-read', words)).toBeUndefined();
    expect(refusedPermission('facebook-feed', 'Please confirm your email first.')).toBeUndefined();
    expect(refusedPermission('facebook-feed', undefined)).toBeUndefined();
  });

  it('names the Page and every task that would do, and who can give one', () => {
    expect(tasksSentence('messenger-reply', ['MESSAGING'], 'Cafe')).toBe(
      'Reply to Messenger messages needs the Messaging task on Cafe. Ask a Page admin in Meta Business Suite to give it to you.',
    );
    expect(tasksSentence('instagram-publish', ['CREATE_CONTENT', 'MANAGE'], 'Cafe')).toContain(
      'needs the Create content or Manage task on Cafe.',
    );
    expect(tasksSentence('messenger-reply', ['MESSAGING'], 'Rivera Candle Co.')).toContain(
      'on Rivera Candle Co. Ask a Page admin',
    );
  });
});
