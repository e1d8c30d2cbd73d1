import { describe, expect, it } from 'vitest';
import type { MlStepRunRecord } from '../../store/ml-store.js';
import { DEFAULT_RETRY_POLICY, type MlCommandStep } from '../ml-pipeline-definition.js';
import { componentsAsJson, describeChanges, reuseComponents, reuseKey } from './reuse-key.js';
import type { ResolvedStepInput } from './step-bindings.js';

const step: MlCommandStep = {
  type: 'command',
  name: 'train',
  command: 'node train.mjs --lr ${{inputs.lr}} --data ${{inputs.data}}',
  code: 'src/train',
  inputs: [
    {
      name: 'lr',
      type: 'number',
      optional: false,
      source: { kind: 'pipeline-input', inputName: 'lr' },
    },
    {
      name: 'data',
      type: 'uri_folder',
      optional: false,
      source: { kind: 'step-output', stepName: 'prep', outputName: 'clean' },
    },
  ],
  outputs: [{ name: 'model', type: 'uri_folder' }],
  environmentVariables: { MODE: 'fast' },
  allowReuse: true,
  retry: DEFAULT_RETRY_POLICY,
  alwaysRun: false,
  dependsOn: ['prep'],
  location: { line: 1, column: 1, path: 'jobs.train' },
};

const inputs: ResolvedStepInput[] = [
  { name: 'lr', kind: 'value', value: 0.1 },
  {
    name: 'data',
    kind: 'data',
    type: 'uri_folder',
    dataPath: { datastore: 'workspaceblobstore', path: 'azureml/prep-1/clean' },
  },
];

function previousRun(components: ReturnType<typeof reuseComponents>): MlStepRunRecord {
  return {
    runId: 'run-1',
    status: 'Completed',
    reuseComponents: componentsAsJson(components),
  } as unknown as MlStepRunRecord;
}

describe('reuse keys', () => {
  const base = reuseComponents(step, 'code-a', inputs);

  it('are equal for equal steps and inputs', () => {
    expect(reuseKey(reuseComponents(step, 'code-a', inputs))).toBe(reuseKey(base));
  });

  it.each([
    ['the code snapshot', reuseComponents(step, 'code-b', inputs)],
    [
      'a parameter',
      reuseComponents(step, 'code-a', [
        { ...inputs[0]!, value: 0.2 } as ResolvedStepInput,
        inputs[1]!,
      ]),
    ],
    [
      'an input identity',
      reuseComponents(step, 'code-a', [
        inputs[0]!,
        {
          ...(inputs[1] as Extract<ResolvedStepInput, { kind: 'data' }>),
          dataPath: { datastore: 'workspaceblobstore', path: 'azureml/prep-2/clean' },
        },
      ]),
    ],
    [
      'the command',
      reuseComponents({ ...step, command: `${step.command} --verbose` }, 'code-a', inputs),
    ],
    [
      'an environment variable',
      reuseComponents({ ...step, environmentVariables: { MODE: 'slow' } }, 'code-a', inputs),
    ],
    [
      'an output',
      reuseComponents(
        { ...step, outputs: [{ name: 'model', type: 'uri_file' }] },
        'code-a',
        inputs,
      ),
    ],
  ])('change when %s changes', (_what, changed) => {
    expect(reuseKey(changed)).not.toBe(reuseKey(base));
  });

  it('ignore retry, timeout and always_run, which do not change the result', () => {
    const tuned = {
      ...step,
      timeoutSeconds: 60,
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 },
    };
    expect(reuseKey(reuseComponents(tuned, 'code-a', inputs))).toBe(reuseKey(base));
  });
});

describe('describeChanges', () => {
  const base = reuseComponents(step, 'code-a', inputs);

  it('says when there is no earlier run', () => {
    expect(describeChanges(base, undefined)).toBe('no earlier run of this step to reuse');
  });

  it('names the parameter and the part that changed', () => {
    const now = reuseComponents(step, 'code-b', [
      { ...inputs[0]!, value: 0.5 } as ResolvedStepInput,
      inputs[1]!,
    ]);
    expect(describeChanges(now, previousRun(base))).toBe(
      'changed since run run-1: code snapshot; parameters lr',
    );
  });

  it('explains a match that did not complete', () => {
    const failed = { ...previousRun(base), status: 'Failed' } as MlStepRunRecord;
    expect(describeChanges(base, failed)).toContain('ended Failed');
  });
});
