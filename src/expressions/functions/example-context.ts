import type { EvaluationContext } from '../context.js';
import { fromJson, type ValueObject } from '../values.js';

/**
 * The context every documented example is evaluated in (by the docs generator and by the test that
 * keeps the examples true). Fixed clock, random source and GUIDs keep the results reproducible.
 */
export const EXAMPLE_CONTEXT: EvaluationContext = Object.freeze({
  pipeline: fromJson({
    DataFactory: 'contoso-factory',
    Pipeline: 'ScoreLoans',
    RunId: '3f2c9a6e-1b7d-4c55-9a51-6d8f0e2b7a10',
    TriggerType: 'Manual',
    TriggerId: '7c0e5d2a-8f41-4a3b-9e6d-2b1c4f5a6e70',
    TriggerName: 'Manual',
    TriggerTime: '2026-01-01T06:00:00.0000000Z',
    GroupId: '3f2c9a6e-1b7d-4c55-9a51-6d8f0e2b7a10',
    parameters: {
      folder: 'raw/loans',
      threshold: 0.5,
      batchSize: 100,
      regions: ['north', 'south'],
    },
    globalParameters: { environment: 'prod' },
  }) as ValueObject,
  variables: fromJson({ counter: 3, files: ['a.csv', 'b.csv'] }) as ValueObject,
  activities: fromJson({
    LookupConfig: { status: 'Succeeded', output: { firstRow: { table: 'loans', rows: 9857 } } },
  }) as ValueObject,
  item: fromJson({ name: 'a.csv', size: 1024 }),
  trigger: fromJson({
    startTime: '2026-01-01T06:00:00.0000000Z',
    scheduledTime: '2026-01-01T06:00:00Z',
  }) as ValueObject,
  linkedService: fromJson({ accountName: 'contosodata' }) as ValueObject,
  dataset: fromJson({ fileName: 'loans.csv' }) as ValueObject,
  now: '2026-01-01T00:00:00.0000000Z',
  random: () => 0.25,
  newGuid: () => '0f8fad5b-d9cb-469f-a165-70867728950e',
});
