/**
 * The parameter form of a published ML pipeline: one field per interface parameter (its type,
 * its default as a hint), one datastore + path pair per data path parameter, and the activity's
 * assignments the interface does not know ("unknown parameter"). Also the check of a literal
 * against its declared type, with the rules the ML workspace applies when the run is submitted.
 */
import type { Json, JsonObject } from '../../api/factory-api.js';
import { isDynamicValue, type LiteralType } from '../../expression-editor/expression-value.js';
import { dataPathParts, readAssignments, type DataPathParts } from './ml-activity-json.js';

export const MlParameterKinds = ['int', 'float', 'bool', 'string'] as const;
export type MlParameterKind = (typeof MlParameterKinds)[number];

/** Azure ML's names of the types, as the interface shows them. */
export const KIND_LABEL: Readonly<Record<MlParameterKind, string>> = {
  int: 'Int',
  float: 'Double',
  bool: 'Bool',
  string: 'String',
};

export const KIND_LITERAL: Readonly<Record<MlParameterKind, LiteralType>> = {
  int: 'number',
  float: 'number',
  bool: 'boolean',
  string: 'string',
};

/** What the interface says of a parameter (Azure ML's PascalCase fields; all but Name optional). */
export interface InterfaceParameter {
  readonly Name: string;
  readonly Type?: number;
  readonly TypeName?: string;
  readonly DefaultValue?: unknown;
  readonly IsOptional?: boolean;
  readonly Description?: string;
}

export interface InterfaceDataPathParameter {
  readonly Name: string;
  readonly DataTypeId?: string;
  readonly DefaultValue?: { readonly DataStoreName: string; readonly RelativePath: string } | null;
  readonly IsOptional?: boolean;
  readonly Description?: string;
}

export interface PipelineInterface {
  readonly Parameters?: readonly InterfaceParameter[];
  readonly DataPathParameters?: readonly InterfaceDataPathParameter[];
}

export interface ParameterField {
  readonly name: string;
  readonly kind: MlParameterKind;
  /** The default as text (`undefined`: none, the parameter must be given). */
  readonly defaultText: string | undefined;
  readonly required: boolean;
  readonly description?: string;
  readonly value: Json | undefined;
}

export interface DataPathField {
  readonly name: string;
  readonly dataType?: string;
  readonly defaultValue: { readonly DataStoreName: string; readonly RelativePath: string } | null;
  readonly required: boolean;
  readonly description?: string;
  readonly parts: DataPathParts;
}

export interface UnknownAssignment {
  readonly name: string;
  readonly value: Json;
  /** The declared name it probably means (names are case-sensitive). */
  readonly didYouMean?: string;
}

export interface PipelineForm {
  readonly parameters: readonly ParameterField[];
  readonly dataPaths: readonly DataPathField[];
  readonly unknownParameters: readonly UnknownAssignment[];
  readonly unknownDataPaths: readonly UnknownAssignment[];
}

const TYPE_CODES: readonly MlParameterKind[] = ['int', 'float', 'bool', 'string'];

/** The kind from Azure ML's type code (Int=0, Double=1, Bool=2, String=3), else its name. */
export function parameterKind(
  parameter: Pick<InterfaceParameter, 'Type' | 'TypeName'>,
): MlParameterKind {
  const byCode = parameter.Type === undefined ? undefined : TYPE_CODES[parameter.Type];
  if (byCode !== undefined) return byCode;
  switch ((parameter.TypeName ?? '').toLowerCase()) {
    case 'int':
    case 'integer':
      return 'int';
    case 'double':
    case 'float':
    case 'number':
      return 'float';
    case 'bool':
    case 'boolean':
      return 'bool';
    default:
      return 'string';
  }
}

function defaultText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function buildPipelineForm(
  pipelineInterface: PipelineInterface | undefined,
  activity: JsonObject,
): PipelineForm {
  const declaredParameters = pipelineInterface?.Parameters ?? [];
  const declaredDataPaths = pipelineInterface?.DataPathParameters ?? [];
  const parameterValues = readAssignments(activity, 'mlPipelineParameters');
  const dataPathValues = readAssignments(activity, 'dataPathAssignments');
  const parameterNames = declaredParameters.map((parameter) => parameter.Name);
  const dataPathNames = declaredDataPaths.map((parameter) => parameter.Name);
  return {
    parameters: declaredParameters.map((parameter) => {
      const text = defaultText(parameter.DefaultValue);
      return {
        name: parameter.Name,
        kind: parameterKind(parameter),
        defaultText: text,
        required: text === undefined && parameter.IsOptional !== true,
        ...(parameter.Description ? { description: parameter.Description } : {}),
        value: parameterValues[parameter.Name],
      };
    }),
    dataPaths: declaredDataPaths.map((parameter) => ({
      name: parameter.Name,
      ...(parameter.DataTypeId ? { dataType: parameter.DataTypeId } : {}),
      defaultValue: parameter.DefaultValue ?? null,
      required: (parameter.DefaultValue ?? null) === null && parameter.IsOptional !== true,
      ...(parameter.Description ? { description: parameter.Description } : {}),
      parts: dataPathParts(dataPathValues[parameter.Name]),
    })),
    unknownParameters: unknownOf(parameterValues, parameterNames),
    unknownDataPaths: unknownOf(dataPathValues, dataPathNames),
  };
}

function unknownOf(values: JsonObject, declared: readonly string[]): UnknownAssignment[] {
  return Object.entries(values)
    .filter(([name]) => !declared.includes(name))
    .map(([name, value]) => {
      const didYouMean = declared.find((known) => known.toLowerCase() === name.toLowerCase());
      return { name, value, ...(didYouMean === undefined ? {} : { didYouMean }) };
    });
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Why a literal cannot be sent as this kind (`undefined` when it can, when it is empty or an
 * expression, which is checked when the pipeline runs). The ML workspace accepts: Int a whole
 * number (or its digits as text), Double a finite number (or decimal text), Bool true / false
 * (or that text in any case), String any text, number or boolean.
 */
export function parameterValueProblem(
  kind: MlParameterKind,
  value: Json | undefined,
): string | undefined {
  if (value === undefined || value === '' || isDynamicValue(value)) return undefined;
  const text = typeof value === 'string' ? value.trim() : undefined;
  switch (kind) {
    case 'int':
      return Number.isSafeInteger(typeof value === 'number' ? value : NaN) ||
        (text !== undefined && INTEGER_TEXT.test(text))
        ? undefined
        : 'An Int parameter takes a whole number such as 20, or an expression.';
    case 'float':
      return (typeof value === 'number' && Number.isFinite(value)) ||
        (text !== undefined && DECIMAL_TEXT.test(text))
        ? undefined
        : 'A Double parameter takes a number such as 0.5, or an expression.';
    case 'bool':
      return typeof value === 'boolean' || (text !== undefined && /^(true|false)$/i.test(text))
        ? undefined
        : 'A Bool parameter takes true or false, or an expression.';
    case 'string':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? undefined
        : 'A String parameter takes text, a number or a boolean, or an expression.';
  }
}

/** "default: 0.1", "default: (empty)", or "required" for the field's placeholder. */
export function defaultHint(field: Pick<ParameterField, 'defaultText' | 'required'>): string {
  if (field.defaultText === undefined) return field.required ? 'required' : 'no default';
  return field.defaultText === '' ? 'default: (empty text)' : `default: ${field.defaultText}`;
}
