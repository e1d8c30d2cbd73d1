/**
 * How failures of the factory routes become answers, in Data Factory's shape
 * `{ error: { code, message, target?, details? } }`: a `FactoryServiceError` keeps its code, HTTP
 * status, target and details; a request that fails its schema is 400 `FACTORY_INVALID_REQUEST`
 * naming every bad field; Fastify's own client errors keep their status; an unavailable store is
 * 503; anything else is 500 with a generic message while the log gets the cause.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  isFactoryServiceError,
  type FactoryErrorDetail,
} from '../factory-service/factory-service-errors.js';
import { isStoreError } from '../store/store-error.js';
import { validationProblems } from './error-handling.js';
import { ServerErrorCodes } from './server-error-codes.js';

export interface FactoryErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly target?: string;
    readonly details?: readonly FactoryErrorDetail[];
  };
}

export function factoryErrorBody(
  code: string,
  message: string,
  extra: { readonly target?: string; readonly details?: readonly FactoryErrorDetail[] } = {},
): FactoryErrorBody {
  return {
    error: {
      code,
      message,
      ...(extra.target === undefined ? {} : { target: extra.target }),
      ...(extra.details === undefined ? {} : { details: extra.details }),
    },
  };
}

/** Installs the handler on `scope` (the factory routes' plugin), leaving others' alone. */
export function installFactoryErrorHandling(scope: FastifyInstance): void {
  scope.setErrorHandler(
    (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
      if (isFactoryServiceError(error)) {
        return reply.code(error.httpStatus).send(
          factoryErrorBody(error.code, error.message, {
            ...(error.target === undefined ? {} : { target: error.target }),
            ...(error.details === undefined ? {} : { details: error.details }),
          }),
        );
      }
      if (error.validation) {
        const problems = validationProblems(error.validation, error.validationContext);
        return reply.code(400).send(
          factoryErrorBody(
            'FACTORY_INVALID_REQUEST',
            `The request is not valid: ${problems.map(({ name, problem }) => `${name} ${problem}`).join('; ')}.`,
            {
              ...(problems[0] === undefined ? {} : { target: problems[0].name }),
              details: problems.map(({ name, problem }) => ({
                code: 'FACTORY_INVALID_REQUEST',
                message: `${name} ${problem}`,
                target: name,
              })),
            },
          ),
        );
      }
      if (isStoreError(error, 'STORE_UNAVAILABLE')) {
        request.log.error({ err: error }, error.message);
        return reply.code(503).send(factoryErrorBody(error.code, error.message));
      }
      const status = error.statusCode ?? 500;
      if (status === 413 || status === 415) {
        const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'UNSUPPORTED_MEDIA_TYPE';
        return reply.code(status).send(factoryErrorBody(code, ServerErrorCodes[code].summary));
      }
      if (status >= 400 && status < 500) {
        // Fastify's own client errors (malformed JSON, an empty body …) say what is wrong.
        return reply.code(status).send(factoryErrorBody('FACTORY_INVALID_REQUEST', error.message));
      }
      request.log.error({ err: error }, 'request failed');
      return reply
        .code(500)
        .send(factoryErrorBody('INTERNAL_ERROR', ServerErrorCodes.INTERNAL_ERROR.summary));
    },
  );
}
