/**
 * Millrace's HTTP server: the ML workspace in Azure ML's published-pipeline REST shape, the
 * identity routes (token endpoint, JWKS, users and roles), JSON-schema validated routes, an
 * OpenAPI document and its viewer. Every route declares the permission it needs; bearer tokens
 * from the identity service are checked against it. It listens nowhere by itself: the caller
 * calls `listen` (or `inject` in tests).
 */
import swagger from '@fastify/swagger';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swaggerUi from '@fastify/swagger-ui';
import type { FactoryService } from '../factory-service/factory-service.js';
import type { IdentityAdministration } from '../identity/identity-administration.js';
import type { Identity } from '../identity/identity.js';
import type { MlWorkspace } from '../ml/workspace/ml-workspace.js';
import { caseInsensitiveBody } from './case-insensitive-body.js';
import { registerAccessRoutes } from './ml-access-routes.js';
import { installErrorHandling } from './error-handling.js';
import { registerEndpointRoutes } from './ml-endpoint-routes.js';
import { registerExperimentRoutes } from './ml-experiment-routes.js';
import { registerPipelineRoutes } from './ml-pipeline-routes.js';
import { registerRunRoutes } from './ml-run-routes.js';
import { registerSubmitRoutes } from './ml-submit-routes.js';
import { registerFactoryRoutes } from './factory-routes.js';
import { registerIdentityRoutes } from './identity-routes.js';
import { registerWebUiRoutes, WEB_UI_ASSETS_PREFIX } from './web-ui-routes.js';
import { requires, type RoutePermission } from './route-permission.js';
import { tokenAuth } from './token-auth.js';
import { WORKSPACE_ROUTE_PREFIX } from './workspace-urls.js';

/** Fastify's logger options, which are pino's. */
export type LoggerSettings = Exclude<NonNullable<FastifyServerOptions['logger']>, boolean>;

export interface BuildServerOptions {
  readonly workspace: MlWorkspace;
  /** Verifies bearer tokens and role assignments for every route that is not public. */
  readonly identity: Identity & IdentityAdministration;
  /** The factory the ADF-shaped API serves. (Default: none; the factory routes are absent.) */
  readonly factory?: FactoryService;
  /** Fastify's logger: off, on, or pino options; keys are always redacted. (Default: false) */
  readonly logger?: boolean | LoggerSettings;
  /** The largest request body; a published bundle carries its code. (Default: 64 MiB) */
  readonly bodyLimitBytes?: number;
  /** The API's version in the OpenAPI document. (Default: '1.0') */
  readonly version?: string;
  /** The built web UI. (Default: dist/web in the package, `WEB_UI_FOLDER`) */
  readonly webUiFolder?: string;
}

/** A route as registered, with the permission it declares (undefined: refused to everyone). */
export interface DeclaredRoute {
  readonly method: string;
  readonly url: string;
  readonly permission: RoutePermission | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the server, filled as routes register (complete once `ready()`). */
    readonly declaredRoutes: readonly DeclaredRoute[];
  }
}

const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;
/** Where credentials could appear in a logged request; pino writes "[Redacted]" instead. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
];

export function buildServer(options: BuildServerOptions): FastifyInstance {
  const app = Fastify({
    logger: loggerOptions(options.logger ?? false),
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    // Every bad field is reported at once, not only the first.
    ajv: { customOptions: { allErrors: true } },
  }).withTypeProvider<JsonSchemaToTsProvider>();

  // Response schemas document the API; answers are written as they are, never reshaped.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installErrorHandling(app);
  void app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Millrace ML workspace API',
        description:
          "Azure ML's published-pipeline REST API (pipelines/v1.0), served by Millrace. Entity fields are Azure ML's; those Azure ML has none for are marked Millrace.",
        version: options.version ?? '1.0',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'An access token from POST /oauth2/token.',
          },
        },
      },
      security: [{ bearer: [] }],
    },
  });

  void app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
  const routes: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', routes);
  app.addHook('onRoute', (route) => {
    // The viewer's own routes are public: the document lists routes, never data.
    // So are the web UI's static assets: the page holds no data; its API calls carry a token.
    if (route.url.startsWith('/docs') || route.url.startsWith(WEB_UI_ASSETS_PREFIX))
      route.config = { ...route.config, permission: 'public' };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, permission: route.config?.permission });
    }
  });
  app.addHook('onRequest', tokenAuth(options.identity));

  // Routes are registered in plugins, after swagger, so the OpenAPI document sees every one.
  void app.register(async (scope) => {
    scope.get(
      '/health',
      {
        ...requires('public'),
        schema: {
          tags: ['Server'],
          summary: 'Whether the server is up (no token needed)',
          security: [],
          response: {
            200: {
              type: 'object',
              properties: { status: { type: 'string', enum: ['ok'] } },
              required: ['status'],
              additionalProperties: false,
            },
          },
        },
      },
      async () => ({ status: 'ok' as const }),
    );
    scope.get(
      '/openapi.json',
      { ...requires('public'), schema: { tags: ['Server'], summary: 'This OpenAPI document' } },
      async () => app.swagger(),
    );
  });

  const dependencies = { workspace: options.workspace };
  void app.register(
    async (scope) => {
      const workspaceApi = scope.withTypeProvider<JsonSchemaToTsProvider>();
      workspaceApi.addHook('preValidation', caseInsensitiveBody);
      registerPipelineRoutes(workspaceApi, dependencies);
      registerEndpointRoutes(workspaceApi, dependencies);
      registerSubmitRoutes(workspaceApi, dependencies);
      registerRunRoutes(workspaceApi, dependencies);
      registerExperimentRoutes(workspaceApi, dependencies);
      registerAccessRoutes(workspaceApi);
    },
    { prefix: WORKSPACE_ROUTE_PREFIX },
  );
  void app.register(async (scope) => {
    registerIdentityRoutes(scope.withTypeProvider<JsonSchemaToTsProvider>(), {
      identity: options.identity,
    });
  });
  if (options.factory !== undefined) registerFactoryRoutes(app, { factory: options.factory });
  registerWebUiRoutes(app, options.webUiFolder);
  return app;
}

function loggerOptions(logger: boolean | LoggerSettings): false | LoggerSettings {
  if (logger === false) return false;
  const given = logger === true ? {} : logger;
  const redact = Array.isArray(given.redact)
    ? [...given.redact, ...REDACTED_PATHS]
    : given.redact !== undefined
      ? { ...given.redact, paths: [...given.redact.paths, ...REDACTED_PATHS] }
      : REDACTED_PATHS;
  return { ...given, redact };
}
