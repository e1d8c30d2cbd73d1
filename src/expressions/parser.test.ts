import { describe, expect, it } from 'vitest';
import { runCases } from '../../test/support/expression-cases.js';
import { compileTemplate, evaluateTemplate, isExpression, parseTemplate } from './index.js';
import { MAX_NESTING_DEPTH } from './parser.js';

describe('templates: @, @@ and @{…}', () => {
  runCases([
    ['parameters', '"parameters"'],
    ['parameters[1]', '"parameters[1]"'],
    ['@@', '"@"'],
    [' @', '" @"'],
    ['user@example.com', '"user@example.com"'],
    ['@@{not interpolated}', '"@{not interpolated}"'],
    [
      'Answer is: @@{pipeline().parameters.batchSize}',
      '"Answer is: @{pipeline().parameters.batchSize}"',
    ],
    ['@pipeline().parameters.folder', '"raw/loans"'],
    ['@{pipeline().parameters.folder}', '"raw/loans"'],
    ['@pipeline().parameters.batchSize', '100'],
    ['@{pipeline().parameters.batchSize}', '"100"'],
    ['Answer is: @{pipeline().parameters.batchSize}', '"Answer is: 100"'],
    ['@{1}@{2}', '"12"'],
    ['a@{ 1 }b@{2}c', '"a1b2c"'],
    ['@{true}', '"True"'],
    ['@{null}|', '"|"'],
    ['@{pipeline().parameters.threshold}', '"0.5"'],
    ['@{pipeline().parameters.regions}', '"[\\"north\\",\\"south\\"]"'],
    ["@{'}'}", '"}"'],
    ["x @{'@{nested}'} y", '"x @{nested} y"'],
    ['@{', { error: 'EXPR_SYNTAX', column: 1 }],
    ['@{}', { error: 'EXPR_SYNTAX', column: 1 }],
    ['text @{1', { error: 'EXPR_SYNTAX', column: 6 }],
    ['@{1 2}', { error: 'EXPR_SYNTAX', column: 5 }],
    ['@', { error: 'EXPR_SYNTAX' }],
    ['@   ', { error: 'EXPR_SYNTAX' }],
  ]);
});

describe('literals', () => {
  runCases([
    ["@'it''s'", '"it\'s"'],
    ["@''", '""'],
    ["@'multi\nline'", '"multi\\nline"'],
    ["@'\\n stays two characters'", '"\\\\n stays two characters"'],
    ['@42', '42'],
    ['@-7', '-7'],
    ['@3.0', '3.0'],
    ['@-0.25', '-0.25'],
    ['@1.5e3', '1500.0'],
    ['@2E-3', '0.002'],
    ['@9223372036854775807', '9223372036854775807'],
    ['@-9223372036854775808', '-9223372036854775808'],
    ['@9223372036854775808', { error: 'EXPR_OVERFLOW', column: 2 }],
    ['@true', 'true'],
    ['@FALSE', 'false'],
    ['@null', 'null'],
    ["@'unterminated", { error: 'EXPR_SYNTAX', column: 2 }],
    ['@1.', { error: 'EXPR_SYNTAX' }],
    ['@12abc', { error: 'EXPR_SYNTAX', column: 2 }],
    ['@-', { error: 'EXPR_SYNTAX', column: 2 }],
    ['@pipeline', { error: 'EXPR_SYNTAX', column: 2 }],
    ['@#', { error: 'EXPR_SYNTAX', column: 2 }],
  ]);
});

