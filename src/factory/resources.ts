/**
 * Data Factory resources as Millrace holds them after loading: pipelines with their activities
 * (nested ones included), linked services, datasets and triggers, each remembering the file and
 * JSON pointer it came from so that every problem can name its place.
 *
 * Glossary:
 * - Factory: every resource loaded from one git folder, pipeline file or ARM template.
 * - Pipeline: a named set of activities with parameters and variables.
 * - Activity: one step; control activities (ForEach, IfCondition, Switch, Until) hold branches of
 *   nested activities.
 * - Branch: one list of nested activities (`activities`, `ifTrueActivities`, a Switch case …).
 * - Linked service / dataset: a connection / a named piece of data reached through one.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Where something came from: a file and an RFC 6901 JSON pointer inside it. */
export interface SourceLocation {
  readonly file: string;
  readonly pointer: string;
}

export const ParameterTypes = [
  'String',
  'Int',
  'Float',
  'Bool',
  'Array',
  'Object',
  'SecureString',
] as const;
export type ParameterType = (typeof ParameterTypes)[number];

export interface ParameterSpec {
  readonly type: ParameterType;
  readonly defaultValue?: JsonValue;
}

export const VariableTypes = ['String', 'Boolean', 'Array'] as const;
export type VariableType = (typeof VariableTypes)[number];

export interface VariableSpec {
  readonly type: VariableType;
  readonly defaultValue?: JsonValue;
}

export const DependencyConditions = ['Succeeded', 'Failed', 'Skipped', 'Completed'] as const;
export type DependencyCondition = (typeof DependencyConditions)[number];

export interface ActivityDependency {
  readonly activity: string;
  readonly dependencyConditions: readonly DependencyCondition[];
}

export const InactiveMarks = ['Succeeded', 'Failed', 'Skipped'] as const;
export type InactiveMark = (typeof InactiveMarks)[number];

export interface ActivityPolicy {
  /** `d.hh:mm:ss` or `hh:mm:ss`, possibly an expression (Default: 12 hours, as ADF's UI writes). */
  readonly timeout?: JsonValue;
  /** Retries after the first attempt, possibly an expression (Default: 0). */
  readonly retry?: JsonValue;
  /** (Default: 30). */
  readonly retryIntervalInSeconds?: number;
  readonly secureInput?: boolean;
  readonly secureOutput?: boolean;
}

export interface ResourceReference {
  readonly referenceName: string;
  readonly parameters?: JsonObject;
}

export interface ActivityBranch {
  /** How the branch is named in messages and scope paths: `activities`, `ifTrueActivities`, `case 'x'`, `defaultActivities`. */
  readonly key: string;
  /** For Switch cases, the case value. */
  readonly caseValue?: string;
  readonly activities: readonly Activity[];
}

export interface Activity {
  readonly name: string;
  readonly type: string;
  readonly description?: string;
  readonly dependsOn: readonly ActivityDependency[];
  readonly state: 'Active' | 'Inactive';
  readonly onInactiveMarkAs: InactiveMark;
  readonly linkedServiceName?: ResourceReference;
  readonly policy: ActivityPolicy;
  readonly userProperties: readonly { readonly name: string; readonly value: JsonValue }[];
  /** Everything under `typeProperties` as written (nested activity lists included). */
  readonly typeProperties: JsonObject;
  /** Nested activity lists of control activities, parsed; empty for other types. */
  readonly branches: readonly ActivityBranch[];
  /** The activity's own JSON, for records and the UI. */
  readonly json: JsonObject;
  readonly source: SourceLocation;
}

export interface Pipeline {
  readonly name: string;
  readonly description?: string;
  readonly activities: readonly Activity[];
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  readonly variables: Readonly<Record<string, VariableSpec>>;
  readonly concurrency?: number;
  readonly annotations: readonly JsonValue[];
  readonly folder?: string;
  /** The resource as written (`{ name, properties }`), kept as the run's definition snapshot. */
  readonly json: JsonObject;
  readonly source: SourceLocation;
}

export interface LinkedService {
  readonly name: string;
  readonly type: string;
  readonly typeProperties: JsonObject;
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  readonly connectVia?: ResourceReference;
  readonly json: JsonObject;
  readonly source: SourceLocation;
}

export interface Dataset {
  readonly name: string;
  readonly type: string;
  readonly linkedServiceName: ResourceReference;
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  readonly typeProperties: JsonObject;
  readonly json: JsonObject;
  readonly source: SourceLocation;
}

export interface Trigger {
  readonly name: string;
  readonly type: string;
  readonly json: JsonObject;
  readonly source: SourceLocation;
}

export interface GlobalParameter {
  readonly type: ParameterType;
  readonly value: JsonValue;
}

export interface Factory {
  readonly name: string;
  readonly pipelines: ReadonlyMap<string, Pipeline>;
  readonly linkedServices: ReadonlyMap<string, LinkedService>;
  readonly datasets: ReadonlyMap<string, Dataset>;
  readonly triggers: ReadonlyMap<string, Trigger>;
  readonly globalParameters: Readonly<Record<string, GlobalParameter>>;
}

export type ProblemSeverity = 'error' | 'warning';

/** One thing wrong (or worth knowing) about a resource, with its exact place. */
export interface FactoryProblem {
  readonly severity: ProblemSeverity;
  /** Stable code, e.g. `FACTORY_UNKNOWN_ACTIVITY_TYPE`; see docs/errors.md. */
  readonly code: string;
  readonly message: string;
  readonly file: string;
  readonly pointer: string;
  /** For expression problems: line and column inside the JSON string value. */
  readonly expression?: { readonly line: number; readonly column: number; readonly offset: number };
}
