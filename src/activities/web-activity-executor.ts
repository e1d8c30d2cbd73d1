/**
 * Data Factory's `WebActivity`: one HTTP call with Node's built-in fetch, following the
 * asynchronous request-reply pattern (202 + Location: poll until the answer is not 202) unless
 * `turnOffAsync` is set. The output is the JSON object the endpoint returned (anything else comes as
 * `{ "Response": "<text>" }`) plus `ADFWebActivityResponseHeaders`, as in Data Factory.
 */
import type { JsonObject, JsonValue } from '../factory/resources.js';
import type {
  ActivityExecutionRequest,
  ActivityExecutionResult,
  ActivityExecutor,
} from './activity-executor.js';
import { abortableDelay } from '../processes/abortable-delay.js';
import { cancelledResult, ExpectedFailure, guardExecution } from './execution-guard.js';
import { fetchWithoutCertValidation } from './insecure-fetch.js';
import { EFFECTIVE_INTEGRATION_RUNTIME } from './integration-runtime.js';
import { readBodyUpTo } from './response-body-reader.js';
import { isJsonObject } from './type-properties.js';
import {
  describeEndpoint,
  readWebActivityRequest,
  type WebActivityRequest,
} from './web-activity-request.js';

export interface WebActivityExecutorOptions {
  /** Wait between polls of a 202's Location when the answer has no Retry-After (Default: 1000). */
  readonly asyncPollIntervalMs?: number;
}

/** Data Factory's limit on a WebActivity response, "around 4 MB". */
export const MAX_WEB_RESPONSE_BYTES = 4 * 1024 * 1024;
/** How much of an error response's body a message quotes. */
const BODY_IN_MESSAGE_CHARS = 4000;
const DEFAULT_ASYNC_POLL_INTERVAL_MS = 1000;

interface WebAnswer {
  readonly url: URL;
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly text: string;
}

export class WebActivityExecutor implements ActivityExecutor {
  readonly type = 'WebActivity';

  constructor(private readonly options: WebActivityExecutorOptions = {}) {}

  execute(request: ActivityExecutionRequest): Promise<ActivityExecutionResult> {
    return guardExecution(request, () => this.run(request));
  }

  private async run(request: ActivityExecutionRequest): Promise<ActivityExecutionResult> {
    const call = readWebActivityRequest(request.input);
    const started = performance.now();
    let answer = await send(call, call.url, call.method, call.headers, call.body, request.signal);

    for (;;) {
      const location = answer.headers.get('location');
      if (answer.status !== 202 || call.turnOffAsync || location === null) break;
      const wait = retryAfterMs(answer.headers) ?? this.options.asyncPollIntervalMs;
      if (!(await abortableDelay(wait ?? DEFAULT_ASYNC_POLL_INTERVAL_MS, request.signal)))
        return cancelledResult(request);
      const next = new URL(location, answer.url);
      answer = await send(call, next, 'GET', pollHeaders(call, next), undefined, request.signal);
    }

    if (answer.status >= 400) throw httpFailure(answer);
    const output: JsonObject = {
      ...bodyOutput(answer.text),
      ADFWebActivityResponseHeaders: Object.fromEntries(answer.headers),
      effectiveIntegrationRuntime: EFFECTIVE_INTEGRATION_RUNTIME,
      executionDuration: Math.round((performance.now() - started) / 1000),
    };
    return { status: 'Succeeded', output };
  }
}

/**
 * One request with its own `httpRequestTimeout`, body included. An abort of the activity's signal
 * is rethrown for the guard to report as a cancel; every other failure becomes Data Factory's code.
 */
async function send(
  call: WebActivityRequest,
  url: URL,
  method: string,
  headers: Headers,
  body: string | undefined,
  activitySignal: AbortSignal,
): Promise<WebAnswer> {
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = AbortSignal.any([activitySignal, timeout]);
  try {
    const response =
      call.disableCertValidation && url.protocol === 'https:'
        ? await fetchWithoutCertValidation(url, { method, headers, body, signal })
        : await fetch(url, { method, headers, body, signal, redirect: 'follow' });
    const read = await readBodyUpTo(response, MAX_WEB_RESPONSE_BYTES);
    if (read.kind === 'tooLarge')
      throw new ExpectedFailure(
        '2001',
        `The length of execution output is over limit (around 4MB currently): the response of '${describeEndpoint(url)}' is larger than ${MAX_WEB_RESPONSE_BYTES} bytes. Ask the endpoint for less (paging, filters), or have it write the data somewhere and return its location.`,
      );
    const finalUrl = response.url === '' ? url : new URL(response.url);
    return {
      url: finalUrl,
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      text: read.text,
    };
  } catch (error) {
    if (error instanceof ExpectedFailure || activitySignal.aborted) throw error;
    if (timeout.aborted)
      throw new ExpectedFailure(
        '2128',
        `No response from the endpoint '${describeEndpoint(url)}' within httpRequestTimeout (${call.timeoutMs / 1000} s). Raise httpRequestTimeout (at most 00:10:00), or make the endpoint answer 202 with a Location to poll.`,
      );
    throw new ExpectedFailure(
      '2108',
      `Error calling the endpoint '${describeEndpoint(url)}'. Response status code: 'NA - Unknown'. More details: ${networkCause(error)}. Check that the URL is right and the endpoint is reachable from this machine.`,
    );
  }
}

/** Headers for polling a Location: no body headers, and no credentials sent to another origin. */
function pollHeaders(call: WebActivityRequest, next: URL): Headers {
  const headers = new Headers(call.headers);
  headers.delete('content-type');
  headers.delete('content-length');
  if (next.origin !== call.url.origin) headers.delete('authorization');
  return headers;
}

/** Retry-After as seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** A JSON object becomes the output; any other body (text, arrays, scalars, nothing) is `Response`. */
function bodyOutput(text: string): JsonObject {
  try {
    const parsed = JSON.parse(text) as JsonValue;
    if (isJsonObject(parsed)) return parsed;
  } catch {
    // Not JSON: Data Factory hands it over as text.
  }
  return { Response: text };
}

function httpFailure(answer: WebAnswer): ExpectedFailure {
  const body =
    answer.text.length > BODY_IN_MESSAGE_CHARS
      ? `${answer.text.slice(0, BODY_IN_MESSAGE_CHARS)}…`
      : answer.text;
  const status = `${answer.status}${answer.statusText === '' ? '' : ` ${answer.statusText}`}`;
  return new ExpectedFailure(
    '2108',
    `Error calling the endpoint '${describeEndpoint(answer.url)}'. Response status code: '${status}'. Response body: ${body === '' ? '(empty)' : body}`,
  );
}

function networkCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code === undefined ? cause.message : `${code}: ${cause.message}`;
  }
  const code = (error as NodeJS.ErrnoException).code;
  return code === undefined ? error.message : `${code}: ${error.message}`;
}