describe('calls, properties, indexes and safe navigation', () => {
  runCases([
    ['@PIPELINE().Parameters.FOLDER', '"raw/loans"'],
    ['@ pipeline ( ) . parameters . folder ', '"raw/loans"'],
    ["@pipeline()['parameters']['folder']", '"raw/loans"'],
    ["@pipeline().parameters['FOLDER']", '"raw/loans"'],
    ['@pipeline().parameters.regions[1]', '"south"'],
    ["@activity('LookupConfig').output.firstRow.rows", '9857'],
    ["@activity('LookupConfig').output?.missing", 'null'],
    ["@activity('LookupConfig').output?.missing?.deeper?[0]", 'null'],
    ["@activity('LookupConfig').output?.missing?.deeper[0]", { error: 'EXPR_NULL_REFERENCE' }],
    ["@activity('LookupConfig').output.missing", { error: 'EXPR_PROPERTY_NOT_FOUND', column: 34 }],
    ["@activity('LookupConfig').output?.missing.deeper", { error: 'EXPR_NULL_REFERENCE' }],
    ['@pipeline().parameters.regions[2]', { error: 'EXPR_INDEX_OUT_OF_RANGE', column: 32 }],
    ['@pipeline().parameters.regions[-1]', { error: 'EXPR_INDEX_OUT_OF_RANGE' }],
    ['@pipeline().parameters.regions?[2]', 'null'],
    ['@pipeline().parameters.regions[0.5]', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@pipeline().parameters.folder[0]', { error: 'EXPR_INVALID_ACCESS' }],
    ['@pipeline().parameters.folder.length', { error: 'EXPR_INVALID_ACCESS' }],
    ['@pipeline().parameters.regions.north', { error: 'EXPR_INVALID_ACCESS' }],
    ['@null.x', { error: 'EXPR_NULL_REFERENCE' }],
    ['@null?.x', 'null'],
    ['@null?[0]', 'null'],
    ["@variables('files')[variables('counter')]", { error: 'EXPR_INDEX_OUT_OF_RANGE' }],
    ["@variables('missing')", { error: 'EXPR_UNKNOWN_VARIABLE', column: 12 }],
    ["@activity('Nope').output", { error: 'EXPR_UNKNOWN_ACTIVITY' }],
    ['@nosuchfunction()', { error: 'EXPR_UNKNOWN_FUNCTION', column: 2 }],
    ['@pipeline(1)', { error: 'EXPR_ARGUMENT_COUNT', column: 2 }],
    ['@variables()', { error: 'EXPR_ARGUMENT_COUNT' }],
    ['@variables(1)', { error: 'EXPR_ARGUMENT_TYPE', column: 12 }],
    ['@pipeline().', { error: 'EXPR_SYNTAX' }],
    ['@pipeline()[0', { error: 'EXPR_SYNTAX' }],
    ['@pipeline(', { error: 'EXPR_SYNTAX' }],
    ["@variables('counter' 'x')", { error: 'EXPR_SYNTAX' }],
    ['@pipeline() pipeline()', { error: 'EXPR_SYNTAX', column: 13 }],
  ]);
});

describe('system values', () => {
  it('item() is an error outside ForEach and Filter', () => {
    const result = evaluateTemplate('@item()', {});
    expect(result.ok ? result.value : result.error.code).toBe('EXPR_NOT_AVAILABLE');
  });
  it('pipeline() is an error without a pipeline run', () => {
    const result = evaluateTemplate('@pipeline().RunId', {});
    expect(result.ok ? result.value : result.error.code).toBe('EXPR_NOT_AVAILABLE');
  });
  runCases([
    ['@pipeline().RunId', '"3f2c9a6e-1b7d-4c55-9a51-6d8f0e2b7a10"'],
    ['@pipeline().DataFactory', '"contoso-factory"'],
    ['@pipeline().TriggerTime', '"2026-01-01T06:00:00.0000000Z"'],
    ['@item().size', '1024'],
    ['@trigger().startTime', '"2026-01-01T06:00:00.0000000Z"'],
    ['@linkedService().accountName', '"contosodata"'],
    ['@dataset().fileName', '"loans.csv"'],
  ]);
});

describe('positions', () => {
  it('reports line and column on multi-line sources', () => {
    const result = evaluateTemplate("line one\nline two @{variables('nope')}");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.position).toMatchObject({ line: 2, column: 22, offset: 30, length: 6 });
    }
  });
});

describe('nesting', () => {
  it(`accepts ${MAX_NESTING_DEPTH - 1} nested calls`, () => {
    const depth = MAX_NESTING_DEPTH - 1;
    const source = `@${'createArray('.repeat(depth)}1${')'.repeat(depth)}`;
    expect(parseTemplate(source).ok).toBe(true);
  });
  it('rejects deeper nesting with a coded error, not a stack overflow', () => {
    const source = `@${'createArray('.repeat(100_000)}1${')'.repeat(100_000)}`;
    const result = parseTemplate(source);
    expect(result.ok ? 'parsed' : result.error.code).toBe('EXPR_TOO_DEEP');
  });
});

describe('parse once, evaluate many times', () => {
  it('gives each evaluation its own context', () => {
    const compiled = compileTemplate("@{variables('v')}-@{item()}");
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    const results = [1, 2, 3].map((n) =>
      compiled.value.evaluate({ variables: { v: `v${n}` }, item: BigInt(n) }),
    );
    expect(results.map((r) => (r.ok ? r.value : r.error.code))).toEqual(['v1-1', 'v2-2', 'v3-3']);
  });
  it('marks plain text as text', () => {
    const compiled = compileTemplate('just text');
    expect(compiled.ok && compiled.value.isText).toBe(true);
  });
  it('reports unknown functions at compile time, before any evaluation', () => {
    const compiled = compileTemplate('@{pipeline().RunId} @{noSuch()}');
    expect(compiled.ok ? 'compiled' : compiled.error.code).toBe('EXPR_UNKNOWN_FUNCTION');
  });
  it('produces frozen syntax trees', () => {
    const parsed = parseTemplate('@pipeline().parameters.x');
    expect(
      parsed.ok && parsed.value.kind === 'expression' && Object.isFrozen(parsed.value.body),
    ).toBe(true);
  });
});

describe('isExpression', () => {
  it.each([
    ['@x()', true],
    ['a @{x()}', true],
    ['@@x', false],
    ['plain', false],
    ['mail@example.com', false],
  ])('%s → %s', (source, expected) => {
    expect(isExpression(source)).toBe(expected);
  });
});

describe('names that are special to JavaScript', () => {
  runCases([
    ['@__proto__', { error: 'EXPR_SYNTAX', column: 2 }],
    ['@constructor()', { error: 'EXPR_UNKNOWN_FUNCTION', column: 2 }],
    ['@json(\'{"__proto__": {"x": 1}}\').__proto__.x', '1'],
    ['@item().__proto__', { error: 'EXPR_PROPERTY_NOT_FOUND' }],
    ['@item().toString', { error: 'EXPR_PROPERTY_NOT_FOUND' }],
  ]);
});
