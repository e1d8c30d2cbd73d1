import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADF_ACTIVITY_TYPES } from '../../src/factory/activity-types.js';
import { loadFactory } from '../../src/factory/factory-loader.js';
import { FactoryProblemCodes } from '../../src/factory/factory-problems.js';
import { validateFactory } from '../../src/factory/factory-validator.js';
import { valueAtPointer } from '../../src/factory/json-pointer.js';
import type { FactoryProblem, JsonValue } from '../../src/factory/resources.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/factories/', import.meta.url));
const BROKEN = join(FIXTURES, 'broken-factory');

async function loadAndValidate(path: string): Promise<FactoryProblem[]> {
  const { factory, problems } = await loadFactory(path);
  return [...problems, ...validateFactory(factory)];
}

const A = '/properties/activities';

/** Every problem of the broken factory: [code, file under broken-factory/, pointer]. */
const EXPECTED: [string, string, string][] = [
  // Found while loading.
  [
    'FACTORY_UNKNOWN_PARAMETER_TYPE',
    'factory/broken-factory.json',
    '/properties/globalParameters/env/type',
  ],
  [
    'FACTORY_DEFAULT_VALUE_MISMATCH',
    'factory/broken-factory.json',
    '/properties/globalParameters/limit/value',
  ],
  ['FACTORY_DUPLICATE_RESOURCE_NAME', 'pipeline/Duplicate.json', '/name'],
  ['FACTORY_INVALID_RESOURCE', 'pipeline/NoName.json', '/name'],
  // Found by the validator, file by file in document order.
  ['FACTORY_INVALID_ACTIVITY_NAME', 'pipeline/Broken.json', `${A}/0/name`],
  ['FACTORY_UNKNOWN_ACTIVITY_TYPE', 'pipeline/Broken.json', `${A}/1/type`],
  ['FACTORY_UNKNOWN_DATASET', 'pipeline/Broken.json', `${A}/2/inputs/0/referenceName`],
  [
    'FACTORY_UNKNOWN_LINKED_SERVICE',
    'pipeline/Broken.json',
    `${A}/2/linkedServiceName/referenceName`,
  ],
  ['FACTORY_INVALID_RETRY', 'pipeline/Broken.json', `${A}/2/policy/retry`],
  ['FACTORY_INVALID_TIMEOUT', 'pipeline/Broken.json', `${A}/2/policy/timeout`],
  ['FACTORY_ACTIVITY_TYPE_NOT_EXECUTABLE', 'pipeline/Broken.json', `${A}/2/type`],
  ['FACTORY_UNKNOWN_DEPENDENCY', 'pipeline/Broken.json', `${A}/3/dependsOn/0/activity`],
  [
    'FACTORY_UNKNOWN_DEPENDENCY_CONDITION',
    'pipeline/Broken.json',
    `${A}/3/dependsOn/1/dependencyConditions/0`,
  ],
  [
    'FACTORY_EMPTY_DEPENDENCY_CONDITIONS',
    'pipeline/Broken.json',
    `${A}/3/dependsOn/2/dependencyConditions`,
  ],
  ['FACTORY_DEPENDENCY_CYCLE', 'pipeline/Broken.json', `${A}/5/dependsOn/0/activity`],
  [
    'FACTORY_DUPLICATE_ACTIVITY_NAME',
    'pipeline/Broken.json',
    `${A}/6/typeProperties/activities/0/name`,
  ],
  [
    'FACTORY_UNKNOWN_DEPENDENCY',
    'pipeline/Broken.json',
    `${A}/6/typeProperties/activities/1/dependsOn/0/activity`,
  ],
  ['FACTORY_INVALID_BATCH_COUNT', 'pipeline/Broken.json', `${A}/6/typeProperties/batchCount`],
  ['FACTORY_MISSING_PROPERTY', 'pipeline/Broken.json', `${A}/6/typeProperties/items`],
  ['FACTORY_MISSING_PROPERTY', 'pipeline/Broken.json', `${A}/7/typeProperties/expression`],
  [
    'FACTORY_MISSING_PROPERTY',
    'pipeline/Broken.json',
    `${A}/8/typeProperties/cases/0/activities/0/typeProperties/waitTimeInSeconds`,
  ],
  ['FACTORY_MISSING_PROPERTY', 'pipeline/Broken.json', `${A}/8/typeProperties/on`],
  ['FACTORY_MISSING_PROPERTY', 'pipeline/Broken.json', `${A}/9/typeProperties/activities`],
  ['FACTORY_INVALID_TIMEOUT', 'pipeline/Broken.json', `${A}/9/typeProperties/timeout`],
  ['FACTORY_UNKNOWN_VARIABLE', 'pipeline/Broken.json', `${A}/10/typeProperties/variableName`],
  ['FACTORY_MISSING_PROPERTY', 'pipeline/Broken.json', `${A}/11/typeProperties/value`],
  ['FACTORY_APPEND_TO_NON_ARRAY', 'pipeline/Broken.json', `${A}/12/typeProperties/variableName`],
  ['FACTORY_MISSING_PROPERTY', 'pipeline/Broken.json', `${A}/13/typeProperties/value`],
  ['FACTORY_SELF_REFERENCING_VARIABLE', 'pipeline/Broken.json', `${A}/14/typeProperties/value`],
  ['FACTORY_MISSING_PROPERTY', 'pipeline/Broken.json', `${A}/15/typeProperties/condition`],
  [
    'FACTORY_UNKNOWN_PIPELINE',
    'pipeline/Broken.json',
    `${A}/16/typeProperties/pipeline/referenceName`,
  ],
  ['FACTORY_MISSING_PROPERTY', 'pipeline/Broken.json', `${A}/17/typeProperties/pipeline`],
  ['FACTORY_MISSING_PROPERTY', 'pipeline/Broken.json', `${A}/18/typeProperties/errorCode`],
  ['FACTORY_UNKNOWN_VARIABLE', 'pipeline/Broken.json', `${A}/19/typeProperties/body/a`],
  ['FACTORY_UNKNOWN_ACTIVITY', 'pipeline/Broken.json', `${A}/19/typeProperties/body/b`],
  ['FACTORY_UNKNOWN_PARAMETER', 'pipeline/Broken.json', `${A}/19/typeProperties/body/c`],
  ['FACTORY_INVALID_EXPRESSION', 'pipeline/Broken.json', `${A}/19/typeProperties/body/d`],
  ['FACTORY_INVALID_EXPRESSION', 'pipeline/Broken.json', `${A}/19/typeProperties/url`],
  ['FACTORY_INVALID_PROPERTY', 'pipeline/Broken.json', `${A}/20/onInactiveMarkAs`],
  ['FACTORY_INVALID_PROPERTY', 'pipeline/Broken.json', `${A}/20/state`],
  ['FACTORY_MISSING_PROPERTY', 'pipeline/Broken.json', `${A}/21/type`],
  ['FACTORY_INVALID_PROPERTY', 'pipeline/Broken.json', `${A}/22`],
  ['FACTORY_UNKNOWN_PARAMETER_TYPE', 'pipeline/Broken.json', '/properties/parameters/count/type'],
  [
    'FACTORY_DEFAULT_VALUE_MISMATCH',
    'pipeline/Broken.json',
    '/properties/parameters/retries/defaultValue',
  ],
  ['FACTORY_UNKNOWN_VARIABLE_TYPE', 'pipeline/Broken.json', '/properties/variables/flag/type'],
  [
    'FACTORY_DEFAULT_VALUE_MISMATCH',
    'pipeline/Broken.json',
    '/properties/variables/ok/defaultValue',
  ],
  [
    'FACTORY_UNKNOWN_LINKED_SERVICE',
    'linkedService/Storage.json',
    '/properties/typeProperties/connectionString/store/referenceName',
  ],
  [
    'FACTORY_UNKNOWN_PARAMETER',
    'linkedService/Storage.json',
    '/properties/typeProperties/serviceEndpoint',
  ],
  ['FACTORY_MISSING_PROPERTY', 'linkedService/Untyped.json', '/properties/type'],
  [
    'FACTORY_UNKNOWN_LINKED_SERVICE',
    'dataset/Orphan.json',
    '/properties/linkedServiceName/referenceName',
  ],
  [
    'FACTORY_DEFAULT_VALUE_MISMATCH',
    'dataset/Orphan.json',
    '/properties/parameters/fileName/defaultValue',
  ],
  [
    'FACTORY_UNKNOWN_PARAMETER',
    'dataset/Orphan.json',
    '/properties/typeProperties/location/fileName',
  ],
  ['FACTORY_INVALID_EXPRESSION', 'trigger/Nightly.json', '/properties/pipelines/0/parameters/day'],
  [
    'FACTORY_UNKNOWN_PIPELINE',
    'trigger/Nightly.json',
    '/properties/pipelines/0/pipelineReference/referenceName',
  ],
];

