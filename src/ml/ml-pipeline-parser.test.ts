import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { parseMlPipeline } from './ml-pipeline-parser.js';
import { MlProblemCodes } from './ml-problems.js';
import type { MlProblemCode } from './ml-problems.js';

const options = { knownDatastores: ['workspaceblobstore', 'scoring'] };
const fixture = readFileSync(
  new URL('../../test/fixtures/ml/scoring/pipeline.yml', import.meta.url),
  'utf8',
);

/** A one-step pipeline header; cases append their jobs (line 5 is the first line after it). */
const HEADER = `type: pipeline
inputs:
  n: 3
  data: { type: uri_folder, datastore: workspaceblobstore, path: raw }
jobs:
`;

describe('parseMlPipeline: a valid prep → train → score pipeline', () => {
  const { definition, problems } = parseMlPipeline(fixture, 'pipeline.yml', options);

  it('reports no problem and orders steps by their bindings', () => {
    expect(problems).toEqual([]);
    expect(definition?.stepOrder).toEqual(['prep', 'train', 'score', 'notify']);
    expect(definition?.steps.map((step) => [step.name, step.dependsOn])).toEqual([
      ['prep', []],
      ['train', ['prep']],
      ['score', ['train']],
      ['notify', []],
    ]);
  });

  it('normalises inputs, settings and step policies with their defaults', () => {
    expect(definition?.settings).toEqual({
      defaultDatastore: 'workspaceblobstore',
      continueOnStepFailure: true,
      forceRerun: false,
    });
    expect(definition?.inputs).toEqual([
      {
        kind: 'data',
        name: 'raw_data',
        type: 'uri_folder',
        optional: false,
        default: { datastore: 'workspaceblobstore', path: 'raw/churn' },
      },
      {
        kind: 'data',
        name: 'customers',
        type: 'mltable',
        optional: false,
        default: { datastore: 'scoring', path: 'customers/latest' },
      },
      { kind: 'parameter', name: 'learning_rate', type: 'number', default: 0.01, optional: false },
      { kind: 'parameter', name: 'epochs', type: 'integer', default: 5, optional: false },
    ]);
    const train = definition?.steps.find((step) => step.name === 'train');
    expect(train).toMatchObject({
      type: 'command',
      code: 'src/train',
      allowReuse: false,
      timeoutSeconds: 3600,
      alwaysRun: false,
      retry: { maxAttempts: 3, intervalSeconds: 30, backoff: 'exponential' },
    });
    expect(train?.inputs.map((input) => [input.name, input.type])).toEqual([
      ['data', 'uri_folder'],
      ['lr', 'number'],
      ['epochs', 'integer'],
    ]);
    const notify = definition?.steps.find((step) => step.name === 'notify');
    expect(notify).toMatchObject({
      alwaysRun: true,
      allowReuse: true,
      retry: { maxAttempts: 1, intervalSeconds: 0, backoff: 'none' },
    });
    expect(definition?.steps[0]?.environmentVariables).toEqual({ LOG_LEVEL: 'debug' });
  });

  it('maps Azure parallel settings onto Millrace names', () => {
    expect(definition?.steps.find((step) => step.name === 'score')).toMatchObject({
      type: 'parallel',
      inputData: 'customers',
      miniBatchSize: { unit: 'rows', value: 5000 },
      instanceCount: 2,
      maxConcurrencyPerInstance: 4,
      runMaxTry: 3,
      runInvocationTimeoutSeconds: 120,
      errorThreshold: 10,
      allowedFailedCount: -1,
      allowedFailedPercent: 5,
      outputAction: 'append_row',
      appendRowTo: 'predictions',
      appendRowFileName: 'parallel_run_step.txt',
      loggingLevel: 'DEBUG',
      code: 'src/score',
      entryScript: 'score.py',
      outputs: [{ name: 'predictions', type: 'uri_folder', pipelineOutput: 'scores' }],
    });
  });

  it('defaults the mini-batch size to 10 files for folder input and 1 MB for tabular input', () => {
    const parallel = (inputType: string) => `${HEADER}  s:
    type: parallel
    inputs:
      d: { type: ${inputType}, path: x, datastore: scoring }
    input_data: \${{inputs.d}}
    task: { type: run_function, code: src, entry_script: run.py }
`;
    expect(
      parseMlPipeline(parallel('uri_folder'), 'p.yml', options).definition?.steps[0],
    ).toMatchObject({ miniBatchSize: { unit: 'files', value: 10 } });
    expect(
      parseMlPipeline(parallel('mltable'), 'p.yml', options).definition?.steps[0],
    ).toMatchObject({ miniBatchSize: { unit: 'bytes', value: 1048576 } });
  });
});

