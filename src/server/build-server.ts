/**
 * The HTTP server of the ML workspace: Azure ML's published-pipeline REST shape over an
 * `MlWorkspace`, with API key authentication, JSON-schema validated routes and an OpenAPI
 * document. It listens nowhere by itself: the caller calls `listen` (or `inject` in tests).
 */
import swagger from '@fastify/swagger';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import Fastify, {
  type FastifyInstance,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import type { MlWorkspace } from '../ml/workspace/ml-workspace.js';
import { apiKeyAuth } from './api-key-auth.js';
import { caseInsensitiveBody } from './case-insensitive-body.js';
import { installErrorHandling } from './error-handling.js';
import { registerEndpointRoutes } from './ml-endpoint-routes.js';
import { registerPipelineRoutes } from './ml-pipeline-routes.js';
import { registerRunRoutes } from './ml-run-routes.js';
import { registerSubmitRoutes } from './ml-submit-routes.js';
import { WORKSPACE_ROUTE_PREFIX } from './workspace-urls.js';

/** Fastify's logger options, which are pino's. */
export type LoggerSettings = Exclude<NonNullable<FastifyServerOptions['logger']>, boolean>;

export interface BuildServerOptions {
  readonly workspace: MlWorkspace;
  /** Every route but `GET /health` needs it (`Authorization: Bearer <key>` or `x-api-key`). */
  readonly apiKey: string;
  /** Fastify's logger: off, on, or pino options; keys are always redacted. (Default: false) */
  readonly logger?: boolean | LoggerSettings;
  /** The largest request body; a published bundle carries its code. (Default: 64 MiB) */
  readonly bodyLimitBytes?: number;
  /** The API's version in the OpenAPI document. (Default: '1.0') */
  readonly version?: string;
}

const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;
/** Where credentials could appear in a logged request; pino writes "[Redacted]" instead. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers["x-api-key"]',
];
const OPEN_ROUTES = new Set(['/health']);

export function buildServer(options: BuildServerOptions): FastifyInstance {
  if (options.apiKey.trim() === '') {
    throw new Error('buildServer needs a non-empty apiKey: every route but /health checks it.');
  }
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
          bearer: { type: 'http', scheme: 'bearer', description: 'The API key as a bearer token.' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
  });

  const isOpen = (request: FastifyRequest) => OPEN_ROUTES.has(request.routeOptions.url ?? '');
  app.addHook('onRequest', apiKeyAuth(options.apiKey, isOpen));

  // Routes are registered in plugins, after swagger, so the OpenAPI document sees every one.
  void app.register(async (scope) => {
    scope.get(
      '/health',
      {
        schema: {
          tags: ['Server'],
          summary: 'Whether the server is up (no API key needed)',
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
      { schema: { tags: ['Server'], summary: 'This OpenAPI document' } },
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
    },
    { prefix: WORKSPACE_ROUTE_PREFIX },
  );
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
