/**
 * `millrace users|service-principals|roles` on the embedded store of a temporary Millrace home,
 * through the real CLI. Printed passwords and secrets are checked against the store by signing
 * in with them through an IdentityService opened on the same database.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityService } from '../../../src/identity/identity-service.js';
import { openSecretBox } from '../../../src/secrets/secret-box.js';
import { openSqliteStore } from '../../../src/store/sqlite/index.js';
import { createIdentityCliHome, type IdentityCliHome } from './identity-cli.js';

interface UserJson {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}
interface PrincipalJson {
  readonly id: string;
  readonly clientId: string;
  readonly displayName: string;
  readonly secret?: string;
}
interface AssignmentJson {
  readonly id: string;
  readonly principalName: string | null;
  readonly role: string;
  readonly scope: string;
}

describe('millrace users, service-principals and roles', { timeout: 60_000 }, () => {
  let cli: IdentityCliHome;

  beforeAll(async () => {
    cli = await createIdentityCliHome();
  });

  afterAll(async () => {
    await cli?.dispose();
  });

  /** Signs in against the CLI's store, as a server on this home would. */
  async function withIdentity<T>(use: (identity: IdentityService) => Promise<T>): Promise<T> {
    const store = await openSqliteStore({ file: join(cli.home, 'millrace.db') });
    try {
      return await use(
        new IdentityService({ store, secrets: openSecretBox(cli.home, cli.environment) }),
      );
    } finally {
      await store.close();
    }
  }

  it('users add prints a one-time password that signs in; --password-stdin takes one', async () => {
    const added = await cli.millrace(['users', 'add', 'alice']);
    expect(added.code).toBe(0);
    const password = /One-time password: (\S+)/.exec(added.stdout)?.[1];
    expect(password?.length).toBeGreaterThanOrEqual(12);
    await withIdentity((identity) => identity.tokenForPassword('alice', password!));

    const piped = await cli.millrace(
      ['users', 'add', 'bob', '--password-stdin'],
      'bob’s long password\n',
    );
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toContain('One-time password');
    // The final line break is not part of the password.
    await withIdentity((identity) => identity.tokenForPassword('bob', 'bob’s long password'));

    const listed = await cli.json<UserJson[]>(['users', 'list', '--json']);
    expect(listed.map((user) => user.name)).toEqual(['alice', 'bob']);
    expect(JSON.stringify(listed)).not.toMatch(/scrypt|password/i);
    const table = await cli.millrace(['users', 'list']);
    expect(table.stdout).toMatch(/^NAME\s+CREATED\s+ID$/m);
    expect(table.stdout).toMatch(/^alice\s/m);
  });

  it('refuses invalid input with exit status 2 and the identity code', async () => {
    const cases: [string[], string | undefined, string][] = [
      [['users', 'add', 'ALICE'], undefined, 'IDENTITY_CONFLICT'],
      [['users', 'add', 'carl', '--password-stdin'], 'short\n', 'IDENTITY_WEAK_PASSWORD'],
      [['users', 'add', 'not valid'], undefined, 'IDENTITY_INVALID_NAME'],
      [['users', 'remove', 'nobody'], undefined, 'IDENTITY_NOT_FOUND'],
      [['roles', 'grant', 'alice', 'Emperor'], undefined, 'IDENTITY_INVALID_NAME'],
      [
        ['roles', 'grant', 'alice', 'Reader', '--scope', 'galaxy'],
        undefined,
        'IDENTITY_INVALID_NAME',
      ],
      [['service-principals', 'rotate-secret', 'no-such-client'], undefined, 'IDENTITY_NOT_FOUND'],
    ];
    for (const [args, stdin, code] of cases) {
      const outcome = await cli.millrace(args, stdin);
      expect(outcome.code, args.join(' ')).toBe(2);
      expect(outcome.stderr, args.join(' ')).toContain(`error ${code}: `);
    }
    const syntax = await cli.millrace(['users', 'add']);
    expect(syntax.code).toBe(2);
  });

  it('service principals: the secret is printed once, works, and rotates', async () => {
    const added = await cli.json<PrincipalJson>([
      'service-principals',
      'add',
      'ADF linked service',
      '--json',
    ]);
    expect(added.displayName).toBe('ADF linked service');
    await withIdentity((identity) => identity.tokenForClient(added.clientId, added.secret!));

    const listed = await cli.json<PrincipalJson[]>(['service-principals', 'list', '--json']);
    expect(listed.map((principal) => principal.clientId)).toContain(added.clientId);
    expect(JSON.stringify(listed)).not.toContain(added.secret);

    const rotated = await cli.json<{ secret: string }>([
      'service-principals',
      'rotate-secret',
      added.clientId,
      '--json',
    ]);
    expect(rotated.secret).not.toBe(added.secret);
    await withIdentity(async (identity) => {
      await identity.tokenForClient(added.clientId, rotated.secret);
      await expect(identity.tokenForClient(added.clientId, added.secret!)).rejects.toMatchObject({
        code: 'AUTH_INVALID_CREDENTIALS',
      });
    });

    const text = await cli.millrace(['service-principals', 'add', 'second']);
    expect(text.stdout).toMatch(/^Client id: +[0-9a-f-]{36}$/m);
    expect(text.stdout).toMatch(/^Client secret: +\S{40,}$/m);
    const clientId = /^Client id: +(\S+)$/m.exec(text.stdout)?.[1];
    expect((await cli.millrace(['service-principals', 'remove', clientId!])).code).toBe(0);
    expect((await cli.millrace(['service-principals', 'remove', clientId!])).code).toBe(2);
  });

  it('roles: grant by user name or client id, list, revoke, describe', async () => {
    const robot = await cli.json<PrincipalJson>(['service-principals', 'add', 'robot', '--json']);
    const owner = await cli.json<AssignmentJson>(['roles', 'grant', 'alice', 'owner', '--json']);
    expect(owner).toMatchObject({ principalName: 'alice', role: 'Owner', scope: '*' });
    const again = await cli.millrace(['roles', 'grant', 'alice', 'Owner']);
    expect(again.stdout).toContain('already has Owner on *');
    const submitter = await cli.json<AssignmentJson>([
      'roles',
      'grant',
      robot.clientId,
      'ML Pipeline Submitter',
      '--scope',
      'ml',
      '--json',
    ]);
    expect(submitter).toMatchObject({ principalName: 'robot', scope: 'ml' });

    const listed = await cli.json<AssignmentJson[]>(['roles', 'list', '--json']);
    expect(listed.map((each) => each.id)).toEqual([owner.id, submitter.id]);
    const robots = await cli.json<AssignmentJson[]>([
      'roles',
      'list',
      '--principal',
      robot.clientId,
      '--json',
    ]);
    expect(robots.map((each) => each.id)).toEqual([submitter.id]);
    const table = await cli.millrace(['roles', 'list']);
    expect(table.stdout).toContain(`robot (${robot.clientId})`);

    await withIdentity(async (identity) => {
      const { access_token: token } = await identity.tokenForClient(robot.clientId, robot.secret!);
      const principal = await identity.authenticate(token);
      expect(identity.isAllowed(principal, 'ml/pipelines/submit')).toBe(true);
    });

    expect((await cli.millrace(['roles', 'revoke', submitter.id])).code).toBe(0);
    expect((await cli.millrace(['roles', 'revoke', submitter.id])).code).toBe(2);
    expect(
      (await cli.json<AssignmentJson[]>(['roles', 'list', '--json'])).map((each) => each.id),
    ).toEqual([owner.id]);

    const described = await cli.json<{ name: string; permissions: string[] }[]>([
      'roles',
      'describe',
      '--json',
    ]);
    expect(described.find((role) => role.name === 'ML Pipeline Reader')?.permissions).toEqual([
      'ml/pipelines/read',
    ]);
    const text = await cli.millrace(['roles', 'describe']);
    expect(text.stdout).toMatch(/^Factory Author: .*\n {2}factory\/pipelines\/read$/m);
  });

  it('users remove takes the user and its roles away', async () => {
    expect((await cli.millrace(['users', 'remove', 'Alice'])).code).toBe(0);
    expect(
      (await cli.json<UserJson[]>(['users', 'list', '--json'])).map((user) => user.name),
    ).toEqual(['bob']);
    expect(await cli.json<AssignmentJson[]>(['roles', 'list', '--json'])).toEqual([]);
  });
});
