/**
 * Where `MlWorkspaceClient` gets the bearer token it sends: a token given as is (from
 * `millrace login` or `POST /oauth2/token`), or one it gets itself from the server's token
 * endpoint with a service principal's client id and secret (OAuth 2.0 client-credentials grant),
 * kept until shortly before it expires and fetched again after the server refuses it. Neither
 * tokens nor secrets ever appear in an error message.
 */
import { EXPIRED_CLIENT_SECRET_ERROR_CODE } from '../../identity/identity.js';
import { MlWorkspaceClientError } from './ml-workspace-client-errors.js';

/** How the client proves who it is. */
export type MlWorkspaceCredentials =
  /** A token got elsewhere (`millrace login`, `POST /oauth2/token`), sent as is. */
  | { readonly token: string }
  /** A service principal: tokens are fetched from `<baseUrl>/oauth2/token` and renewed. */
  | { readonly clientId: string; readonly clientSecret: string };

/** A fetched token is renewed this long before it expires (at most half its lifetime). */
export const TOKEN_RENEWAL_MARGIN_MS = 30_000;

export interface BearerTokenSource {
  /** The token to send now; undefined when there are no credentials. */
  current(): Promise<string | undefined>;
  /**
   * The server refused `rejected` (HTTP 401): forgets it, and says whether asking again can
   * bring a different one (only client credentials can).
   */
  renew(rejected: string | undefined): boolean;
}

export function bearerTokenSource(
  origin: string,
  credentials: MlWorkspaceCredentials | undefined,
  options: { readonly timeoutMs: number },
): BearerTokenSource {
  if (credentials === undefined) {
    return { current: () => Promise.resolve(undefined), renew: () => false };
  }
  if ('token' in credentials) {
    const token = credentials.token;
    return { current: () => Promise.resolve(token), renew: () => false };
  }
  return new ClientCredentialsTokens(origin, credentials, options.timeoutMs);
}

interface CachedToken {
  readonly token: string;
  /** Epoch ms after which a new token is fetched. */
  readonly renewAt: number;
}

class ClientCredentialsTokens implements BearerTokenSource {
  #cached: CachedToken | undefined;
  /** The request under way, shared by every caller that needs a token meanwhile. */
  #fetching: Promise<CachedToken> | undefined;

  constructor(
    private readonly origin: string,
    private readonly credentials: { readonly clientId: string; readonly clientSecret: string },
    private readonly timeoutMs: number,
  ) {}

  async current(): Promise<string> {
    const cached = this.#cached;
    if (cached !== undefined && Date.now() < cached.renewAt) return cached.token;
    this.#fetching ??= this.#fetch().finally(() => {
      this.#fetching = undefined;
    });
    const fetched = await this.#fetching;
    this.#cached = fetched;
    return fetched.token;
  }

  renew(rejected: string | undefined): boolean {
    // A request that failed with an older token must not throw away a newer one.
    if (this.#cached?.token === rejected) this.#cached = undefined;
    return true;
  }

  async #fetch(): Promise<CachedToken> {
    const url = `${this.origin}/oauth2/token`;
    const requestedAt = Date.now();
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.credentials.clientId,
          client_secret: this.credentials.clientSecret,
        }).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new MlWorkspaceClientError(
        'ML_SERVER_UNREACHABLE',
        `Cannot reach the Millrace server at ${this.origin} for a token (${connectionProblem(error)}); start it with \`millrace server\`, or check the URL and port.`,
        undefined,
        undefined,
        { cause: error },
      );
    }
    const body = await readJsonObject(response);
    if (response.ok) {
      const { access_token: token, expires_in: expiresIn } = body ?? {};
      if (typeof token === 'string' && token !== '' && typeof expiresIn === 'number') {
        const lifetimeMs = expiresIn * 1000;
        const margin = Math.min(TOKEN_RENEWAL_MARGIN_MS, lifetimeMs / 2);
        return { token, renewAt: requestedAt + lifetimeMs - margin };
      }
    }
    const error = typeof body?.error === 'string' ? body.error : undefined;
    const description =
      typeof body?.error_description === 'string' ? body.error_description : undefined;
    if (error !== undefined && (response.status === 400 || response.status === 401)) {
      const expired =
        Array.isArray(body?.error_codes) &&
        body.error_codes.includes(EXPIRED_CLIENT_SECRET_ERROR_CODE);
      throw new MlWorkspaceClientError(
        'ML_SERVER_UNAUTHORIZED',
        expired
          ? `${this.origin} refused the client credentials of ${this.credentials.clientId}: the secret has expired (${error}): ${description ?? `HTTP ${response.status}`}`
          : `${this.origin} refused the client credentials of ${this.credentials.clientId} (${error}): ${description ?? `HTTP ${response.status}`} Check the client id and secret (\`millrace service-principals reset-secret\` issues a new secret), or run \`millrace login --server ${this.origin}\`.`,
        response.status,
        error,
        { credentialExpired: expired },
      );
    }
    if (response.status >= 500) {
      throw new MlWorkspaceClientError(
        'ML_SERVER_ERROR',
        `POST ${url} failed (${response.status}${error === undefined ? '' : ` ${error}`}); see the server's log.`,
        response.status,
        error,
      );
    }
    throw new MlWorkspaceClientError(
      'ML_SERVER_BAD_RESPONSE',
      `POST ${url} answered ${response.status} without a token; check that ${this.origin} is a Millrace server.`,
      response.status,
    );
  }
}

async function readJsonObject(response: Response): Promise<Record<string, unknown> | undefined> {
  const text = await response.text().catch(() => '');
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** "ECONNREFUSED", "ENOTFOUND", "timed out" … from what fetch threw. */
export function connectionProblem(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'timed out';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
