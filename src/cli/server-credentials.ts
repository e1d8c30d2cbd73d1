/**
 * Who a `millrace ml … --server <url>` command is, in this order: `MILLRACE_TOKEN` (a token got
 * elsewhere), `MILLRACE_CLIENT_ID` + `MILLRACE_CLIENT_SECRET` (a service principal, for
 * automation), else the token `millrace login` kept for that server. None of them is ever
 * printed; with none, the command stops and says how to sign in (exit status 2).
 */
import type { MlWorkspaceCredentials } from '../ml/workspace/bearer-token-source.js';
import { CliUsageError } from './ml-cli-errors.js';
import { normalizeServerUrl, readStoredToken } from './stored-credentials.js';

export function resolveServerCredentials(
  server: string,
  environment: NodeJS.ProcessEnv,
): MlWorkspaceCredentials {
  const token = environment.MILLRACE_TOKEN?.trim();
  if (token) return { token };

  const clientId = environment.MILLRACE_CLIENT_ID?.trim();
  const clientSecret = environment.MILLRACE_CLIENT_SECRET?.trim();
  if (clientId && clientSecret) return { clientId, clientSecret };
  if (clientId || clientSecret) {
    throw new CliUsageError(
      `${clientId ? 'MILLRACE_CLIENT_SECRET' : 'MILLRACE_CLIENT_ID'} is not set: a service principal signs in with both MILLRACE_CLIENT_ID and MILLRACE_CLIENT_SECRET.`,
    );
  }

  const url = normalizeServerUrl(server);
  const stored = readStoredToken(environment, { server: url });
  if (stored !== undefined) return { token: stored.accessToken };
  const login = `\`millrace login --server ${url}\``;
  // Read again ignoring expiry, only to say why the kept token does not count.
  const kept = readStoredToken(environment, { now: new Date(0) });
  if (kept !== undefined && normalizeServerUrl(kept.server) === url) {
    throw new CliUsageError(
      `The token \`millrace login\` kept for ${url} expired at ${kept.expiresAt}; run ${login} again.`,
    );
  }
  throw new CliUsageError(
    `Not signed in to ${url}${kept === undefined ? '' : ` (the kept token is for ${kept.server})`}: run ${login}, or set MILLRACE_TOKEN, or MILLRACE_CLIENT_ID and MILLRACE_CLIENT_SECRET for a service principal.`,
  );
}
