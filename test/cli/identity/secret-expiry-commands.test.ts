/**
 * `millrace service-principals create|add|reset-secret|rotate-secret --secret-expires-in`, through
 * the real CLI on a temporary Millrace home: the expiry is stored, printed and listed, and a
 * duration that is not one exits 2 without changing anything.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/store/sqlite/index.js';
import { createIdentityCliHome, type IdentityCliHome } from './identity-cli.js';

interface PrincipalJson {
  readonly clientId: string;
  readonly secret?: string;
  readonly secretCreatedAt: string;
  readonly secretExpiresAt: string | null;
}

const DAY_MS = 86_400_000;

describe('service principal secret expiry on the command line', { timeout: 60_000 }, () => {
  let cli: IdentityCliHome;

  beforeAll(async () => {
    cli = await createIdentityCliHome();
  });

  afterAll(async () => {
    await cli?.dispose();
  });

  async function storedExpiry(clientId: string): Promise<string | null | undefined> {
    const store = await openSqliteStore({ file: join(cli.home, 'millrace.db') });
    try {
      return (await store.getServicePrincipalByClientId(clientId))?.secretExpiresAt;
    } finally {
      await store.close();
    }
  }

  it('create --secret-expires-in stores the expiry; reset-secret sets a new one or none', async () => {
    const created = await cli.json<PrincipalJson>([
      'service-principals',
      'create',
      'expiring',
      '--secret-expires-in',
      '90d',
      '--json',
    ]);
    const lifetime = Date.parse(created.secretExpiresAt!) - Date.parse(created.secretCreatedAt);
    // The CLI reads its clock just before the service stamps the creation: at most 90 days.
    expect(lifetime).toBeLessThanOrEqual(90 * DAY_MS);
    expect(lifetime).toBeGreaterThan(89 * DAY_MS);
    expect(await storedExpiry(created.clientId)).toBe(created.secretExpiresAt);

    const text = await cli.millrace([
      'service-principals',
      'reset-secret',
      created.clientId,
      '--secret-expires-in',
      '12h',
    ]);
    expect(text.code, text.stderr).toBe(0);
    const printed = /The secret expires at (\S+)\.$/m.exec(text.stdout)?.[1];
    expect(printed).toBeDefined();
    expect(await storedExpiry(created.clientId)).toBe(printed);

    const forever = await cli.json<PrincipalJson>([
      'service-principals',
      'rotate-secret',
      created.clientId,
      '--json',
    ]);
    expect(forever.secretExpiresAt).toBeNull();
    expect(await storedExpiry(created.clientId)).toBeNull();

    const table = await cli.millrace(['service-principals', 'list']);
    expect(table.stdout).toMatch(/SECRET EXPIRES$/m);
    expect(table.stdout).toMatch(new RegExp(`^${created.clientId}\\s.*\\snever$`, 'm'));
  });

  it('refuses a duration that is not one with exit status 2, changing nothing', async () => {
    const before = await cli.json<PrincipalJson[]>(['service-principals', 'list', '--json']);
    for (const duration of ['soon', '0d', '3w']) {
      const outcome = await cli.millrace([
        'service-principals',
        'add',
        'never-made',
        '--secret-expires-in',
        duration,
      ]);
      expect(outcome.code, duration).toBe(2);
      expect(outcome.stderr).toContain('error CLI_INVALID_ARGUMENT: --secret-expires-in');
    }
    expect(await cli.json<PrincipalJson[]>(['service-principals', 'list', '--json'])).toEqual(
      before,
    );
  });
});
