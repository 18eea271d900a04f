// Which comments feature a refusal belongs to, so the shared missing-permission notice (features/privacy) names the
// right feature and permission: the permission Meta named in its message, on the post's network when known.
import { missingPermissionOf } from '../../../../shared/graph/errors';
import { FEATURES, type FeatureId } from '../../../../shared/permissions/features';

const COMMENT_FEATURES = [
  'facebook-comments-read',
  'facebook-comments-moderate',
  'instagram-comments',
] as const satisfies readonly FeatureId[];

/** The comments feature Meta's refusal `message` stopped, and the permission it named (if it named one). */
export function commentsRefusal(
  message: string,
  platform?: 'fb' | 'ig',
): { feature: FeatureId; permission: string | undefined } {
  const permission = missingPermissionOf(message);
  const network = platform === 'fb' ? 'facebook' : platform === 'ig' ? 'instagram' : undefined;
  const pool = COMMENT_FEATURES.filter((id) => !network || FEATURES[id].network === network);
  const feature =
    pool.find((id) => permission !== undefined && FEATURES[id].permissions.includes(permission)) ?? pool[0]!;
  return { feature, permission };
}
