/**
 * The composition root of the `millrace users|service-principals|roles` commands: the identity
 * service over the store `--db` names (the embedded store of the Millrace home by default), for
 * an administrator on the server's machine. How those commands report failures and exit.
 */
import type { Command, CommanderError } from 'commander';
import type { IdentityService } from '../identity/identity-service.js';
import { openSecretBox } from '../secrets/secret-box.js';
import { millraceHome, openStore } from '../store/open-store.js';
import { MlExitCodes, reportMlError } from './ml-cli-errors.js';

export interface IdentityFlags {
  readonly db?: string;
}

/** Codes that say the input is wrong (exit status 2), not that the operation failed (1). */
const INVALID_INPUT_CODES: ReadonlySet<string> = new Set([
  'IDENTITY_INVALID_NAME',
  'IDENTITY_WEAK_PASSWORD',
  'IDENTITY_NOT_FOUND',
  'IDENTITY_CONFLICT',
  'IDENTITY_INVALID_EXPIRY',
]);

export function withDbOption(command: Command): Command {
  return command.option(
    '--db <url>',
    'the store: postgres://… or a SQLite file (Default: $MILLRACE_HOME/millrace.db)',
  );
}

/** Bad syntax exits 2 like other invalid input; set before subcommands are added. */
export function exitTwoOnUsageErrors(command: Command): Command {
  return command.exitOverride((error: CommanderError) => {
    process.exitCode = error.exitCode === 0 ? MlExitCodes.succeeded : MlExitCodes.invalid;
    throw error;
  });
}

/** Writes the error as `error <CODE>: <message>` and returns the exit status it calls for. */
export function reportIdentityError(error: unknown): number {
  const status = reportMlError(error);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && INVALID_INPUT_CODES.has(code) ? MlExitCodes.invalid : status;
}

/** Opens the identity service on the store, runs `use`, closes the store, sets the exit status. */
export async function runIdentityAction(
  flags: IdentityFlags,
  use: (identity: IdentityService) => Promise<number | void>,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  try {
    const store = await openStore(flags.db, environment);
    try {
      // Loaded here, not with the CLI: token signing (jose) is only for these commands.
      const { IdentityService } = await import('../identity/identity-service.js');
      const identity = new IdentityService({
        store,
        secrets: openSecretBox(millraceHome(environment), environment),
      });
      process.exitCode = (await use(identity)) ?? MlExitCodes.succeeded;
    } finally {
      await store.close();
    }
  } catch (error) {
    process.exitCode = reportIdentityError(error);
  }
}

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function printJson(value: unknown): void {
  print(JSON.stringify(value, null, 2));
}
