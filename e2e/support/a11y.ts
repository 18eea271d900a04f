// Accessibility checks shared by the e2e specs: axe-core over the WCAG 2.0/2.1/2.2 A and AA rules, reporting the
// serious and critical violations in a form a person can read in the test output.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The axe rule tags for WCAG 2.2 level AA (each level includes the ones before it). */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** The impacts that fail the build. */
const FAILING = new Set(['serious', 'critical']);

/** One serious or critical violation on one view, ready to print. */
export type A11yProblem = { view: string; rule: string; impact: string; help: string; targets: string[] };

/**
 * axe's best-practice rules (outside the WCAG tags) that fail at any impact: every view has a level-one heading,
 * and no element carries a role it may not have (a button that says it is a list item).
 */
const ALWAYS_FAILING_RULES = ['page-has-heading-one', 'aria-allowed-role'];

/**
 * Runs axe on what the page shows now; returns the serious and critical violations, labelled with the view.
 *
 * One axe pass covers both rule sets: the WCAG tags, plus the two best-practice rules enabled by name (axe-core runs a
 * rule enabled in `rules` whatever the tags say). It runs in the page itself (`setLegacyMode`): the default mode
 * opens a second, blank page for every check to merge per-frame results, which costs more than the check and buys
 * nothing here, as the app has no frames (its CSP allows none).
 */
export async function axeProblems(page: Page, view: string): Promise<A11yProblem[]> {
  const results = await new AxeBuilder({ page })
    .options({ rules: Object.fromEntries(ALWAYS_FAILING_RULES.map((id) => [id, { enabled: true }])) })
    .withTags(WCAG_AA_TAGS)
    .setLegacyMode()
    .analyze();
  return results.violations
    .filter((v) => FAILING.has(v.impact ?? '') || ALWAYS_FAILING_RULES.includes(v.id))
    .map((v) => ({
      view,
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes
        .slice(0, 5)
        .map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${firstLine(n)}` : ''}`),
    }));
}

function firstLine(node: { failureSummary?: string }): string {
  // axe's summary starts with "Fix any of the following:"; the line after it says what is wrong.
  return (node.failureSummary ?? '').split('\n')[1]?.trim() ?? '';
}

/** The problems as readable lines: view, rule, impact, what to do, and the first few elements. */
export function formatProblems(problems: A11yProblem[]): string {
  return problems
    .map(
      (p) => `[${p.view}] ${p.rule} (${p.impact}): ${p.help}\n${p.targets.map((t) => `    ${t}`).join('\n')}`,
    )
    .join('\n');
}

/**
 * axe in both themes on what is on screen now, on one signed-in page. The theme is forced the way the Settings
 * theme option forces it (`<html data-theme>`, renderer/src/app/App.tsx): re-theming the same page needs no second
 * sign-in. (Emulating the OS scheme re-themes a page only lazily once axe has opened its own page beside it.) Motion
 * is reduced so no colour transition is caught halfway.
 */
export async function axeBothThemes(
  page: Page,
  name: string,
  /** Called in each theme after its check (a spec that also keeps a picture of both themes). */
  inTheme?: (theme: 'light' | 'dark') => Promise<void>,
): Promise<A11yProblem[]> {
  const problems: A11yProblem[] = [];
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  let light = '';
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    if (theme === 'light') light = await background();
    // Both themes are really seen: the page's background changes with the theme.
    else await expect.poll(background, { message: `${name}: the dark theme did not apply` }).not.toBe(light);
    problems.push(...(await axeProblems(page, `${name} (${theme})`)));
    await inTheme?.(theme);
  }
  await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
  return problems;
}
