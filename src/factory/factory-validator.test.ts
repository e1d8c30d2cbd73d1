import { describe, expect, it } from 'vitest';
import { buildFactory, type ResourceDocument } from './factory-builder.js';
import { validateFactory, type ValidationOptions } from './factory-validator.js';
import type { FactoryProblem, JsonObject, JsonValue } from './resources.js';

/** A factory with one linked service `LS`, one dataset `DS` and a pipeline `Child`, plus `extra`. */
function factoryWith(extra: readonly ResourceDocument[], globalParameters?: JsonValue) {
  const resources: ResourceDocument[] = [
    resource('linkedService', 'LS', { type: 'AzureBlobStorage', typeProperties: {} }),
    resource('dataset', 'DS', {
      type: 'Binary',
      linkedServiceName: { referenceName: 'LS', type: 'LinkedServiceReference' },
    }),
    resource('pipeline', 'Child', { activities: [] }),
    ...extra,
  ];
  return buildFactory({
    name: 'f',
    resources,
    ...(globalParameters === undefined
      ? {}
      : { globalParameters: { json: globalParameters, source: { file: 'f.json', pointer: '' } } }),
  }).factory;
}

function resource(
  kind: ResourceDocument['kind'],
  name: string,
  properties: JsonObject,
): ResourceDocument {
  return { kind, json: { name, properties }, source: { file: `${name}.json`, pointer: '' } };
}

type Found = [code: string, pointer: string];

function found(problems: readonly FactoryProblem[], file: string): Found[] {
  return problems
    .filter((problem) => problem.file === file)
    .map((problem) => [problem.code, problem.pointer]);
}

/** The problems of a pipeline `P` with these properties. */
function check(properties: JsonObject, options?: ValidationOptions): Found[] {
  return found(
    validateFactory(factoryWith([resource('pipeline', 'P', properties)]), options),
    'P.json',
  );
}

function activities(...list: JsonValue[]): JsonObject {
  return { activities: list };
}

const wait = (name: string, extra: JsonObject = {}): JsonObject => ({
  name,
  type: 'Wait',
  typeProperties: { waitTimeInSeconds: 1 },
  ...extra,
});
const setVariable = (name: string, variableName: string, value: JsonValue): JsonObject => ({
  name,
  type: 'SetVariable',
  typeProperties: { variableName, value },
});
const A0 = '/properties/activities/0';
const A1 = '/properties/activities/1';
const A2 = '/properties/activities/2';

