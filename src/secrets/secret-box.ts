/**
 * Encryption at rest for secrets (linked-service keys, SecureString parameters, signing keys):
 * AES-256-GCM with a random 96-bit nonce per value. A sealed value is text,
 * `msv1:<key id>:<nonce>:<ciphertext+tag>` in base64url, so it fits any JSON or text column and
 * says which key opens it (keys can be rotated: old ones stay to open old values).
 *
 * The key comes from `MILLRACE_SECRET_KEY` (32 bytes, base64 or hex), else from
 * `$MILLRACE_HOME/secret.key`, created with mode 0600 on first use.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SecretError } from './secret-error.js';

const PREFIX = 'msv1';
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** `msv1:<8-char key id>:<16-char nonce>:<ciphertext+tag>`, all base64url. */
const SEALED_PATTERN = /^msv1:[A-Za-z0-9_-]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22,}$/;

/** A SecretError raised by the box itself (bad key, value that cannot be opened). */
export class SecretBoxError extends SecretError {
  override readonly name = 'SecretBoxError';
  constructor(code: 'SECRET_KEY_INVALID' | 'SECRET_UNREADABLE', message: string) {
    super(code, message);
  }
}

export class SecretBox {
  /** The first key seals; every key opens what it sealed. */
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly sealingKeyId: string;

  constructor(keys: readonly Buffer[]) {
    if (keys.length === 0)
      throw new SecretBoxError('SECRET_KEY_INVALID', 'A SecretBox needs a key.');
    const entries = keys.map((key) => {
      if (key.length !== KEY_BYTES) {
        throw new SecretBoxError(
          'SECRET_KEY_INVALID',
          `A secret key must be ${KEY_BYTES} bytes; this one has ${key.length}. Generate one with \`openssl rand -base64 32\`.`,
        );
      }
      return [keyId(key), key] as const;
    });
    this.keys = new Map(entries);
    this.sealingKeyId = entries[0]![0];
  }

  /** Whether a text has the shape of a sealed value (it may still be one this box cannot open). */
  static isSealed(value: string): boolean {
    return SEALED_PATTERN.test(value);
  }

  /** The ids of the keys this box holds, the sealing key first (ids are hash prefixes, not secret). */
  get keyIds(): readonly string[] {
    return [...this.keys.keys()];
  }

  /** Whether `value` is sealed and this box can open it (right key and context, not altered). */
  opens(value: string, context?: string): boolean {
    if (!SecretBox.isSealed(value)) return false;
    try {
      this.open(value, context);
      return true;
    } catch {
      return false;
    }
  }

  /** Seals any JSON value as one sealed text. */
  sealJson(value: unknown, context?: string): string {
    return this.seal(JSON.stringify(value), context);
  }

  openJson(sealed: string, context?: string): unknown {
    return JSON.parse(this.open(sealed, context)) as unknown;
  }

  /**
   * `context` (authenticated, not stored) binds the sealed value to where it belongs, e.g.
   * `pipelineRun/<id>/parameters/<name>`: it opens only with the same context, so a sealed value
   * copied elsewhere cannot be made to open there.
   */
  seal(plain: string, context?: string): string {
    const key = this.keys.get(this.sealingKeyId)!;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    if (context !== undefined) cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [
      PREFIX,
      this.sealingKeyId,
      nonce.toString('base64url'),
      body.toString('base64url'),
    ].join(':');
  }

  open(sealed: string, context?: string): string {
    if (!SecretBox.isSealed(sealed)) {
      throw new SecretBoxError('SECRET_UNREADABLE', 'The value is not a sealed secret.');
    }
    const [, id = '', nonceText = '', bodyText = ''] = sealed.split(':');
    const key = this.keys.get(id);
    if (key === undefined) {
      throw new SecretBoxError(
        'SECRET_UNREADABLE',
        `The secret was sealed with key ${id}, which this server does not have (it has ${this.keyIds.join(', ')}); set MILLRACE_SECRET_KEY to that key, or add it to MILLRACE_SECRET_KEY_PREVIOUS after a rotation.`,
      );
    }
    const body = Buffer.from(bodyText, 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonceText, 'base64url'));
      if (context !== undefined) decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretBoxError(
        'SECRET_UNREADABLE',
        `A secret sealed with key ${id} was altered, or belongs elsewhere (another context); it cannot be opened.`,
      );
    }
  }
}

/** A short public name of a key (not secret: a hash prefix). */
function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

function parseKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new SecretBoxError(
      'SECRET_KEY_INVALID',
      `${where} must hold ${KEY_BYTES} bytes as base64 or hex (e.g. from \`openssl rand -base64 32\`).`,
    );
  }
  return key;
}

/**
 * The installation's SecretBox: `MILLRACE_SECRET_KEY` (with older keys in
 * `MILLRACE_SECRET_KEY_PREVIOUS`, comma-separated, to open values sealed before a rotation), else
 * `$MILLRACE_HOME/secret.key`, created on first use.
 */
export function openSecretBox(
  home: string,
  environment: NodeJS.ProcessEnv = process.env,
): SecretBox {
  const previous = (environment.MILLRACE_SECRET_KEY_PREVIOUS ?? '')
    .split(',')
    .filter((text) => text.trim() !== '')
    .map((text) => parseKey(text, 'MILLRACE_SECRET_KEY_PREVIOUS'));
  const configured = environment.MILLRACE_SECRET_KEY;
  if (configured !== undefined && configured.trim() !== '') {
    return new SecretBox([parseKey(configured, 'MILLRACE_SECRET_KEY'), ...previous]);
  }
  const file = join(home, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(home, { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`, {
        mode: 0o600,
        flag: 'wx',
      });
      chmodSync(file, 0o600);
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return new SecretBox([parseKey(readFileSync(file, 'utf8'), file), ...previous]);
}
