import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { makeConversationRow } from '../../test/inbox-fixtures';
import { createFakeBridge } from '../../test/fake-bridge';
import { ConversationList } from './ConversationList';

describe('ConversationList keyboard', () => {
  it('opens the last shown row on Enter when the list shrank under a stale active index (a filter applied)', () => {
    const rows = [1, 2, 3].map((i) => makeConversationRow(i, { updatedTime: 1000 - i }));
    const onOpen = vi.fn();
    render(
      <ConversationList
        conversations={rows}
        selectedId={undefined}
        activeIndex={99}
        onActiveIndex={() => {}}
        onOpen={onOpen}
        onEndReached={() => {}}
        bridge={createFakeBridge()}
        now={2000}
      />,
    );
    const list = screen.getByRole('listbox', { name: 'Conversations' });
    expect(list.getAttribute('aria-activedescendant')).toBe(`conv-${rows[2]!.id}`);
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith(rows[2]!.id);
  });
});