describe('validateFactory: activity names and types', () => {
  it('accepts a valid pipeline', () => {
    expect(
      check(
        activities(
          wait('A'),
          wait('B', { dependsOn: [{ activity: 'A', dependencyConditions: ['Succeeded'] }] }),
        ),
      ),
    ).toEqual([]);
  });

  it.each([
    ['', 'empty'],
    ['x'.repeat(56), 'long'],
    ...['.', '+', '?', '/', '<', '>', '*', '%', '&', ':', '\\'].map((char) => [`a${char}b`, char]),
  ])('rejects the activity name %j (%s)', (name) => {
    expect(check(activities(wait(name)))).toEqual([
      ['FACTORY_INVALID_ACTIVITY_NAME', `${A0}/name`],
    ]);
  });

  it('accepts 55 characters, spaces, dashes and underscores', () => {
    expect(check(activities(wait('x'.repeat(55)), wait('Copy data - step_2 (v1)')))).toEqual([]);
  });

  it('reports a missing name', () => {
    expect(check(activities({ type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }))).toEqual([
      ['FACTORY_MISSING_PROPERTY', `${A0}/name`],
    ]);
  });

  it('reports names repeated in the pipeline, nested ones included and ignoring case', () => {
    const forEach = {
      name: 'Loop',
      type: 'ForEach',
      typeProperties: { items: '@createArray(1)', activities: [wait('a')] },
    };
    expect(check(activities(wait('A'), forEach, wait('LOOP')))).toEqual([
      ['FACTORY_DUPLICATE_ACTIVITY_NAME', `${A1}/typeProperties/activities/0/name`],
      ['FACTORY_DUPLICATE_ACTIVITY_NAME', `${A2}/name`],
    ]);
  });

  it('rejects a type Data Factory does not define, and accepts any case of one it does', () => {
    expect(
      check(activities({ name: 'T', type: 'Teleport' }, { ...wait('W'), type: 'wait' })),
    ).toEqual([['FACTORY_UNKNOWN_ACTIVITY_TYPE', `${A0}/type`]]);
  });

  it('warns about ADF types Millrace cannot run, unless they are inactive or executable', () => {
    const copy = { name: 'C', type: 'Copy', typeProperties: {} };
    expect(check(activities(copy))).toEqual([
      ['FACTORY_ACTIVITY_TYPE_NOT_EXECUTABLE', `${A0}/type`],
    ]);
    expect(check(activities({ ...copy, state: 'Inactive' }))).toEqual([]);
    expect(check(activities(copy), { executableTypes: ['COPY'] })).toEqual([]);
    const [problem] = validateFactory(factoryWith([resource('pipeline', 'P', activities(copy))]));
    expect(problem).toMatchObject({ severity: 'warning' });
    expect(problem?.message).toContain('Copy');
  });

  it('treats NoOp as executable by default only', () => {
    const noOp = { name: 'N', type: 'NoOp' };
    expect(check(activities(noOp))).toEqual([]);
    expect(check(activities(noOp), { executableTypes: [] })).toEqual([
      ['FACTORY_ACTIVITY_TYPE_NOT_EXECUTABLE', `${A0}/type`],
    ]);
  });

  it('rejects unknown state and onInactiveMarkAs values', () => {
    expect(check(activities(wait('A', { state: 'Off', onInactiveMarkAs: 'Done' })))).toEqual([
      ['FACTORY_INVALID_PROPERTY', `${A0}/onInactiveMarkAs`],
      ['FACTORY_INVALID_PROPERTY', `${A0}/state`],
    ]);
  });

  it('rejects activity lists that are not arrays of objects', () => {
    expect(check({ activities: {} })).toEqual([
      ['FACTORY_INVALID_PROPERTY', '/properties/activities'],
    ]);
    expect(check(activities(wait('A'), 3))).toEqual([['FACTORY_INVALID_PROPERTY', A1]]);
    const forEach = {
      name: 'L',
      type: 'ForEach',
      typeProperties: { items: '@createArray(1)', activities: 'x' },
    };
    expect(check(activities(forEach))).toEqual([
      ['FACTORY_INVALID_PROPERTY', `${A0}/typeProperties/activities`],
    ]);
  });
});

