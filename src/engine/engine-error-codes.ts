/**
 * Codes the engine gives to activity runs and run requests. Names follow Data Factory's where it
 * has one (`InvalidTemplate` for expression failures); the rest are Millrace's.
 */
export const EngineErrorCodes = {
  InvalidTemplate:
    'An expression in the activity failed to evaluate; the message gives its place and the EXPR_* code.',
  ActivityTimedOut:
    'The attempt ran past its policy timeout (or an Until past its timeout) and was stopped.',
  ActivityInterrupted:
    'The attempt was running when its Millrace process stopped; it counts as failed and is retried if the policy allows.',
  ActivityTypeNotSupported:
    'The run reached an activity type Data Factory defines but Millrace cannot execute yet.',
  ActivityInactive: 'An inactive activity marked as Failed (onInactiveMarkAs).',
  InnerActivityFailed:
    'An activity inside a ForEach, If, Switch or Until failed, so the container failed.',
  ChildPipelineFailed: 'The pipeline run started by ExecutePipeline failed.',
  ChildPipelineCancelled: 'The pipeline run started by ExecutePipeline was cancelled.',
  ChildRunFailed: 'The pipeline run started by ExecutePipeline could not be executed at all.',
  ExecutorFailed: 'An executor broke its contract and threw (a bug); the message has the cause.',
  Cancelled: 'The pipeline run was cancelled while the activity was running or waiting.',
  PipelineNotFound: 'ExecutePipeline refers to a pipeline that is not in the factory.',
  InvalidParameters: 'ExecutePipeline passed parameters that the child pipeline does not accept.',
  VariableNotDeclared:
    'SetVariable or AppendVariable names a variable the pipeline does not declare.',
  VariableSelfReference: "A variable's new value reads the variable itself.",
  InvalidVariableType:
    "The value does not match the variable's type (or AppendVariable on a non-Array).",
  InvalidReturnValue: 'The pipelineReturnValue is not a list of { key, value: { type, content } }.',
  InvalidItems: 'ForEach or Filter items did not evaluate to an array.',
  InvalidCondition: 'An IfCondition expression or Filter condition did not evaluate to a Boolean.',
  InvalidTimeout: 'An Until timeout is not written d.hh:mm:ss.',
  RUN_UNKNOWN_PIPELINE: 'The factory has no pipeline of that name (exit status 2).',
  RUN_PIPELINE_REQUIRED:
    'The path holds several pipelines: name one with --pipeline (exit status 2).',
  RUN_INVALID_PARAMETERS:
    'Run parameters do not fit the pipeline (details per parameter below; exit status 2).',
  RUN_MISSING_PARAMETER: 'A parameter without a default value was not given.',
  RUN_UNKNOWN_PARAMETER: 'A parameter the pipeline does not declare was given.',
  RUN_INVALID_PARAMETER: "A parameter's value is not of its declared type.",
  RUN_NOT_FOUND: 'No pipeline run has that id.',
  RUN_NOT_FINISHED: 'Only a finished run can be rerun.',
  RUN_UNKNOWN_ACTIVITY:
    "A rerun from an activity names no top-level activity of the run's pipeline.",
  RUN_LEASED: 'Another Millrace process is executing the run.',
  FACTORY_INVALID: 'The factory has validation errors, so nothing ran (exit status 2).',
} as const;

export type EngineErrorCode = keyof typeof EngineErrorCodes;
