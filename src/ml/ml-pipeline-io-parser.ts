/** Reads the pipeline-level `inputs` (parameters and data paths) and `outputs`. */
import { isMap, isScalar } from 'yaml';

import type { DatastoreContext } from './ml-data-reader.js';
import { readDataPath } from './ml-data-reader.js';
import { ML_DATA_MODES, ML_DATA_TYPES, ML_PARAMETER_TYPES } from './ml-pipeline-definition.js';
import type {
  MlDataType,
  MlLiteral,
  MlParameterType,
  MlPipelineInput,
  MlPipelineOutput,
  MlValueType,
} from './ml-pipeline-definition.js';
import type { YamlField, YamlReader } from './yaml-reader.js';

/** Input and output names: letters, digits and underscores, not starting with a digit. */
export const IO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const VALUE_TYPES: readonly MlValueType[] = [...ML_PARAMETER_TYPES, ...ML_DATA_TYPES];
const INPUT_KEYS = [
  'type',
  'default',
  'optional',
  'description',
  'path',
  'datastore',
  'mode',
] as const;
const OUTPUT_KEYS = ['type', 'mode', 'path', 'datastore', 'description'] as const;

export function isDataType(type: MlValueType): type is MlDataType {
  return (ML_DATA_TYPES as readonly string[]).includes(type);
}

export function literalType(value: MlLiteral): MlParameterType {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return 'string';
}

/** Whether a literal fits a parameter type (an integer is also a number). */
export function literalFits(value: MlLiteral, type: MlParameterType): boolean {
  const actual = literalType(value);
  return actual === type || (actual === 'integer' && type === 'number');
}

export function checkIoName(reader: YamlReader, field: YamlField, kind: string): void {
  if (!IO_NAME.test(field.key)) {
    reader.report(
      'ML_INVALID_NAME',
      `${kind} name "${field.key}" must hold only letters, digits and underscores and not start with a digit.`,
      field.keyNode,
      field.path,
    );
  }
}

export function readPipelineInput(
  reader: YamlReader,
  field: YamlField,
  context: DatastoreContext,
): MlPipelineInput | undefined {
  checkIoName(reader, field, 'Input');
  const name = field.key;
  const literal = reader.scalar(field);
  if (field.value !== null && isScalar(field.value)) {
    if (literal === null || literal === undefined) {
      reader.invalid(field, 'a value or a mapping with "type"');
      return undefined;
    }
    return {
      kind: 'parameter',
      name,
      type: literalType(literal),
      default: literal,
      optional: false,
    };
  }
  if (field.value === null || !isMap(field.value)) {
    reader.invalid(field, 'a value or a mapping with "type"');
    return undefined;
  }
  const view = reader.map(field.value, field.path, field.keyNode, { allowedKeys: INPUT_KEYS })!;
  const declared = reader.oneOf(view, 'type', VALUE_TYPES);
  if (declared === undefined && !view.fields.has('type') && !view.fields.has('path')) {
    reader.missing(view, 'type', `one of ${VALUE_TYPES.join(', ')}`);
  }
  if (declared === undefined && view.fields.has('type')) return undefined;
  const type: MlValueType = declared ?? 'uri_folder';
  const optional = reader.boolean(view, 'optional') ?? false;
  const description = reader.string(view, 'description');
  const common = { name, optional, ...(description !== undefined ? { description } : {}) };
  if (isDataType(type)) {
    for (const key of ['default'] as const) {
      const stray = view.fields.get(key);
      if (stray) reader.invalid(stray, 'absent for a data input: give "path" (and "datastore")');
    }
    const dataPath = readDataPath(reader, view, context);
    const mode = reader.oneOf(view, 'mode', ML_DATA_MODES);
    return {
      kind: 'data',
      type,
      ...common,
      ...(dataPath ? { default: dataPath } : {}),
      ...(mode ? { mode } : {}),
    };
  }
  for (const key of ['path', 'datastore', 'mode'] as const) {
    const stray = view.fields.get(key);
    if (stray)
      reader.invalid(stray, `absent for a ${type} parameter (only data inputs have "${key}")`);
  }
  const defaultField = view.fields.get('default');
  let defaultValue: MlLiteral | undefined;
  if (defaultField !== undefined) {
    const value = reader.scalar(defaultField);
    if (value === null || value === undefined || !literalFits(value, type)) {
      reader.invalid(defaultField, `a ${type} (the input's type)`);
    } else {
      defaultValue = value;
    }
  }
  return {
    kind: 'parameter',
    type,
    ...common,
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
  };
}

export function readPipelineOutput(
  reader: YamlReader,
  field: YamlField,
  context: DatastoreContext,
): MlPipelineOutput | undefined {
  checkIoName(reader, field, 'Output');
  const view = reader.map(field.value, field.path, field.keyNode, {
    allowedKeys: OUTPUT_KEYS,
    nullIsEmpty: true,
  });
  if (!view) return undefined;
  const type = reader.oneOf(view, 'type', ML_DATA_TYPES) ?? 'uri_folder';
  const mode = reader.oneOf(view, 'mode', ML_DATA_MODES);
  const description = reader.string(view, 'description');
  const dataPath = readDataPath(reader, view, context);
  return {
    name: field.key,
    type,
    ...(mode ? { mode } : {}),
    ...(dataPath ? { dataPath } : {}),
    ...(description !== undefined ? { description } : {}),
  };
}
