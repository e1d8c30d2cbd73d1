/**
 * WebActivity's typeProperties, validated and turned into the HTTP request to send: method, URL,
 * headers (with Basic authentication and the JSON content type filled in), body and timeout.
 */
import type { JsonObject, JsonValue } from '../factory/resources.js';
import { ExpectedFailure } from './execution-guard.js';
import { parseTimeSpan } from '../factory/time-span.js';
import {
  invalidProperty,
  optionalBoolean,
  optionalObject,
  optionalString,
  requiredString,
  secretText,
} from './type-properties.js';

/** The methods Data Factory's WebActivity accepts (its documentation lists no HEAD or OPTIONS). */
export const WebActivityMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type WebActivityMethod = (typeof WebActivityMethods)[number];

const METHODS_WITH_REQUIRED_BODY: readonly WebActivityMethod[] = ['POST', 'PUT', 'PATCH'];
/** Data Factory's default `httpRequestTimeout`, 00:01:00. */
export const DEFAULT_HTTP_REQUEST_TIMEOUT_MS = 60_000;
/** Data Factory's largest `httpRequestTimeout`, 00:10:00. */
export const MAX_HTTP_REQUEST_TIMEOUT_MS = 600_000;

/** Authentication types Data Factory defines that need Azure to issue tokens or certificates. */
const AZURE_ONLY_AUTHENTICATION = [
  'msi',
  'serviceprincipal',
  'userassignedmanagedidentity',
  'clientcertificate',
];

export interface WebActivityRequest {
  readonly method: WebActivityMethod;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: string | undefined;
  readonly timeoutMs: number;
  readonly disableCertValidation: boolean;
  readonly turnOffAsync: boolean;
}

export function readWebActivityRequest(input: JsonObject): WebActivityRequest {
  const method = readMethod(input);
  const url = readUrl(input);
  const headers = new Headers();
  for (const [name, value] of Object.entries(optionalObject(input, 'headers') ?? {})) {
    if (value === null) continue;
    try {
      headers.set(name, typeof value === 'string' ? value : JSON.stringify(value));
    } catch {
      throw invalidProperty(`headers.${name}`, 'is not a valid HTTP header name or value.');
    }
  }
  const body = readBody(input, method, headers);
  applyAuthentication(input, headers);
  // datasets, linkedServices and connectVia are accepted: nothing resolves them for executors yet.
  return {
    method,
    url,
    headers,
    body,
    timeoutMs: readTimeout(input),
    disableCertValidation: optionalBoolean(input, 'disableCertValidation') ?? false,
    turnOffAsync: optionalBoolean(input, 'turnOffAsync') ?? false,
  };
}

function readMethod(input: JsonObject): WebActivityMethod {
  const text = requiredString(input, 'method');
  const method = WebActivityMethods.find((known) => known === text.toUpperCase());
  if (method === undefined)
    throw invalidProperty('method', `is '${text}'; use one of ${WebActivityMethods.join(', ')}.`);
  return method;
}

function readUrl(input: JsonObject): URL {
  const text = requiredString(input, 'url');
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw invalidProperty('url', `is not an absolute http or https URL: '${text}'.`);
  return url;
}

/** JSON bodies are serialised and default to `Content-Type: application/json`; strings go as written. */
function readBody(
  input: JsonObject,
  method: WebActivityMethod,
  headers: Headers,
): string | undefined {
  const body: JsonValue | undefined = input['body'] ?? undefined;
  if (body === undefined) {
    if (METHODS_WITH_REQUIRED_BODY.includes(method))
      throw new ExpectedFailure(
        '2103',
        `Please provide a value for the required property 'body': ${method} requests need one (it may be an empty string).`,
      );
    return undefined;
  }
  if (method === 'GET') return undefined; // Data Factory sends no body with GET.
  if (typeof body === 'string') return body;
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return JSON.stringify(body);
}

function readTimeout(input: JsonObject): number {
  const text = optionalString(input, 'httpRequestTimeout');
  if (text === undefined) return DEFAULT_HTTP_REQUEST_TIMEOUT_MS;
  const ms = parseTimeSpan(text);
  if (ms === undefined || ms <= 0 || ms > MAX_HTTP_REQUEST_TIMEOUT_MS)
    throw invalidProperty(
      'httpRequestTimeout',
      `is '${text}'; write a time span from 00:00:01 to 00:10:00 (hh:mm:ss).`,
    );
  return ms;
}

function applyAuthentication(input: JsonObject, headers: Headers): void {
  const authentication = optionalObject(input, 'authentication');
  if (authentication === undefined) return;
  const type = authentication['type'];
  if (typeof type !== 'string')
    throw invalidProperty('authentication.type', 'must name an authentication type, e.g. Basic.');
  const normalised = type.toLowerCase();
  if (normalised === 'none' || normalised === 'anonymous') return;
  if (normalised === 'basic') {
    const username = secretText(authentication['username'], 'authentication.username') ?? '';
    const password = secretText(authentication['password'], 'authentication.password') ?? '';
    headers.set(
      'authorization',
      `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`,
    );
    return;
  }
  if (AZURE_ONLY_AUTHENTICATION.includes(normalised))
    throw new ExpectedFailure(
      'WEB_AUTHENTICATION_NOT_AVAILABLE',
      `WebActivity authentication '${type}' needs Azure to issue the credential, which Millrace cannot do. Use Basic, or get a token in an earlier activity and pass it in headers.Authorization.`,
    );
  throw invalidProperty(
    'authentication.type',
    `is '${type}'; Data Factory defines Basic, ClientCertificate, MSI, UserAssignedManagedIdentity and ServicePrincipal.`,
  );
}

export function describeEndpoint(url: URL): string {
  // The query is left out of messages: it often carries keys (`?code=`, SAS tokens).
  return `${url.origin}${url.pathname}${url.search === '' ? '' : '?…'}`;
}
