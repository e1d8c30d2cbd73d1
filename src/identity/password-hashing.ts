/**
 * Passwords and service principal secrets are stored as scrypt hashes (RFC 7914, memory-hard:
 * guessing costs memory as well as time, which GPUs and ASICs have little of per core).
 *
 * The stored text says how it was made, so parameters can be raised later without breaking old
 * hashes: `scrypt$<N>$<r>$<p>$<salt>$<hash>`, salt and hash in base64url. Defaults: N = 2^15,
 * r = 8, p = 1 (OWASP's minimum for scrypt), so one hash needs 128·N·r = 32 MiB and some tens of
 * milliseconds; a 16-byte random salt; a 32-byte hash. Hashing runs on libuv's thread pool, not
 * on the event loop. Verification compares in constant time.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParameters {
  /** CPU and memory cost, a power of two. (Default: 32768, i.e. 2^15) */
  readonly cost: number;
  /** Block size. (Default: 8) */
  readonly blockSize: number;
  /** Parallelisation. (Default: 1) */
  readonly parallelization: number;
}

export const DEFAULT_SCRYPT_PARAMETERS: ScryptParameters = {
  cost: 2 ** 15,
  blockSize: 8,
  parallelization: 1,
};

const ALGORITHM = 'scrypt';
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/**
 * Bounds on parameters read back from a stored hash: a tampered row must not make the server
 * allocate gigabytes or spin for minutes.
 */
const MAX_COST = 2 ** 20;
const MAX_BLOCK_SIZE = 32;
const MAX_PARALLELIZATION = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

interface DecodedHash {
  readonly parameters: ScryptParameters;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

function derive(
  secret: string,
  salt: Buffer,
  parameters: ScryptParameters,
  length: number = HASH_BYTES,
): Promise<Buffer> {
  const options: ScryptOptions = {
    N: parameters.cost,
    r: parameters.blockSize,
    p: parameters.parallelization,
    // Node refuses above 32 MiB by default, which N = 2^15, r = 8 needs exactly: allow twice.
    maxmem: 2 * 128 * parameters.cost * parameters.blockSize * parameters.parallelization,
  };
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, length, options, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

function checkParameters(parameters: ScryptParameters): void {
  const { cost, blockSize, parallelization } = parameters;
  const powerOfTwo = Number.isInteger(cost) && cost > 1 && (cost & (cost - 1)) === 0;
  if (
    !powerOfTwo ||
    cost > MAX_COST ||
    !Number.isInteger(blockSize) ||
    blockSize < 1 ||
    blockSize > MAX_BLOCK_SIZE ||
    !Number.isInteger(parallelization) ||
    parallelization < 1 ||
    parallelization > MAX_PARALLELIZATION
  ) {
    throw new RangeError(
      `scrypt parameters N=${cost}, r=${blockSize}, p=${parallelization} are out of range: N must be a power of two up to 2^20, r 1–${MAX_BLOCK_SIZE}, p 1–${MAX_PARALLELIZATION}.`,
    );
  }
}

/** The encoded hash of `secret` (a password or a client secret) with a fresh random salt. */
export async function hashSecret(
  secret: string,
  parameters: ScryptParameters = DEFAULT_SCRYPT_PARAMETERS,
): Promise<string> {
  checkParameters(parameters);
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(secret, salt, parameters);
  return [
    ALGORITHM,
    parameters.cost,
    parameters.blockSize,
    parameters.parallelization,
    salt.toString('base64url'),
    hash.toString('base64url'),
  ].join('$');
}

function decode(encoded: string): DecodedHash | undefined {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== ALGORITHM) return undefined;
  const [, costText, blockSizeText, parallelizationText, saltText, hashText] = parts;
  const numbers = [costText, blockSizeText, parallelizationText].map((text) =>
    text !== undefined && /^[1-9][0-9]{0,9}$/.test(text) ? Number(text) : NaN,
  );
  const [cost = NaN, blockSize = NaN, parallelization = NaN] = numbers;
  if (saltText === undefined || hashText === undefined) return undefined;
  if (!BASE64URL.test(saltText) || !BASE64URL.test(hashText)) return undefined;
  const parameters = { cost, blockSize, parallelization };
  try {
    checkParameters(parameters);
  } catch {
    return undefined;
  }
  const hash = Buffer.from(hashText, 'base64url');
  if (hash.length < 16 || hash.length > 64) return undefined;
  return { parameters, salt: Buffer.from(saltText, 'base64url'), hash };
}

/** Whether `encoded` is a hash `hashSecret` could have written (parameters in range). */
export function isEncodedHash(encoded: string): boolean {
  return decode(encoded) !== undefined;
}

/**
 * Whether `secret` matches `encoded`. False, never an exception, for a wrong secret or a hash
 * that does not decode (which then costs no hashing: such a row is corrupt, not a guess).
 */
export async function verifySecret(secret: string, encoded: string): Promise<boolean> {
  const decoded = decode(encoded);
  if (decoded === undefined) return false;
  // Derived at the stored hash's length, so that hashes of another length still verify.
  const candidate = await derive(secret, decoded.salt, decoded.parameters, decoded.hash.length);
  return timingSafeEqual(candidate, decoded.hash);
}

/** Whether a hash was made with other parameters than these, so it should be remade at login. */
export function needsRehash(
  encoded: string,
  parameters: ScryptParameters = DEFAULT_SCRYPT_PARAMETERS,
): boolean {
  const decoded = decode(encoded);
  return (
    decoded === undefined ||
    decoded.parameters.cost !== parameters.cost ||
    decoded.parameters.blockSize !== parameters.blockSize ||
    decoded.parameters.parallelization !== parameters.parallelization ||
    decoded.hash.length !== HASH_BYTES
  );
}
