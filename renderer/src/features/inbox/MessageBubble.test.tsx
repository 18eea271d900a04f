import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Bridge } from '../../bridge';
import { type MessageRow } from '../../data/db';
import { type Outbox } from '../../data/outbox/types';
import { MessageBubble } from './MessageBubble';
import { UNCONFIRMED_REASON } from '../../data/outbox/deliver';

afterEach(cleanup);

const bridge = { kind: 'browser', mediaSrc: () => '' } as unknown as Bridge;
const message: MessageRow = {
  id: 'local:client-1',
  nativeId: 'client-1',
  conversationId: 'messenger:t_1',
  accountId: 'page1',
  platform: 'messenger',
  createdTime: 1_700_000_000_000,
  from: { id: 'page1' },
  text: 'Your order shipped',
  attachments: [],
  fromPage: true,
  words: [],
  clientId: 'client-1',
  state: 'unconfirmed',
  // What the outbox stores when Meta's 20-message window no longer reaches back to the attempt.
  error: UNCONFIRMED_REASON.window,
};

describe('MessageBubble, unconfirmed reply', () => {
  it('says so in words, checks again, and sends again only after the user confirms', () => {
    const checkAgain = vi.fn(async () => {});
    const sendAgain = vi.fn(async () => {});
    const outbox = { checkAgain, sendAgain } as unknown as Outbox;
    render(
      <MessageBubble
        message={message}
        firstOfRun
        lastOfRun
        highlighted={false}
        bridge={bridge}
        outbox={outbox}
      />,
    );
    expect(screen.getByTestId('delivery').textContent).toMatch(
      /Not sure this was delivered — Meta didn’t confirm it/,
    );
    // The reason follows the sentence without repeating it.
    expect(screen.getByTestId('delivery').textContent?.match(/didn’t confirm it/g)).toHaveLength(1);
    expect(screen.getByTestId('delivery').textContent).toMatch(/More than 20 messages arrived since/);
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    expect(checkAgain).toHaveBeenCalledWith('client-1');
    fireEvent.click(screen.getByRole('button', { name: 'Send again' }));
    expect(sendAgain).not.toHaveBeenCalled();
    expect(screen.getByTestId('delivery').textContent).toMatch(/get it twice/);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(sendAgain).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Send again' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, send it again' }));
    expect(sendAgain).toHaveBeenCalledWith('client-1');
  });
});
