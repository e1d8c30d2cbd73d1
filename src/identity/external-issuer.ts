/**
 * An outside OpenID Connect provider whose access tokens Millrace accepts: verified against the
 * provider's JWKS (fetched with jose's `createRemoteJWKSet`, cached, refetched for unknown keys)
 * and mapped to the Millrace user that one claim names. Roles still come from Millrace's role
 * assignments, so a person known to the provider but not added here gets nothing.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { IdentityError } from './identity.js';
import { verificationError } from './token-signer.js';

export interface ExternalIssuerOptions {
  /** The provider's `iss`, exactly as its tokens carry it. */
  readonly issuer: string;
  /** Where the provider publishes its signing keys. */
  readonly jwksUri: string;
  /**
   * The `aud` its tokens must carry. (Default: not checked; set it unless the provider issues
   * tokens for Millrace alone, or tokens meant for other applications will be accepted.)
   */
  readonly audience?: string;
  /** The claim holding the Millrace user name. (Default: 'preferred_username') */
  readonly userClaim?: string;
}

/** Asymmetric algorithms only: a shared-secret (HS*) token could be forged from a leaked JWKS. */
const ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

export const DEFAULT_USER_CLAIM = 'preferred_username';

/**
 * The external issuer configured by MILLRACE_OIDC_ISSUER, MILLRACE_OIDC_JWKS_URI,
 * MILLRACE_OIDC_AUDIENCE and MILLRACE_OIDC_USER_CLAIM, or undefined when no issuer is set.
 */
export function externalIssuerFromEnvironment(
  environment: NodeJS.ProcessEnv = process.env,
): ExternalIssuerOptions | undefined {
  const value = (name: string) => {
    const text = environment[name]?.trim();
    return text === undefined || text === '' ? undefined : text;
  };
  const issuer = value('MILLRACE_OIDC_ISSUER');
  const jwksUri = value('MILLRACE_OIDC_JWKS_URI');
  if (issuer === undefined) {
    if (jwksUri !== undefined) {
      throw new Error('MILLRACE_OIDC_JWKS_URI is set but MILLRACE_OIDC_ISSUER is not: set both.');
    }
    return undefined;
  }
  if (jwksUri === undefined) {
    throw new Error(
      `MILLRACE_OIDC_ISSUER is ${issuer} but MILLRACE_OIDC_JWKS_URI is not set: set it to the provider's jwks_uri (from ${issuer.replace(/\/$/, '')}/.well-known/openid-configuration).`,
    );
  }
  const audience = value('MILLRACE_OIDC_AUDIENCE');
  const userClaim = value('MILLRACE_OIDC_USER_CLAIM');
  return {
    issuer,
    jwksUri,
    ...(audience === undefined ? {} : { audience }),
    ...(userClaim === undefined ? {} : { userClaim }),
  };
}

export class ExternalIssuer {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;
  readonly issuer: string;
  readonly userClaim: string;

  constructor(
    private readonly options: ExternalIssuerOptions,
    private readonly clock: () => Date,
  ) {
    let url: URL;
    try {
      url = new URL(options.jwksUri);
    } catch {
      throw new Error(`The external issuer's jwksUri ${options.jwksUri} is not a URL.`);
    }
    this.keys = createRemoteJWKSet(url);
    this.issuer = options.issuer;
    this.userClaim = options.userClaim ?? DEFAULT_USER_CLAIM;
  }

  /** The Millrace user name a valid token of this issuer names. */
  async userNameOf(token: string): Promise<string> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: ALGORITHMS,
        issuer: this.options.issuer,
        ...(this.options.audience === undefined ? {} : { audience: this.options.audience }),
        currentDate: this.clock(),
      }));
    } catch (error) {
      throw externalError(error, this.options);
    }
    const name = payload[this.userClaim];
    if (typeof name !== 'string' || name === '') {
      throw new IdentityError(
        'AUTH_INVALID_TOKEN',
        `The token from ${this.options.issuer} has no ${this.userClaim} claim naming a Millrace user (set MILLRACE_OIDC_USER_CLAIM to the claim that does).`,
      );
    }
    return name;
  }
}

/** Codes of jose errors about the token itself; any other failure is about reading the keys. */
const TOKEN_ERROR_CODES = new Set([
  'ERR_JWT_EXPIRED',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JWS_INVALID',
  'ERR_JWT_INVALID',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
]);

function externalError(error: unknown, options: ExternalIssuerOptions): IdentityError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_JWT_EXPIRED') {
    return new IdentityError(
      'AUTH_TOKEN_EXPIRED',
      `The token from ${options.issuer} has expired; get a new one from that provider.`,
    );
  }
  if (typeof code === 'string' && TOKEN_ERROR_CODES.has(code)) return verificationError(error);
  if (code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') {
    return new IdentityError(
      'AUTH_INVALID_TOKEN',
      `The token is signed by a key that ${options.issuer} does not publish (unambiguously) at ${options.jwksUri}.`,
    );
  }
  return new IdentityError(
    'AUTH_INVALID_TOKEN',
    `Cannot check the token: the keys of ${options.issuer} could not be read from ${options.jwksUri} (${error instanceof Error ? error.message : String(error)}).`,
  );
}