describe('validateFactory: dependencies', () => {
  const dependsOn = (...entries: JsonValue[]) => ({ dependsOn: entries });
  const on = (activity: string, ...conditions: string[]) => ({
    activity,
    dependencyConditions: conditions,
  });

  it.each<[string, JsonObject, Found[]]>([
    [
      'an unknown activity',
      activities(wait('A', dependsOn(on('B', 'Succeeded')))),
      [['FACTORY_UNKNOWN_DEPENDENCY', `${A0}/dependsOn/0/activity`]],
    ],
    [
      'a name in another case',
      activities(wait('Alpha'), wait('B', dependsOn(on('alpha', 'Succeeded')))),
      [['FACTORY_UNKNOWN_DEPENDENCY', `${A1}/dependsOn/0/activity`]],
    ],
    [
      'an unknown condition',
      activities(wait('A'), wait('B', dependsOn(on('A', 'Succeeded', 'Finished')))),
      [['FACTORY_UNKNOWN_DEPENDENCY_CONDITION', `${A1}/dependsOn/0/dependencyConditions/1`]],
    ],
    [
      'no condition',
      activities(wait('A'), wait('B', dependsOn(on('A')))),
      [['FACTORY_EMPTY_DEPENDENCY_CONDITIONS', `${A1}/dependsOn/0/dependencyConditions`]],
    ],
    [
      'missing conditions',
      activities(wait('A'), wait('B', dependsOn({ activity: 'A' }))),
      [['FACTORY_MISSING_PROPERTY', `${A1}/dependsOn/0/dependencyConditions`]],
    ],
    [
      'a missing activity',
      activities(wait('A', dependsOn({ dependencyConditions: ['Failed'] }))),
      [['FACTORY_MISSING_PROPERTY', `${A0}/dependsOn/0/activity`]],
    ],
    [
      'dependsOn that is not an array',
      activities(wait('A', { dependsOn: 'B' })),
      [['FACTORY_INVALID_PROPERTY', `${A0}/dependsOn`]],
    ],
    [
      'itself',
      activities(wait('A', dependsOn(on('A', 'Completed')))),
      [['FACTORY_DEPENDENCY_CYCLE', `${A0}/dependsOn/0/activity`]],
    ],
  ])('reports a dependency on %s', (_case, properties, expected) => {
    expect(check(properties)).toEqual(expected);
  });

  it('names the list an outer activity is in', () => {
    const forEach = {
      name: 'L',
      type: 'ForEach',
      typeProperties: {
        items: '@createArray(1)',
        activities: [wait('Inner', dependsOn(on('Outer', 'Succeeded')))],
      },
    };
    const problems = validateFactory(
      factoryWith([resource('pipeline', 'P', activities(wait('Outer'), forEach))]),
    );
    expect(found(problems, 'P.json')).toEqual([
      ['FACTORY_UNKNOWN_DEPENDENCY', `${A1}/typeProperties/activities/0/dependsOn/0/activity`],
    ]);
    expect(problems[0]?.message).toContain('another activity list');
  });

  it('reports each cycle once with its path', () => {
    const problems = validateFactory(
      factoryWith([
        resource(
          'pipeline',
          'P',
          activities(
            wait('A', dependsOn(on('C', 'Succeeded'))),
            wait('B', dependsOn(on('A', 'Succeeded'))),
            wait('C', dependsOn(on('B', 'Failed'))),
            wait('D', dependsOn(on('C', 'Succeeded'))),
          ),
        ),
      ]),
    );
    expect(found(problems, 'P.json')).toEqual([
      ['FACTORY_DEPENDENCY_CYCLE', `${A1}/dependsOn/0/activity`],
    ]);
    expect(problems[0]?.message).toContain("'A' → 'C' → 'B' → 'A'");
  });
});

