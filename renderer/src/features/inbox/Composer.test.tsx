import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeConversationRow } from '../../test/inbox-fixtures';
import { type Outbox } from '../../data/outbox/types';
import { noteMetaClock } from '../../data/meta-clock';
import { Composer } from './Composer';

afterEach(cleanup);

function fakeOutbox() {
  const send = vi.fn(async () => 'client-1');
  return { outbox: { send } as unknown as Outbox, send };
}

describe('Composer', () => {
  it('sends on Enter, keeps Shift+Enter for a new line, and shows how long the window stays open', async () => {
    const { outbox, send } = fakeOutbox();
    const conv = makeConversationRow(1, { lastCustomerMessageAt: Date.now() - 2 * 3_600_000 });
    render(<Composer conversation={conv} outbox={outbox} />);
    expect(screen.getByTestId('reply-window').textContent).toMatch(
      /Reply window open for (21 h 59 min|22 h)/,
    );
    const box = screen.getByRole('textbox', { name: 'Reply' });
    fireEvent.change(box, { target: { value: 'line one' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(send).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Enter' });
    await vi.waitFor(() => expect(send).toHaveBeenCalledWith(conv, 'line one', { humanAgent: false }));
    await vi.waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(''));
  });

  it('explains and disables sending when the 24 h window has closed, and re-opens it with Human agent', async () => {
    const { outbox, send } = fakeOutbox();
    const conv = makeConversationRow(1, { lastCustomerMessageAt: Date.now() - 30 * 3_600_000 });
    render(<Composer conversation={conv} outbox={outbox} />);
    const box = screen.getByRole('textbox', { name: 'Reply' });
    expect(box).toHaveProperty('disabled', true);
    expect(screen.getByRole('alert').textContent).toMatch(/24-hour reply window has closed/);
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('checkbox', { name: /Human agent/ }));
    expect(box).toHaveProperty('disabled', false);
    fireEvent.change(box, { target: { value: 'Sorry for the delay' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await vi.waitFor(() =>
      expect(send).toHaveBeenCalledWith(conv, 'Sorry for the delay', { humanAgent: true }),
    );
  });

  it("judges the window in Meta's time, not in a skewed local clock", () => {
    // Meta dated the customer's message 20 h ago by the local clock, but this computer is 6 h slow: in Meta's time
    // the message is 26 h old and Meta would refuse a standard reply.
    noteMetaClock({ offsetMs: 6 * 3_600_000, toleranceMs: 1000 });
    const { outbox } = fakeOutbox();
    const conv = makeConversationRow(1, { lastCustomerMessageAt: Date.now() - 20 * 3_600_000 });
    render(<Composer conversation={conv} outbox={outbox} />);
    expect(screen.getByRole('alert').textContent).toMatch(/24-hour reply window has closed/);
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
    noteMetaClock({ offsetMs: 0, toleranceMs: 0 });
  });

  it('warns during the last hour', () => {
    const { outbox } = fakeOutbox();
    const conv = makeConversationRow(1, { lastCustomerMessageAt: Date.now() - 23.5 * 3_600_000 });
    render(<Composer conversation={conv} outbox={outbox} />);
    expect(screen.getByRole('alert').textContent).toMatch(/closes in (29|30) min/);
  });

  it('refuses a reply over 2,000 characters with the count, keeps the text, and splits it into parts queued in order', async () => {
    const { outbox, send } = fakeOutbox();
    const conv = makeConversationRow(1, { lastCustomerMessageAt: Date.now() - 3_600_000 });
    render(<Composer conversation={conv} outbox={outbox} />);
    const box = screen.getByRole('textbox', { name: 'Reply' }) as HTMLTextAreaElement;
    const text = 'A full sentence of the answer. '.repeat(75).trim(); // 2,324 characters
    fireEvent.change(box, { target: { value: text } });
    expect(box.value).toBe(text);
    expect(screen.getByTestId('composer-count').textContent).toBe(
      `${text.length.toLocaleString()} / 2,000 — too long for one message: shorten it or split it`,
    );
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
    fireEvent.keyDown(box, { key: 'Enter' });
    await new Promise((r) => setTimeout(r, 20));
    expect(send).not.toHaveBeenCalled();
    expect(box.value).toBe(text);

    fireEvent.click(screen.getByRole('button', { name: 'Split into 2 messages' }));
    await vi.waitFor(() => expect(send).toHaveBeenCalledTimes(2));
    const sent = send.mock.calls.map((c) => (c as unknown as [unknown, string])[1]);
    for (const part of sent) expect(part.length).toBeLessThanOrEqual(2_000);
    expect(sent.join(' ')).toBe(text);
    await vi.waitFor(() => expect(box.value).toBe(''));
  });

  it('shows the count from 1,800 characters on, without refusing', () => {
    const { outbox } = fakeOutbox();
    const conv = makeConversationRow(1, { lastCustomerMessageAt: Date.now() - 3_600_000 });
    render(<Composer conversation={conv} outbox={outbox} />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Reply' }), {
      target: { value: 'x'.repeat(1_900) },
    });
    expect(screen.getByTestId('composer-count').textContent).toBe('1,900 / 2,000');
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', false);
  });
});
