import { describe, expect, it } from 'vitest';
import { readAzureMlActivityInput } from './azure-ml-activity-input.js';

describe('readAzureMlActivityInput', () => {
  it('reads an endpoint submission with both data path forms and stringified parameters', () => {
    expect(
      readAzureMlActivityInput(
        {
          mlPipelineEndpointId: 'ep-1',
          version: 2,
          experimentName: 'exp',
          mlPipelineParameters: { rows: 3, flag: true, name: 'x' },
          dataPathAssignments: {
            raw: 'workspaceblobstore/in/data.csv',
            ref: { DataStoreName: 'blobs', RelativePath: 'ref' },
          },
          continueOnStepFailure: 'true',
          mlParentRunId: 'parent-1',
        },
        'ScoreLoans',
      ),
    ).toEqual({
      target: { kind: 'endpoint', endpointId: 'ep-1', version: '2' },
      experimentName: 'exp',
      parameterAssignments: { rows: '3', flag: 'true', name: 'x' },
      dataPathAssignments: {
        raw: { datastore: 'workspaceblobstore', path: 'in/data.csv' },
        ref: { datastore: 'blobs', path: 'ref' },
      },
      continueOnStepFailure: true,
      parentRunId: 'parent-1',
      waitOnCompletion: true,
    });
  });

  it('waits for completion unless waitOnCompletion is false', () => {
    const input = { mlPipelineId: 'p-1', experimentName: 'exp' };
    expect(readAzureMlActivityInput(input, 'P').waitOnCompletion).toBe(true);
    expect(
      readAzureMlActivityInput({ ...input, waitOnCompletion: false }, 'P').waitOnCompletion,
    ).toBe(false);
  });

  it('throws 4101 for a data path object without a datastore', () => {
    expect(() =>
      readAzureMlActivityInput(
        {
          mlPipelineId: 'p-1',
          experimentName: 'exp',
          dataPathAssignments: { raw: { RelativePath: 'x' } },
        },
        'P',
      ),
    ).toThrow(expect.objectContaining({ code: '4101' }));
  });

  it('reads an endpoint by name (beyond Data Factory) with its version', () => {
    expect(
      readAzureMlActivityInput(
        { mlPipelineEndpointName: 'loan-scoring', version: '0', experimentName: 'exp' },
        'P',
      ).target,
    ).toEqual({ kind: 'endpoint', endpointName: 'loan-scoring', version: '0' });
  });

  it('records the run under the factory pipeline name when experimentName is missing or empty', () => {
    expect(readAzureMlActivityInput({ mlPipelineId: 'p-1' }, 'ScoreLoans').experimentName).toBe(
      'ScoreLoans',
    );
    expect(
      readAzureMlActivityInput({ mlPipelineId: 'p-1', experimentName: '' }, 'ScoreLoans')
        .experimentName,
    ).toBe('ScoreLoans');
  });

  it.each([
    [{ mlPipelineEndpointName: 'a', mlPipelineId: 'b' }, 'only one of'],
    [{ mlPipelineEndpointName: 'a', mlPipelineEndpointId: 'b' }, 'only one of'],
    [{ mlPipelineId: 'b', version: '1' }, "'version' is only allowed"],
  ])('throws 4101 for %j', (input, fragment) => {
    expect(() => readAzureMlActivityInput(input, 'P')).toThrow(
      expect.objectContaining({ code: '4101', message: expect.stringContaining(fragment) }),
    );
  });
});
