// Page tasks where features act besides the reply box: comment actions (Moderate; a private reply needs Messaging)
// and the post composer (Create content): the controls stay, disabled, with the reason in words.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Account } from '../../../../shared/models';
import { type CommentRow, DuetDb } from '../../data/db';
import { makeComment } from '../../test/comment-fixtures';
import { stubModalDialogs } from '../../test/dialogs';
import { createFakeBridge } from '../../test/fake-bridge';
import { SessionHarness, sessionWith } from '../../test/session-fixtures';
import { CommentActions } from '../comments/CommentActions';
import ComposerDialog from '../publish/ComposerDialog';

afterEach(cleanup);

beforeAll(stubModalDialogs);

const page = (tasks: string[]): Account => ({ id: 'page1', name: 'Cafe', tasks });
let n = 0;

function commentActions(tasks: string[], declined: string[] = []) {
  const account = page(tasks);
  const c: CommentRow = { ...makeComment(), lists: [], words: [], syncedAt: 0 };
  const now = c.createdTime + 60_000;
  render(
    <SessionHarness bridge={createFakeBridge()} initial={sessionWith(declined, [account])}>
      <CommentActions
        db={new DuetDb(`task-locks-${++n}`)}
        thread={{ comment: c, replies: [] }}
        now={now}
        account={account}
      />
    </SessionHarness>,
  );
}
const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('comment actions under Page tasks', () => {
  it('without Moderate, reply, hide, like and delete are disabled and say which task is missing', () => {
    commentActions(['MESSAGING', 'ANALYZE']);
    const reason = screen.getByTestId('comment-task');
    expect(reason.textContent).toBe(
      'Reply to, hide, delete and like Facebook comments needs the Moderate task on Cafe. Ask a Page admin in Meta Business Suite to give it to you.',
    );
    for (const name of ['Reply', 'Hide', 'Like', 'Delete']) {
      expect(button(name).disabled, name).toBe(true);
      expect(button(name).getAttribute('aria-describedby'), name).toBe(reason.id);
    }
    // Messaging is held: a private reply is still offered; marking done is Duet's own and never locked.
    expect(button('Reply privately').disabled).toBe(false);
    expect(button('Mark done').disabled).toBe(false);
  });

  it('with Moderate but not Messaging only the private reply is locked', () => {
    commentActions(['MODERATE']);
    expect(button('Reply').disabled).toBe(false);
    expect(button('Reply privately').disabled).toBe(true);
    expect(screen.getByTestId('comment-task').textContent).toContain(
      'Answer a Facebook comment privately in Messenger needs the Messaging task on Cafe.',
    );
  });

  it('a revoked write permission locks them too, naming it (the view above offers Grant again)', () => {
    commentActions(['MODERATE', 'MESSAGING'], ['pages_manage_engagement', 'pages_messaging']);
    for (const name of ['Reply', 'Hide', 'Like', 'Delete', 'Reply privately'])
      expect(button(name).disabled, name).toBe(true);
    expect(screen.getByTestId('comment-task').textContent).toContain('needs pages_manage_engagement');
    expect(button('Mark done').disabled).toBe(false);
  });

  it('unknown tasks lock nothing', () => {
    commentActions([]);
    expect(screen.queryByTestId('comment-task')).toBeNull();
    for (const name of ['Reply', 'Hide', 'Like', 'Delete', 'Reply privately'])
      expect(button(name).disabled).toBe(false);
  });
});

describe('the post composer under Page tasks', () => {
  function composer(tasks: string[], declined: string[] = []) {
    const account = page(tasks);
    render(
      <SessionHarness bridge={createFakeBridge()} initial={sessionWith(declined, [account])}>
        <ComposerDialog db={new DuetDb(`task-locks-${++n}`)} account={account} onClose={() => {}} />
      </SessionHarness>,
    );
  }
  const facebook = () => screen.getByRole('checkbox', { name: /Facebook Page · Cafe/ }) as HTMLInputElement;

  it('without Create content the Facebook target is unticked, disabled and says why; nothing can be published', async () => {
    composer(['MESSAGING', 'MODERATE']);
    expect(facebook().disabled).toBe(true);
    expect(facebook().checked).toBe(false);
    const reason = screen.getByTestId('missing-task');
    expect(reason.textContent).toContain('Publish posts to the Page needs the Create content task on Cafe.');
    expect(facebook().getAttribute('aria-describedby')).toBe(reason.querySelector('p')!.id);
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect(await screen.findByText('Choose at least one place to post.')).toBeTruthy();
  });

  it('with pages_manage_posts revoked the Facebook target is locked with Grant again, not left to fail later', () => {
    composer(['CREATE_CONTENT'], ['pages_manage_posts']);
    expect(facebook().disabled).toBe(true);
    expect(facebook().checked).toBe(false);
    const notice = screen.getByTestId('missing-permission');
    expect(notice.textContent).toContain('pages_manage_posts');
    expect(screen.getByRole('button', { name: 'Grant again' })).toBeTruthy();
  });

  it('with Create content the Facebook target is ticked and open', () => {
    composer(['CREATE_CONTENT']);
    expect(facebook().disabled).toBe(false);
    expect(facebook().checked).toBe(true);
    expect(screen.queryByTestId('missing-task')).toBeNull();
  });
});