describe('validateFactory: control activities', () => {
  const control = (type: string, typeProperties: JsonObject, extra: JsonObject = {}) =>
    activities({ name: 'X', type, typeProperties, ...extra });
  const TP = `${A0}/typeProperties`;
  const missing = (...names: string[]): Found[] =>
    names.map((name) => ['FACTORY_MISSING_PROPERTY', `${TP}/${name}`]);

  it.each<[string, JsonObject, Found[]]>([
    ['ForEach', {}, missing('activities', 'items')],
    ['IfCondition', {}, missing('expression')],
    ['Switch', {}, missing('on')],
    ['Until', {}, missing('activities', 'expression')],
    ['Wait', {}, missing('waitTimeInSeconds')],
    ['SetVariable', {}, missing('variableName')],
    ['AppendVariable', {}, missing('value', 'variableName')],
    ['Filter', { items: null }, missing('condition', 'items')],
    ['ExecutePipeline', {}, missing('pipeline')],
    [
      'ExecutePipeline',
      { pipeline: { type: 'PipelineReference' } },
      missing('pipeline/referenceName'),
    ],
    ['Fail', {}, missing('errorCode', 'message')],
  ])('%s %j lacks required properties', (type, typeProperties, expected) => {
    expect(
      check({ ...control(type, typeProperties), variables: { v: { type: 'Array' } } }),
    ).toEqual(expected);
  });

  it('accepts complete control activities', () => {
    expect(
      check({
        variables: { s: { type: 'String' }, list: { type: 'Array' } },
        activities: [
          {
            name: 'F',
            type: 'ForEach',
            typeProperties: { items: '@createArray(1)', batchCount: 50, activities: [] },
          },
          {
            name: 'I',
            type: 'IfCondition',
            typeProperties: { expression: { value: '@true', type: 'Expression' } },
          },
          {
            name: 'S',
            type: 'Switch',
            typeProperties: { on: '@string(1)', cases: [{ value: '1', activities: [] }] },
          },
          {
            name: 'U',
            type: 'Until',
            typeProperties: { expression: '@true', timeout: '0.00:10:00', activities: [] },
          },
          { name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } },
          setVariable('SV', 's', ''),
          {
            name: 'AV',
            type: 'AppendVariable',
            typeProperties: { variableName: 'list', value: 1 },
          },
          {
            name: 'Fi',
            type: 'Filter',
            typeProperties: { items: '@createArray(1)', condition: '@true' },
          },
          {
            name: 'E',
            type: 'ExecutePipeline',
            typeProperties: { pipeline: { referenceName: 'Child', type: 'PipelineReference' } },
          },
          { name: 'Fa', type: 'Fail', typeProperties: { message: 'm', errorCode: '500' } },
          {
            name: 'R',
            type: 'SetVariable',
            typeProperties: {
              variableName: 'pipelineReturnValue',
              setSystemVariable: true,
              value: [{ key: 'k', value: { type: 'Int', content: 1 } }],
            },
          },
        ],
      }),
    ).toEqual([]);
  });

  it.each([0, 51, 1.5, '10'])('rejects batchCount %j', (batchCount) => {
    expect(
      check(control('ForEach', { items: '@createArray(1)', activities: [], batchCount })),
    ).toEqual([['FACTORY_INVALID_BATCH_COUNT', `${TP}/batchCount`]]);
  });

  it('rejects a Switch case without value', () => {
    expect(check(control('Switch', { on: '@string(1)', cases: [{ activities: [] }] }))).toEqual(
      missing('cases/0/value'),
    );
  });

  it('requires ExecutePipeline to name a pipeline of the factory exactly', () => {
    const run = (referenceName: string) =>
      control('ExecutePipeline', { pipeline: { referenceName, type: 'PipelineReference' } });
    expect(check(run('Nope'))).toEqual([
      ['FACTORY_UNKNOWN_PIPELINE', `${TP}/pipeline/referenceName`],
    ]);
    expect(check(run('child'))).toEqual([
      ['FACTORY_UNKNOWN_PIPELINE', `${TP}/pipeline/referenceName`],
    ]);
  });

  it('checks the variables SetVariable and AppendVariable set', () => {
    const variables = { s: { type: 'String' }, list: { type: 'Array' } };
    expect(check({ variables, activities: [setVariable('A', 'nope', 'x')] })).toEqual([
      ['FACTORY_UNKNOWN_VARIABLE', `${TP}/variableName`],
    ]);
    expect(check({ variables, activities: [setVariable('A', 'S', 'x')] })).toEqual([
      ['FACTORY_UNKNOWN_VARIABLE', `${TP}/variableName`],
    ]);
    expect(
      check({
        variables,
        activities: [
          { name: 'A', type: 'AppendVariable', typeProperties: { variableName: 's', value: 'x' } },
        ],
      }),
    ).toEqual([['FACTORY_APPEND_TO_NON_ARRAY', `${TP}/variableName`]]);
    expect(check({ variables, activities: [setVariable('A', 's', null)] })).toEqual(
      missing('value'),
    );
  });

  it('rejects a value that reads the variable it sets', () => {
    const variables = { s: { type: 'String' }, t: { type: 'String' }, list: { type: 'Array' } };
    expect(
      check({ variables, activities: [setVariable('A', 's', "x-@{variables('S')}")] }),
    ).toEqual([['FACTORY_SELF_REFERENCING_VARIABLE', `${TP}/value`]]);
    expect(
      check({
        variables,
        activities: [
          {
            name: 'A',
            type: 'AppendVariable',
            typeProperties: {
              variableName: 'list',
              value: { value: "@variables('list')", type: 'Expression' },
            },
          },
        ],
      }),
    ).toEqual([['FACTORY_SELF_REFERENCING_VARIABLE', `${TP}/value/value`]]);
    expect(check({ variables, activities: [setVariable('A', 's', "@variables('t')")] })).toEqual(
      [],
    );
  });
});

