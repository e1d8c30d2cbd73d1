import { describe, expect, it } from 'vitest';
import type { ActivityRun } from '../api/factory-api.js';
import {
  activityMarks,
  childRunOf,
  definitionActivities,
  mlRunOf,
  mlRunPath,
  parametersSummary,
  pipelineRunDuration,
} from './run-detail.js';

function activity(overrides: Partial<ActivityRun>): ActivityRun {
  return {
    activityRunId: 'a',
    activityName: 'A',
    activityType: 'Wait',
    pipelineRunId: 'r',
    pipelineName: 'P',
    status: 'Succeeded',
    ...overrides,
  };
}

describe('activityMarks', () => {
  it('marks each activity with its latest attempt, counting a running one to now', () => {
    const marks = activityMarks(
      [
        activity({
          activityRunId: '1',
          attempt: 1,
          status: 'Failed',
          activityRunStart: '2024-01-01T00:00:00Z',
          durationInMs: 100,
        }),
        activity({
          activityRunId: '2',
          attempt: 2,
          status: 'InProgress',
          activityRunStart: '2024-01-01T00:00:10Z',
        }),
        activity({ activityRunId: '3', activityName: 'B', durationInMs: 5 }),
      ],
      Date.parse('2024-01-01T00:00:12Z'),
    );
    expect(marks).toEqual({
      A: { status: 'InProgress', durationMs: 2000 },
      B: { status: 'Succeeded', durationMs: 5 },
    });
  });
});

describe('mlRunOf', () => {
  it('reads the ML run from an AzureMLExecutePipeline output', () => {
    const run = activity({
      activityType: 'AzureMLExecutePipeline',
      output: {
        runId: 'ml-1',
        runStatus: 'Finished',
        runUrl: 'http://x/ml/runs/ml-1',
        experimentName: 'e',
        stepRuns: [
          { name: 'prepare', status: 'Finished', durationMs: 10, reused: true },
          { name: 'score', status: 'Finished', durationMs: null, reused: false },
        ],
      },
    });
    expect(mlRunOf(run)).toEqual({
      runId: 'ml-1',
      runUrl: 'http://x/ml/runs/ml-1',
      status: 'Finished',
      experimentName: 'e',
      steps: [
        { name: 'prepare', status: 'Finished', durationMs: 10, reused: true },
        { name: 'score', status: 'Finished', reused: false },
      ],
    });
    expect(mlRunPath('ml 1')).toBe('/ml/runs/ml%201');
  });

  it('finds none in other activities, masked output or output without a run id', () => {
    expect(mlRunOf(activity({ output: { runId: 'x' } }))).toBeUndefined();
    expect(
      mlRunOf(activity({ activityType: 'AzureMLExecutePipeline', output: '**********' })),
    ).toBeUndefined();
    expect(
      mlRunOf(activity({ activityType: 'AzureMLExecutePipeline', output: {} })),
    ).toBeUndefined();
  });
});

describe('childRunOf', () => {
  it('reads the child run from the output or the run’s childRunId', () => {
    expect(
      childRunOf(activity({ output: { pipelineName: 'Child', pipelineRunId: 'c1' } })),
    ).toEqual({
      runId: 'c1',
      pipelineName: 'Child',
    });
    expect(childRunOf(activity({ childRunId: 'c2' }))).toEqual({ runId: 'c2' });
    expect(childRunOf(activity({}))).toBeUndefined();
  });
});

describe('texts', () => {
  it('summarises parameters on one line, cut to length', () => {
    expect(parametersSummary({ a: 1, b: 'x', c: [1] })).toBe('a=1, b=x, c=[1]');
    expect(parametersSummary({ long: 'y'.repeat(100) }, 20)).toBe(`long=${'y'.repeat(14)}…`);
    expect(parametersSummary(undefined)).toBe('');
  });

  it('counts a running pipeline run to now', () => {
    expect(
      pipelineRunDuration(
        { runStart: '2024-01-01T00:00:00Z', runEnd: null },
        Date.parse('2024-01-01T00:00:03Z'),
      ),
    ).toBe(3000);
    expect(pipelineRunDuration({ durationInMs: 7 }, 0)).toBe(7);
    expect(pipelineRunDuration({}, 0)).toBeUndefined();
  });
});

describe('definitionActivities', () => {
  it('reads the activities of the pipeline a run executed, none when it has none', () => {
    const activities = [{ name: 'A', type: 'Wait' }];
    expect(definitionActivities({ properties: { activities } })).toEqual(activities);
    expect(definitionActivities({ properties: {} })).toEqual([]);
  });
});
