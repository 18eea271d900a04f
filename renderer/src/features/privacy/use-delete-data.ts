// The "Delete stored data" flow of the Privacy & data panel: what the user picked, the preview of what goes (read
// from the store by data/wipe.ts, or the host's media cache), whether unsent work is included, and the result.
// Everything of an account includes its pictures and videos: the store's rows go first, then the host deletes the
// account's cached files (the store cannot reach them).
import { useCallback, useState } from 'react';
import { useApp } from '../../app/context';
import { messageOf } from '../../app/errors';
import { type DuetDb } from '../../data/db';
import { previewWipe, runWipe, type WipeKind, type WipeSummary } from '../../data/wipe';
import { bytesText } from '../../ui/bytes';

/** What can be picked: a kind of the store, or the host's cache of pictures and videos (this or every account). */
export type DeleteChoice = WipeKind | 'accountMediaCache' | 'mediaCache';

/** True for the choices that only delete files of the host's media cache (no rows of the store). */
export const isMediaCacheChoice = (c: DeleteChoice): c is 'accountMediaCache' | 'mediaCache' =>
  c === 'accountMediaCache' || c === 'mediaCache';

/** A date input's value (yyyy-mm-dd) as the start of that day on this computer's clock; undefined when unusable. */
export function startOfDay(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const date = new Date(y, mo, d);
  // 2026-02-31 would roll over to 3 March: not a day the user picked.
  if (date.getFullYear() !== y || date.getMonth() !== mo || date.getDate() !== d) return undefined;
  return date.getTime();
}

/** yyyy-mm-dd of a day `days` before today (the date input's default). */
export function dayInputValue(days: number, now = Date.now()): string {
  const d = new Date(now - days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export interface DeleteFlow {
  choice: DeleteChoice;
  setChoice(c: DeleteChoice): void;
  /** The messages' date (yyyy-mm-dd). */
  before: string;
  setBefore(v: string): void;
  /** True while the confirm step is shown. */
  reviewing: boolean;
  preview: WipeSummary | null;
  includeUnsent: boolean;
  setIncludeUnsent(v: boolean): void;
  busy: boolean;
  /** The last result or failure, for the panel's status line. */
  status: string | null;
  review(): void;
  cancel(): void;
  confirm(): Promise<void>;
}

/**
 * The flow. `onDeleted` runs after a delete (the panel recounts; the shell restarts sync so the streams whose data
 * went backfill again).
 */
export function useDeleteData(db: DuetDb | null, accountId: string, onDeleted: () => void): DeleteFlow {
  const { bridge } = useApp();
  const [choice, setChoice] = useState<DeleteChoice>('accountMediaCache');
  const [before, setBefore] = useState(() => dayInputValue(365));
  const [reviewing, setReviewing] = useState(false);
  const [preview, setPreview] = useState<WipeSummary | null>(null);
  const [includeUnsent, setInclude] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);

  const request = useCallback(
    (kind: WipeKind, include: boolean) => ({
      accountId,
      kind,
      includeUnsent: include,
      ...(kind === 'messages' ? { before: startOfDay(before) } : {}),
    }),
    [accountId, before],
  );

  const load = useCallback(
    (include: boolean) => {
      setPreview(null);
      if (!db || isMediaCacheChoice(choice)) return;
      previewWipe(db, request(choice, include)).then(setPreview, (e: unknown) => {
        setReviewing(false);
        setStatus(messageOf(e));
      });
    },
    [db, choice, request],
  );

  return {
    choice,
    setChoice,
    before,
    setBefore,
    reviewing,
    preview,
    includeUnsent,
    busy,
    status,
    setIncludeUnsent(v) {
      setInclude(v);
      load(v);
    },
    review() {
      setStatus(null);
      setInclude(false);
      setReviewing(true);
      load(false);
    },
    cancel: () => setReviewing(false),
    async confirm() {
      setBusy(true);
      try {
        if (isMediaCacheChoice(choice)) {
          const r = await bridge.invoke('media/clear-cache', choice === 'mediaCache' ? {} : { accountId });
          setStatus(`Deleted ${bytesText(r.freedBytes)} of pictures and videos.`);
        } else if (db) {
          const r = await runWipe(db, request(choice, includeUnsent));
          const rows = `Deleted ${r.count.toLocaleString()} ${r.count === 1 ? 'item' : 'items'} (${bytesText(r.bytes)})`;
          // The rows are gone whatever the host answers: a failure here must still reach onDeleted (recount, resync).
          const pictures =
            choice !== 'account'
              ? '.'
              : await bridge.invoke('media/clear-cache', { accountId }).then(
                  (c) => ` and ${bytesText(c.freedBytes)} of pictures and videos.`,
                  (e: unknown) => `, but not the pictures and videos: ${messageOf(e)}`,
                );
          setStatus(rows + pictures);
        }
        onDeleted();
      } catch (e) {
        setStatus(messageOf(e));
      } finally {
        setBusy(false);
        setReviewing(false);
      }
    },
  };
}
