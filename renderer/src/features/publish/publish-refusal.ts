// Whether a failed target was refused for a permission of its network's publishing feature, so the Posts view shows
// the shared missing-permission notice (Grant again) beside Meta's reason. Only a permission that feature needs
// counts: a reason that merely mentions a word like "email" is not a permission refusal.
import { type FeatureId, refusedPermission } from '../../../../shared/permissions/features';
import { type PublishTargetRow } from '../../data/db';

const FEATURE_OF: Record<PublishTargetRow['network'], FeatureId> = {
  facebook: 'facebook-publish',
  instagram: 'instagram-publish',
};

/** The feature and permission a failed target's reason names, or undefined. */
export function publishRefusal(
  t: Pick<PublishTargetRow, 'network' | 'state' | 'error'>,
): { feature: FeatureId; permission: string } | undefined {
  if (t.state !== 'failed' || !t.error) return undefined;
  const feature = FEATURE_OF[t.network];
  const permission = refusedPermission(feature, t.error);
  return permission ? { feature, permission } : undefined;
}
