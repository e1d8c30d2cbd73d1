/**
 * Checks that references to linked services and datasets name resources of the factory: an
 * activity's `linkedServiceName`, `inputs`, `outputs` and `dataset`, a dataset's
 * `linkedServiceName`, a Key Vault secret's `store`, and any `{ "referenceName", "type":
 * "LinkedServiceReference" | "DatasetReference" }` deeper inside.
 */
import { isExpression } from '../expressions/index.js';
import { pointerTo } from './json-pointer.js';
import { findIgnoringCase, isJsonObject, ownValue } from './json-values.js';
import type { JsonValue } from './resources.js';
import { quotedList, report, type ValidationContext } from './validation-context.js';

type ReferenceKind = 'linkedService' | 'dataset';

const KIND_BY_TYPE: Readonly<Record<string, ReferenceKind>> = {
  LinkedServiceReference: 'linkedService',
  DatasetReference: 'dataset',
};
/** Where a reference written without its `type` still says what it points at. */
const KIND_BY_KEY: Readonly<Record<string, ReferenceKind>> = {
  linkedServiceName: 'linkedService',
  store: 'linkedService',
  dataset: 'dataset',
  inputs: 'dataset',
  outputs: 'dataset',
};

/**
 * Walks `json` (found at `pointer` under the property `key`) for references; `skip` says which
 * pointers not to enter (nested activities, checked on their own).
 */
export function checkReferences(
  context: ValidationContext,
  json: JsonValue | undefined,
  file: string,
  pointer: string,
  key: string,
  skip: (pointer: string) => boolean = () => false,
): void {
  if (json === undefined || skip(pointer)) return;
  if (Array.isArray(json)) {
    json.forEach((item, index) =>
      checkReferences(context, item, file, pointerTo(pointer, index), key, skip),
    );
    return;
  }
  if (!isJsonObject(json)) return;
  if (typeof json.referenceName === 'string') {
    const kind =
      typeof json.type === 'string'
        ? ownValue(KIND_BY_TYPE, json.type)
        : json.type === undefined
          ? ownValue(KIND_BY_KEY, key)
          : undefined;
    if (kind !== undefined)
      checkReferenceName(
        context,
        kind,
        json.referenceName,
        file,
        pointerTo(pointer, 'referenceName'),
      );
  }
  for (const [childKey, value] of Object.entries(json)) {
    if (childKey === 'referenceName') continue;
    checkReferences(context, value, file, pointerTo(pointer, childKey), childKey, skip);
  }
}

function checkReferenceName(
  context: ValidationContext,
  kind: ReferenceKind,
  name: string,
  file: string,
  pointer: string,
): void {
  if (isExpression(name)) return;
  const resources =
    kind === 'linkedService' ? context.factory.linkedServices : context.factory.datasets;
  if (resources.has(name)) return;
  const label = kind === 'linkedService' ? 'linked service' : 'dataset';
  const similar = findIgnoringCase(resources.keys(), name);
  const hint =
    similar !== undefined
      ? `did you mean '${similar}'? Names in references must match exactly`
      : `the factory's ${label}s are ${quotedList(resources.keys())}`;
  report(
    context,
    kind === 'linkedService' ? 'FACTORY_UNKNOWN_LINKED_SERVICE' : 'FACTORY_UNKNOWN_DATASET',
    file,
    pointer,
    `The ${label} '${name}' does not exist: ${hint}.`,
  );
}
