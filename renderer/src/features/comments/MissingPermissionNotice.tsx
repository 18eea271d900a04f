// What the Comments view says when Meta refused for a missing permission: which one, and what it is for. One
// component, so the shared "Grant again" notice (from the permissions work) can replace it in one place.
import { missingPermissionOf } from '../../../../shared/graph/errors';
import { WarningIcon } from '../../ui/icons';

/** What each permission the comments need is for, in the user's words. */
const PURPOSE: Record<string, string> = {
  pages_read_user_content: 'read the comments people leave on your Page’s posts',
  pages_manage_engagement: 'reply to, hide, delete and like comments on your Page',
  instagram_manage_comments: 'reply to, hide and delete comments on your Instagram posts',
};

/** A notice naming the missing permission found in `message` (Meta's or the host's words). */
export function MissingPermissionNotice({ message }: { message: string }) {
  const permission = missingPermissionOf(message);
  return (
    <div className="comments-notice" role="alert" data-testid="missing-permission">
      <WarningIcon size={18} />
      <div>
        <p className="comments-notice-title">
          {permission ? (
            <>
              Duet is missing the <code>{permission}</code> permission
            </>
          ) : (
            'Duet is missing a permission'
          )}
        </p>
        <p>
          {permission && PURPOSE[permission]
            ? `Without it, Duet cannot ${PURPOSE[permission]}. `
            : 'Without it, Duet cannot show or answer these comments. '}
          Sign out and sign in again, and keep every permission selected when Facebook asks.
        </p>
      </div>
    </div>
  );
}
