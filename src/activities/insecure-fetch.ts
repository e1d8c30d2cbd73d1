/**
 * `fetch` without server certificate validation, for WebActivity's `disableCertValidation`. Node's
 * built-in fetch takes no TLS options without the separate `undici` package, so this sends the
 * request with `node:https` (`rejectUnauthorized: false`) and wraps the answer in a standard
 * `Response`. It follows redirects as fetch does, dropping `Authorization` across origins.
 */
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

export interface InsecureRequestInit {
  readonly method: string;
  readonly headers: Headers;
  readonly body?: string;
  readonly signal: AbortSignal;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const MAX_REDIRECTS = 20;

export async function fetchWithoutCertValidation(
  url: URL,
  init: InsecureRequestInit,
): Promise<Response> {
  let target = url;
  let { method, body } = init;
  const headers = new Headers(init.headers);
  for (let redirects = 0; ; redirects++) {
    const answer = await send(target, method, headers, body, init.signal);
    const location = answer.headers.location;
    if (!REDIRECT_STATUSES.has(answer.statusCode ?? 0) || location === undefined)
      return toResponse(answer);
    answer.resume();
    if (redirects === MAX_REDIRECTS) throw new TypeError(`more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, target);
    if (next.origin !== target.origin) headers.delete('authorization');
    const status = answer.statusCode ?? 0;
    if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      headers.delete('content-type');
    }
    target = next;
  }
}

function send(
  url: URL,
  method: string,
  headers: Headers,
  body: string | undefined,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = request(
      url,
      { method, headers: Object.fromEntries(headers), signal, rejectUnauthorized: false },
      resolve,
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function toResponse(answer: IncomingMessage): Response {
  const status = answer.statusCode ?? 0;
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  if (NULL_BODY_STATUSES.has(status)) {
    answer.resume();
    return new Response(null, { status, statusText: answer.statusMessage, headers });
  }
  const body = Readable.toWeb(answer) as ReadableStream<Uint8Array>;
  return new Response(body, { status, statusText: answer.statusMessage, headers });
}
