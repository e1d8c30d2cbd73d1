/**
 * Reads the Data Factory resources of an ARM template export (`ARMTemplateForFactory.json`):
 * pipelines, linked services, datasets, triggers and global parameters, with names such as
 * `[concat(parameters('factoryName'), '/MyPipeline')]` resolved and `[parameters('x')]` values in
 * properties replaced by the parameter's `defaultValue` where it has one. Pure.
 */
import { evaluateArmExpression, resolveArmValues, type ArmScope } from './arm-expression.js';
import type { FactoryInput, ResourceDocument, ResourceKind } from './factory-builder.js';
import { factoryProblem } from './factory-problems.js';
import { pointerTo } from './json-pointer.js';
import { isJsonObject, objectOrEmpty, ownValue } from './json-values.js';
import type { FactoryProblem, JsonObject, JsonValue } from './resources.js';

const RESOURCE_TYPES: Readonly<Record<string, ResourceKind>> = {
  'microsoft.datafactory/factories/pipelines': 'pipeline',
  'microsoft.datafactory/factories/linkedservices': 'linkedService',
  'microsoft.datafactory/factories/datasets': 'dataset',
  'microsoft.datafactory/factories/triggers': 'trigger',
};
const FACTORY_TYPE = 'microsoft.datafactory/factories';
const GLOBAL_PARAMETERS_TYPE = 'microsoft.datafactory/factories/globalparameters';

/** An ARM deployment template: a `$schema` naming one, or a top-level `resources` array. */
export function isArmTemplate(json: JsonValue): json is JsonObject {
  if (!isJsonObject(json)) return false;
  const schema = json.$schema;
  if (typeof schema === 'string' && /deploymenttemplate/i.test(schema)) return true;
  return Array.isArray(json.resources) && !('properties' in json);
}

export function readArmTemplate(
  template: JsonObject,
  file: string,
  fallbackName: string,
): { input: FactoryInput; problems: FactoryProblem[] } {
  const scope: ArmScope = {
    parameters: objectOrEmpty(template.parameters),
    variables: objectOrEmpty(template.variables),
  };
  const problems: FactoryProblem[] = [];
  const resources: ResourceDocument[] = [];
  let globalParameters: FactoryInput['globalParameters'];
  let factoryName = defaultFactoryName(scope);

  const entries = Array.isArray(template.resources) ? template.resources : [];
  entries.forEach((entry, index) => {
    const pointer = pointerTo('', 'resources', index);
    if (!isJsonObject(entry) || typeof entry.type !== 'string') return;
    const type = entry.type.toLowerCase();
    const kind = ownValue(RESOURCE_TYPES, type);
    if (type === FACTORY_TYPE) {
      const properties = objectOrEmpty(entry.properties);
      if (properties.globalParameters !== undefined)
        globalParameters = {
          json: resolveArmValues(properties.globalParameters, scope),
          source: { file, pointer: pointerTo(pointer, 'properties', 'globalParameters') },
        };
      return;
    }
    if (type === GLOBAL_PARAMETERS_TYPE) {
      globalParameters = {
        json: resolveArmValues(entry.properties ?? {}, scope),
        source: { file, pointer: pointerTo(pointer, 'properties') },
      };
      return;
    }
    if (kind === undefined) return;
    const name = resourceName(entry.name, scope);
    if (!name.ok) {
      problems.push(
        factoryProblem(
          'FACTORY_UNRESOLVED_ARM_EXPRESSION',
          file,
          pointerTo(pointer, 'name'),
          `Cannot resolve the resource name ${JSON.stringify(entry.name ?? null)}: ${name.reason}. Give the template parameters a defaultValue, or write the name as 'factory/resource'. The resource was skipped.`,
        ),
      );
      return;
    }
    factoryName ??= name.factory;
    resources.push({
      kind,
      json: { name: name.resource, properties: resolveArmValues(entry.properties ?? null, scope) },
      source: { file, pointer },
    });
  });

  return {
    input: {
      name: factoryName ?? fallbackName,
      resources,
      ...(globalParameters === undefined ? {} : { globalParameters }),
    },
    problems,
  };
}

type NameResult =
  | { readonly ok: true; readonly factory: string; readonly resource: string }
  | { readonly ok: false; readonly reason: string };

/** `[concat(parameters('factoryName'), '/X')]` or `factory/X` → the factory and the resource name. */
function resourceName(raw: JsonValue | undefined, scope: ArmScope): NameResult {
  if (typeof raw !== 'string') return { ok: false, reason: 'the name is not a string' };
  const evaluated = raw.startsWith('[')
    ? evaluateArmExpression(raw, scope)
    : { ok: true as const, value: raw };
  if (!evaluated.ok) return evaluated;
  const value = evaluated.value;
  if (typeof value !== 'string') return { ok: false, reason: 'the name is not a string' };
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1)
    return { ok: false, reason: `'${value}' is not of the form 'factory/resource'` };
  return { ok: true, factory: value.slice(0, slash), resource: value.slice(slash + 1) };
}

function defaultFactoryName(scope: ArmScope): string | undefined {
  const parameter = scope.parameters.factoryName;
  if (!isJsonObject(parameter) || typeof parameter.defaultValue !== 'string') return undefined;
  return parameter.defaultValue;
}
