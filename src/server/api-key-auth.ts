/**
 * API key authentication: every route except the open ones needs `Authorization: Bearer <key>`
 * (what Azure ML clients send, with their token in place of the key) or `x-api-key: <key>`.
 * Keys are compared in constant time (over their sha256, so the length does not leak either).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendServerError } from './error-handling.js';

const BEARER = /^Bearer\s+(.+)$/i;

/** The key a request presents, if any. */
export function presentedApiKey(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = BEARER.exec(authorization.trim());
    if (match?.[1] !== undefined) return match[1].trim();
  }
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header.trim();
  return undefined;
}

export function sameKey(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** An `onRequest` hook; `isOpen` names the routes that need no key. */
export function apiKeyAuth(
  apiKey: string,
  isOpen: (request: FastifyRequest) => boolean,
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  // Answering from an async hook means sending and returning the reply, which ends the request.
  return async (request, reply) => {
    if (isOpen(request)) return undefined;
    const presented = presentedApiKey(request);
    if (presented === undefined) {
      return sendServerError(
        reply,
        'UNAUTHORIZED',
        'This route needs an API key: send `Authorization: Bearer <key>` or `x-api-key: <key>` (the key is in MILLRACE_API_KEY or $MILLRACE_HOME/api-key on the server).',
      );
    }
    if (!sameKey(presented, apiKey)) {
      return sendServerError(
        reply,
        'UNAUTHORIZED',
        'The API key is wrong; use the key the server was started with (MILLRACE_API_KEY or $MILLRACE_HOME/api-key).',
      );
    }
    return undefined;
  };
}
