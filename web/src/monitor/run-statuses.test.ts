import { describe, expect, it } from 'vitest';
import { isTerminalStatus, PipelineRunStatuses, statusRank } from './run-statuses.js';

describe('run statuses', () => {
  it('lists pipeline run statuses in the order a run goes through them', () => {
    expect(PipelineRunStatuses).toEqual([
      'Queued',
      'InProgress',
      'Canceling',
      'Succeeded',
      'Failed',
      'Cancelled',
    ]);
  });

  it('counts Succeeded, Failed, Cancelled and Skipped as ends, in any case', () => {
    expect(['Succeeded', 'failed', 'Cancelled', 'Skipped'].map(isTerminalStatus)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['Queued', 'InProgress', 'Canceling'].map(isTerminalStatus)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('ranks an end above Canceling above InProgress above Queued', () => {
    expect(['Queued', 'InProgress', 'Canceling', 'Failed'].map(statusRank)).toEqual([0, 1, 2, 3]);
  });
});
