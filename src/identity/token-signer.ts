/**
 * Millrace's own access tokens: short-lived JWTs signed with Ed25519 (`alg: EdDSA`), whose keys
 * live in the store, private halves sealed with the installation's SecretBox.
 *
 * Key rotation: the newest key signs. When it is older than `keyRotationDays` (or there is none)
 * the next token creates a new one. A key stops verifying `tokenLifetimeSeconds` plus a grace of
 * {@link ROTATION_GRACE_SECONDS} after the next newer key was created — every token it signed has
 * expired by then — and is marked retired in the store. That instant depends only on the keys'
 * creation times, so servers sharing a store agree on it without coordinating: when two create a
 * key at once, both keys stay in the store, both verify, and both servers sign with the newest
 * from then on. The grace absorbs such races and clock skew between servers.
 *
 * Verification keys are cached; a token naming an unknown `kid` (a key another server just
 * created) reloads them, and so does a cache older than {@link KEY_CACHE_SECONDS}.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, jwtVerify, SignJWT, type JWK } from 'jose';
import type { SecretBox } from '../secrets/secret-box.js';
import {
  IdentityError,
  PrincipalTypes,
  type IdentityStore,
  type PrincipalType,
  type SigningKeyRecord,
} from './identity.js';

/** Slack after a key's last token expires before it stops verifying (races, clock skew). */
export const ROTATION_GRACE_SECONDS = 300;
/** How long verification keys are trusted from memory before the store is read again. */
export const KEY_CACHE_SECONDS = 60;

const ALGORITHM = 'EdDSA';
const TOKEN_TYPE = 'at+jwt';

export type SigningKeyStore = Pick<
  IdentityStore,
  'addSigningKey' | 'listSigningKeys' | 'retireSigningKey'
>;

export interface TokenSignerOptions {
  readonly store: SigningKeyStore;
  /** Seals and opens private keys. */
  readonly secrets: SecretBox;
  /** `iss` of the tokens, checked on verification. */
  readonly issuer: string;
  /** `aud` of the tokens, checked on verification. */
  readonly audience: string;
  readonly tokenLifetimeSeconds: number;
  readonly keyRotationDays: number;
  readonly clock: () => Date;
}

/** What a token says about its principal. */
export interface AccessTokenClaims {
  /** The principal's id. */
  readonly sub: string;
  readonly ptype: PrincipalType;
  /** User name or service principal display name, when the token was issued. */
  readonly name: string;
  /** The service principal's client id, or `millrace` for users (RFC 9068's `client_id`). */
  readonly clientId: string;
}

export interface SignedToken {
  readonly token: string;
  /** Seconds. */
  readonly expiresIn: number;
}

interface VerificationKey {
  readonly key: KeyObject;
  /** Epoch ms after which the key no longer verifies (Infinity while it is the newest). */
  readonly retiresAt: number;
}

interface KeyCache {
  readonly loadedAt: number;
  readonly keys: ReadonlyMap<string, VerificationKey>;
}

function invalid(message: string): IdentityError {
  return new IdentityError('AUTH_INVALID_TOKEN', message);
}

export class TokenSigner {
  private readonly privateKeys = new Map<string, KeyObject>();
  private cache: KeyCache | undefined;
  private loading: Promise<readonly SigningKeyRecord[]> | undefined;
  private rotating: Promise<SigningKeyRecord> | undefined;

  constructor(private readonly options: TokenSignerOptions) {
    if (!(options.tokenLifetimeSeconds >= 1) || !Number.isInteger(options.tokenLifetimeSeconds)) {
      throw new RangeError('tokenLifetimeSeconds must be a whole number of seconds, at least 1.');
    }
    if (!(options.keyRotationDays > 0)) throw new RangeError('keyRotationDays must be above 0.');
  }

  private now(): number {
    return this.options.clock().getTime();
  }

  /** The instant each key stops verifying, given every key newest first. */
  private retirements(keys: readonly SigningKeyRecord[]): number[] {
    const afterSuccessor = (this.options.tokenLifetimeSeconds + ROTATION_GRACE_SECONDS) * 1000;
    return keys.map((key, index) => {
      const stored = key.retiredAt === null ? Infinity : Date.parse(key.retiredAt);
      const successor = keys[index - 1];
      const bySuccessor =
        successor === undefined ? Infinity : Date.parse(successor.createdAt) + afterSuccessor;
      return Math.min(stored, bySuccessor);
    });
  }

