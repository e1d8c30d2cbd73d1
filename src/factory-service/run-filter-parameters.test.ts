import { describe, expect, it } from 'vitest';
import type { ActivityRunView } from '../engine/run-views.js';
import { isFactoryServiceError } from './factory-service-errors.js';
import { pipelineRunQuery, queryActivityRunViews } from './run-filter-parameters.js';

const options = {
  factoryName: 'f',
  pageSize: 10,
  pipelineName: (name: string) => (name.toLowerCase() === 'load' ? 'Load' : name),
};

function expectInvalid(action: () => unknown, target: string): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  if (!isFactoryServiceError(caught, 'FACTORY_INVALID_QUERY'))
    throw new Error(`got ${String(caught)}`);
  expect(caught.target).toBe(target);
}

describe('pipelineRunQuery', () => {
  it('spells operands, operators, statuses and orders as ADF does and names pipelines as stored', () => {
    expect(
      pipelineRunQuery(
        {
          lastUpdatedAfter: '2026-01-01T00:00:00Z',
          filters: [
            { operand: 'pipelinename', operator: 'equals', values: ['LOAD'] },
            { operand: 'Status', operator: 'In', values: ['succeeded', 'Failed'] },
          ],
          orderBy: [{ orderBy: 'runend', order: 'asc' }],
          continuationToken: 'abc',
        },
        options,
      ),
    ).toEqual({
      factoryName: 'f',
      limit: 10,
      lastUpdatedAfter: '2026-01-01T00:00:00Z',
      filters: [
        { operand: 'PipelineName', operator: 'Equals', values: ['Load'] },
        { operand: 'Status', operator: 'In', values: ['Succeeded', 'Failed'] },
      ],
      orderBy: { orderBy: 'RunEnd', order: 'ASC' },
      continuationToken: 'abc',
    });
  });

  it('refuses what the store cannot answer, naming where', () => {
    expectInvalid(
      () =>
        pipelineRunQuery(
          { filters: [{ operand: 'TriggerName', operator: 'Equals', values: ['x'] }] },
          options,
        ),
      'filters/0/operand',
    );
    expectInvalid(
      () =>
        pipelineRunQuery(
          { filters: [{ operand: 'Status', operator: 'Equals', values: ['Done'] }] },
          options,
        ),
      'filters/0/values',
    );
    expectInvalid(
      () => pipelineRunQuery({ orderBy: [{ orderBy: 'PipelineName', order: 'ASC' }] }, options),
      'orderBy/0/orderBy',
    );
  });
});

function activityRun(
  name: string,
  start: string,
  end: string | null,
  status: ActivityRunView['status'],
): ActivityRunView {
  return {
    activityRunId: name,
    pipelineRunId: 'run',
    activityName: name,
    activityType: name === 'W' ? 'Wait' : 'NoOp',
    scope: '',
    attempt: 1,
    status,
    activityRunStart: start,
    activityRunEnd: end,
    durationInMs: null,
    input: {},
    output: null,
    error: null,
  };
}

describe('queryActivityRunViews', () => {
  const runs = [
    activityRun('A', '2026-01-01T00:00:01.000Z', '2026-01-01T00:00:02.000Z', 'Succeeded'),
    activityRun('W', '2026-01-01T00:00:03.000Z', null, 'InProgress'),
    activityRun('C', '2026-01-01T00:00:04.000Z', '2026-01-01T00:00:05.000Z', 'Failed'),
  ];
  const names = (page: { value: readonly ActivityRunView[] }) =>
    page.value.map((run) => run.activityName);

  it('filters by operand and by when each run last changed', () => {
    expect(
      names(
        queryActivityRunViews(
          runs,
          { filters: [{ operand: 'status', operator: 'NotIn', values: ['inprogress'] }] },
          10,
        ),
      ),
    ).toEqual(['A', 'C']);
    expect(
      names(
        queryActivityRunViews(
          runs,
          {
            lastUpdatedAfter: '2026-01-01T00:00:02.500Z',
            lastUpdatedBefore: '2026-01-01T00:00:05.000Z',
          },
          10,
        ),
      ),
    ).toEqual(['W']);
  });

  it('orders, unfinished runs last by end, and pages with continuation tokens', () => {
    expect(
      names(
        queryActivityRunViews(runs, { orderBy: [{ orderBy: 'ActivityRunEnd', order: 'ASC' }] }, 10),
      ),
    ).toEqual(['A', 'C', 'W']);
    const first = queryActivityRunViews(
      runs,
      { orderBy: [{ orderBy: 'ActivityName', order: 'DESC' }] },
      2,
    );
    expect(names(first)).toEqual(['W', 'C']);
    expect(first.continuationToken).toBeDefined();
    const second = queryActivityRunViews(
      runs,
      {
        orderBy: [{ orderBy: 'ActivityName', order: 'DESC' }],
        ...(first.continuationToken === undefined
          ? {}
          : { continuationToken: first.continuationToken }),
      },
      2,
    );
    expect(names(second)).toEqual(['A']);
    expect(second.continuationToken).toBeUndefined();
    expectInvalid(
      () => queryActivityRunViews(runs, { continuationToken: 'nope' }, 2),
      'continuationToken',
    );
    expectInvalid(
      () => queryActivityRunViews(runs, { lastUpdatedAfter: 'yesterday' }, 2),
      'lastUpdatedAfter',
    );
  });
});
