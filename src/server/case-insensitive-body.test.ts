import { describe, expect, it } from 'vitest';
import { MlWorkspaceError } from '../ml/workspace/ml-workspace-errors.js';
import { canonicalKeys, schemaPropertyNames } from './case-insensitive-body.js';
import { pipelineStatusBodySchema, submitBodySchema } from './ml-request-schemas.js';

describe('case-insensitive bodies', () => {
  it('renames keys to the schema spelling and keeps unknown ones', () => {
    const names = schemaPropertyNames(submitBodySchema);
    expect(
      canonicalKeys({ experimentname: 'e', PARAMETERASSIGNMENTS: { Rows: '3' }, Other: 1 }, names),
    ).toEqual({ ExperimentName: 'e', ParameterAssignments: { Rows: '3' }, Other: 1 });
  });

  it('reads property names from anyOf branches', () => {
    expect(schemaPropertyNames(pipelineStatusBodySchema)).toEqual(['Status']);
    expect(schemaPropertyNames(undefined)).toEqual([]);
  });

  it('refuses a key given twice in different cases', () => {
    let caught: unknown;
    try {
      canonicalKeys({ ExperimentName: 'a', experimentName: 'b' }, ['ExperimentName']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MlWorkspaceError);
    expect(caught).toMatchObject({
      code: 'ML_INVALID_REQUEST',
      details: [{ name: 'ExperimentName', problem: 'given twice' }],
    });
  });
});
