/**
 * `millrace users …`, `millrace service-principals …` and `millrace roles …`: managing who may
 * call the server, directly on its store (`--db`), for an administrator on the server's machine.
 * Generated passwords and client secrets are printed once, here, and stored only as hashes.
 */
import type { Command } from 'commander';
import { ROLE_NAMES, Roles, Scopes } from '../identity/permissions.js';
import {
  exitTwoOnUsageErrors,
  print,
  printJson,
  runIdentityAction,
  withDbOption,
  type IdentityFlags,
} from './identity-setup.js';
import { formatInstant, formatTable } from './ml-text.js';
import { secretExpiryOptions, withSecretExpiryOption } from './secret-expiry-option.js';
import { readSecret, readSecretFromStdin } from './secret-input.js';

interface JsonFlags extends IdentityFlags {
  readonly json?: boolean;
}

interface SecretFlags extends JsonFlags {
  readonly secretExpiresIn?: string;
}

function expiryLine(secretExpiresAt: string | null): string {
  return secretExpiresAt === null
    ? 'The secret never expires.'
    : `The secret expires at ${secretExpiresAt}.`;
}

export function registerIdentityCommands(program: Command): void {
  registerUserCommands(program);
  registerServicePrincipalCommands(program);
  registerRoleCommands(program);
}

function registerUserCommands(program: Command): void {
  const users = exitTwoOnUsageErrors(
    program.command('users').description('add, list and remove the users who may sign in'),
  );

  withDbOption(users.command('add <name>'))
    .description('add a user; without --password-stdin, prints a generated one-time password')
    .option('--password-stdin', 'read the password from standard input (at least 12 characters)')
    .action((name: string, flags: IdentityFlags & { passwordStdin?: boolean }) =>
      runIdentityAction(flags, async (identity) => {
        const password =
          flags.passwordStdin === true ? await readSecretFromStdin('password') : undefined;
        const user = await identity.addUser(name, password);
        print(`Added user ${user.name} (${user.id}).`);
        if (user.oneTimePassword !== undefined) {
          print(`One-time password: ${user.oneTimePassword}`);
          print(
            `It is shown only now; change it with \`millrace users set-password ${user.name}\`.`,
          );
        }
      }),
    );

  withDbOption(users.command('list'))
    .description('list users')
    .option('--json', 'print JSON')
    .action((flags: JsonFlags) =>
      runIdentityAction(flags, async (identity) => {
        const listed = await identity.listUsers();
        if (flags.json === true) return printJson(listed);
        if (listed.length === 0) return print('No users.');
        for (const line of formatTable(
          ['NAME', 'CREATED', 'ID'],
          listed.map((user) => [user.name, formatInstant(user.createdAt), user.id]),
        )) {
          print(line);
        }
      }),
    );

  withDbOption(users.command('remove <name>'))
    .description('remove a user and its role assignments')
    .action((name: string, flags: IdentityFlags) =>
      runIdentityAction(flags, async (identity) => {
        await identity.removeUser(name);
        print(`Removed user ${name}.`);
      }),
    );

  withDbOption(users.command('set-password <name>'))
    .description("change a user's password (typed at the terminal, or from standard input)")
    .option('--password-stdin', 'read the password from standard input')
    .action((name: string, flags: IdentityFlags & { passwordStdin?: boolean }) =>
      runIdentityAction(flags, async (identity) => {
        const password = await readSecret({
          fromStdin: flags.passwordStdin === true,
          flag: '--password-stdin',
          what: 'password',
          prompt: `New password for ${name}: `,
        });
        await identity.setPassword(name, password);
        print(`Changed the password of ${name}.`);
      }),
    );
}

