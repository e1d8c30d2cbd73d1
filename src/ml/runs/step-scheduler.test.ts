import { describe, expect, it } from 'vitest';
import type { MlRunStatus } from '../../store/ml-store.js';
import { decideNextSteps, type ScheduledStep } from './step-scheduler.js';

/** prep → train → score; report independent; cleanup always runs after score. */
function pipeline(statuses: Partial<Record<string, MlRunStatus>>): ScheduledStep[] {
  const shape: [string, string[], boolean][] = [
    ['prep', [], false],
    ['train', ['prep'], false],
    ['score', ['train'], false],
    ['report', [], false],
    ['cleanup', ['score'], true],
  ];
  return shape.map(([name, dependsOn, alwaysRun]) => ({
    name,
    dependsOn,
    alwaysRun,
    status: statuses[name] ?? 'NotStarted',
  }));
}

const FAIL_FAST = { continueOnStepFailure: false, cancelRequested: false };
const CONTINUE = { continueOnStepFailure: true, cancelRequested: false };
const CANCEL = { continueOnStepFailure: false, cancelRequested: true };

describe('decideNextSteps', () => {
  it('starts the steps without dependencies first', () => {
    expect(decideNextSteps(pipeline({}), FAIL_FAST)).toEqual({
      start: ['prep', 'report'],
      skip: [],
      stop: [],
    });
  });

  it('starts a step once all it depends on completed, and not while one is running', () => {
    const running = decideNextSteps(pipeline({ prep: 'Running', report: 'Running' }), FAIL_FAST);
    expect(running.start).toEqual([]);
    const done = decideNextSteps(pipeline({ prep: 'Completed', report: 'Running' }), FAIL_FAST);
    expect(done.start).toEqual(['train']);
  });

  it('without continue-on-step-failure, a failure stops running steps and skips the rest but the always-run step', () => {
    const decision = decideNextSteps(pipeline({ prep: 'Failed', report: 'Running' }), FAIL_FAST);
    expect(decision.stop).toEqual(['report']);
    expect(decision.skip).toEqual([
      { step: 'train', reason: 'upstream-failed' },
      { step: 'score', reason: 'upstream-failed' },
    ]);
    expect(decision.start).toEqual(['cleanup']);
    expect(decision.runStatus).toBeUndefined();
  });

  it('with continue-on-step-failure, only dependents are skipped and independent steps go on', () => {
    const decision = decideNextSteps(pipeline({ prep: 'Failed' }), CONTINUE);
    expect(decision.stop).toEqual([]);
    expect(decision.skip.map((skip) => skip.step)).toEqual(['train', 'score']);
    expect(decision.start).toEqual(['report', 'cleanup']);
  });

  it('ends Failed once every step ended after a failure', () => {
    const decision = decideNextSteps(
      pipeline({
        prep: 'Failed',
        train: 'Canceled',
        score: 'Canceled',
        report: 'Completed',
        cleanup: 'Completed',
      }),
      CONTINUE,
    );
    expect(decision.runStatus).toBe('Failed');
  });

  it('ends Completed when every step completed', () => {
    const all = Object.fromEntries(
      ['prep', 'train', 'score', 'report', 'cleanup'].map((name) => [name, 'Completed' as const]),
    );
    expect(decideNextSteps(pipeline(all), FAIL_FAST)).toEqual({
      start: [],
      skip: [],
      stop: [],
      runStatus: 'Completed',
    });
  });

  it('cancel stops every running step, always-run ones included, and skips the rest', () => {
    const decision = decideNextSteps(
      pipeline({ prep: 'Completed', train: 'Completed', score: 'Running', report: 'Preparing' }),
      CANCEL,
    );
    expect(decision.stop).toEqual(['score', 'report']);
    expect(decision.skip).toEqual([{ step: 'cleanup', reason: 'run-canceled' }]);
    expect(decision.start).toEqual([]);
  });

  it('ends Canceled after a cancel stopped steps', () => {
    const decision = decideNextSteps(
      pipeline({
        prep: 'Completed',
        train: 'Completed',
        score: 'Canceled',
        report: 'Canceled',
        cleanup: 'Canceled',
      }),
      CANCEL,
    );
    expect(decision.runStatus).toBe('Canceled');
  });

  it('an always-run step waits for its dependencies to end, whatever their status', () => {
    const waiting = decideNextSteps(
      pipeline({ prep: 'Completed', train: 'Completed', score: 'Running', report: 'Completed' }),
      FAIL_FAST,
    );
    expect(waiting.start).toEqual([]);
    const failed = decideNextSteps(
      pipeline({ prep: 'Completed', train: 'Completed', score: 'Failed', report: 'Completed' }),
      FAIL_FAST,
    );
    expect(failed.start).toEqual(['cleanup']);
  });

  it('a running always-run step is not stopped by a failure elsewhere', () => {
    const decision = decideNextSteps(
      [
        { name: 'a', dependsOn: [], alwaysRun: false, status: 'Failed' },
        { name: 'finally', dependsOn: [], alwaysRun: true, status: 'Running' },
      ],
      FAIL_FAST,
    );
    expect(decision.stop).toEqual([]);
  });
});
