/**
 * Follows a factory run event stream (Server-Sent Events) over fetch, so that the bearer token
 * travels in a header and never in a URL (EventSource cannot send headers). A dropped connection
 * is opened again after a growing pause; the stream's `end` event, a refusal (401, 403, 404) or
 * the caller's abort stops it. The caller hears the connection's state, and polls while it is not
 * `live`.
 */
import { apiFetch, ApiError } from '../api/http.js';
import { runEventOf, type RunEvent } from './run-events.js';
import { ServerSentEventParser } from './server-sent-events.js';

export const StreamStates = {
  connecting: 'connecting',
  live: 'live',
  /** Lost; trying again after a pause. */
  retrying: 'retrying',
  /** The run ended (one-run streams). */
  ended: 'ended',
  /** Refused for good (no permission, no such run). */
  failed: 'failed',
  /** No stream wanted. */
  idle: 'idle',
} as const;
export type StreamState = (typeof StreamStates)[keyof typeof StreamStates];

/** A connection that lasted this long was healthy: the next drop starts the pauses again. */
const HEALTHY_CONNECTION_MS = 10_000;

/** The pause before reconnect attempt `attempt` (from 1): 1 s, 2 s, 4 s … at most 30 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

export interface FollowOptions {
  onEvent(event: RunEvent): void;
  onState(state: StreamState): void;
  readonly signal: AbortSignal;
}

/** Resolves once the stream ended, failed for good or was aborted; never rejects. */
export async function followRunEvents(path: string, options: FollowOptions): Promise<void> {
  const { signal } = options;
  let attempt = 0;
  while (!signal.aborted) {
    options.onState(attempt === 0 ? StreamStates.connecting : StreamStates.retrying);
    let connectedAt: number | undefined;
    try {
      const response = await apiFetch(path, { signal });
      connectedAt = Date.now();
      options.onState(StreamStates.live);
      if (await readUntilEnd(response, options)) {
        options.onState(StreamStates.ended);
        return;
      }
    } catch (error) {
      if (signal.aborted) return;
      if (isPermanent(error)) {
        options.onState(StreamStates.failed);
        return;
      }
    }
    if (signal.aborted) return;
    attempt =
      connectedAt !== undefined && Date.now() - connectedAt >= HEALTHY_CONNECTION_MS
        ? 1
        : attempt + 1;
    options.onState(StreamStates.retrying);
    await pause(reconnectDelayMs(attempt), signal);
  }
}

function isPermanent(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408 &&
    error.status !== 429
  );
}

/** Reads events until the stream closes; true when it closed with `end`. */
async function readUntilEnd(response: Response, options: FollowOptions): Promise<boolean> {
  const body = response.body;
  if (body === null) return false;
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new ServerSentEventParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      for (const message of parser.push(value)) {
        const event = runEventOf(message);
        if (event === undefined) continue;
        options.onEvent(event);
        if (event.kind === 'end') return true;
      }
    }
  } finally {
    // Closes the connection when the reading stops early (end, abort).
    await reader.cancel().catch(() => undefined);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