  /** Reads every key from the store (one read at a time) and refreshes the verification cache. */
  private loadKeys(): Promise<readonly SigningKeyRecord[]> {
    this.loading ??= (async () => {
      try {
        const keys = await this.options.store.listSigningKeys();
        const retirements = this.retirements(keys);
        const entries = new Map<string, VerificationKey>();
        keys.forEach((record, index) => {
          if (record.algorithm !== ALGORITHM) return;
          entries.set(record.kid, {
            key: createPublicKey({ key: record.publicJwk as JWK & { kty: string }, format: 'jwk' }),
            retiresAt: retirements[index] ?? Infinity,
          });
        });
        this.cache = { loadedAt: this.now(), keys: entries };
        return keys;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /** The key to sign with now, creating one when there is none or the newest is due. */
  private signingKey(): Promise<SigningKeyRecord> {
    this.rotating ??= (async () => {
      try {
        let keys = await this.loadKeys();
        if (this.isDue(keys)) {
          await this.options.store.addSigningKey(await this.newKey());
          // Another server may have added one at the same time: the newest stored one wins.
          keys = await this.loadKeys();
        }
        await this.recordRetirements(keys);
        const newest = keys[0];
        if (newest === undefined)
          throw new Error('The signing key just added is not in the store.');
        return newest;
      } finally {
        this.rotating = undefined;
      }
    })();
    return this.rotating;
  }

  private isDue(keys: readonly SigningKeyRecord[]): boolean {
    const newest = keys[0];
    if (newest === undefined || newest.algorithm !== ALGORITHM) return true;
    const now = this.now();
    const retiresAt = this.retirements(keys)[0] ?? Infinity;
    const rotationMs = this.options.keyRotationDays * 24 * 60 * 60 * 1000;
    return now >= retiresAt || now - Date.parse(newest.createdAt) >= rotationMs;
  }

  /** Writes the retirement instant of every key that has a successor and none stored yet. */
  private async recordRetirements(keys: readonly SigningKeyRecord[]): Promise<void> {
    const retirements = this.retirements(keys);
    for (const [index, key] of keys.entries()) {
      const retiresAt = retirements[index] ?? Infinity;
      if (key.retiredAt === null && Number.isFinite(retiresAt)) {
        await this.options.store.retireSigningKey(key.kid, new Date(retiresAt).toISOString());
      }
    }
  }

  private async newKey(): Promise<SigningKeyRecord> {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const publicJwk = publicKey.export({ format: 'jwk' });
    const kid = await calculateJwkThumbprint(publicJwk as JWK);
    this.privateKeys.set(kid, privateKey);
    return {
      kid,
      algorithm: ALGORITHM,
      privateKeySealed: this.options.secrets.seal(
        JSON.stringify(privateKey.export({ format: 'jwk' })),
      ),
      publicJwk: { ...publicJwk },
      createdAt: new Date(this.now()).toISOString(),
      retiredAt: null,
    };
  }

  private privateKey(record: SigningKeyRecord): KeyObject {
    let key = this.privateKeys.get(record.kid);
    if (key === undefined) {
      // Throws SecretBoxError when this server has another secret key than the one that sealed.
      const jwk = JSON.parse(this.options.secrets.open(record.privateKeySealed)) as JWK & {
        kty: string;
      };
      key = createPrivateKey({ key: jwk, format: 'jwk' });
      this.privateKeys.set(record.kid, key);
    }
    return key;
  }

  async sign(claims: AccessTokenClaims): Promise<SignedToken> {
    const record = await this.signingKey();
    const issuedAt = Math.floor(this.now() / 1000);
    const lifetime = this.options.tokenLifetimeSeconds;
    const token = await new SignJWT({
      ptype: claims.ptype,
      name: claims.name,
      client_id: claims.clientId,
    })
      .setProtectedHeader({ alg: ALGORITHM, kid: record.kid, typ: TOKEN_TYPE })
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setSubject(claims.sub)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + lifetime)
      .setJti(randomUUID())
      .sign(this.privateKey(record));
    return { token, expiresIn: lifetime };
  }

  /** The key `kid` names, reading the store again when it is not known or the cache is old. */
  private async verificationKey(kid: string): Promise<VerificationKey | undefined> {
    const cache = this.cache;
    const fresh = cache !== undefined && this.now() - cache.loadedAt < KEY_CACHE_SECONDS * 1000;
    const cached = cache?.keys.get(kid);
    if (fresh && cached !== undefined) return cached;
    await this.loadKeys();
    return this.cache?.keys.get(kid);
  }

  /**
   * The claims of a token this server (or one sharing its store) signed. `AUTH_TOKEN_EXPIRED`
   * when it has expired, `AUTH_INVALID_TOKEN` for anything else wrong.
   */
  async verify(token: string): Promise<AccessTokenClaims> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw invalid('The bearer token is not a JWT: expected three base64url parts.');
    }
    if (header.alg !== ALGORITHM) {
      throw invalid(`The token is signed with ${String(header.alg)}; Millrace tokens use EdDSA.`);
    }
    if (typeof header.kid !== 'string' || header.kid === '') {
      throw invalid('The token names no signing key (kid).');
    }
    const key = await this.verificationKey(header.kid);
    if (key === undefined) {
      throw invalid(
        `The token is signed by key ${header.kid}, which this server does not know: it comes from another server or installation. Get a token from this server.`,
      );
    }
    const now = this.now();
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, key.key, {
        algorithms: [ALGORITHM],
        issuer: this.options.issuer,
        audience: this.options.audience,
        typ: TOKEN_TYPE,
        currentDate: new Date(now),
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      throw verificationError(error);
    }
    if (now >= key.retiresAt) {
      throw invalid(
        `The token is signed by key ${header.kid}, retired at ${new Date(key.retiresAt).toISOString()}; get a new token.`,
      );
    }
    const { sub, ptype, name, client_id: clientId } = payload;
    if (
      typeof sub !== 'string' ||
      typeof name !== 'string' ||
      typeof clientId !== 'string' ||
      !(PrincipalTypes as readonly unknown[]).includes(ptype)
    ) {
      throw invalid('The token lacks the sub, ptype, name or client_id claims Millrace puts in.');
    }
    return { sub, ptype: ptype as PrincipalType, name, clientId };
  }

  /** The public keys that verify tokens now (JWKS), creating the first key if there is none. */
  async jwks(): Promise<{ readonly keys: readonly Readonly<Record<string, unknown>>[] }> {
    await this.signingKey();
    const keys = await this.loadKeys();
    const retirements = this.retirements(keys);
    const now = this.now();
    return {
      keys: keys
        .filter((key, index) => key.algorithm === ALGORITHM && now < (retirements[index] ?? 0))
        .map((key) => ({ ...key.publicJwk, kid: key.kid, alg: ALGORITHM, use: 'sig' })),
    };
  }
}

/** A jose verification failure as `AUTH_TOKEN_EXPIRED` or `AUTH_INVALID_TOKEN`. */
export function verificationError(error: unknown): IdentityError {
  if (error instanceof IdentityError) return error;
  const { code, claim, reason, payload } = (error ?? {}) as {
    code?: unknown;
    claim?: unknown;
    reason?: unknown;
    payload?: { exp?: unknown };
  };
  switch (code) {
    case 'ERR_JWT_EXPIRED': {
      const exp = typeof payload?.exp === 'number' ? payload.exp : undefined;
      return new IdentityError(
        'AUTH_TOKEN_EXPIRED',
        `The token expired${exp === undefined ? '' : ` at ${new Date(exp * 1000).toISOString()}`}; get a new one from POST /oauth2/token (or run \`millrace login\`).`,
      );
    }
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return invalid(
        `The token's ${String(claim)} claim is not accepted (${String(reason)})${claim === 'iss' || claim === 'aud' ? ': it was issued by or for another server' : ''}.`,
      );
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return invalid('The token signature does not match: the token was altered.');
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return invalid(`The token is malformed: ${(error as Error).message}.`);
    default:
      // Any other jose failure is still about the token; anything else is ours to report.
      if (typeof code === 'string' && code.startsWith('ERR_J')) {
        return invalid(`The token cannot be verified: ${(error as Error).message}.`);
      }
      throw error;
  }
}
