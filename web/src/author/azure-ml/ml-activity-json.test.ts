import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../api/factory-api.js';
import {
  assignmentsAreDynamic,
  dataPathParts,
  pointer,
  problemAt,
  readLinkedService,
  readPipelineReference,
  withDataPath,
  withDataPathPart,
  withLinkedService,
  withLinkedServiceParameter,
  withParameter,
  withPipelineReference,
  withTypeProperty,
} from './ml-activity-json.js';

/** The loan-scoring example's activity, trimmed. */
const activity: JsonObject = {
  name: 'ScoreWithMl',
  type: 'AzureMLExecutePipeline',
  policy: { timeout: '0.00:30:00' },
  linkedServiceName: { referenceName: 'MillraceMl', type: 'LinkedServiceReference' },
  typeProperties: {
    mlPipelineEndpointName: 'loan-scoring',
    experimentName: {
      value: "@concat('loan-scoring-', pipeline().parameters.batch)",
      type: 'Expression',
    },
    mlPipelineParameters: {
      threshold: { value: '@string(pipeline().parameters.threshold)', type: 'Expression' },
    },
    dataPathAssignments: {
      loans: { DataStoreName: 'workspaceblobstore', RelativePath: 'a.csv' },
    },
    continueOnStepFailure: false,
  },
};

describe('the pipeline reference', () => {
  it('reads the one given, with its version', () => {
    expect(readPipelineReference(activity)).toEqual({
      kind: 'endpointName',
      value: 'loan-scoring',
      version: undefined,
    });
    expect(
      readPipelineReference({ typeProperties: { mlPipelineEndpointId: 'e1', version: '2' } }),
    ).toEqual({ kind: 'endpointId', value: 'e1', version: '2' });
    expect(readPipelineReference({})).toEqual({
      kind: 'pipeline',
      value: undefined,
      version: undefined,
    });
  });

  it('names the pipeline one way only, keeping everything else', () => {
    const next = withPipelineReference(activity, {
      kind: 'pipeline',
      value: 'p-1',
      version: '3',
    });
    const typeProperties = next['typeProperties'] as JsonObject;
    expect(Object.keys(typeProperties)).toEqual([
      'mlPipelineId',
      'experimentName',
      'mlPipelineParameters',
      'dataPathAssignments',
      'continueOnStepFailure',
    ]);
    expect(typeProperties['mlPipelineId']).toBe('p-1');
    expect(next['policy']).toEqual({ timeout: '0.00:30:00' });
    expect(activity['typeProperties']).toHaveProperty('mlPipelineEndpointName', 'loan-scoring');
  });

  it('keeps the version with an endpoint and drops an empty one', () => {
    const withVersion = withPipelineReference(activity, {
      kind: 'endpointId',
      value: 'e1',
      version: '1',
    });
    expect(withVersion['typeProperties']).toMatchObject({
      mlPipelineEndpointId: 'e1',
      version: '1',
    });
    const withoutVersion = withPipelineReference(withVersion, {
      kind: 'endpointId',
      value: 'e1',
      version: '',
    });
    expect(withoutVersion['typeProperties']).not.toHaveProperty('version');
  });
});

