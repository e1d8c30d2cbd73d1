import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../factory/resources.js';
import type { ActivityExecutionResult } from './activity-executor.js';
import { buildExecutionRequest } from './execution-request-builder.js';
import { WaitExecutor } from './wait-executor.js';

function run(input: JsonObject, signal?: AbortSignal): Promise<ActivityExecutionResult> {
  return new WaitExecutor().execute(
    buildExecutionRequest({ type: 'Wait', name: 'Pause', input, signal }),
  );
}

describe('WaitExecutor', () => {
  it('succeeds with an empty output after waitTimeInSeconds', async () => {
    expect(await run({ waitTimeInSeconds: 0 })).toEqual({ status: 'Succeeded', output: {} });
  });

  it('accepts a whole number written as a string, as String parameters give', async () => {
    expect((await run({ waitTimeInSeconds: '0' })).status).toBe('Succeeded');
  });

  it('ends early with ACTIVITY_CANCELLED when aborted', async () => {
    const controller = new AbortController();
    const pending = run({ waitTimeInSeconds: 3600 }, controller.signal);
    controller.abort();
    const result = await pending;
    expect(result.status === 'Failed' && result.error).toMatchObject({
      errorCode: 'ACTIVITY_CANCELLED',
      target: 'Pause',
    });
  });

  it.each<[string, JsonObject, string]>([
    ['no waitTimeInSeconds', {}, '2103'],
    ['a negative wait', { waitTimeInSeconds: -5 }, 'ACTIVITY_INVALID_PROPERTY'],
    ['a fractional wait', { waitTimeInSeconds: 1.5 }, 'ACTIVITY_INVALID_PROPERTY'],
    ['a word', { waitTimeInSeconds: 'ten' }, '2104'],
  ])('refuses %s', async (_label, input, code) => {
    const result = await run(input);
    expect(result.status === 'Failed' && result.error.errorCode).toBe(code);
  });
});