describe('validateFactory: policy', () => {
  const withPolicy = (policy: JsonValue) => activities(wait('A', { policy }));
  it.each([
    '0.12:00:00',
    '7.00:00:00',
    '0:00:30',
    '00:00:01.5',
    '00:10:00',
    '12:00:00',
    '@pipeline().parameters.t',
    { value: '@string(1)', type: 'Expression' },
  ])('accepts the timeout %j', (timeout) => {
    expect(check({ ...withPolicy({ timeout }), parameters: { t: { type: 'String' } } })).toEqual(
      [],
    );
  });
  it.each(['10:00', '24:00:00', '00:61:00', 'PT1H', 600])('rejects the timeout %j', (timeout) => {
    expect(check(withPolicy({ timeout }))).toEqual([
      ['FACTORY_INVALID_TIMEOUT', `${A0}/policy/timeout`],
    ]);
  });
  it.each([0, 3, '@int(2)'])('accepts retry %j', (retry) => {
    expect(check(withPolicy({ retry }))).toEqual([]);
  });
  it.each([-1, 1.5, '2'])('rejects retry %j', (retry) => {
    expect(check(withPolicy({ retry }))).toEqual([['FACTORY_INVALID_RETRY', `${A0}/policy/retry`]]);
  });
  it('rejects a policy that is not an object', () => {
    expect(check(withPolicy('fast'))).toEqual([['FACTORY_INVALID_PROPERTY', `${A0}/policy`]]);
  });
});

describe('validateFactory: parameters and variables', () => {
  it.each<[string, JsonValue]>([
    ['Int', 1.5],
    ['int', '1'],
    ['Float', 'x'],
    ['Bool', 'true'],
    ['String', 1],
    ['SecureString', {}],
    ['Array', {}],
    ['Object', []],
  ])('rejects a %s parameter defaulting to %j', (type, defaultValue) => {
    expect(check({ parameters: { p: { type, defaultValue } } })).toEqual([
      ['FACTORY_DEFAULT_VALUE_MISMATCH', '/properties/parameters/p/defaultValue'],
    ]);
  });

  it.each<[string, JsonValue]>([
    ['Int', 3],
    ['Float', 3],
    ['float', 0.5],
    ['bool', false],
    ['string', ''],
    ['securestring', 's'],
    ['array', [1]],
    ['object', { a: 1 }],
    ['Int', null],
  ])('accepts a %s parameter defaulting to %j', (type, defaultValue) => {
    expect(check({ parameters: { p: { type, defaultValue } } })).toEqual([]);
  });

  it('rejects unknown and missing types', () => {
    expect(
      check({
        parameters: { p: { type: 'Integer' }, q: {} },
        variables: { v: { type: 'Int' }, w: { type: 'bool', defaultValue: 'no' } },
      }),
    ).toEqual([
      ['FACTORY_UNKNOWN_PARAMETER_TYPE', '/properties/parameters/p/type'],
      ['FACTORY_MISSING_PROPERTY', '/properties/parameters/q/type'],
      ['FACTORY_UNKNOWN_VARIABLE_TYPE', '/properties/variables/v/type'],
      ['FACTORY_DEFAULT_VALUE_MISMATCH', '/properties/variables/w/defaultValue'],
    ]);
  });
});

