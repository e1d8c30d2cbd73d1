/**
 * How failures become answers: a workspace error keeps its code and HTTP status; a request that
 * fails its schema is 400 `ML_INVALID_REQUEST` naming every bad field; Fastify's own client
 * errors keep their status; anything else is 500 with a generic message while the log gets the
 * cause. Bodies are `{error: {code, message, details?, adfCode?}}` and never hold secrets.
 */
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaValidationError,
} from 'fastify';
import type { JsonValue } from '../factory/resources.js';
import { MlWorkspaceErrorCodes, isMlWorkspaceError } from '../ml/workspace/ml-workspace-errors.js';
import type { ErrorBody } from './ml-entity-schemas.js';
import { ServerErrorCodes, type ServerErrorCode } from './server-error-codes.js';

export function errorBody(
  code: string,
  message: string,
  extra: { readonly details?: JsonValue; readonly adfCode?: string } = {},
): ErrorBody {
  return {
    error: {
      code,
      message,
      ...(extra.details === undefined ? {} : { details: extra.details }),
      ...(extra.adfCode === undefined ? {} : { adfCode: extra.adfCode }),
    },
  };
}

export function sendServerError(
  reply: FastifyReply,
  code: ServerErrorCode,
  message: string = ServerErrorCodes[code].summary,
): FastifyReply {
  return reply.code(ServerErrorCodes[code].httpStatus).send(errorBody(code, message));
}

const CONTEXT_NAMES: Readonly<Record<string, string>> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

/** One problem per schema error, each naming the field (`body.ExperimentName`, `query.limit`). */
export function validationProblems(
  errors: readonly FastifySchemaValidationError[],
  context: string | undefined,
): { name: string; problem: string }[] {
  const root = CONTEXT_NAMES[context ?? ''] ?? context ?? 'request';
  const problems = new Map<string, { name: string; problem: string }>();
  for (const error of errors) {
    if (error.keyword === 'anyOf') continue;
    const path = error.instancePath
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
    const params = error.params as Record<string, unknown>;
    let name = [root, ...path].join('.');
    let problem = error.message ?? 'is not valid';
    if (error.keyword === 'required' && typeof params['missingProperty'] === 'string') {
      name = `${name}.${params['missingProperty']}`;
      problem = 'is required';
    } else if (error.keyword === 'enum' && Array.isArray(params['allowedValues'])) {
      problem = `must be one of ${params['allowedValues'].map((value) => JSON.stringify(value)).join(', ')}`;
    }
    problems.set(`${name} ${problem}`, { name, problem });
  }
  return [...problems.values()];
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(
    (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
      if (isMlWorkspaceError(error)) {
        const { adfCode } = MlWorkspaceErrorCodes[error.code] as { adfCode?: string };
        if (error.httpStatus >= 500) request.log.error({ err: error }, error.message);
        return reply.code(error.httpStatus).send(
          errorBody(error.code, error.message, {
            ...(error.details === undefined || error.details === null
              ? {}
              : { details: error.details }),
            ...(adfCode === undefined ? {} : { adfCode }),
          }),
        );
      }
      if (error.validation) {
        const problems = validationProblems(error.validation, error.validationContext);
        return reply
          .code(400)
          .send(
            errorBody(
              'ML_INVALID_REQUEST',
              `The request is not valid: ${problems.map(({ name, problem }) => `${name} ${problem}`).join('; ')}.`,
              { details: problems, adfCode: MlWorkspaceErrorCodes.ML_INVALID_REQUEST.adfCode },
            ),
          );
      }
      const status = error.statusCode ?? 500;
      if (status === 413) return sendServerError(reply, 'PAYLOAD_TOO_LARGE');
      if (status === 415) return sendServerError(reply, 'UNSUPPORTED_MEDIA_TYPE');
      if (status >= 400 && status < 500) {
        // Fastify's own client errors (malformed JSON, empty body …) say what is wrong.
        return reply.code(status).send(errorBody('ML_INVALID_REQUEST', error.message));
      }
      request.log.error({ err: error }, 'request failed');
      return sendServerError(reply, 'INTERNAL_ERROR');
    },
  );
  app.setNotFoundHandler((request, reply) =>
    sendServerError(
      reply,
      'NOT_FOUND',
      `No route matches ${request.method} ${request.url.split('?')[0] ?? ''}; GET /openapi.json lists the routes.`,
    ),
  );
}
