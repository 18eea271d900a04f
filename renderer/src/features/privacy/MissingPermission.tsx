// The one "missing permission" message every feature shows when Meta no longer lets Duet do something: it names the
// permission in words, offers Grant again (Facebook Login asks for just that one) and links to Privacy & data.
//   <MissingPermission feature="instagram-messages-reply" />      (renders nothing while the feature is allowed)
//   <MissingPermission feature="facebook-insights" refused="read_insights" />
//        (a permission Meta named when it refused a call: shown even when the session does not list it as declined,
//        e.g. a token that was never granted it)
import { type FeatureId, needsSentence } from '../../../../shared/permissions/features';
import { useCommandRegistry } from '../../app/commands/context';
import { useFeatureAccess, useGrantAgain } from './use-permissions';
import './privacy.css';

/** Shown in place of a feature's controls while one of its permissions is declined or expired. */
export function MissingPermission(props: {
  feature: FeatureId;
  compact?: boolean;
  /** The permission Meta named when it refused one of this feature's calls. */
  refused?: string | undefined;
}) {
  const { allowed, missing } = useFeatureAccess(props.feature);
  const { refused } = props;
  const all = refused && !missing.includes(refused) ? [...missing, refused] : missing;
  if (all.length === 0) return null;
  return <Notice feature={props.feature} compact={props.compact} missing={all} turnedOff={!allowed} />;
}

function Notice(props: {
  feature: FeatureId;
  compact?: boolean | undefined;
  missing: string[];
  turnedOff: boolean;
}) {
  const { missing } = props;
  const { grantAgain, busy, message } = useGrantAgain();
  const registry = useCommandRegistry();
  return (
    <div
      className={`missing-permission${props.compact ? ' compact' : ''}`}
      role="status"
      data-testid="missing-permission"
    >
      <p>
        <strong>{needsSentence(props.feature, missing)}</strong>{' '}
        {props.turnedOff
          ? 'You turned it off for Duet on Facebook, so Duet can’t do this until you allow it again.'
          : 'Facebook has not given it to Duet, so Duet can’t do this until you allow it.'}
      </p>
      <div className="missing-permission-actions">
        <button
          className="btn btn-sm btn-primary"
          disabled={busy}
          onClick={() => void grantAgain(missing[0]!)}
        >
          {busy ? 'Waiting for Facebook…' : 'Grant again'}
        </button>
        {registry && (
          <button className="btn btn-sm btn-ghost" onClick={() => registry.run('app/privacy')}>
            Privacy &amp; data
          </button>
        )}
      </div>
      {message && (
        <p className="missing-permission-error" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}
