import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/factory-api.js';
import {
  addDeclaration,
  annotationsText,
  declarationNameProblem,
  declarationsOf,
  folderOf,
  removeDeclaration,
  renameDeclaration,
  updateDeclaration,
  withAnnotationsText,
  withFolder,
  withSetting,
} from './pipeline-settings.js';

const properties: JsonObject = {
  activities: [],
  parameters: {
    inputFile: { type: 'String', defaultValue: 'loans.csv' },
    threshold: { type: 'Float', defaultValue: 0.1 },
  },
};

describe('parameters and variables', () => {
  it('lists declarations in their written order', () => {
    expect(declarationsOf(properties, 'parameters')).toEqual([
      { name: 'inputFile', type: 'String', defaultValue: 'loans.csv' },
      { name: 'threshold', type: 'Float', defaultValue: 0.1 },
    ]);
    expect(declarationsOf(properties, 'variables')).toEqual([]);
  });

  it('adds a declaration under the next free name', () => {
    const added = addDeclaration(properties, 'parameters');
    expect(added.name).toBe('parameter3');
    expect(Object.keys(added.properties['parameters'] as JsonObject)).toEqual([
      'inputFile',
      'threshold',
      'parameter3',
    ]);
    const variable = addDeclaration({}, 'variables');
    expect(variable.properties).toEqual({ variables: { variable1: { type: 'String' } } });
  });

  it('renames in place, refusing a taken or invalid name', () => {
    const renamed = renameDeclaration(properties, 'parameters', 'inputFile', 'file');
    expect(Object.keys(renamed['parameters'] as JsonObject)).toEqual(['file', 'threshold']);
    expect(renameDeclaration(properties, 'parameters', 'inputFile', 'Threshold')).toBe(properties);
    expect(renameDeclaration(properties, 'parameters', 'inputFile', '1x')).toBe(properties);
    expect(declarationNameProblem(properties, 'parameters', 'THRESHOLD')).toMatch(
      /already declared/,
    );
    expect(
      declarationNameProblem(properties, 'parameters', 'threshold', 'threshold'),
    ).toBeUndefined();
    expect(declarationNameProblem(properties, 'parameters', 'a b')).toMatch(/letters, digits/);
  });

  it('updates the type and default, and removes the default', () => {
    const updated = updateDeclaration(properties, 'parameters', 'threshold', {
      type: 'Int',
      defaultValue: 3,
    });
    expect((updated['parameters'] as JsonObject)['threshold']).toEqual({
      type: 'Int',
      defaultValue: 3,
    });
    const cleared = updateDeclaration(updated, 'parameters', 'threshold', {
      defaultValue: undefined,
    });
    expect((cleared['parameters'] as JsonObject)['threshold']).toEqual({ type: 'Int' });
  });

  it('drops the section with its last declaration', () => {
    const once = removeDeclaration(properties, 'parameters', 'inputFile');
    expect(Object.keys(once['parameters'] as JsonObject)).toEqual(['threshold']);
    expect(removeDeclaration(once, 'parameters', 'threshold')).toEqual({ activities: [] });
  });
});

describe('settings', () => {
  it('sets and removes top-level settings', () => {
    expect(withSetting({ a: 1 }, 'concurrency', 2)).toEqual({ a: 1, concurrency: 2 });
    expect(withSetting({ a: 1, description: 'x' }, 'description', '')).toEqual({ a: 1 });
  });

  it('writes the folder as {name}', () => {
    const inFolder = withFolder({}, 'ml/scoring');
    expect(inFolder).toEqual({ folder: { name: 'ml/scoring' } });
    expect(folderOf(inFolder)).toBe('ml/scoring');
    expect(withFolder(inFolder, ' ')).toEqual({});
  });

  it('reads and writes annotations as comma-separated text', () => {
    const annotated = withAnnotationsText({}, ' daily, ml ,, ');
    expect(annotated).toEqual({ annotations: ['daily', 'ml'] });
    expect(annotationsText(annotated)).toBe('daily, ml');
    expect(withAnnotationsText(annotated, '')).toEqual({});
  });
});
