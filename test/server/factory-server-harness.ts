/**
 * The factory routes on a minimal Fastify app built like `buildServer` (JSON-schema type
 * provider, case-insensitive router, the server's error handling), without authentication,
 * listening on 127.0.0.1 at a free port over a real factory service. Also a Server-Sent Events
 * reader over `fetch`.
 */
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import Fastify, { type FastifyInstance } from 'fastify';
import { installErrorHandling } from '../../src/server/error-handling.js';
import { registerFactoryRoutes } from '../../src/server/factory-routes.js';
import type { RoutePermission } from '../../src/server/route-permission.js';
import type { FactoryService } from '../../src/factory-service/factory-service.js';

export const FACTORY_PATH =
  '/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.DataFactory/factories/test-factory';
export const API_VERSION = '2018-06-01';

export interface RouteDeclaration {
  readonly method: string;
  readonly url: string;
  readonly permission: RoutePermission | undefined;
}

export interface FactoryServer {
  readonly app: FastifyInstance;
  readonly origin: string;
  /** The factory's base URL. */
  readonly base: string;
  /** Every route registered, with the permission it declares. */
  readonly routes: readonly RouteDeclaration[];
  /** `path` relative to `base` unless it starts with `/`; `?api-version=` added. */
  request(method: string, path: string, options?: HttpOptions): Promise<HttpAnswer>;
  url(path: string): string;
  close(): Promise<void>;
}

export interface HttpOptions {
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read any field
}

export async function startFactoryServer(
  factory: FactoryService,
  options: { readonly keepAliveMs?: number } = {},
): Promise<FactoryServer> {
  const app = Fastify({
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    ajv: { customOptions: { allErrors: true } },
  }).withTypeProvider<JsonSchemaToTsProvider>();
  installErrorHandling(app);
  const routes: RouteDeclaration[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods)
      routes.push({ method, url: route.url, permission: route.config?.permission });
  });
  registerFactoryRoutes(app, {
    factory,
    ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  const base = `${origin}${FACTORY_PATH}`;
  const url = (path: string): string => {
    const target = new URL(path.startsWith('/') ? `${origin}${path}` : `${base}/${path}`);
    if (!target.searchParams.has('api-version'))
      target.searchParams.set('api-version', API_VERSION);
    return target.toString();
  };
  return {
    app,
    origin,
    base,
    routes,
    url,
    async request(method, path, requestOptions = {}) {
      const response = await fetch(url(path), {
        method,
        headers: {
          ...(requestOptions.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...requestOptions.headers,
        },
        ...(requestOptions.body === undefined ? {} : { body: JSON.stringify(requestOptions.body) }),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, text, json };
    },
    close: () => app.close(),
  };
}

export interface ServerSentEvent {
  readonly id?: string;
  readonly event: string;
  readonly data: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read any field
}

/** An open event stream: events as they arrive, comments counted, and a way to stop reading. */
export interface EventStreamReader {
  readonly status: number;
  readonly contentType: string;
  readonly events: ServerSentEvent[];
  readonly comments: string[];
  /** Resolves when the server has closed the stream. */
  readonly finished: Promise<void>;
  /** Waits until an event satisfies `check` (every 20 ms, at most 20 s). */
  waitFor(check: (event: ServerSentEvent) => boolean, what: string): Promise<ServerSentEvent>;
  abort(): void;
}

export async function openEventStream(
  url: string,
  options: { readonly headers?: Readonly<Record<string, string>> } = {},
): Promise<EventStreamReader> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...options.headers },
    signal: controller.signal,
  });
  const events: ServerSentEvent[] = [];
  const comments: string[] = [];
  const body = response.body;
  const finished = (async () => {
    if (body === null) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          boundary = buffer.indexOf('\n\n');
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else {
              const colon = line.indexOf(':');
              fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
            }
          }
          const event = fields.get('event');
          if (event !== undefined)
            events.push({
              event,
              data: JSON.parse(fields.get('data') ?? 'null'),
              ...(fields.has('id') ? { id: fields.get('id') } : {}),
            });
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    events,
    comments,
    finished,
    async waitFor(check, what) {
      for (let tries = 0; tries < 1000; tries++) {
        const found = events.find(check);
        if (found !== undefined) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`Gave up waiting for ${what}; events so far: ${JSON.stringify(events)}`);
    },
    abort() {
      controller.abort();
    },
  };
}
