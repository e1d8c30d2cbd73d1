/**
 * What `millrace validate` can tell about an `AzureMLExecutePipeline` activity before it runs:
 * its linked service, which published pipeline it names (exactly one of id, endpoint id, endpoint
 * name; `version` only with an endpoint) and the shapes of literal properties. Values that are
 * expressions are checked when the activity runs (codes 4101–4126).
 */
import { isExpression } from '../expressions/index.js';
import { pointerTo } from './json-pointer.js';
import { isJsonObject } from './json-values.js';
import type { Activity, JsonObject, JsonValue } from './resources.js';
import { isMissing, report, type ValidationContext } from './validation-context.js';

export const AZURE_ML_EXECUTE_PIPELINE = 'AzureMLExecutePipeline';
const LINKED_SERVICE_TYPE = 'AzureMLService';
const PIPELINE_REFERENCES = ['mlPipelineId', 'mlPipelineEndpointId', 'mlPipelineEndpointName'];
const FLAGS = ['continueOnStepFailure', 'waitOnCompletion'];

function isDynamic(value: JsonValue | undefined): boolean {
  if (typeof value === 'string') return isExpression(value);
  return isJsonObject(value) && value.type === 'Expression';
}

function given(value: JsonValue | undefined): boolean {
  return !isMissing(value) && value !== '';
}

export function checkAzureMlActivity(context: ValidationContext, activity: Activity): void {
  const { file } = activity.source;
  const at = (...path: string[]) => pointerTo(activity.source.pointer, ...path);
  const invalid = (pointer: string, message: string) =>
    report(context, 'FACTORY_INVALID_PROPERTY', file, pointer, message);
  checkLinkedService(context, activity);

  const raw = activity.json.typeProperties;
  if (!isJsonObject(raw)) return;
  const properties: JsonObject = raw;
  const references = PIPELINE_REFERENCES.filter((name) => given(properties[name]));
  if (references.length === 0)
    report(
      context,
      'FACTORY_MISSING_PROPERTY',
      file,
      at('typeProperties'),
      `AzureMLExecutePipeline activity '${activity.name}' needs the published pipeline it runs: typeProperties.mlPipelineId, mlPipelineEndpointId or mlPipelineEndpointName.`,
    );
  for (const extra of references.slice(1))
    invalid(
      at('typeProperties', extra),
      `AzureMLExecutePipeline activity '${activity.name}' names its pipeline with ${references.join(' and ')}; keep only one.`,
    );
  if (given(properties['version']) && references.length === 1 && references[0] === 'mlPipelineId')
    invalid(
      at('typeProperties', 'version'),
      `AzureMLExecutePipeline activity '${activity.name}' has a version but no pipeline endpoint: a published pipeline id already names one version; remove version or use mlPipelineEndpointId.`,
    );

  const parameters = properties['mlPipelineParameters'];
  if (given(parameters) && !isDynamic(parameters)) {
    if (!isJsonObject(parameters))
      invalid(
        at('typeProperties', 'mlPipelineParameters'),
        `mlPipelineParameters of '${activity.name}' must be an object of parameter name → value.`,
      );
    else
      for (const [name, value] of Object.entries(parameters))
        if (isJsonObject(value) ? value.type !== 'Expression' : Array.isArray(value))
          invalid(
            at('typeProperties', 'mlPipelineParameters', name),
            `The ML pipeline parameter '${name}' of '${activity.name}' must be a string, number, boolean or expression.`,
          );
  }

  const dataPaths = properties['dataPathAssignments'];
  if (given(dataPaths) && !isDynamic(dataPaths)) {
    if (!isJsonObject(dataPaths))
      invalid(
        at('typeProperties', 'dataPathAssignments'),
        `dataPathAssignments of '${activity.name}' must be an object of name → {"DataStoreName", "RelativePath"}.`,
      );
    else
      for (const [name, value] of Object.entries(dataPaths))
        if (!isDataPath(value))
          invalid(
            at('typeProperties', 'dataPathAssignments', name),
            `The data path '${name}' of '${activity.name}' must be {"DataStoreName": "<datastore>", "RelativePath": "<path>"} or "<datastore>/<path>".`,
          );
  }

  for (const flag of FLAGS) {
    const value = properties[flag];
    if (given(value) && !isDynamic(value) && typeof value !== 'boolean')
      invalid(
        at('typeProperties', flag),
        `${flag} of '${activity.name}' must be true, false or an expression, got ${JSON.stringify(value)}.`,
      );
  }
}

function isDataPath(value: JsonValue): boolean {
  if (isDynamic(value)) return true;
  if (typeof value === 'string') return /^[^/]+\/./.test(value);
  return (
    isJsonObject(value) &&
    given(value['DataStoreName']) &&
    !isMissing(value['RelativePath']) &&
    ['string', 'object'].includes(typeof value['RelativePath'])
  );
}

function checkLinkedService(context: ValidationContext, activity: Activity): void {
  const { file } = activity.source;
  const reference = activity.linkedServiceName;
  if (reference === undefined) {
    report(
      context,
      'FACTORY_MISSING_PROPERTY',
      file,
      pointerTo(activity.source.pointer, 'linkedServiceName'),
      `AzureMLExecutePipeline activity '${activity.name}' needs linkedServiceName: a reference to an ${LINKED_SERVICE_TYPE} linked service.`,
    );
    return;
  }
  // An unknown name is reported by the reference checks.
  const linkedService = context.factory.linkedServices.get(reference.referenceName);
  if (
    linkedService !== undefined &&
    linkedService.type.toLowerCase() !== LINKED_SERVICE_TYPE.toLowerCase()
  )
    report(
      context,
      'FACTORY_INVALID_PROPERTY',
      file,
      pointerTo(activity.source.pointer, 'linkedServiceName'),
      `AzureMLExecutePipeline activity '${activity.name}' uses the linked service '${linkedService.name}' of type '${linkedService.type}'; it needs an ${LINKED_SERVICE_TYPE} linked service.`,
    );
}
