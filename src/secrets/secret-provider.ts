/**
 * Where `AzureKeyVaultSecret` references get their values. Data Factory asks Azure Key Vault; a
 * Millrace installation plugs in a provider (the environment and a secrets folder are built in;
 * a real Key Vault client can sit behind the same port). Providers fail with a SecretError whose
 * message and `lookedIn` say where they looked, never what they found.
 */
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { SecretError } from './secret-error.js';

/** An `AzureKeyVaultSecret` reference, with its expressions already evaluated. */
export interface SecretReference {
  /** The Key Vault linked service's name (`store.referenceName`). */
  readonly store: string;
  readonly secretName: string;
  /** Ignored by the built-in providers, which hold one version of each secret. */
  readonly secretVersion?: string;
}

export interface SecretProvider {
  /** The secret's value; rejects with a SecretError (SECRET_NOT_FOUND names where it looked). */
  resolve(reference: SecretReference): Promise<string>;
}

const ENVIRONMENT_PREFIX = 'MILLRACE_SECRET_';
/** Variables under the prefix that hold the sealing keys: never a Key Vault secret. */
const RESERVED_VARIABLES = new Set(['MILLRACE_SECRET_KEY', 'MILLRACE_SECRET_KEY_PREVIOUS']);

/** `MILLRACE_SECRET_<STORE>_<NAME>`: upper case, every character other than A-Z and 0-9 as `_`. */
export function secretVariableName(reference: SecretReference): string {
  const part = (text: string): string => text.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return `${ENVIRONMENT_PREFIX}${part(reference.store)}_${part(reference.secretName)}`;
}

/** Secrets from environment variables named by {@link secretVariableName}. */
export class EnvironmentSecretProvider implements SecretProvider {
  /** @param environment (Default: `process.env`) */
  constructor(private readonly environment: NodeJS.ProcessEnv = process.env) {}

  // async so that a bad reference rejects rather than throws, as the port promises.
  async resolve(reference: SecretReference): Promise<string> {
    checkReference(reference);
    const name = secretVariableName(reference);
    if (RESERVED_VARIABLES.has(name))
      throw new SecretError(
        'SECRET_REFERENCE_INVALID',
        `The secret '${reference.secretName}' of Key Vault '${reference.store}' would be read from ${name}, which holds Millrace's own key; rename the secret.`,
      );
    const value = this.environment[name];
    if (value === undefined)
      throw new SecretError(
        'SECRET_NOT_FOUND',
        `The secret '${reference.secretName}' of Key Vault '${reference.store}' is not in the environment variable ${name}.`,
        [`env:${name}`],
      );
    return value;
  }
}

/**
 * Secrets from files `<root>/<store>/<secretName>`, their content trimmed (so a trailing newline
 * written by `echo` is not part of the secret). Names that could leave the folder are refused.
 */
export class FileSecretProvider implements SecretProvider {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async resolve(reference: SecretReference): Promise<string> {
    checkReference(reference);
    for (const [label, part] of [
      ['store', reference.store],
      ['secretName', reference.secretName],
    ] as const) {
      if (part === '.' || part === '..' || /[/\\\0]/.test(part))
        throw new SecretError(
          'SECRET_REFERENCE_INVALID',
          `The ${label} '${part}' cannot name a file in the secrets folder: use a name without '/', '\\' and other than '.' or '..'.`,
        );
    }
    const path = join(this.root, reference.store, reference.secretName);
    const inside = relative(this.root, path);
    if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..')
      throw new SecretError(
        'SECRET_REFERENCE_INVALID',
        `The secret '${reference.secretName}' of Key Vault '${reference.store}' would be read outside the secrets folder ${this.root}.`,
      );
    try {
      return (await readFile(path, 'utf8')).trim();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR')
        throw new SecretError(
          'SECRET_NOT_FOUND',
          `The secret '${reference.secretName}' of Key Vault '${reference.store}' has no file ${path}.`,
          [`file:${path}`],
        );
      throw new SecretError(
        'SECRET_PROVIDER_FAILED',
        `The secrets file ${path} cannot be read (${code ?? String(error)}); make it readable by the Millrace process.`,
        [`file:${path}`],
      );
    }
  }
}

/** Asks each provider in turn; the first that has the secret answers. */
export class ChainSecretProvider implements SecretProvider {
  constructor(private readonly providers: readonly SecretProvider[]) {}

  async resolve(reference: SecretReference): Promise<string> {
    checkReference(reference);
    const lookedIn: string[] = [];
    for (const provider of this.providers) {
      try {
        return await provider.resolve(reference);
      } catch (error) {
        // Only "not here" moves on: a broken provider must not be hidden behind the next one.
        if (!(error instanceof SecretError) || error.code !== 'SECRET_NOT_FOUND') throw error;
        lookedIn.push(...(error.lookedIn ?? []));
      }
    }
    throw new SecretError(
      'SECRET_NOT_FOUND',
      `The secret '${reference.secretName}' of Key Vault '${reference.store}' was not found; looked in ${lookedIn.join(', ') || 'no provider'}.`,
      lookedIn,
    );
  }
}

/**
 * The installation's provider: the environment first, then the secrets folder
 * (`MILLRACE_SECRETS_DIR`, Default: `$MILLRACE_HOME/secrets`).
 */
export function defaultSecretProvider(
  home: string,
  environment: NodeJS.ProcessEnv = process.env,
): ChainSecretProvider {
  const folder = environment.MILLRACE_SECRETS_DIR?.trim() || join(home, 'secrets');
  return new ChainSecretProvider([
    new EnvironmentSecretProvider(environment),
    new FileSecretProvider(folder),
  ]);
}

function checkReference(reference: SecretReference): void {
  if (typeof reference.store !== 'string' || reference.store.trim() === '')
    throw new SecretError(
      'SECRET_REFERENCE_INVALID',
      'An AzureKeyVaultSecret reference needs store.referenceName, the Key Vault linked service.',
    );
  if (typeof reference.secretName !== 'string' || reference.secretName.trim() === '')
    throw new SecretError(
      'SECRET_REFERENCE_INVALID',
      `An AzureKeyVaultSecret reference to Key Vault '${reference.store}' needs a secretName.`,
    );
}
