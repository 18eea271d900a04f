// Says which permission Meta refused insights for, and how to grant it. The one place the dashboard explains a
// missing permission (a shared notice with a "Grant again" button can replace it).
import { WarningIcon } from '../../ui/icons';

const WHAT: Record<string, string> = {
  read_insights: 'the Page’s numbers',
  instagram_manage_insights: 'the Instagram account’s numbers',
};

/** The notice for one missing permission. */
export function MissingPermissionNotice({ permission }: { permission: string }) {
  return (
    <div className="insights-notice" role="status" data-testid="missing-permission">
      <WarningIcon size={18} />
      <p>
        Duet can’t read {WHAT[permission] ?? 'these numbers'}: Facebook did not grant the “{permission}”
        permission. Sign out and sign in again, and allow it when Facebook asks.
      </p>
    </div>
  );
}
