// What the comments views show when Meta refused for a permission: the shared missing-permission notice (names the
// permission in words, Grant again, Privacy & data) for the comments feature the refusal stopped; Meta's words alone
// when it named no permission.
import { MissingPermission } from '../privacy/MissingPermission';
import { commentsRefusal } from './permission';

/** The notice for one refusal `message` (Meta's or the host's words), on a post's network when known. */
export function RefusalNotice(props: { message: string; platform?: 'fb' | 'ig' }) {
  const { feature, permission } = commentsRefusal(props.message, props.platform);
  if (!permission)
    return (
      <p className="comments-notice" role="alert">
        {props.message}
      </p>
    );
  return (
    <div className="comments-permission">
      <MissingPermission feature={feature} refused={permission} />
    </div>
  );
}
