/**
 * The problems loading and validating a factory can report: one stable code each, with its
 * severity and meaning (docs/errors.md lists them). Problems are data; nothing here throws.
 */
import type { FactoryProblem, ProblemSeverity } from './resources.js';

interface ProblemKind {
  readonly severity: ProblemSeverity;
  readonly meaning: string;
}

export const FactoryProblemCodes = {
  // Loading
  FACTORY_UNREADABLE_PATH: {
    severity: 'error',
    meaning: 'The path does not exist or cannot be read.',
  },
  FACTORY_INVALID_JSON: { severity: 'error', meaning: 'A file is not valid JSON.' },
  FACTORY_UNKNOWN_FORMAT: {
    severity: 'error',
    meaning: 'The path is not an ADF git folder, a pipeline JSON file or an ARM template.',
  },
  FACTORY_INVALID_RESOURCE: {
    severity: 'error',
    meaning: 'A resource is not an object with a "name" and "properties"; it was skipped.',
  },
  FACTORY_UNRESOLVED_ARM_EXPRESSION: {
    severity: 'error',
    meaning: 'An ARM template resource name cannot be evaluated; the resource was skipped.',
  },
  FACTORY_DUPLICATE_RESOURCE_NAME: {
    severity: 'error',
    meaning: 'Two resources of one kind share a name (names ignore case); the first one is kept.',
  },
  // Activities
  FACTORY_UNKNOWN_ACTIVITY_TYPE: {
    severity: 'error',
    meaning: 'Data Factory defines no activity of this type.',
  },
  FACTORY_ACTIVITY_TYPE_NOT_EXECUTABLE: {
    severity: 'warning',
    meaning:
      'Data Factory defines this activity type but Millrace cannot run it yet: it loads and validates; a run that reaches it fails with a clear error.',
  },
  FACTORY_INVALID_ACTIVITY_NAME: {
    severity: 'error',
    meaning: 'An activity name is empty, longer than 55 characters or holds a forbidden character.',
  },
  FACTORY_DUPLICATE_ACTIVITY_NAME: {
    severity: 'error',
    meaning:
      'Two activities of one pipeline share a name (nested ones included; names ignore case).',
  },
  FACTORY_UNKNOWN_DEPENDENCY: {
    severity: 'error',
    meaning: 'dependsOn names an activity that is not in the same activity list.',
  },
  FACTORY_DEPENDENCY_CYCLE: {
    severity: 'error',
    meaning: 'Activities depend on each other in a cycle, so none of them can start.',
  },
  FACTORY_UNKNOWN_DEPENDENCY_CONDITION: {
    severity: 'error',
    meaning: 'A dependency condition is not Succeeded, Failed, Skipped or Completed.',
  },
  FACTORY_EMPTY_DEPENDENCY_CONDITIONS: {
    severity: 'error',
    meaning: 'A dependency lists no condition.',
  },
  FACTORY_MISSING_PROPERTY: {
    severity: 'error',
    meaning: 'A required property is missing.',
  },
  FACTORY_INVALID_PROPERTY: {
    severity: 'error',
    meaning: 'A property has the wrong JSON type or a value Data Factory does not allow.',
  },
  FACTORY_INVALID_BATCH_COUNT: {
    severity: 'error',
    meaning: 'A ForEach batchCount is not an integer from 1 to 50.',
  },
  FACTORY_INVALID_TIMEOUT: {
    severity: 'error',
    meaning: 'A timeout is not written d.hh:mm:ss or hh:mm:ss.',
  },
  FACTORY_INVALID_RETRY: {
    severity: 'error',
    meaning: 'A policy retry is not a non-negative integer.',
  },
  // Variables and parameters
  FACTORY_UNKNOWN_VARIABLE: {
    severity: 'error',
    meaning: 'An activity or expression names a variable the pipeline does not declare.',
  },
  FACTORY_APPEND_TO_NON_ARRAY: {
    severity: 'error',
    meaning: 'AppendVariable names a variable that is not of type Array.',
  },
  FACTORY_SELF_REFERENCING_VARIABLE: {
    severity: 'error',
    meaning: 'SetVariable or AppendVariable reads the variable it sets.',
  },
  FACTORY_UNKNOWN_PARAMETER_TYPE: {
    severity: 'error',
    meaning: 'A parameter type is not String, Int, Float, Bool, Array, Object or SecureString.',
  },
  FACTORY_UNKNOWN_VARIABLE_TYPE: {
    severity: 'error',
    meaning: 'A variable type is not String, Boolean or Array.',
  },
  FACTORY_DEFAULT_VALUE_MISMATCH: {
    severity: 'error',
    meaning: 'A parameter or variable defaultValue does not match its type.',
  },
  FACTORY_UNKNOWN_PARAMETER: {
    severity: 'error',
    meaning: 'An expression reads a parameter that is not declared.',
  },
  // References and expressions
  FACTORY_UNKNOWN_PIPELINE: {
    severity: 'error',
    meaning: 'A pipeline reference names no pipeline of the factory.',
  },
  FACTORY_UNKNOWN_LINKED_SERVICE: {
    severity: 'error',
    meaning: 'A linked service reference names no linked service of the factory.',
  },
  FACTORY_UNKNOWN_DATASET: {
    severity: 'error',
    meaning: 'A dataset reference names no dataset of the factory.',
  },
  FACTORY_UNKNOWN_ACTIVITY: {
    severity: 'error',
    meaning: "An expression's activity('X') names no activity of the pipeline.",
  },
  FACTORY_INVALID_EXPRESSION: {
    severity: 'error',
    meaning: 'An expression does not parse or calls a function wrongly (the EXPR_ code says how).',
  },
} as const satisfies Record<string, ProblemKind>;

export type FactoryProblemCode = keyof typeof FactoryProblemCodes;

export function factoryProblem(
  code: FactoryProblemCode,
  file: string,
  pointer: string,
  message: string,
  expression?: FactoryProblem['expression'],
): FactoryProblem {
  return {
    severity: FactoryProblemCodes[code].severity,
    code,
    message,
    file,
    pointer,
    ...(expression === undefined ? {} : { expression }),
  };
}
