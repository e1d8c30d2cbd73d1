/**
 * Live run events as Server-Sent Events: one run's (its current state first, then every status
 * change of the run and its activity runs, then `end` once it has ended), or every run's of the
 * factory from now on. Events: `pipelineRun` (a pipeline run view), `activityRun` (an activity
 * run view), `end` (`{ runId, status }`); comments keep the connection alive.
 */
import type { FactoryRunEvent } from '../factory-service/run-watch.js';
import type { FactoryRouteDependencies } from './factory-routes.js';
import {
  apiVersionQuerySchema,
  factoryErrors,
  factoryParamsSchema,
  runParamsSchema,
} from './factory-schemas.js';
import { requires } from './route-permission.js';
import { openServerSentEvents, type ServerSentEventStream } from './server-sent-events.js';
import type { TypedApp } from './typed-app.js';

const tags = ['Pipeline runs'];
const eventStreamResponse = {
  200: {
    description:
      'text/event-stream: `pipelineRun` and `activityRun` events (JSON views, secrets masked), then `end`.',
    type: 'string',
  },
  ...factoryErrors,
} as const;

function deliver(stream: ServerSentEventStream, event: FactoryRunEvent): void {
  stream.send(event.kind, event.kind === 'pipelineRun' ? event.run : event.activityRun);
}

export function registerFactoryEventRoutes(
  app: TypedApp,
  { factory }: FactoryRouteDependencies,
  streams: { readonly keepAliveMs: number; readonly open: Set<ServerSentEventStream> },
): void {
  const track = (stream: ServerSentEventStream): void => {
    streams.open.add(stream);
    stream.onClose(() => streams.open.delete(stream));
  };

  app.get(
    '/pipelineruns/events',
    {
      ...requires('factory/pipelineruns/read'),
      schema: {
        tags,
        summary:
          "Every run's events from now on, as Server-Sent Events (until the client disconnects)",
        params: factoryParamsSchema,
        querystring: apiVersionQuerySchema,
        response: eventStreamResponse,
      },
    },
    async (_request, reply) => {
      const stream = openServerSentEvents(reply, { keepAliveMs: streams.keepAliveMs });
      track(stream);
      const watch = factory.watchRuns({ onEvent: (event) => deliver(stream, event) });
      stream.onClose(() => watch.close());
    },
  );

  app.get(
    '/pipelineruns/:runId/events',
    {
      ...requires('factory/pipelineruns/read'),
      schema: {
        tags,
        summary:
          "A run's events as Server-Sent Events: its current state, every change, then `end` once it has ended",
        params: runParamsSchema,
        querystring: apiVersionQuerySchema,
        response: eventStreamResponse,
      },
    },
    async (request, reply) => {
      const { runId } = request.params;
      // Events that come while the watch starts wait until the stream is open.
      const pending: FactoryRunEvent[] = [];
      const state: { stream?: ServerSentEventStream; ended: boolean; status?: string } = {
        ended: false,
      };
      const finish = (open: ServerSentEventStream) => open.end({ runId, status: state.status });
      const watch = await factory.watchRun(runId, {
        onEvent(event) {
          if (event.kind === 'pipelineRun') state.status = event.run.status;
          if (state.stream === undefined) pending.push(event);
          else deliver(state.stream, event);
        },
        onEnd() {
          if (state.stream === undefined) state.ended = true;
          else finish(state.stream);
        },
      });
      const open = openServerSentEvents(reply, { keepAliveMs: streams.keepAliveMs });
      state.stream = open;
      track(open);
      open.onClose(() => watch.close());
      for (const event of pending.splice(0)) deliver(open, event);
      if (state.ended) finish(open);
    },
  );
}
