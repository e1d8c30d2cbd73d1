/**
 * How a step attempt can fail, as stable codes: step runners put them in `StepFailure`, the run
 * orchestrator copies them into step run and run errors (a failed run carries its first failed
 * step's code; a canceled one `ML_RUN_CANCELED`).
 */

interface StepErrorKind {
  readonly summary: string;
  readonly failureType: 'UserError' | 'SystemError';
}

export const StepErrorCodes = {
  STEP_EXIT_NONZERO: {
    summary: 'The step process exited with a code other than 0; its stderr log says why.',
    failureType: 'UserError',
  },
  STEP_SPAWN_FAILED: {
    summary: 'The step process could not be started (missing interpreter, bad working folder).',
    failureType: 'SystemError',
  },
  STEP_ENVIRONMENT_FAILED: {
    summary:
      'The npm dependencies of the step’s code folder (its `package.json`) could not be installed; the message quotes npm’s error. UserError when a package, version or `file:` path does not exist or the lock file is out of date (fix package.json, recreate the lock with `npm install --package-lock-only`); SystemError when npm or the registry could not be reached.',
    failureType: 'UserError',
  },
  STEP_TIMED_OUT: {
    summary: 'The step ran longer than its `timeout`; its process tree was stopped.',
    failureType: 'UserError',
  },
  STEP_CANCELED: {
    summary: 'The run was canceled while the step ran; its process tree was stopped.',
    failureType: 'UserError',
  },
  STEP_INPUT_MISSING: {
    summary: 'A data input of the step does not exist in its datastore.',
    failureType: 'UserError',
  },
  STEP_INPUT_UNAVAILABLE: {
    summary:
      'A data input could not be read from its datastore (unreachable, access refused); retrying may help.',
    failureType: 'SystemError',
  },
  STEP_INTERRUPTED: {
    summary:
      'The process executing the attempt stopped (crash, kill); the run was resumed and the step started again.',
    failureType: 'SystemError',
  },
  STEP_SYSTEM_ERROR: {
    summary: 'The step stopped on an internal error of Millrace (store or disk); see the message.',
    failureType: 'SystemError',
  },
  STEP_OUTPUT_FAILED: {
    summary: 'The step’s outputs could not be written to their datastore.',
    failureType: 'SystemError',
  },
  STEP_UPSTREAM_FAILED: {
    summary:
      'The step did not run: a step it depends on failed or was canceled, another step failed without continue-on-step-failure, or the run was canceled.',
    failureType: 'UserError',
  },
  ML_RUN_CANCELED: {
    summary:
      'The run error of a canceled run: someone canceled it; its running steps were stopped.',
    failureType: 'UserError',
  },
  PARALLEL_RUNTIME_MISSING: {
    summary: 'The entry script needs an interpreter this machine lacks (python3 for `.py`).',
    failureType: 'UserError',
  },
  PARALLEL_INIT_FAILED: {
    summary: 'The entry script’s `init()` threw, or the script could not be loaded, in a worker.',
    failureType: 'UserError',
  },
  PARALLEL_INPUT_INVALID: {
    summary: 'The partitioned input cannot be read as files or rows (unsupported format, bad CSV).',
    failureType: 'UserError',
  },
  PARALLEL_ERROR_THRESHOLD_EXCEEDED: {
    summary: 'More items (files or rows) failed than `error_threshold` allows.',
    failureType: 'UserError',
  },
  PARALLEL_FAILED_BATCHES_EXCEEDED: {
    summary: 'More mini-batches failed than `allowed_failed_count` allows.',
    failureType: 'UserError',
  },
  PARALLEL_FAILED_PERCENT_EXCEEDED: {
    summary: 'The share of failed mini-batches is above `allowed_failed_percent`.',
    failureType: 'UserError',
  },
  PARALLEL_WORKER_CRASHED: {
    summary: 'A worker process exited unexpectedly; its mini-batch counts as a failed try.',
    failureType: 'SystemError',
  },
} as const satisfies Record<string, StepErrorKind>;

export type StepErrorCode = keyof typeof StepErrorCodes;