describe('assignments', () => {
  it('sets and removes a parameter, and the emptied map', () => {
    const set = withParameter(activity, 'run_label', 'nightly');
    expect(set['typeProperties']).toMatchObject({
      mlPipelineParameters: { threshold: expect.anything() as unknown, run_label: 'nightly' },
    });
    const cleared = withParameter(withParameter(set, 'run_label', ''), 'threshold', undefined);
    expect(cleared['typeProperties']).not.toHaveProperty('mlPipelineParameters');
  });

  it('sees a map given as one expression', () => {
    const dynamic = withTypeProperty(activity, 'mlPipelineParameters', {
      value: '@json(pipeline().parameters.p)',
      type: 'Expression',
    });
    expect(assignmentsAreDynamic(dynamic, 'mlPipelineParameters')).toBe(true);
    expect(assignmentsAreDynamic(activity, 'mlPipelineParameters')).toBe(false);
  });

  it('reads data paths in every form', () => {
    expect(dataPathParts({ DataStoreName: 'blob', RelativePath: 'x/y.csv' })).toEqual({
      DataStoreName: 'blob',
      RelativePath: 'x/y.csv',
    });
    expect(dataPathParts('blob/x/y.csv')).toEqual({
      DataStoreName: 'blob',
      RelativePath: 'x/y.csv',
    });
    expect(dataPathParts('@pipeline().parameters.path')).toEqual({
      DataStoreName: undefined,
      RelativePath: undefined,
      whole: '@pipeline().parameters.path',
    });
    expect(dataPathParts(undefined)).toEqual({ DataStoreName: undefined, RelativePath: undefined });
  });

  it('writes a data path part, taking the other from the published default', () => {
    const fallback = { DataStoreName: 'workspaceblobstore', RelativePath: 'default.csv' };
    const start = withDataPath(activity, 'loans', undefined);
    const next = withDataPathPart(start, 'loans', 'RelativePath', 'new.csv', fallback);
    expect(next['typeProperties']).toMatchObject({
      dataPathAssignments: {
        loans: { DataStoreName: 'workspaceblobstore', RelativePath: 'new.csv' },
      },
    });
    const shorthand = withDataPath(activity, 'loans', 'blob/old.csv');
    expect(
      withDataPathPart(shorthand, 'loans', 'DataStoreName', 'other', fallback)['typeProperties'],
    ).toMatchObject({
      dataPathAssignments: { loans: { DataStoreName: 'other', RelativePath: 'old.csv' } },
    });
    const cleared = withDataPathPart(
      withDataPathPart(next, 'loans', 'RelativePath', undefined, fallback),
      'loans',
      'DataStoreName',
      undefined,
      fallback,
    );
    expect(cleared['typeProperties']).not.toHaveProperty('dataPathAssignments');
  });
});

describe('the linked service', () => {
  it('changes the reference and its parameters', () => {
    expect(readLinkedService(activity)).toEqual({ referenceName: 'MillraceMl', parameters: {} });
    const withParameter = withLinkedServiceParameter(activity, 'endpoint', 'http://ml:8080');
    expect(withParameter['linkedServiceName']).toEqual({
      referenceName: 'MillraceMl',
      type: 'LinkedServiceReference',
      parameters: { endpoint: 'http://ml:8080' },
    });
    expect(
      withLinkedServiceParameter(withParameter, 'endpoint', undefined)['linkedServiceName'],
    ).toEqual({ referenceName: 'MillraceMl', type: 'LinkedServiceReference' });
    expect(withLinkedService(withParameter, 'OtherMl')['linkedServiceName']).toEqual({
      referenceName: 'OtherMl',
      type: 'LinkedServiceReference',
    });
    expect(withLinkedService(activity, '')).not.toHaveProperty('linkedServiceName');
  });
});

describe('pointer', () => {
  it('escapes as RFC 6901 says', () => {
    expect(pointer('typeProperties', 'mlPipelineParameters', 'a/b~c')).toBe(
      '/typeProperties/mlPipelineParameters/a~1b~0c',
    );
  });
});

describe('problemAt', () => {
  const problems = {
    '/typeProperties': 'needs a pipeline',
    '/typeProperties/mlPipelineParameters/threshold': 'bad threshold',
    '/typeProperties/mlPipelineParameters/threshold/x': 'deeper',
  };
  it('gathers a field’s problems, below it too unless told not to', () => {
    expect(problemAt(problems, '/typeProperties/mlPipelineParameters/threshold')).toBe(
      'bad threshold deeper',
    );
    expect(problemAt(problems, '/typeProperties', false)).toBe('needs a pipeline');
    expect(problemAt(problems, '/linkedServiceName')).toBeUndefined();
    expect(problemAt(undefined, '/typeProperties')).toBeUndefined();
  });
});