describe('validateFactory: references', () => {
  it('checks linked service and dataset references of activities', () => {
    const lookup = {
      name: 'L',
      type: 'Lookup',
      linkedServiceName: { referenceName: 'Missing', type: 'LinkedServiceReference' },
      typeProperties: { dataset: { referenceName: 'NoDataset' }, source: { type: 'BinarySource' } },
      inputs: [{ referenceName: 'DS', type: 'DatasetReference' }],
      outputs: [{ referenceName: 'ds', type: 'DatasetReference' }],
    };
    expect(check(activities(lookup), { executableTypes: ['Lookup'] })).toEqual([
      ['FACTORY_UNKNOWN_LINKED_SERVICE', `${A0}/linkedServiceName/referenceName`],
      ['FACTORY_UNKNOWN_DATASET', `${A0}/outputs/0/referenceName`],
      ['FACTORY_UNKNOWN_DATASET', `${A0}/typeProperties/dataset/referenceName`],
    ]);
  });

  it('checks Key Vault secret stores and dataset linked services', () => {
    const problems = validateFactory(
      factoryWith([
        resource('linkedService', 'Sql', {
          type: 'AzureSqlDatabase',
          typeProperties: {
            password: {
              type: 'AzureKeyVaultSecret',
              store: { referenceName: 'Vault', type: 'LinkedServiceReference' },
              secretName: 's',
            },
          },
        }),
        resource('dataset', 'D2', {
          type: 'Binary',
          linkedServiceName: { referenceName: 'Nope', type: 'LinkedServiceReference' },
        }),
        resource('dataset', 'D3', { type: 'Binary' }),
        resource('linkedService', 'Untyped', { typeProperties: {} }),
      ]),
    );
    expect(problems.map((problem) => [problem.code, problem.file, problem.pointer])).toEqual([
      [
        'FACTORY_UNKNOWN_LINKED_SERVICE',
        'Sql.json',
        '/properties/typeProperties/password/store/referenceName',
      ],
      ['FACTORY_MISSING_PROPERTY', 'Untyped.json', '/properties/type'],
      ['FACTORY_UNKNOWN_LINKED_SERVICE', 'D2.json', '/properties/linkedServiceName/referenceName'],
      ['FACTORY_MISSING_PROPERTY', 'D3.json', '/properties/linkedServiceName'],
    ]);
  });

  it('checks the pipelines triggers start', () => {
    const problems = validateFactory(
      factoryWith([
        resource('trigger', 'T', {
          type: 'ScheduleTrigger',
          pipelines: [
            {
              pipelineReference: { referenceName: 'Child', type: 'PipelineReference' },
              parameters: { a: '@trigger().scheduledTime' },
            },
            { pipelineReference: { referenceName: 'Gone', type: 'PipelineReference' } },
            { parameters: {} },
          ],
        }),
        resource('trigger', 'W', {
          type: 'TumblingWindowTrigger',
          pipeline: {
            pipelineReference: { referenceName: 'Child' },
            parameters: { s: '@trigger().outputs.windowStartTime' },
          },
        }),
      ]),
    );
    expect(found(problems, 'T.json')).toEqual([
      ['FACTORY_UNKNOWN_PIPELINE', '/properties/pipelines/1/pipelineReference/referenceName'],
      ['FACTORY_MISSING_PROPERTY', '/properties/pipelines/2/pipelineReference/referenceName'],
    ]);
    expect(found(problems, 'W.json')).toEqual([]);
  });
});

