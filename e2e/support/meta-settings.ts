// What a person changes on Facebook's side, outside Duet, driven through the test's sandbox: removing one
// permission in "Apps and Websites" (the Graph call Meta's settings make), and their role's tasks on the Pages.
import { expect } from '@playwright/test';
import { sandboxControl } from '../fixtures';

type Sandbox = Parameters<typeof sandboxControl>[0];
type SandboxPages = { pages: { id: string; name: string }[] };

/**
 * Removes `permission` from the demo user's grant, as Facebook's settings do; Duet learns it only when Meta refuses
 * its next call (https://developers.facebook.com/docs/graph-api/reference/user/permissions/#Deleting).
 */
export async function removePermissionOnFacebook(sandbox: Sandbox, permission: string): Promise<void> {
  const { access_token: token } = await sandboxControl<{ access_token: string }>(sandbox, 'tokens', {});
  const res = await fetch(`${sandbox.url}/v27.0/me/permissions/${permission}?access_token=${token}`, {
    method: 'DELETE',
  });
  expect(res.ok, `DELETE /me/permissions/${permission}`).toBe(true);
}

/** Gives the demo user only `tasks` on every Page (their role; `/me/accounts?fields=tasks` lists them); the Pages. */
export async function setTasksOnEveryPage(sandbox: Sandbox, tasks: string[]) {
  const { pages } = await sandboxControl<SandboxPages>(sandbox, 'state');
  for (const p of pages) await sandboxControl(sandbox, 'page-tasks', { pageId: p.id, tasks });
  return pages;
}

/** The demo Page (the one the demo signs in to first) of the sandbox. */
export async function demoPage(sandbox: Sandbox) {
  const { pages } = await sandboxControl<SandboxPages>(sandbox, 'state');
  return pages.find((p) => p.name === 'Rivera Candle Co.') ?? pages[0]!;
}
