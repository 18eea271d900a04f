import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeConversationRow } from '../../test/inbox-fixtures';
import { type ConversationRow } from '../../data/db';
import { NewMessageAnnouncer } from './NewMessageAnnouncer';

const T = Date.UTC(2026, 11, 1, 11, 0);
const row = (n: number, at: number, opts: Partial<ConversationRow> = {}) =>
  makeConversationRow(n, { updatedTime: at, lastCustomerMessageAt: at, snippet: `hello ${n}`, ...opts });

afterEach(cleanup);

describe('NewMessageAnnouncer', () => {
  it('says nothing for what was already there, then once for each new inbound message', () => {
    const first = [row(1, T), row(2, T - 60_000)];
    const view = render(<NewMessageAnnouncer conversations={first} />);
    const region = screen.getByRole('status');
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.textContent).toBe('');

    // A poll that found nothing new (the same rows, as fresh objects) changes nothing.
    view.rerender(<NewMessageAnnouncer conversations={first.map((r) => ({ ...r }))} />);
    expect(region.textContent).toBe('');

    // A new message in conversation 2.
    const second = [row(2, T + 60_000, { snippet: 'Is the shop open?' }), row(1, T)];
    view.rerender(<NewMessageAnnouncer conversations={second} />);
    const said = region.textContent;
    expect(said).toContain(second[0]!.customer.name);
    expect(said).toContain('Is the shop open?');

    // The next polls bring nothing new: the region keeps its text (a screen reader says it once).
    view.rerender(<NewMessageAnnouncer conversations={second.map((r) => ({ ...r }))} />);
    view.rerender(<NewMessageAnnouncer conversations={[...second]} />);
    expect(region.textContent).toBe(said);

    // A reply from the Page moves the conversation but is not an inbound message.
    view.rerender(
      <NewMessageAnnouncer conversations={[{ ...second[0]!, updatedTime: T + 120_000 }, second[1]!]} />,
    );
    expect(region.textContent).toBe(said);

    // Another message from the same person with the same words is still announced anew.
    view.rerender(
      <NewMessageAnnouncer
        conversations={[row(2, T + 180_000, { snippet: 'Is the shop open?' }), row(1, T)]}
      />,
    );
    expect(region.textContent).not.toBe(said);
    expect(region.textContent).toContain('Is the shop open?');
  });

  it('does not read out the whole inbox when the first conversations arrive after sign-in', () => {
    const view = render(<NewMessageAnnouncer conversations={undefined} />);
    view.rerender(<NewMessageAnnouncer conversations={[]} />);
    view.rerender(<NewMessageAnnouncer conversations={[row(1, T), row(2, T - 1000)]} />);
    expect(screen.getByRole('status').textContent).toBe('');
    // Older conversations from the rest of the first sync are not new messages either.
    view.rerender(
      <NewMessageAnnouncer conversations={[row(1, T), row(2, T - 1000), row(3, T - 86_400_000)]} />,
    );
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('names every conversation when two new messages arrive in one poll', () => {
    const view = render(<NewMessageAnnouncer conversations={[row(1, T), row(2, T - 1000)]} />);
    const next = [row(1, T + 1000, { snippet: 'one' }), row(2, T + 2000, { snippet: 'two' })];
    view.rerender(<NewMessageAnnouncer conversations={next} />);
    const text = screen.getByRole('status').textContent ?? '';
    expect(text).toContain(`${next[0]!.customer.name}: one`);
    expect(text).toContain(`${next[1]!.customer.name}: two`);
  });

  it('names an Instagram customer who has only a user name by it, never "undefined"', () => {
    const first = [row(1, T)];
    const view = render(<NewMessageAnnouncer conversations={first} />);
    const ig = row(2, T + 60_000, { snippet: 'Hallo!', customer: { id: 'igsid-2', username: 'lena.k' } });
    view.rerender(<NewMessageAnnouncer conversations={[ig, ...first]} />);
    const said = screen.getByRole('status').textContent ?? '';
    expect(said).toContain('New message from @lena.k: Hallo!');
    expect(said).not.toContain('undefined');
  });
});
