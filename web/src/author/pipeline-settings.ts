/**
 * Edits of a pipeline's own settings (not its activities): parameters and variables (declared as
 * `{name: {type, defaultValue}}` objects whose key order is the order users see), annotations,
 * folder, concurrency. Pure: each answers new properties.
 */
import type { Json, JsonObject } from '../api/factory-api.js';
import { isJsonObject } from '../canvas/activity-tree.js';

export const DECLARATION_SECTIONS = ['parameters', 'variables'] as const;
export type DeclarationSection = (typeof DECLARATION_SECTIONS)[number];

export interface Declaration {
  readonly name: string;
  readonly type: string;
  readonly defaultValue: Json | undefined;
}

export function declarationsOf(properties: JsonObject, section: DeclarationSection): Declaration[] {
  const declared = properties[section];
  if (!isJsonObject(declared)) return [];
  return Object.entries(declared).map(([name, spec]) => ({
    name,
    type: isJsonObject(spec) && typeof spec['type'] === 'string' ? spec['type'] : 'String',
    defaultValue: isJsonObject(spec) ? spec['defaultValue'] : undefined,
  }));
}

function withDeclarations(
  properties: JsonObject,
  section: DeclarationSection,
  entries: readonly (readonly [string, Json])[],
): JsonObject {
  if (entries.length === 0) {
    const { [section]: _removed, ...rest } = properties;
    return rest;
  }
  return { ...properties, [section]: Object.fromEntries(entries) };
}

function entriesOf(properties: JsonObject, section: DeclarationSection): [string, Json][] {
  const declared = properties[section];
  return isJsonObject(declared) ? Object.entries(declared) : [];
}

/** Adds a `String` declaration named `parameter1` (or the next free number). */
export function addDeclaration(
  properties: JsonObject,
  section: DeclarationSection,
): { properties: JsonObject; name: string } {
  const entries = entriesOf(properties, section);
  const stem = section === 'parameters' ? 'parameter' : 'variable';
  let number = entries.length + 1;
  const taken = new Set(entries.map(([name]) => name.toLowerCase()));
  while (taken.has(`${stem}${number}`)) number += 1;
  const name = `${stem}${number}`;
  return {
    properties: withDeclarations(properties, section, [...entries, [name, { type: 'String' }]]),
    name,
  };
}

export function removeDeclaration(
  properties: JsonObject,
  section: DeclarationSection,
  name: string,
): JsonObject {
  return withDeclarations(
    properties,
    section,
    entriesOf(properties, section).filter(([key]) => key !== name),
  );
}

/** Why `name` cannot name a declaration of this section (other than `current`), or undefined. */
export function declarationNameProblem(
  properties: JsonObject,
  section: DeclarationSection,
  name: string,
  current?: string,
): string | undefined {
  if (name.trim() === '') return 'A name is needed.';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    return 'Use letters, digits and _ only, starting with a letter or _ (expressions read it as a name).';
  const clash = entriesOf(properties, section).find(
    ([key]) => key !== current && key.toLowerCase() === name.toLowerCase(),
  );
  return clash === undefined ? undefined : `'${clash[0]}' is already declared.`;
}

/** Renames in place (the order stays); unchanged when `to` is taken or invalid. */
export function renameDeclaration(
  properties: JsonObject,
  section: DeclarationSection,
  from: string,
  to: string,
): JsonObject {
  if (from === to || declarationNameProblem(properties, section, to, from) !== undefined)
    return properties;
  return withDeclarations(
    properties,
    section,
    entriesOf(properties, section).map(([key, spec]) => [key === from ? to : key, spec] as const),
  );
}

/** Sets the type and default value of a declaration (no default when `defaultValue` is undefined). */
export function updateDeclaration(
  properties: JsonObject,
  section: DeclarationSection,
  name: string,
  change: { readonly type?: string; readonly defaultValue?: Json | undefined },
): JsonObject {
  return withDeclarations(
    properties,
    section,
    entriesOf(properties, section).map(([key, spec]) => {
      if (key !== name) return [key, spec] as const;
      const base = isJsonObject(spec) ? spec : {};
      const next: JsonObject = {
        ...base,
        ...(change.type === undefined ? {} : { type: change.type }),
      };
      if ('defaultValue' in change) {
        if (change.defaultValue === undefined) delete next['defaultValue'];
        else next['defaultValue'] = change.defaultValue;
      }
      return [key, next] as const;
    }),
  );
}

/** Sets a top-level setting, removing it when `value` is undefined (or an empty string). */
export function withSetting(
  properties: JsonObject,
  key: string,
  value: Json | undefined,
): JsonObject {
  if (value === undefined || value === '') {
    const { [key]: _removed, ...rest } = properties;
    return rest;
  }
  return { ...properties, [key]: value };
}

export function folderOf(properties: JsonObject): string {
  const folder = properties['folder'];
  return isJsonObject(folder) && typeof folder['name'] === 'string' ? folder['name'] : '';
}

export function withFolder(properties: JsonObject, folder: string): JsonObject {
  return withSetting(properties, 'folder', folder.trim() === '' ? undefined : { name: folder });
}

/** Annotations as the comma-separated text of their field (non-string ones as JSON). */
export function annotationsText(properties: JsonObject): string {
  const annotations = properties['annotations'];
  if (!Array.isArray(annotations)) return '';
  return annotations
    .map((annotation) => (typeof annotation === 'string' ? annotation : JSON.stringify(annotation)))
    .join(', ');
}

export function withAnnotationsText(properties: JsonObject, text: string): JsonObject {
  const annotations = text
    .split(',')
    .map((annotation) => annotation.trim())
    .filter((annotation) => annotation !== '');
  return withSetting(properties, 'annotations', annotations.length === 0 ? undefined : annotations);
}
