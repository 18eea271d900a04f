// The delete confirmation says what the wipe cannot undo: unsent work included in the delete that is already on its
// way to Meta may still appear, and a post scheduled on Facebook is published by Facebook whatever Duet deletes.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type WipeSummary } from '../../data/wipe';
import { DeleteConfirm } from './DeleteData';
import { type DeleteFlow } from './use-delete-data';

afterEach(cleanup);

const summary = (over: Partial<WipeSummary> = {}): WipeSummary => ({
  lines: [{ kind: 'messages', label: 'Messages', count: 12, bytes: 4096 }],
  count: 12,
  bytes: 4096,
  unsentReplies: 2,
  unsentPosts: 1,
  unsentCommentActions: 0,
  onTheirWay: 1,
  scheduledOnFacebook: 1,
  resets: 'all',
  ...over,
});

function flowOf(preview: WipeSummary, includeUnsent: boolean): DeleteFlow {
  return {
    choice: 'account',
    setChoice: vi.fn(),
    before: '2026-01-01',
    setBefore: vi.fn(),
    reviewing: true,
    preview,
    includeUnsent,
    setIncludeUnsent: vi.fn(),
    busy: false,
    status: null,
    review: vi.fn(),
    cancel: vi.fn(),
    confirm: vi.fn(async () => {}),
  };
}

describe('the delete confirmation', () => {
  it('warns that included work already on its way may still appear, and that Facebook publishes its scheduled posts', () => {
    const flow = flowOf(summary(), true);
    render(<DeleteConfirm flow={flow} inventory={null} />);
    expect(screen.getByTestId('delete-on-their-way').textContent).toMatch(
      /1 of them is already on its way.*cannot call it back, so it may still appear on Facebook or Instagram/,
    );
    expect(screen.getByTestId('delete-scheduled-on-facebook').textContent).toMatch(
      /1 post is scheduled on Facebook, which publishes it at its time/,
    );
    expect(screen.getByText(/They will be deleted and never sent/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Delete 12 items', hidden: true }));
    expect(flow.confirm).toHaveBeenCalledOnce();
  });

  it('says nothing of it while that work is kept, and uses the plural for several', () => {
    render(<DeleteConfirm flow={flowOf(summary(), false)} inventory={null} />);
    expect(screen.queryByTestId('delete-on-their-way')).toBeNull();
    expect(screen.queryByTestId('delete-scheduled-on-facebook')).toBeNull();
    cleanup();
    render(
      <DeleteConfirm
        flow={flowOf(summary({ onTheirWay: 3, scheduledOnFacebook: 0 }), true)}
        inventory={null}
      />,
    );
    expect(screen.getByTestId('delete-on-their-way').textContent).toMatch(
      /3 of them are already on their way/,
    );
    expect(screen.queryByTestId('delete-scheduled-on-facebook')).toBeNull();
  });
});