describe('validateFactory: expressions', () => {
  const noOp = (typeProperties: JsonObject, extra: JsonObject = {}) => ({
    name: 'N',
    type: 'NoOp',
    typeProperties,
    ...extra,
  });

  it('reports an expression that does not parse with its line and column', () => {
    const problems = validateFactory(
      factoryWith([
        resource(
          'pipeline',
          'P',
          activities(noOp({ body: { text: "@concat('a',\n  'b',\n  )" } })),
        ),
      ]),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'FACTORY_INVALID_EXPRESSION',
        pointer: `${A0}/typeProperties/body/text`,
        expression: { line: 3, column: 3, offset: 22 },
      }),
    ]);
    expect(problems[0]?.message).toContain('EXPR_SYNTAX at line 3, column 3');
  });

  it.each([
    ['@noSuchFunction()', 'EXPR_UNKNOWN_FUNCTION'],
    ['@add(1)', 'EXPR_ARGUMENT_COUNT'],
    ['text @{add(1,', 'EXPR_SYNTAX'],
  ])('reports %s as %s', (source, code) => {
    const [problem] = validateFactory(
      factoryWith([resource('pipeline', 'P', activities(noOp({ value: source })))]),
    );
    expect(problem).toMatchObject({
      code: 'FACTORY_INVALID_EXPRESSION',
      pointer: `${A0}/typeProperties/value`,
    });
    expect(problem?.message).toContain(code);
  });

  it('checks expressions in policy, user properties and reference parameters', () => {
    const copy = {
      name: 'C',
      type: 'Copy',
      policy: { timeout: '@bad(' },
      userProperties: [{ name: 'u', value: '@(' }],
      inputs: [{ referenceName: 'DS', type: 'DatasetReference', parameters: { p: '@{' } }],
      typeProperties: {},
    };
    expect(check(activities(copy), { executableTypes: ['Copy'] })).toEqual([
      ['FACTORY_INVALID_EXPRESSION', `${A0}/inputs/0/parameters/p`],
      ['FACTORY_INVALID_EXPRESSION', `${A0}/policy/timeout`],
      ['FACTORY_INVALID_EXPRESSION', `${A0}/userProperties/0/value`],
    ]);
  });

  it('leaves plain text and @@ escapes alone', () => {
    expect(
      check(
        activities(
          noOp({
            a: 'plain',
            b: '@@concat(',
            c: 'mail@example.com',
            d: { value: 'literal', type: 'Expression' },
          }),
        ),
      ),
    ).toEqual([]);
  });

  it('checks an expression of a nested activity once, at its own pointer', () => {
    const forEach = {
      name: 'L',
      type: 'ForEach',
      typeProperties: { items: '@createArray(1)', activities: [noOp({ v: '@(' })] },
    };
    expect(check(activities(forEach))).toEqual([
      ['FACTORY_INVALID_EXPRESSION', `${A0}/typeProperties/activities/0/typeProperties/v`],
    ]);
  });

  it('checks the variables, activities and parameters that expressions name', () => {
    const properties = {
      parameters: { folder: { type: 'String' } },
      variables: { count: { type: 'String' } },
      activities: [
        noOp(
          {
            ok: "@{variables('COUNT')}-@{activity('n').output}-@{pipeline().parameters.Folder}-@{pipeline().parameters['folder']}",
            safe: '@pipeline().parameters?.other',
            variable: "@variables('nope')",
            activity: "@activity('Ghost').output",
            parameter: '@pipeline().parameters.other',
            indexed: "@pipeline()['parameters']['other']",
            dynamic: "@variables(concat('co', 'unt'))",
          },
          { userProperties: [] },
        ),
      ],
    };
    const problems = validateFactory(factoryWith([resource('pipeline', 'P', properties)]));
    expect(found(problems, 'P.json')).toEqual([
      ['FACTORY_UNKNOWN_ACTIVITY', `${A0}/typeProperties/activity`],
      ['FACTORY_UNKNOWN_PARAMETER', `${A0}/typeProperties/indexed`],
      ['FACTORY_UNKNOWN_PARAMETER', `${A0}/typeProperties/parameter`],
      ['FACTORY_UNKNOWN_VARIABLE', `${A0}/typeProperties/variable`],
    ]);
    expect(
      problems.find((problem) => problem.code === 'FACTORY_UNKNOWN_VARIABLE')?.expression,
    ).toEqual({ line: 1, column: 12, offset: 11 });
  });

  it('checks global parameters only when the factory declares some', () => {
    const properties = activities(
      noOp({ a: '@pipeline().globalParameters.env', b: '@pipeline().globalParameters.region' }),
    );
    expect(
      found(validateFactory(factoryWith([resource('pipeline', 'P', properties)])), 'P.json'),
    ).toEqual([]);
    const withGlobals = factoryWith([resource('pipeline', 'P', properties)], {
      env: { type: 'string', value: 'dev' },
    });
    expect(found(validateFactory(withGlobals), 'P.json')).toEqual([
      ['FACTORY_UNKNOWN_PARAMETER', `${A0}/typeProperties/b`],
    ]);
  });

  it('checks dataset() and linkedService() parameters in their resources', () => {
    const problems = validateFactory(
      factoryWith([
        resource('linkedService', 'Web', {
          type: 'HttpServer',
          parameters: { host: { type: 'String' } },
          typeProperties: { url: 'https://@{linkedService().host}/@{linkedService().path}' },
        }),
        resource('dataset', 'File', {
          type: 'Binary',
          linkedServiceName: {
            referenceName: 'Web',
            type: 'LinkedServiceReference',
            parameters: { host: '@dataset().host' },
          },
          parameters: { name: { type: 'String' } },
          typeProperties: {
            location: {
              type: 'HttpServerLocation',
              relativeUrl: { value: '@dataset().name', type: 'Expression' },
            },
          },
        }),
      ]),
    );
    expect(problems.map((problem) => [problem.code, problem.file, problem.pointer])).toEqual([
      ['FACTORY_UNKNOWN_PARAMETER', 'Web.json', '/properties/typeProperties/url'],
      ['FACTORY_UNKNOWN_PARAMETER', 'File.json', '/properties/linkedServiceName/parameters/host'],
    ]);
  });
});

