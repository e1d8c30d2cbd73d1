/**
 * Serves the web UI (web/, built by Vite into dist/web): the hashed assets under `/assets/`, and
 * the single page for every UI path (`/`, `/sign-in`, `/factories/…`, `/ml/…`), where the page's
 * router takes over. All of it is public, as a sign-in page must be: the page holds no data, and
 * every API call it makes carries the user's token.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { requires } from './route-permission.js';

/** dist/web at the package's root, whether this module runs from src/ or dist/. */
export const WEB_UI_FOLDER = fileURLToPath(new URL('../../dist/web', import.meta.url));

export const WEB_UI_ASSETS_PREFIX = '/assets/';

/** Paths the page's router owns. */
const PAGE_PATHS = ['/', '/sign-in', '/factories', '/factories/*', '/ml', '/ml/*'];

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Millrace</title></head>
<body><h1>The web UI is not built</h1><p>Run <code>npm run build</code> (or <code>npm start</code>) in the Millrace folder, then reload. The APIs are served meanwhile; see <a href="/docs">/docs</a>.</p></body></html>`;

export function registerWebUiRoutes(app: FastifyInstance, folder = WEB_UI_FOLDER): void {
  void app.register(async (scope) => {
    const indexFile = join(folder, 'index.html');
    const built = existsSync(indexFile);
    // Registered built or not, so that the server's routes do not depend on a build.
    await scope.register(fastifyStatic, {
      root: join(folder, 'assets'),
      prefix: WEB_UI_ASSETS_PREFIX,
      decorateReply: false,
      index: false,
      // Vite names assets by content hash: a name never changes meaning.
      immutable: true,
      maxAge: '365d',
    });
    for (const path of PAGE_PATHS) {
      scope.get(
        path,
        { ...requires('public'), schema: { hide: true } },
        async (_request, reply) => {
          reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache');
          // Read on each request: a rebuild while the server runs is served at once.
          if (built) return reply.send(await readFile(indexFile));
          return reply.code(503).send(NOT_BUILT_PAGE);
        },
      );
    }
  });
}
