import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredCredentials } from '../types';
import { createFileVault, VAULT_FILE } from './file-vault';

const creds: StoredCredentials = {
  userId: 'u1',
  mode: 'token',
  userToken: 'EAAUSER123456',
  expiresAt: null,
  pageTokens: { p1: 'EAAPAGE1' },
  graphBaseUrl: 'https://graph.facebook.com',
};

describe('file vault', () => {
  it('writes a 0600 file atomically and reads it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duet-vault-'));
    const vault = createFileVault(dir);
    await vault.save(creds);
    expect(statSync(join(dir, VAULT_FILE)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([VAULT_FILE]);
    expect(await vault.load()).toEqual(creds);
    await vault.save({ ...creds, userToken: 'EAAUSER999999' });
    expect(statSync(join(dir, VAULT_FILE)).mode & 0o777).toBe(0o600);
    expect((await vault.load())?.userToken).toBe('EAAUSER999999');
  });

  it('clear() leaves no token on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duet-vault-'));
    const vault = createFileVault(dir);
    await vault.save(creds);
    await vault.clear();
    expect(readdirSync(dir)).toEqual([]);
    expect(await vault.load()).toBeNull();
  });

  it('treats a corrupt or foreign file as empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duet-vault-'));
    writeFileSync(join(dir, VAULT_FILE), '{"userId": 1}');
    expect(await createFileVault(dir).load()).toBeNull();
    writeFileSync(join(dir, VAULT_FILE), 'not json');
    expect(await createFileVault(dir).load()).toBeNull();
    expect(readFileSync(join(dir, VAULT_FILE), 'utf8')).toBe('not json');
  });

  it('says it is not encrypted', () => {
    const info = createFileVault('/nonexistent').info();
    expect(info).toMatchObject({ backend: 'file', secure: false });
    expect(info.warning).toMatch(/unencrypted/);
  });
});
