import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../factory/resources.js';
import { hasKeyVaultReferences, resolveKeyVaultReferences } from './key-vault-resolver.js';
import { isSecretError } from './secret-error.js';
import { EnvironmentSecretProvider, type SecretReference } from './secret-provider.js';

const reference = (secretName: string, extra: JsonObject = {}): JsonObject => ({
  type: 'AzureKeyVaultSecret',
  store: { referenceName: 'KeyVault1', type: 'LinkedServiceReference' },
  secretName,
  ...extra,
});

const provider = new EnvironmentSecretProvider({
  MILLRACE_SECRET_KEYVAULT1_API_KEY: 'api-key-value',
  MILLRACE_SECRET_KEYVAULT1_DB_PASSWORD: 'db-password-value',
});

describe('hasKeyVaultReferences', () => {
  it('finds a reference at any depth', () => {
    expect(hasKeyVaultReferences({ a: [{ b: reference('x') }] })).toBe(true);
    expect(hasKeyVaultReferences({ a: [{ type: 'SecureString', value: 'x' }] })).toBe(false);
    expect(hasKeyVaultReferences(undefined)).toBe(false);
  });
});

describe('resolveKeyVaultReferences', () => {
  it('replaces references by their values as text, leaving everything else as it was', async () => {
    const json = {
      url: 'https://example.org',
      password: reference('db-password'),
      headers: [{ 'x-api-key': reference('api-key', { secretVersion: 'v1' }) }],
    };
    const resolved = await resolveKeyVaultReferences(json, provider);
    expect(resolved).toEqual({
      url: 'https://example.org',
      password: 'db-password-value',
      headers: [{ 'x-api-key': 'api-key-value' }],
    });
    expect(json.password).toEqual(reference('db-password'));
  });

  it('gives SecureString objects when asked, for activity input', async () => {
    const resolved = await resolveKeyVaultReferences({ password: reference('api-key') }, provider, {
      as: 'SecureString',
    });
    expect(resolved).toEqual({ password: { type: 'SecureString', value: 'api-key-value' } });
  });

  it('asks the provider once per distinct secret and reports each value', async () => {
    const asked: SecretReference[] = [];
    const counting = {
      resolve: (ref: SecretReference) => {
        asked.push(ref);
        return provider.resolve(ref);
      },
    };
    const seen: string[] = [];
    await resolveKeyVaultReferences(
      { a: reference('api-key'), b: reference('api-key'), c: reference('db-password') },
      counting,
      { onResolved: (value) => seen.push(value) },
    );
    expect(asked).toEqual([
      { store: 'KeyVault1', secretName: 'api-key' },
      { store: 'KeyVault1', secretName: 'db-password' },
    ]);
    expect(seen.sort()).toEqual(['api-key-value', 'db-password-value']);
  });

  it('fails with the provider error when a secret is missing', async () => {
    const failure = await resolveKeyVaultReferences({ p: reference('absent') }, provider).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isSecretError(failure) && failure.code).toBe('SECRET_NOT_FOUND');
  });

  it.each([
    [{ type: 'AzureKeyVaultSecret', secretName: 'x' }, 'store.referenceName'],
    [{ ...reference('x'), secretName: { value: '@x', type: 'Expression' } }, 'secretName'],
    [reference('x', { secretVersion: 3 }), 'secretVersion'],
  ])('refuses a malformed reference (%#)', async (bad, named) => {
    const failure = await resolveKeyVaultReferences({ p: bad }, provider).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isSecretError(failure) && failure.code).toBe('SECRET_REFERENCE_INVALID');
    expect(isSecretError(failure) && failure.message).toContain(named);
    expect(isSecretError(failure) && failure.message).toContain('/p');
  });
});