describe('validateFactory: AzureMLExecutePipeline', () => {
  const mlService = resource('linkedService', 'Ml', {
    type: 'AzureMLService',
    typeProperties: { subscriptionId: 's', resourceGroupName: 'r', mlWorkspaceName: 'w' },
  });
  const mlActivity = (typeProperties: JsonObject, extra: JsonObject = {}): JsonObject => ({
    name: 'Score',
    type: 'AzureMLExecutePipeline',
    linkedServiceName: { referenceName: 'Ml', type: 'LinkedServiceReference' },
    typeProperties,
    ...extra,
  });
  const checkMl = (...list: JsonValue[]): Found[] =>
    found(
      validateFactory(factoryWith([mlService, resource('pipeline', 'P', activities(...list))]), {
        executableTypes: ['AzureMLExecutePipeline'],
      }),
      'P.json',
    );
  const at = (path: string) => `/properties/activities/0${path}`;

  it('accepts each way of naming the pipeline, literal or expression', () => {
    expect(
      checkMl(
        mlActivity({
          mlPipelineEndpointName: 'scoring',
          version: '1',
          experimentName: "@concat('a', 'b')",
          mlPipelineParameters: { threshold: 0.3, label: '@pipeline().RunId' },
          dataPathAssignments: {
            raw: { DataStoreName: 'workspaceblobstore', RelativePath: 'in/a.csv' },
            ref: 'workspaceblobstore/ref',
          },
          continueOnStepFailure: true,
        }),
        mlActivity({ mlPipelineId: "@concat('p-', pipeline().RunId)" }, { name: 'ById' }),
      ),
    ).toEqual([]);
  });

  it('reports no pipeline, two pipelines, and a version without an endpoint', () => {
    expect(checkMl(mlActivity({ experimentName: 'e' }))).toEqual([
      ['FACTORY_MISSING_PROPERTY', at('/typeProperties')],
    ]);
    expect(checkMl(mlActivity({ mlPipelineId: 'a', mlPipelineEndpointName: 'b' }))).toEqual([
      ['FACTORY_INVALID_PROPERTY', at('/typeProperties/mlPipelineEndpointName')],
    ]);
    expect(checkMl(mlActivity({ mlPipelineId: 'a', version: '2' }))).toEqual([
      ['FACTORY_INVALID_PROPERTY', at('/typeProperties/version')],
    ]);
  });

  it('reports literal properties of the wrong shape, each at its pointer', () => {
    expect(
      checkMl(
        mlActivity({
          mlPipelineId: 'a',
          mlPipelineParameters: { rows: [1, 2] },
          dataPathAssignments: {
            raw: 'no-datastore',
            ok: { DataStoreName: 'd', RelativePath: 'p' },
          },
          waitOnCompletion: 'sometimes',
        }),
      ),
    ).toEqual([
      ['FACTORY_INVALID_PROPERTY', at('/typeProperties/dataPathAssignments/raw')],
      ['FACTORY_INVALID_PROPERTY', at('/typeProperties/mlPipelineParameters/rows')],
      ['FACTORY_INVALID_PROPERTY', at('/typeProperties/waitOnCompletion')],
    ]);
  });

  it('needs an AzureMLService linked service', () => {
    const { linkedServiceName: _, ...withoutService } = mlActivity({ mlPipelineId: 'a' });
    expect(checkMl(withoutService)).toEqual([
      ['FACTORY_MISSING_PROPERTY', at('/linkedServiceName')],
    ]);
    expect(
      checkMl(
        mlActivity(
          { mlPipelineId: 'a' },
          { linkedServiceName: { referenceName: 'LS', type: 'LinkedServiceReference' } },
        ),
      ),
    ).toEqual([['FACTORY_INVALID_PROPERTY', at('/linkedServiceName')]]);
  });
});
