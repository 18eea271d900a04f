// The header of a content column: network mark, title, sync progress / last synced, skipped items, collapse.
import { type ReactNode } from 'react';
import { type StaleReason, syncText } from './sync-text';
import { lastSyncedText } from './time';
import { CollapseIcon, ExpandIcon, InfoIcon } from './content-icons';
import { useNow } from './use-now';
import './column.css';

/** What the header says about a stream's sync. */
export interface ColumnSync {
  /** Items stored so far. */
  count: number;
  /** Backfill still running. */
  syncing: boolean;
  lastSyncedAt?: number | undefined;
  skipped: number;
  error?: string | undefined;
  /** Why what the column shows may be old (offline, Meta not answering, signed out): never "Synced" then. */
  stale?: StaleReason | undefined;
}

/** Column header with live sync text ("Syncing feed… 340 posts" / "Last synced 2 min ago"). */
export function ColumnHeader(props: {
  mark: ReactNode;
  title: string;
  subtitle?: string | undefined;
  sync: ColumnSync;
  /** Noun for progress, e.g. ['post', 'posts'] and the stream label ("feed"). */
  noun: [string, string];
  streamLabel: string;
  onCollapse?: (() => void) | undefined;
  expanded?: boolean | undefined;
  onExpand?: (() => void) | undefined;
  /** A button of the column's own (e.g. New post), before the collapse button. */
  action?: ReactNode;
  testId: string;
}) {
  const { mark, title, subtitle, sync, noun, streamLabel, onCollapse, expanded, onExpand, testId } = props;
  const now = useNow(30_000);
  const count = sync.count.toLocaleString();
  const progress = sync.syncing
    ? `Syncing ${streamLabel}… ${count} ${sync.count === 1 ? noun[0] : noun[1]}`
    : sync.stale
      ? syncText(sync.lastSyncedAt, sync.stale, now, title)
      : lastSyncedText(sync.lastSyncedAt, now);
  return (
    <header className="column-header">
      <div className="column-title">
        <span className="column-mark">{mark}</span>
        <div className="column-title-text">
          <h2>{title}</h2>
          {subtitle && <span className="column-subtitle">{subtitle}</span>}
        </div>
      </div>
      <div className="column-meta">
        <span
          className={`column-sync${sync.syncing ? ' is-syncing' : ''}`}
          role="status"
          data-testid={`${testId}-sync`}
          title={sync.lastSyncedAt ? new Date(sync.lastSyncedAt).toLocaleString() : undefined}
        >
          {sync.syncing && <span className="sync-dot" aria-hidden />}
          {progress}
        </span>
        {sync.skipped > 0 && (
          <span
            className="column-skipped"
            data-testid={`${testId}-skipped`}
            title="Items Meta sent in a shape Duet could not read"
          >
            <InfoIcon size={13} /> {sync.skipped} {sync.skipped === 1 ? 'item' : 'items'} skipped — details in
            Diagnostics
          </span>
        )}
        {sync.error && (
          <span className="column-error" role="alert" title={sync.error}>
            {sync.error}
          </span>
        )}
      </div>
      {props.action}
      {expanded && onExpand ? (
        <button
          className="icon-btn column-btn"
          onClick={onExpand}
          aria-label="Show both columns"
          title="Show both columns"
        >
          <ExpandIcon />
        </button>
      ) : onCollapse ? (
        <button
          className="icon-btn column-btn"
          onClick={onCollapse}
          aria-label={`Hide ${title}`}
          title={`Hide ${title}`}
        >
          <CollapseIcon />
        </button>
      ) : null}
    </header>
  );
}

/** Merges the engine's live status with the stored sync state (which survives reloads and offline starts). */
export function columnSyncOf(
  live: { itemCount: number; backfillDone: boolean; lastSyncedAt?: number; error?: string } | undefined,
  stored:
    | { itemCount: number; backfillDone: boolean; lastSyncedAt?: number; skipped: number; lastError?: string }
    | undefined,
  online: boolean,
  stale?: StaleReason,
): ColumnSync {
  const count = Math.max(live?.itemCount ?? 0, stored?.itemCount ?? 0);
  const done = Boolean(live?.backfillDone || stored?.backfillDone);
  const lastSyncedAt = Math.max(live?.lastSyncedAt ?? 0, stored?.lastSyncedAt ?? 0) || undefined;
  return {
    count,
    // Offline, a half-finished backfill is not "syncing": say when it last synced instead.
    syncing: !done && online && (live !== undefined || stored !== undefined),
    lastSyncedAt,
    skipped: stored?.skipped ?? 0,
    error: live?.error ?? stored?.lastError,
    stale,
  };
}