interface InvalidCase {
  readonly name: string;
  readonly yaml: string;
  readonly code: MlProblemCode;
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly message?: RegExp;
}

const step = (body: string) => `${HEADER}  a:\n    type: command\n    command: run\n${body}`;

const invalidCases: readonly InvalidCase[] = [
  {
    name: 'invalid YAML',
    yaml: 'type: pipeline\njobs: [a\n',
    code: 'ML_INVALID_YAML',
    line: 3,
    column: 1,
    path: '',
  },
  {
    name: 'missing jobs',
    yaml: 'type: pipeline\n',
    code: 'ML_MISSING_FIELD',
    line: 1,
    column: 1,
    path: 'jobs',
  },
  {
    name: 'missing command',
    yaml: `${HEADER}  a:\n    type: command\n`,
    code: 'ML_MISSING_FIELD',
    line: 6,
    column: 3,
    path: 'jobs.a.command',
  },
  {
    name: 'unknown field',
    yaml: step('    colour: red\n'),
    code: 'ML_UNKNOWN_FIELD',
    line: 9,
    column: 5,
    path: 'jobs.a.colour',
  },
  {
    name: 'wrong value type',
    yaml: step('    allow_reuse: sometimes\n'),
    code: 'ML_INVALID_VALUE',
    line: 9,
    column: 18,
    path: 'jobs.a.allow_reuse',
  },
  {
    name: 'unknown step type',
    yaml: `${HEADER}  a:\n    type: sweep\n`,
    code: 'ML_INVALID_VALUE',
    line: 7,
    column: 11,
    path: 'jobs.a.type',
  },
  {
    name: 'retry backoff',
    yaml: step('    retry: { max_attempts: 2, backoff: linear }\n'),
    code: 'ML_INVALID_VALUE',
    line: 9,
    column: 40,
    path: 'jobs.a.retry.backoff',
  },
  {
    name: 'default of the wrong type',
    yaml: 'type: pipeline\ninputs:\n  n: { type: integer, default: "x" }\njobs:\n  a: { type: command, command: run }\n',
    code: 'ML_INVALID_VALUE',
    line: 3,
    column: 32,
    path: 'inputs.n.default',
  },
  {
    name: 'unknown parent input',
    yaml: step('    inputs:\n      x: ${{parent.inputs.missing}}\n'),
    code: 'ML_UNKNOWN_BINDING',
    line: 10,
    column: 10,
    path: 'jobs.a.inputs.x',
    message: /pipeline inputs: n, data/,
  },
  {
    name: 'unknown step in a binding',
    yaml: step('    inputs:\n      x: ${{parent.jobs.nope.outputs.model}}\n'),
    code: 'ML_UNKNOWN_BINDING',
    line: 10,
    column: 10,
    path: 'jobs.a.inputs.x',
    message: /steps: a/,
  },
  {
    name: 'placeholder naming an undeclared step input',
    yaml: `${HEADER}  a:\n    type: command\n    command: python run.py --x \${{inputs.x}}\n`,
    code: 'ML_UNKNOWN_BINDING',
    line: 8,
    column: 32,
    path: 'jobs.a.command',
  },
  {
    name: 'binding mixed with text',
    yaml: step('    inputs:\n      x: prefix-${{parent.inputs.n}}\n'),
    code: 'ML_INVALID_BINDING',
    line: 10,
    column: 10,
    path: 'jobs.a.inputs.x',
  },
  {
    name: 'data input bound to an integer parameter',
    yaml: step('    inputs:\n      x: { type: uri_folder, path: "${{parent.inputs.n}}" }\n'),
    code: 'ML_BINDING_TYPE_MISMATCH',
    line: 10,
    column: 36,
    path: 'jobs.a.inputs.x.path',
  },
  {
    name: 'parallel input_data that is not data',
    yaml: `${HEADER}  s:
    type: parallel
    inputs:
      n: \${{parent.inputs.n}}
    input_data: \${{inputs.n}}
    task: { type: run_function, code: src, entry_script: run.py }
`,
    code: 'ML_BINDING_TYPE_MISMATCH',
    line: 10,
    column: 17,
    path: 'jobs.s.input_data',
  },
  {
    name: 'cycle',
    yaml: `${HEADER}  a:
    type: command
    command: run
    inputs: { x: "\${{parent.jobs.b.outputs.o}}" }
    outputs: { o: }
  b:
    type: command
    command: run
    inputs: { x: "\${{parent.jobs.a.outputs.o}}" }
    outputs: { o: }
`,
    code: 'ML_DEPENDENCY_CYCLE',
    line: 6,
    column: 3,
    path: 'jobs.a',
    message: /a → b → a/,
  },
  {
    name: 'unknown datastore',
    yaml: step('    inputs:\n      x: { type: uri_file, datastore: lake, path: a.csv }\n'),
    code: 'ML_UNKNOWN_DATASTORE',
    line: 10,
    column: 39,
    path: 'jobs.a.inputs.x.datastore',
  },
  {
    name: 'path escaping its datastore',
    yaml: 'type: pipeline\ninputs:\n  d: { type: uri_folder, path: "azureml://datastores/scoring/paths/../secrets" }\njobs:\n  a: { type: command, command: run }\n',
    code: 'ML_PATH_ESCAPES_DATASTORE',
    line: 3,
    column: 32,
    path: 'inputs.d.path',
  },
  {
    name: 'invalid step name',
    yaml: `${HEADER}  Train-Model:\n    type: command\n    command: run\n`,
    code: 'ML_INVALID_NAME',
    line: 6,
    column: 3,
    path: 'jobs.Train-Model',
  },
  {
    name: 'duplicate key',
    yaml: step('  a:\n    type: command\n    command: again\n'),
    code: 'ML_DUPLICATE_NAME',
    line: 9,
    column: 3,
    path: 'jobs.a',
  },
];

