/**
 * A Server-Sent Events answer on a hijacked Fastify reply: numbered events, a keep-alive comment
 * every `keepAliveMs` so that proxies keep the connection open, and one `end` event before the
 * server closes the stream (so that an EventSource client closes instead of reconnecting).
 */
import type { FastifyReply } from 'fastify';

export interface ServerSentEventStream {
  /** Writes one event; `data` is sent as JSON. */
  send(event: string, data: unknown): void;
  /** Writes the `end` event with `data` and closes the stream. */
  end(data?: unknown): void;
  /** Called once when the stream closes, by `end`, the client or the server. */
  onClose(listener: () => void): void;
  readonly closed: boolean;
}

export function openServerSentEvents(
  reply: FastifyReply,
  options: { readonly keepAliveMs: number },
): ServerSentEventStream {
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Proxies such as nginx would otherwise hold events back in their buffers.
    'x-accel-buffering': 'no',
  });
  response.write(': events follow\n\n');
  let id = 0;
  let closed = false;
  const listeners: (() => void)[] = [];
  const keepAlive = setInterval(() => {
    if (!closed) response.write(': keep-alive\n\n');
  }, options.keepAliveMs);
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    for (const listener of listeners.splice(0)) listener();
  };
  response.on('close', close);
  const write = (event: string, data: unknown): void => {
    id += 1;
    response.write(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data ?? {})}\n\n`);
  };
  return {
    send(event, data) {
      if (!closed) write(event, data);
    },
    end(data) {
      if (closed) return;
      write('end', data);
      close();
      response.end();
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
    get closed() {
      return closed;
    },
  };
}
