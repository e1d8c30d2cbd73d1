import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSecretError, type SecretErrorData } from './secret-error.js';
import {
  ChainSecretProvider,
  defaultSecretProvider,
  EnvironmentSecretProvider,
  FileSecretProvider,
  secretVariableName,
  type SecretProvider,
  type SecretReference,
} from './secret-provider.js';

async function failureOf(
  provider: SecretProvider,
  reference: SecretReference,
): Promise<SecretErrorData> {
  try {
    await provider.resolve(reference);
  } catch (error) {
    if (isSecretError(error)) return error;
    throw error;
  }
  throw new Error('the secret resolved');
}

describe('secretVariableName', () => {
  it('upper-cases and turns every other character into _', () => {
    expect(secretVariableName({ store: 'KeyVault1', secretName: 'storage-key' })).toBe(
      'MILLRACE_SECRET_KEYVAULT1_STORAGE_KEY',
    );
    expect(secretVariableName({ store: 'kv.prod', secretName: 'a b/c' })).toBe(
      'MILLRACE_SECRET_KV_PROD_A_B_C',
    );
  });
});

describe('EnvironmentSecretProvider', () => {
  it('reads MILLRACE_SECRET_<STORE>_<NAME>', async () => {
    const provider = new EnvironmentSecretProvider({ MILLRACE_SECRET_KV_DB_PASSWORD: 'pa55word' });
    await expect(provider.resolve({ store: 'kv', secretName: 'db-password' })).resolves.toBe(
      'pa55word',
    );
  });

  it('says which variable it looked in, and never a value', async () => {
    const provider = new EnvironmentSecretProvider({ MILLRACE_SECRET_KV_OTHER: 'hidden-value' });
    const error = await failureOf(provider, { store: 'kv', secretName: 'missing' });
    expect(error.code).toBe('SECRET_NOT_FOUND');
    expect(error.lookedIn).toEqual(['env:MILLRACE_SECRET_KV_MISSING']);
    expect(error.message).toContain('MILLRACE_SECRET_KV_MISSING');
    expect(error.message).not.toContain('hidden-value');
  });

  it("never hands out Millrace's own keys", async () => {
    const provider = new EnvironmentSecretProvider({
      MILLRACE_SECRET_KEY: 'current-key',
      MILLRACE_SECRET_KEY_PREVIOUS: 'previous-key',
    });
    const error = await failureOf(provider, { store: 'key', secretName: 'previous' });
    expect(error.code).toBe('SECRET_REFERENCE_INVALID');
    expect(error.message).not.toContain('previous-key');
  });

  it('rejects (does not throw) a reference without a name', async () => {
    const provider = new EnvironmentSecretProvider({});
    const pending = provider.resolve({ store: 'kv', secretName: ' ' });
    await expect(pending).rejects.toMatchObject({ code: 'SECRET_REFERENCE_INVALID' });
  });
});

describe('FileSecretProvider', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'millrace-secrets-'));
    await mkdir(join(root, 'kv'));
    await writeFile(join(root, 'kv', 'api-key'), '  s3cr3t-from-file\n');
    await writeFile(join(root, 'outside'), 'must not be read');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads <root>/<store>/<secretName>, trimmed', async () => {
    const provider = new FileSecretProvider(root);
    await expect(provider.resolve({ store: 'kv', secretName: 'api-key' })).resolves.toBe(
      's3cr3t-from-file',
    );
  });

  it('says which file it looked for', async () => {
    const error = await failureOf(new FileSecretProvider(root), {
      store: 'kv',
      secretName: 'nope',
    });
    expect(error.code).toBe('SECRET_NOT_FOUND');
    expect(error.lookedIn).toEqual([`file:${join(root, 'kv', 'nope')}`]);
  });

  it.each([
    { store: '..', secretName: 'outside' },
    { store: 'kv', secretName: '../../outside' },
    { store: 'kv/..', secretName: 'outside' },
    { store: 'kv', secretName: '..\\outside' },
    { store: '.', secretName: 'outside' },
  ])('refuses names that leave the folder: $store / $secretName', async (reference) => {
    const error = await failureOf(new FileSecretProvider(root), reference);
    expect(error.code).toBe('SECRET_REFERENCE_INVALID');
    expect(error.message).not.toContain('must not be read');
  });

  it('reports a file system failure other than "missing" as SECRET_PROVIDER_FAILED', async () => {
    // A name longer than the file system allows fails with ENAMETOOLONG, for every user.
    const error = await failureOf(new FileSecretProvider(root), {
      store: 'kv',
      secretName: 'n'.repeat(300),
    });
    expect(error.code).toBe('SECRET_PROVIDER_FAILED');
    expect(error.message).toContain('ENAMETOOLONG');
  });
});

describe('ChainSecretProvider', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'millrace-secrets-'));
    await mkdir(join(root, 'kv'));
    await writeFile(join(root, 'kv', 'shared'), 'from-file');
    await writeFile(join(root, 'kv', 'file-only'), 'only-in-file');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('asks providers in order and lists every place it looked when none has the secret', async () => {
    const chain = new ChainSecretProvider([
      new EnvironmentSecretProvider({ MILLRACE_SECRET_KV_SHARED: 'from-env' }),
      new FileSecretProvider(root),
    ]);
    await expect(chain.resolve({ store: 'kv', secretName: 'shared' })).resolves.toBe('from-env');
    await expect(chain.resolve({ store: 'kv', secretName: 'file-only' })).resolves.toBe(
      'only-in-file',
    );
    const error = await failureOf(chain, { store: 'kv', secretName: 'absent' });
    expect(error.code).toBe('SECRET_NOT_FOUND');
    expect(error.lookedIn).toEqual([
      'env:MILLRACE_SECRET_KV_ABSENT',
      `file:${join(root, 'kv', 'absent')}`,
    ]);
  });

  it('does not hide a broken provider behind the next one', async () => {
    const chain = new ChainSecretProvider([
      new FileSecretProvider(root),
      new EnvironmentSecretProvider({ MILLRACE_SECRET______OUTSIDE: 'x' }),
    ]);
    const error = await failureOf(chain, { store: '..', secretName: 'outside' });
    expect(error.code).toBe('SECRET_REFERENCE_INVALID');
  });
});

describe('defaultSecretProvider', () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'millrace-home-'));
    await mkdir(join(home, 'secrets', 'kv'), { recursive: true });
    await writeFile(join(home, 'secrets', 'kv', 'in-home'), 'home-secret');
    await mkdir(join(home, 'elsewhere', 'kv'), { recursive: true });
    await writeFile(join(home, 'elsewhere', 'kv', 'in-home'), 'elsewhere-secret');
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('reads $MILLRACE_HOME/secrets by default', async () => {
    const provider = defaultSecretProvider(home, {});
    await expect(provider.resolve({ store: 'kv', secretName: 'in-home' })).resolves.toBe(
      'home-secret',
    );
  });

  it('reads MILLRACE_SECRETS_DIR when set, after the environment', async () => {
    const provider = defaultSecretProvider(home, {
      MILLRACE_SECRETS_DIR: join(home, 'elsewhere'),
      MILLRACE_SECRET_KV_FROM_ENV: 'env-secret',
    });
    await expect(provider.resolve({ store: 'kv', secretName: 'in-home' })).resolves.toBe(
      'elsewhere-secret',
    );
    await expect(provider.resolve({ store: 'kv', secretName: 'from-env' })).resolves.toBe(
      'env-secret',
    );
  });
});
