/**
 * The published interface of a pipeline, in Azure ML's terms: its parameters (typed Int, Double,
 * Bool or String, defaults as strings, the way Azure clients send values) and its data path
 * parameters (defaults as `{datastore, path}`), both from the pipeline's inputs in order.
 *
 * Decisions:
 * - Defaults are written as `String(value)`: booleans `"true"` / `"false"` (lower-case, as JSON
 *   and YAML write them), numbers in JavaScript's shortest round-trip form (`"0.01"`, `"1e-7"`).
 *   Submission reads all of these back.
 * - `isOptional` says whether a submission may leave the parameter out: it has a default, or the
 *   YAML declares it `optional: true`. A parameter is required when `isOptional` is false.
 */
import type { MlInterfaceParameterType, MlPipelineInterface } from '../../store/ml-store.js';
import type { MlParameterType, MlPipelineDefinition } from '../ml-pipeline-definition.js';

const INTERFACE_TYPES: Record<MlParameterType, MlInterfaceParameterType> = {
  string: 'String',
  integer: 'Int',
  number: 'Double',
  boolean: 'Bool',
};

export function pipelineInterfaceOf(definition: MlPipelineDefinition): MlPipelineInterface {
  const parameters: MlPipelineInterface['parameters'][number][] = [];
  const dataPathParameters: MlPipelineInterface['dataPathParameters'][number][] = [];
  for (const input of definition.inputs) {
    const description = input.description === undefined ? {} : { description: input.description };
    if (input.kind === 'parameter') {
      parameters.push({
        name: input.name,
        type: INTERFACE_TYPES[input.type],
        defaultValue: input.default === undefined ? null : String(input.default),
        isOptional: input.optional || input.default !== undefined,
        ...description,
      });
    } else {
      dataPathParameters.push({
        name: input.name,
        dataType: input.type,
        defaultValue:
          input.default === undefined
            ? null
            : { datastore: input.default.datastore, path: input.default.path },
        isOptional: input.optional || input.default !== undefined,
        ...description,
      });
    }
  }
  return { parameters, dataPathParameters };
}
