/**
 * The problems parsing, validating and loading an ML pipeline YAML file can report: one stable
 * code each, with its severity and meaning (docs/errors.md lists them). Problems are data; nothing
 * here throws.
 */

export type MlProblemSeverity = 'error' | 'warning';

interface MlProblemKind {
  readonly severity: MlProblemSeverity;
  readonly meaning: string;
}

export const MlProblemCodes = {
  ML_UNREADABLE_FILE: {
    severity: 'error',
    meaning: 'The pipeline YAML file does not exist or cannot be read.',
  },
  ML_INVALID_YAML: { severity: 'error', meaning: 'The file is not valid YAML.' },
  ML_MISSING_FIELD: { severity: 'error', meaning: 'A required field is missing.' },
  ML_UNKNOWN_FIELD: {
    severity: 'warning',
    meaning: 'A field is not part of the ML pipeline schema; it is ignored.',
  },
  ML_INVALID_VALUE: {
    severity: 'error',
    meaning: 'A field has the wrong YAML type or a value the schema does not allow.',
  },
  ML_INVALID_NAME: {
    severity: 'error',
    meaning:
      'A step, input, output or environment variable name breaks the naming rule (steps: lower-case letters, digits and underscores, starting with a letter or underscore, at most 255 characters).',
  },
  ML_DUPLICATE_NAME: {
    severity: 'error',
    meaning:
      'A key appears twice in one mapping, two steps share a name ignoring case, or an input and an output share a name.',
  },
  ML_INVALID_BINDING: {
    severity: 'error',
    meaning:
      'A ${{…}} placeholder is malformed or not allowed where it appears (a binding must be the whole value).',
  },
  ML_UNKNOWN_BINDING: {
    severity: 'error',
    meaning:
      'A binding or placeholder names a pipeline input, pipeline output, step, step input or step output that does not exist.',
  },
  ML_BINDING_TYPE_MISMATCH: {
    severity: 'error',
    meaning:
      'A binding connects values of incompatible types (data and parameter, file and folder), or parallel input_data is not a data input.',
  },
  ML_DEPENDENCY_CYCLE: {
    severity: 'error',
    meaning: 'Steps consume each other’s outputs in a cycle, so none of them can start.',
  },
  ML_UNKNOWN_DATASTORE: {
    severity: 'error',
    meaning: 'A data path or the default datastore names a datastore the workspace does not have.',
  },
  ML_PATH_ESCAPES_DATASTORE: {
    severity: 'error',
    meaning: 'A data path is absolute or contains "..", so it could leave its datastore.',
  },
  ML_MISSING_CODE_FOLDER: {
    severity: 'error',
    meaning: 'A step’s code folder (relative to the YAML file) does not exist or is not a folder.',
  },
  ML_MISSING_ENTRY_SCRIPT: {
    severity: 'error',
    meaning: 'A parallel step’s entry script is not a file inside its code folder.',
  },
} as const satisfies Record<string, MlProblemKind>;

export type MlProblemCode = keyof typeof MlProblemCodes;

/** One problem, located in the YAML file: line and column are 1-based. */
export interface MlProblem {
  readonly code: MlProblemCode;
  readonly severity: MlProblemSeverity;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The YAML path of the offending node, e.g. `jobs.train.inputs.training_data`. */
  readonly path: string;
}

export function hasErrors(problems: readonly MlProblem[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}