/**
 * Codes the loader tests cover instead: other forms than a git folder, and a file that is not
 * JSON (which `npm run lint` would refuse as a fixture).
 */
const OTHER_FORMS = [
  'FACTORY_INVALID_JSON',
  'FACTORY_UNREADABLE_PATH',
  'FACTORY_UNKNOWN_FORMAT',
  'FACTORY_UNRESOLVED_ARM_EXPRESSION',
];

describe('the deliberately broken factory', () => {
  it('reports every problem at once, each with its code, file and pointer', async () => {
    const problems = await loadAndValidate(BROKEN);
    expect(
      problems.map((problem) => [problem.code, relative(BROKEN, problem.file), problem.pointer]),
    ).toEqual(EXPECTED);
  });

  it('exercises every problem code', () => {
    const codes = new Set([...EXPECTED.map(([code]) => code), ...OTHER_FORMS]);
    expect([...codes].sort()).toEqual(Object.keys(FactoryProblemCodes).sort());
  });

  it('points at a place that exists, or whose parent exists for a missing property', async () => {
    const problems = await loadAndValidate(BROKEN);
    for (const problem of problems) {
      const document = JSON.parse(await readFile(problem.file, 'utf8')) as JsonValue;
      const pointer =
        problem.code === 'FACTORY_MISSING_PROPERTY' || problem.code === 'FACTORY_INVALID_RESOURCE'
          ? problem.pointer.slice(0, problem.pointer.lastIndexOf('/'))
          : problem.pointer;
      expect(
        valueAtPointer(document, pointer),
        `${problem.code} ${problem.file}#${problem.pointer}`,
      ).not.toBe(undefined);
    }
  });

  it('gives every problem its catalogue severity and expression problems their position', async () => {
    const problems = await loadAndValidate(BROKEN);
    for (const problem of problems)
      expect(problem.severity).toBe(
        FactoryProblemCodes[problem.code as keyof typeof FactoryProblemCodes].severity,
      );
    const invalid = problems.filter((problem) => problem.code === 'FACTORY_INVALID_EXPRESSION');
    expect(invalid.map((problem) => problem.expression)).toEqual([
      { line: 1, column: 2, offset: 1 },
      { line: 1, column: 1, offset: 0 },
      { line: 1, column: 10, offset: 9 },
    ]);
    expect(invalid.map((problem) => problem.message.split(' at ')[0])).toEqual([
      'This expression is not valid: EXPR_UNKNOWN_FUNCTION',
      'This expression is not valid: EXPR_SYNTAX',
      'This expression is not valid: EXPR_SYNTAX',
    ]);
  });
});

describe('the example factory', () => {
  it.each([
    join(FIXTURES, 'git-factory'),
    join(FIXTURES, 'arm-template'),
    join(FIXTURES, 'single-pipeline.json'),
  ])('%s is valid, with a warning per activity type Millrace cannot run yet', async (path) => {
    const { factory, problems } = await loadFactory(path);
    expect(problems).toEqual([]);
    const warnings = validateFactory(factory);
    expect(warnings.length).toBeGreaterThan(0);
    expect(
      warnings.every((problem) => problem.code === 'FACTORY_ACTIVITY_TYPE_NOT_EXECUTABLE'),
    ).toBe(true);
    expect(validateFactory(factory, { executableTypes: [...ADF_ACTIVITY_TYPES, 'NoOp'] })).toEqual(
      [],
    );
  });
});
