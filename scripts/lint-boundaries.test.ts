// The layer boundaries eslint.config.js enforces, checked through ESLint's Node API with the project's own config:
// code planted in a file of one layer fails lint, the same code where it belongs passes.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function ruleIdsFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const tableAccess = `import { type DuetDb } from '../../data/db';
export function countPosts(db: DuetDb): Promise<number> {
  return db.posts.count();
}
`;

// The first lint loads the TypeScript parser and the whole config: slow on a loaded machine.
describe('layer boundaries (eslint.config.js)', { timeout: 60_000 }, () => {
  it('fails a Dexie table access planted in a feature file', async () => {
    expect(await ruleIdsFor(tableAccess, 'renderer/src/features/feed/planted.tsx')).toContain(
      'no-restricted-syntax',
    );
  });

  it('fails table access through a field, a transaction or db.tables outside the repositories', async () => {
    const code = `import { type DuetDb } from '../data/db';
export async function wipe(deps: { db: DuetDb }): Promise<void> {
  await deps.db.transaction('rw', deps.db.tables, async () => {});
}
`;
    const ids = await ruleIdsFor(code, 'renderer/src/app/planted.ts');
    expect(ids.filter((id) => id === 'no-restricted-syntax')).toHaveLength(2);
  });

  it('passes the same table access in a repository', async () => {
    const code = tableAccess.replace('../../data/db', '../db');
    expect(await ruleIdsFor(code, 'renderer/src/data/repos/planted.ts')).toEqual([]);
  });

  it('fails renderer code importing electron/ or sandbox/ code', async () => {
    const electron = `import { redact } from '../../../electron/services/redact';\nexport const r = redact;\n`;
    const sandbox = `import { createSandbox } from '../../../sandbox/server';\nexport const s = createSandbox;\n`;
    expect(await ruleIdsFor(electron, 'renderer/src/features/feed/planted.ts')).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIdsFor(sandbox, 'renderer/src/features/feed/planted.ts')).toContain(
      'no-restricted-imports',
    );
    const shared = `import { parseId } from '../../../../shared/models';\nexport const p = parseId;\n`;
    expect(await ruleIdsFor(shared, 'renderer/src/features/feed/planted.ts')).toEqual([]);
  });

  it('fails electron imported from electron/services/, passes it in electron/main/', async () => {
    const code = `import { app } from 'electron';\nexport const version = () => app.getVersion();\n`;
    expect(await ruleIdsFor(code, 'electron/services/planted.ts')).toContain('no-restricted-imports');
    expect(await ruleIdsFor(code, 'electron/main/planted.ts')).toEqual([]);
  });
});
