// A crash mid-zip: the partial archive beside the user's destination is removed at the next start — only the exact
// partials the journal lists, never another file a damaged or planted journal names.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOwnPartial, partialName, removeJournaledPartials } from './partials';
import { createExportService } from './service';

const deps = (dataDir: string) => ({
  dir: join(dataDir, 'exports'),
  media: { exportFile: async () => null },
  accounts: () => [],
  secrets: () => [],
  emit: () => {},
  now: () => 0,
  appVersion: '0.0.0',
  log: () => {},
});

describe('partial archives after a crash', () => {
  it('a host killed (SIGKILL) mid-zip leaves a partial beside the destination; the next start removes it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'duet-crash-'));
    const destDir = mkdtempSync(join(tmpdir(), 'duet-dest-'));
    writeFileSync(join(destDir, 'holiday.jpg'), 'the user’s own file');
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'electron/test/export-crash-child.ts', dataDir, join(destDir, 'out.zip')],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.signal, child.stderr).toBe('SIGKILL');
    const left = readdirSync(destDir);
    expect(left.filter((f) => f.endsWith('.partial'))).toHaveLength(1);

    await createExportService(deps(dataDir));
    expect(readdirSync(destDir)).toEqual(['holiday.jpg']);
    expect(readdirSync(join(dataDir, 'exports'))).toEqual([]);
  }, 90_000);

  it('removes only partial archives it names itself: a journal listing other files deletes none of them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'duet-journal-'));
    const destDir = mkdtempSync(join(tmpdir(), 'duet-dest-'));
    const own = join(destDir, partialName('out.zip', 'a'.repeat(32)));
    const others = [
      join(destDir, 'thesis.docx'),
      join(destDir, '.out.zip.partial'),
      join(destDir, `.out.zip.${'a'.repeat(32)}.partial.keep`),
    ];
    for (const f of [own, ...others]) writeFileSync(f, 'x');
    mkdirSync(join(dataDir, 'exports'), { recursive: true });
    writeFileSync(
      join(dataDir, 'exports', 'partials.json'),
      JSON.stringify([own, ...others, destDir, `relative/${partialName('a.zip', 'b'.repeat(32))}`, 42]),
    );
    expect(await removeJournaledPartials(join(dataDir, 'exports'), () => {})).toBe(1);
    expect(existsSync(own)).toBe(false);
    for (const f of others) expect(existsSync(f), f).toBe(true);
    expect(isOwnPartial(destDir)).toBe(false);
    // A torn or missing journal removes nothing and does not stop the service.
    writeFileSync(join(dataDir, 'exports', 'partials.json'), '["/tmp/.x.zip.');
    await expect(createExportService(deps(dataDir))).resolves.toBeDefined();
  });
});
