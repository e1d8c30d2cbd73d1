/**
 * The signed-in user's session: an access token from the server's token endpoint (password
 * grant), kept in sessionStorage so that it ends with the tab and is never shared between users of
 * one browser profile. Every API call sends it; nothing else in the UI sees it.
 */

export interface Session {
  readonly token: string;
  readonly userName: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

const STORAGE_KEY = 'millrace.session';
const listeners = new Set<(session: Session | undefined) => void>();

export function currentSession(): Session | undefined {
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (stored === null) return undefined;
  try {
    const session = JSON.parse(stored) as Session;
    return session.expiresAt > Date.now() ? session : undefined;
  } catch {
    return undefined;
  }
}

export function onSessionChange(listener: (session: Session | undefined) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function publish(session: Session | undefined): void {
  if (session === undefined) sessionStorage.removeItem(STORAGE_KEY);
  else sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  for (const listener of listeners) listener(session);
}

export class SignInError extends Error {}

export async function signIn(userName: string, password: string): Promise<Session> {
  const response = await fetch('/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username: userName, password }).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    expires_in?: number;
    error_description?: string;
  };
  if (!response.ok || body.access_token === undefined) {
    throw new SignInError(body.error_description ?? `Signing in failed (HTTP ${response.status}).`);
  }
  const session: Session = {
    token: body.access_token,
    userName,
    expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000,
  };
  publish(session);
  return session;
}

export function signOut(): void {
  publish(undefined);
}
