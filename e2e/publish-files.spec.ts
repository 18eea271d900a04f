// Files the host would refuse when the post is sent are refused in the composer first, in words next to the files:
// an Instagram photo of 4 MB or more (it reaches Instagram as a Facebook Page photo), a picture that is neither JPEG
// nor PNG, an empty file. axe-clean and screenshotted in light and dark.
import { expect, test } from './fixtures';
import { axeProblems, formatProblems, type A11yProblem } from './support/a11y';
import { jpeg, openComposer, signInToFeed } from './support/publish';

const MB = 1024 * 1024;

test('the composer refuses before sending the files the host would refuse at upload', async ({ app }) => {
  test.setTimeout(120_000);
  await signInToFeed(app);
  const dialog = await openComposer(app);
  await dialog.getByRole('radio', { name: 'Photo', exact: true }).check();
  // A real 1080×1080 JPEG padded past its end to 5 MB: Chromium still shows it.
  const big = Buffer.concat([jpeg(1080, 1080), Buffer.alloc(5 * MB)]);
  await dialog
    .getByTestId('media-input')
    .setInputFiles({ name: 'big.jpg', mimeType: 'image/jpeg', buffer: big });
  await expect(dialog.getByTestId('media-item')).toHaveCount(1);
  const media = dialog.getByTestId('problems-media');
  await expect(media).toContainText(
    /Instagram: Instagram takes photos smaller than 4 MB through Duet; this one is 5(\.\d)? MB\./,
  );
  await expect(media).toContainText(
    /Facebook: Facebook takes photos smaller than 4 MB; this one is 5(\.\d)? MB\./,
  );

  // An empty file with a picture's name.
  await dialog
    .getByTestId('media-input')
    .setInputFiles({ name: 'empty.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(0) });
  await expect(media).toContainText('Facebook: This file is empty; choose another.');
  await expect(media).toContainText('Instagram: This file is empty; choose another.');
  // Its preview is an empty box, not the browser's broken-image sign.
  await expect(dialog.getByTestId('media-item').locator('img')).toHaveCount(0);

  const problems: A11yProblem[] = [];
  await app.emulateMedia({ reducedMotion: 'reduce' });
  for (const theme of ['light', 'dark'] as const) {
    await app.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    problems.push(...(await axeProblems(app, `composer with file problems (${theme})`)));
    await dialog.screenshot({ path: test.info().outputPath(`files-${theme}.png`) });
  }
  expect(formatProblems(problems)).toBe('');

  await dialog.getByRole('button', { name: 'Publish' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Fix the problems shown above first.');
});