function registerServicePrincipalCommands(program: Command): void {
  const principals = exitTwoOnUsageErrors(
    program
      .command('service-principals')
      .description(
        'add, list, remove service principals (client id + secret) and rotate (reset) secrets',
      ),
  );

  withSecretExpiryOption(withDbOption(principals.command('add <displayName>').alias('create')))
    .description('add a service principal; prints its client id and secret, once')
    .option('--json', 'print JSON')
    .action((displayName: string, flags: SecretFlags) =>
      runIdentityAction(flags, async (identity) => {
        const added = await identity.addServicePrincipal(
          displayName,
          secretExpiryOptions(flags.secretExpiresIn),
        );
        if (flags.json === true) return printJson(added);
        print(`Added service principal ${JSON.stringify(added.displayName)}.`);
        print(`Client id:     ${added.clientId}`);
        print(`Client secret: ${added.secret}`);
        print(
          `The secret is shown only now; \`reset-secret\` replaces it. ${expiryLine(added.secretExpiresAt)}`,
        );
      }),
    );

  withDbOption(principals.command('list'))
    .description('list service principals (never their secrets)')
    .option('--json', 'print JSON')
    .action((flags: JsonFlags) =>
      runIdentityAction(flags, async (identity) => {
        const listed = await identity.listServicePrincipals();
        if (flags.json === true) return printJson(listed);
        if (listed.length === 0) return print('No service principals.');
        for (const line of formatTable(
          ['CLIENT ID', 'DISPLAY NAME', 'CREATED', 'SECRET CREATED', 'SECRET EXPIRES'],
          listed.map((principal) => [
            principal.clientId,
            principal.displayName,
            formatInstant(principal.createdAt),
            formatInstant(principal.secretCreatedAt),
            principal.secretExpiresAt === null ? 'never' : formatInstant(principal.secretExpiresAt),
          ]),
        )) {
          print(line);
        }
      }),
    );

  withDbOption(principals.command('remove <clientId>'))
    .description('remove a service principal and its role assignments')
    .action((clientId: string, flags: IdentityFlags) =>
      runIdentityAction(flags, async (identity) => {
        await identity.removeServicePrincipal(clientId);
        print(`Removed service principal ${clientId}.`);
      }),
    );

  withSecretExpiryOption(
    withDbOption(principals.command('rotate-secret <clientId>').alias('reset-secret')),
  )
    .description('replace the client secret (the old one stops working at once); prints it once')
    .option('--json', 'print JSON')
    .action((clientId: string, flags: SecretFlags) =>
      runIdentityAction(flags, async (identity) => {
        const rotated = await identity.rotateServicePrincipalSecret(
          clientId,
          secretExpiryOptions(flags.secretExpiresIn),
        );
        if (flags.json === true) return printJson(rotated);
        print(`New client secret for ${rotated.clientId}: ${rotated.secret}`);
        print(
          `It is shown only now; the previous secret no longer works. ${expiryLine(rotated.secretExpiresAt)}`,
        );
      }),
    );
}

function registerRoleCommands(program: Command): void {
  const roles = exitTwoOnUsageErrors(
    program
      .command('roles')
      .description('grant, revoke and list role assignments; describe the roles'),
  );

  withDbOption(roles.command('grant <principal> <role>'))
    .description('grant a role to a user (by name) or service principal (by client id), on a scope')
    .option('--scope <scope>', `where the role applies: ${Scopes.join(', ')} (Default: *)`, '*')
    .option('--json', 'print JSON')
    .action((principal: string, role: string, flags: JsonFlags & { scope: string }) =>
      runIdentityAction(flags, async (identity) => {
        const { assignment, created } = await identity.grantRole(principal, role, flags.scope);
        if (flags.json === true) return printJson(assignment);
        const who = assignment.principalName ?? assignment.principalId;
        print(
          created
            ? `Granted ${assignment.role} on ${assignment.scope} to ${who} (assignment ${assignment.id}).`
            : `${who} already has ${assignment.role} on ${assignment.scope} (assignment ${assignment.id}).`,
        );
      }),
    );

  withDbOption(roles.command('revoke <assignmentId>'))
    .description('remove a role assignment (`roles list` shows the ids)')
    .action((assignmentId: string, flags: IdentityFlags) =>
      runIdentityAction(flags, async (identity) => {
        await identity.revokeRole(assignmentId);
        print(`Revoked role assignment ${assignmentId}.`);
      }),
    );

  withDbOption(roles.command('list'))
    .description('list role assignments')
    .option('--principal <principal>', 'only those of this user name, client id or id')
    .option('--json', 'print JSON')
    .action((flags: JsonFlags & { principal?: string }) =>
      runIdentityAction(flags, async (identity) => {
        const listed = await identity.listRoleAssignments(
          flags.principal === undefined ? {} : { principal: flags.principal },
        );
        if (flags.json === true) return printJson(listed);
        if (listed.length === 0) return print('No role assignments.');
        for (const line of formatTable(
          ['ID', 'PRINCIPAL', 'TYPE', 'ROLE', 'SCOPE'],
          listed.map((assignment) => [
            assignment.id,
            assignment.principalType === 'ServicePrincipal'
              ? `${assignment.principalName ?? '(removed)'} (${assignment.clientId ?? assignment.principalId})`
              : (assignment.principalName ?? `(removed) ${assignment.principalId}`),
            assignment.principalType,
            assignment.role,
            assignment.scope,
          ]),
        )) {
          print(line);
        }
      }),
    );

  roles
    .command('describe')
    .description('the roles and the permissions each grants')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) => {
      if (flags.json === true) {
        printJson(
          ROLE_NAMES.map((name) => ({
            name,
            description: Roles[name].description,
            permissions: Roles[name].permissions,
          })),
        );
        return;
      }
      for (const name of ROLE_NAMES) {
        print(`${name}: ${Roles[name].description}`);
        for (const permission of Roles[name].permissions) print(`  ${permission}`);
      }
      print('');
      print(
        `Scopes: factory (factory/* permissions), ml (ml/* permissions), * (everything, and identity/* permissions).`,
      );
    });
}