describe('parseMlPipeline: one invalid pipeline per problem code', () => {
  it.each(invalidCases)('$name → $code', ({ yaml, code, line, column, path, message }) => {
    const { definition, problems } = parseMlPipeline(yaml, 'pipeline.yml', options);
    const problem = problems.find((candidate) => candidate.code === code);
    expect(problem, JSON.stringify(problems)).toMatchObject({
      code,
      severity: MlProblemCodes[code].severity,
      file: 'pipeline.yml',
      line,
      column,
      path,
    });
    if (message) expect(problem?.message).toMatch(message);
    if (MlProblemCodes[code].severity === 'error') expect(definition).toBeUndefined();
  });

  it('reports every problem at once', () => {
    const yaml = `${HEADER}  a:
    type: command
    command: run \${{inputs.nope}}
    inputs:
      x: \${{parent.inputs.missing}}
      y: { type: uri_file, datastore: lake, path: a.csv }
`;
    const codes = parseMlPipeline(yaml, 'p.yml', options).problems.map((problem) => problem.code);
    expect(codes).toEqual(['ML_UNKNOWN_DATASTORE', 'ML_UNKNOWN_BINDING', 'ML_UNKNOWN_BINDING']);
  });

  it('warns about unknown fields but still returns the definition', () => {
    const { definition, problems } = parseMlPipeline(step('    colour: red\n'), 'p.yml', options);
    expect(problems.map((problem) => problem.severity)).toEqual(['warning']);
    expect(definition?.steps).toHaveLength(1);
  });
});
