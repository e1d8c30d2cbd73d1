/**
 * Every activity `type` Data Factory defines, and which of them Millrace executes.
 *
 * The list is the set of activity type discriminators of ADF's REST API (2018-06-01,
 * `entityTypes/Pipeline.json`), as the generated SDKs deserialise them (for example the Go SDK's
 * `armdatafactory/polymorphic_helpers.go`). `Container` and `Execution` are the abstract base
 * classes' discriminators, not types anyone writes, so they are left out.
 */

/** Control activities: Millrace's engine runs these itself. */
export const CONTROL_ACTIVITY_TYPES = [
  'ForEach',
  'IfCondition',
  'Switch',
  'Until',
  'Wait',
  'SetVariable',
  'AppendVariable',
  'Filter',
  'ExecutePipeline',
  'Fail',
] as const;
export type ControlActivityType = (typeof CONTROL_ACTIVITY_TYPES)[number];

/** Execution activities ADF defines: they do work outside the engine, usually through a linked service. */
export const EXECUTION_ACTIVITY_TYPES = [
  'AzureDataExplorerCommand',
  'AzureFunctionActivity',
  'AzureMLBatchExecution',
  'AzureMLExecutePipeline',
  'AzureMLUpdateResource',
  'Copy',
  'Custom',
  'DataLakeAnalyticsU-SQL',
  'DatabricksJob',
  'DatabricksNotebook',
  'DatabricksSparkJar',
  'DatabricksSparkPython',
  'Delete',
  'ExecuteDataFlow',
  'ExecuteSSISPackage',
  'ExecuteWranglingDataflow',
  'GetMetadata',
  'HDInsightHive',
  'HDInsightMapReduce',
  'HDInsightPig',
  'HDInsightSpark',
  'HDInsightStreaming',
  'Lookup',
  'Script',
  'SparkJob',
  'SqlServerStoredProcedure',
  'SynapseNotebook',
  'Validation',
  'WebActivity',
  'WebHook',
] as const;

/** Every activity type Data Factory itself defines. */
export const ADF_ACTIVITY_TYPES: readonly string[] = [
  ...CONTROL_ACTIVITY_TYPES,
  ...EXECUTION_ACTIVITY_TYPES,
];

/**
 * Millrace extensions, not ADF types. `NoOp` does no outside work (its executor lives in
 * `src/activities`); it lets tests and examples build pipelines without outside systems. A pipeline
 * that uses it does not run on Data Factory.
 */
export const MILLRACE_ACTIVITY_TYPES = ['NoOp'] as const;

const CANONICAL_TYPES = new Map<string, string>(
  [...ADF_ACTIVITY_TYPES, ...MILLRACE_ACTIVITY_TYPES].map((type) => [type.toLowerCase(), type]),
);

/**
 * The type as ADF spells it (`foreach` → `ForEach`), since activity types ignore case; undefined
 * when neither ADF nor Millrace defines it.
 */
export function canonicalActivityType(type: string): string | undefined {
  return CANONICAL_TYPES.get(type.toLowerCase());
}

export function isControlActivityType(type: string): type is ControlActivityType {
  return (CONTROL_ACTIVITY_TYPES as readonly string[]).includes(type);
}
