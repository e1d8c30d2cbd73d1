import { describe, expect, it } from 'vitest';
import { readAzureMlActivityInput } from './azure-ml-activity-input.js';

describe('readAzureMlActivityInput', () => {
  it('reads an endpoint submission with both data path forms and stringified parameters', () => {
    expect(
      readAzureMlActivityInput({
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
      }),
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
    expect(readAzureMlActivityInput(input).waitOnCompletion).toBe(true);
    expect(readAzureMlActivityInput({ ...input, waitOnCompletion: false }).waitOnCompletion).toBe(
      false,
    );
  });

  it('throws 4101 for a data path object without a datastore', () => {
    expect(() =>
      readAzureMlActivityInput({
        mlPipelineId: 'p-1',
        experimentName: 'exp',
        dataPathAssignments: { raw: { RelativePath: 'x' } },
      }),
    ).toThrow(expect.objectContaining({ code: '4101' }));
  });
});
