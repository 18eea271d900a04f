// The one "missing permission" message every feature shows when Meta no longer lets Duet do something: it names the
// permission in words, offers Grant again (Facebook Login asks for just that one) and links to Privacy & data.
//   <MissingPermission feature="instagram-messages-reply" />      (renders nothing while the feature is allowed)
//   <MissingPermission feature="facebook-insights" refused="read_insights" />
//        (a permission Meta named when it refused a call: shown even when the session does not list it as declined,
//        e.g. a token that was never granted it)
//   <MissingPermission feature="messenger-reply" accountId={page} />
//        (also the Page's tasks: "needs the Messaging task on Cafe. Ask a Page admin…" — no Grant again, since
//        Facebook Login cannot give a task; Privacy & data lists the tasks per Page)
import {
  type FeatureId,
  needsSentence,
  type PageTask,
  tasksSentence,
} from '../../../../shared/permissions/features';
import { useCommandRegistry } from '../../app/commands/context';
import { useFeatureAccess, useGrantAgain } from './use-permissions';
import './privacy.css';

/** Shown in place of a feature's controls while one of its permissions is declined or expired, or a Page task lacks. */
export function MissingPermission(props: {
  feature: FeatureId;
  compact?: boolean;
  /** The permission Meta named when it refused one of this feature's calls. */
  refused?: string | undefined;
  /** The Page the feature acts on: the person's tasks there count too. */
  accountId?: string | undefined;
  /** Id of the notice's text, for the disabled controls it explains (aria-describedby). */
  id?: string | undefined;
}) {
  const { missing, tasks } = useFeatureAccess(props.feature, props.accountId);
  const { refused } = props;
  const all = refused && !missing.includes(refused) ? [...missing, refused] : missing;
  if (all.length > 0)
    return (
      <Notice
        feature={props.feature}
        compact={props.compact}
        missing={all}
        turnedOff={missing.length > 0}
        id={props.id}
      />
    );
  if (tasks)
    return (
      <TaskNotice
        feature={props.feature}
        compact={props.compact}
        page={tasks.page}
        needs={tasks.needs}
        id={props.id}
      />
    );
  return null;
}

/** A Page task the person lacks: only a Page admin can change that, so it says who, and links to Privacy & data. */
function TaskNotice(props: {
  feature: FeatureId;
  compact?: boolean | undefined;
  page: string;
  needs: PageTask[];
  id?: string | undefined;
}) {
  const registry = useCommandRegistry();
  return (
    <div
      className={`missing-permission is-task${props.compact ? ' compact' : ''}`}
      role="status"
      data-testid="missing-task"
    >
      <p id={props.id}>{tasksSentence(props.feature, props.needs, props.page)}</p>
      {registry && (
        <div className="missing-permission-actions">
          <button className="btn btn-sm btn-ghost" onClick={() => registry.run('app/privacy')}>
            Privacy &amp; data
          </button>
        </div>
      )}
    </div>
  );
}

function Notice(props: {
  feature: FeatureId;
  compact?: boolean | undefined;
  missing: string[];
  turnedOff: boolean;
  id?: string | undefined;
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
      <p id={props.id}>
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
