/**
 * Calls the Millrace server with the signed-in user's token. Every failure becomes an `ApiError`
 * carrying the HTTP status and the server's stable error code, whichever of the server's error
 * shapes answered (Data Factory's `{error: {code, message, target, details}}`, Azure ML's, the
 * identity API's `{code, message}` or OAuth's `{error, error_description}`). A 401 ends the
 * session, so the UI asks the user to sign in again.
 */
import { currentSession, signOut } from './session.js';

export interface ApiErrorDetail {
  readonly code?: string;
  readonly message: string;
  readonly target?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly details: readonly ApiErrorDetail[] = [],
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The caller lacks the permission the route needs. */
  get forbidden(): boolean {
    return this.status === 403;
  }
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly signal?: AbortSignal;
  /** More request headers, such as `if-match` (Default: none). */
  readonly headers?: Readonly<Record<string, string>>;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiFetch(path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** Text answers (step logs). */
export async function apiText(path: string, options: RequestOptions = {}): Promise<string> {
  return (await apiFetch(path, options)).text();
}

export async function apiFetch(path: string, options: RequestOptions = {}): Promise<Response> {
  const session = currentSession();
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (session !== undefined) headers['authorization'] = `Bearer ${session.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(withQuery(path, options.query), {
    method: options.method ?? 'GET',
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  if (response.ok) return response;
  const error = await errorFrom(response);
  if (response.status === 401) signOut();
  throw error;
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (query === undefined) return path;
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) parameters.set(key, String(value));
  }
  const text = parameters.toString();
  return text === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${text}`;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new ApiError(response.status, `HTTP${response.status}`, text || response.statusText);
  }
  const record = (body ?? {}) as Record<string, unknown>;
  const nested = record['error'];
  if (typeof nested === 'object' && nested !== null) {
    const error = nested as Record<string, unknown>;
    const details = Array.isArray(error['details'])
      ? (error['details'] as Record<string, unknown>[]).map((detail) => ({
          message: String(detail['message'] ?? ''),
          ...(typeof detail['code'] === 'string' ? { code: detail['code'] } : {}),
          ...(typeof detail['target'] === 'string' ? { target: detail['target'] } : {}),
        }))
      : [];
    return new ApiError(
      response.status,
      String(error['code'] ?? `HTTP${response.status}`),
      String(error['message'] ?? response.statusText),
      typeof error['target'] === 'string' ? error['target'] : undefined,
      details,
      body,
    );
  }
  const code = record['code'] ?? record['error'] ?? `HTTP${response.status}`;
  const message = record['message'] ?? record['error_description'] ?? response.statusText;
  return new ApiError(response.status, String(code), String(message), undefined, [], body);
}
