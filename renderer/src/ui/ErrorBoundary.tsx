// One reusable error boundary for every view: a view that throws while rendering (a bad cached row, a bug) shows a
// small panel in its own place instead of blanking the whole window, and the rest of the app keeps working.
import { Component, createContext, type ErrorInfo, type ReactNode } from 'react';
import { WarningIcon } from './icons';

/** What a boundary can offer besides "Try again": the shell provides "Rebuild cache" (keeps unsent replies). */
export const RecoveryContext = createContext<{ rebuildCache?: (() => Promise<void>) | undefined }>({});

interface Props {
  /** The part of Duet this boundary guards, in the user's words ("The Facebook feed", "This conversation"). */
  label: string;
  children: ReactNode;
  /** A boundary in a small place (a row, the composer) shows a one-line panel. */
  compact?: boolean | undefined;
}

interface State {
  error: Error | null;
  rebuilding: boolean;
  rebuildFailed: string | null;
}

/** Catches render errors of its children and offers "Try again" and "Rebuild cache". */
export class ErrorBoundary extends Component<Props, State> {
  static override contextType = RecoveryContext;
  declare context: React.ContextType<typeof RecoveryContext>;
  override state: State = { error: null, rebuilding: false, rebuildFailed: null };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Kept for Diagnostics / the developer console; the user sees the panel.
    console.error(`[duet] ${this.props.label} failed to render`, error, info.componentStack);
  }

  private retry = () => this.setState({ error: null, rebuildFailed: null });

  private rebuild = async () => {
    const rebuildCache = this.context.rebuildCache;
    if (!rebuildCache) return;
    this.setState({ rebuilding: true, rebuildFailed: null });
    try {
      await rebuildCache();
      this.setState({ error: null, rebuilding: false });
    } catch (e) {
      this.setState({
        rebuilding: false,
        rebuildFailed: `The cache could not be rebuilt (${e instanceof Error ? e.message : String(e)}). Reload Duet and try again.`,
      });
    }
  };

  override render(): ReactNode {
    const { error, rebuilding, rebuildFailed } = this.state;
    if (!error) return this.props.children;
    const canRebuild = Boolean(this.context.rebuildCache);
    return (
      <div
        className={`error-boundary${this.props.compact ? ' is-compact' : ''}`}
        role="alert"
        data-testid="error-boundary"
      >
        <WarningIcon size={20} />
        <div className="error-boundary-text">
          <strong>This part of Duet hit a problem.</strong>{' '}
          <span>
            {this.props.label} could not be shown. The rest of Duet still works.{' '}
            {canRebuild &&
              'If this keeps happening, rebuild the cache: Duet downloads your posts and messages again and keeps replies that are not sent yet.'}
          </span>
          {rebuildFailed && <span className="error-boundary-failed">{rebuildFailed}</span>}
        </div>
        <div className="error-boundary-actions">
          <button className="btn btn-sm" onClick={this.retry} disabled={rebuilding}>
            Try again
          </button>
          {canRebuild && (
            <button
              className="btn btn-sm btn-primary"
              onClick={() => void this.rebuild()}
              disabled={rebuilding}
            >
              {rebuilding ? 'Rebuilding…' : 'Rebuild cache'}
            </button>
          )}
        </div>
      </div>
    );
  }
}
