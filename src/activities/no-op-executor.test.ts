import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../factory/resources.js';
import type { ActivityExecutionResult } from './activity-executor.js';
import { buildExecutionRequest } from './execution-request-builder.js';
import { NoOpExecutor } from './no-op-executor.js';

function run(
  input: JsonObject,
  options: { attempt?: number; signal?: AbortSignal } = {},
): Promise<ActivityExecutionResult> {
  return new NoOpExecutor().execute(
    buildExecutionRequest({ type: 'NoOp', name: 'Step', input, ...options }),
  );
}

describe('NoOpExecutor', () => {
  it('succeeds with {} by default', async () => {
    expect(await run({})).toEqual({ status: 'Succeeded', output: {} });
  });

  it('returns `output` as it is, whatever JSON it is', async () => {
    expect(await run({ output: { firstRow: { id: 1 }, count: 1 } })).toEqual({
      status: 'Succeeded',
      output: { firstRow: { id: 1 }, count: 1 },
    });
    expect(await run({ output: [1, 'two'] })).toEqual({ status: 'Succeeded', output: [1, 'two'] });
  });

  it('waits durationInMs before finishing', async () => {
    let finished = false;
    const pending = run({ durationInMs: 50 }).then((result) => {
      finished = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(finished).toBe(false);
    expect((await pending).status).toBe('Succeeded');
  });

  it('stops waiting and reports ACTIVITY_CANCELLED when aborted', async () => {
    const controller = new AbortController();
    const pending = run({ durationInMs: 3_600_000 }, { signal: controller.signal });
    controller.abort(new Error('timeout'));
    const result = await pending;
    expect(result.status === 'Failed' && result.error).toMatchObject({
      errorCode: 'ACTIVITY_CANCELLED',
      target: 'Step',
    });
    expect(result.status === 'Failed' && result.error.message).toContain('timeout');
  });

  it('fails with the errorCode and message of `fail`', async () => {
    expect(
      await run({ fail: { errorCode: 'E42', message: 'no rows' }, output: { rows: 0 } }),
    ).toEqual({
      status: 'Failed',
      error: { errorCode: 'E42', message: 'no rows', failureType: 'UserError', target: 'Step' },
      output: { rows: 0 },
    });
  });

  it('fails with NOOP_FAILED when `fail` gives no errorCode', async () => {
    const result = await run({ fail: {} });
    expect(result.status === 'Failed' && result.error.errorCode).toBe('NOOP_FAILED');
  });

  it('fails the first failAttempts attempts, then succeeds', async () => {
    const statuses = [];
    for (const attempt of [1, 2, 3]) {
      const result = await run({ failAttempts: 2, output: 'ok' }, { attempt });
      statuses.push(result.status === 'Failed' ? result.error.errorCode : result.status);
    }
    expect(statuses).toEqual(['NOOP_FAILED', 'NOOP_FAILED', 'Succeeded']);
  });

  it('uses `fail` for the attempts that failAttempts fails', async () => {
    const first = await run({ failAttempts: 1, fail: { errorCode: 'FLAKY' } }, { attempt: 1 });
    const second = await run({ failAttempts: 1, fail: { errorCode: 'FLAKY' } }, { attempt: 2 });
    expect(first.status === 'Failed' && first.error.errorCode).toBe('FLAKY');
    expect(second.status).toBe('Succeeded');
  });

  it.each<[string, JsonObject, string]>([
    ['a negative duration', { durationInMs: -1 }, 'ACTIVITY_INVALID_PROPERTY'],
    ['a fractional failAttempts', { failAttempts: 1.5 }, 'ACTIVITY_INVALID_PROPERTY'],
    ['fail as a string', { fail: 'yes' }, '2104'],
    ['a numeric errorCode', { fail: { errorCode: 500 } }, '2104'],
  ])('refuses %s', async (_label, input, code) => {
    const result = await run(input);
    expect(result.status === 'Failed' && result.error.errorCode).toBe(code);
  });
});
