/**
 * `millrace login`: gets an access token from a Millrace server's `POST /oauth2/token` — as a
 * user (password grant) or a service principal (client-credentials grant) — and keeps it in
 * `$MILLRACE_HOME/credentials.json` (see stored-credentials.ts). `millrace logout` forgets it.
 */
import type { Command } from 'commander';
import { exitTwoOnUsageErrors, print, reportIdentityError } from './identity-setup.js';
import { CliUsageError, MlExitCodes } from './ml-cli-errors.js';
import { readSecret } from './secret-input.js';
import { normalizeServerUrl, removeStoredToken, writeStoredToken } from './stored-credentials.js';

const DEFAULT_SERVER_URL = 'http://127.0.0.1:8080';

interface LoginFlags {
  readonly server?: string;
  readonly user?: string;
  readonly passwordStdin?: boolean;
  readonly clientId?: string;
  readonly clientSecretStdin?: boolean;
}

/** The grant's form fields, asking for the secret on stdin or the terminal. */
async function grantFields(flags: LoginFlags): Promise<Record<string, string>> {
  if (flags.user !== undefined && flags.clientId !== undefined) {
    throw new CliUsageError('Give --user or --client-id, not both.');
  }
  if (flags.clientId !== undefined) {
    const secret = await readSecret({
      fromStdin: flags.clientSecretStdin === true,
      flag: '--client-secret-stdin',
      what: 'client secret',
      prompt: `Client secret for ${flags.clientId}: `,
    });
    return { grant_type: 'client_credentials', client_id: flags.clientId, client_secret: secret };
  }
  if (flags.user === undefined) {
    throw new CliUsageError(
      'Say who logs in: --user <name> (a person) or --client-id <id> (a service principal).',
    );
  }
  const password = await readSecret({
    fromStdin: flags.passwordStdin === true,
    flag: '--password-stdin',
    what: 'password',
    prompt: `Password for ${flags.user}: `,
  });
  return { grant_type: 'password', username: flags.user, password };
}

async function login(flags: LoginFlags): Promise<number> {
  const configured = flags.server ?? process.env.MILLRACE_SERVER;
  // `millrace server`'s own default address, so `npm start` then `millrace login` just works.
  const given =
    configured === undefined || configured.trim() === '' ? DEFAULT_SERVER_URL : configured;
  const server = normalizeServerUrl(given);
  const fields = await grantFields(flags);
  let response: Response;
  try {
    response = await fetch(`${server}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(fields).toString(),
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    process.stderr.write(
      `error: cannot reach ${server} (${cause ?? (error as Error).message}); check the URL and that the server runs.\n`,
    );
    return MlExitCodes.failed;
  }
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Reported below with the status.
  }
  if (!response.ok) {
    const error = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    const description =
      typeof body.error_description === 'string'
        ? body.error_description
        : `${server}/oauth2/token answered ${response.status}; is this a Millrace server?`;
    process.stderr.write(`error ${error}: ${description}\n`);
    return MlExitCodes.failed;
  }
  const { access_token: accessToken, expires_in: expiresIn } = body;
  if (typeof accessToken !== 'string' || typeof expiresIn !== 'number') {
    process.stderr.write(`error: ${server}/oauth2/token did not answer with a token.\n`);
    return MlExitCodes.failed;
  }
  const expiresAt = new Date(Date.now() + expiresIn * 1000).toISOString();
  const file = writeStoredToken({ server, accessToken, expiresAt });
  const who = flags.user ?? `client ${flags.clientId ?? ''}`;
  print(`Logged in to ${server} as ${who}; the token is valid until ${expiresAt}.`);
  print(`Saved in ${file} (readable by you only).`);
  return MlExitCodes.succeeded;
}

export function registerLoginCommands(program: Command): void {
  exitTwoOnUsageErrors(program.command('login'))
    .description('get an access token from a Millrace server and keep it for later commands')
    .option('--server <url>', `the server (Default: $MILLRACE_SERVER, else ${DEFAULT_SERVER_URL})`)
    .option('--user <name>', 'log in as this user (password grant)')
    .option('--password-stdin', 'read the password from standard input instead of the terminal')
    .option('--client-id <id>', 'log in as this service principal (client-credentials grant)')
    .option('--client-secret-stdin', 'read the client secret from standard input')
    .action(async (flags: LoginFlags) => {
      try {
        process.exitCode = await login(flags);
      } catch (error) {
        process.exitCode = reportIdentityError(error);
      }
    });

  exitTwoOnUsageErrors(program.command('logout'))
    .description('forget the token `millrace login` kept')
    .action(() => {
      const server = removeStoredToken();
      print(server === undefined ? 'Not logged in.' : `Logged out of ${server}.`);
    });
}
