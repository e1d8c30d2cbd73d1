import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatPointer,
  jsonSyntaxError,
  locatePointer,
  parsePointer,
  pointerAtOffset,
} from './json-pointer-positions.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const pipeline = JSON.stringify(
  {
    name: 'Load',
    properties: {
      activities: [
        { name: 'Wait1', type: 'Wait', typeProperties: { waitTimeInSeconds: 5 } },
        {
          name: 'Score',
          type: 'AzureMLExecutePipeline',
          dependsOn: [{ activity: 'Wait1', dependencyConditions: ['Succeeded'] }],
          typeProperties: { mlPipelineId: '' },
        },
      ],
      'odd/key~': true,
    },
  },
  null,
  2,
);

function slice(text: string, range: { from: number; to: number } | undefined): string | undefined {
  return range === undefined ? undefined : text.slice(range.from, range.to);
}

/** Every pointer of a value, with the value it points at. */
function pointersOf(value: Json, tokens: (string | number)[] = []): [string, Json][] {
  const here: [string, Json] = [formatPointer(tokens), value];
  if (Array.isArray(value))
    return [here, ...value.flatMap((item, index) => pointersOf(item, [...tokens, index]))];
  if (value !== null && typeof value === 'object')
    return [
      here,
      ...Object.entries(value).flatMap(([key, item]) => pointersOf(item, [...tokens, key])),
    ];
  return [here];
}

describe('JSON pointers', () => {
  it('parses and formats with ~0 and ~1 escapes', () => {
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/a/0/b~1c~0d')).toEqual(['a', '0', 'b/c~d']);
    expect(parsePointer('a/b')).toBeUndefined();
    expect(formatPointer(['a', 0, 'b/c~d'])).toBe('/a/0/b~1c~0d');
  });
});

describe('locatePointer', () => {
  it('marks a scalar member from its key to its value', () => {
    const location = locatePointer(
      pipeline,
      '/properties/activities/1/typeProperties/mlPipelineId',
    );
    expect(location?.exact).toBe(true);
    expect(slice(pipeline, location)).toBe('"mlPipelineId": ""');
  });

  it('marks a container member by its key and an array element by itself', () => {
    expect(slice(pipeline, locatePointer(pipeline, '/properties/activities'))).toBe('"activities"');
    expect(slice(pipeline, locatePointer(pipeline, '/properties/activities/1'))).toBe('{');
    expect(
      slice(
        pipeline,
        locatePointer(pipeline, '/properties/activities/1/dependsOn/0/dependencyConditions/0'),
      ),
    ).toBe('"Succeeded"');
    expect(slice(pipeline, locatePointer(pipeline, '/properties/odd~1key~0'))).toBe(
      '"odd/key~": true',
    );
  });

  it('falls back to the nearest present ancestor for an absent value', () => {
    const location = locatePointer(
      pipeline,
      '/properties/activities/0/typeProperties/missing/deeper',
    );
    expect(location?.exact).toBe(false);
    expect(slice(pipeline, location)).toBe('"typeProperties"');
    expect(locatePointer(pipeline, '/properties/activities/7')?.exact).toBe(false);
    expect(locatePointer(pipeline, '/properties/activities/x')?.exact).toBe(false);
  });

  it('answers undefined for a non-pointer or a text without a value', () => {
    expect(locatePointer(pipeline, 'pipelines/Other#/x')).toBeUndefined();
    expect(locatePointer('', '/a')).toBeUndefined();
  });

  it('takes the last of duplicate keys, as JSON.parse does', () => {
    const text = '{"a": 1, "a": 2}';
    expect(slice(text, locatePointer(text, '/a'))).toBe('"a": 2');
  });

  it('still locates what is well formed while the text does not parse', () => {
    const text = '{\n  "name": "P",\n  "properties": {"description": "x",, "folder": 3}\n}';
    expect(jsonSyntaxError(text)).toBeDefined();
    expect(slice(text, locatePointer(text, '/properties/description'))).toBe('"description": "x"');
    expect(slice(text, locatePointer(text, '/properties/folder'))).toBe('"folder": 3');
  });

  it('locates every value of any JSON text, exactly', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), (value, pretty) => {
        const json = JSON.parse(JSON.stringify(value)) as Json;
        const text = pretty ? JSON.stringify(json, null, 2) : JSON.stringify(json);
        for (const [pointer, target] of pointersOf(json)) {
          const location = locatePointer(text, pointer);
          expect(location?.exact).toBe(true);
          const marked = slice(text, location) ?? '';
          if (target !== null && typeof target === 'object') {
            expect(['{', '[']).toContain(marked.startsWith('"') ? '{' : marked);
          } else {
            expect(marked.endsWith(JSON.stringify(target))).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('pointerAtOffset', () => {
  it('names the innermost value under the cursor', () => {
    const at = (needle: string) => pointerAtOffset(pipeline, pipeline.indexOf(needle) + 1);
    expect(at('"Succeeded"')).toBe('/properties/activities/1/dependsOn/0/dependencyConditions/0');
    expect(at('5\n')).toBe('/properties/activities/0/typeProperties/waitTimeInSeconds');
    expect(pointerAtOffset(pipeline, 0)).toBe('');
  });

  it('inverts locatePointer for scalars', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const json = JSON.parse(JSON.stringify(value)) as Json;
        const text = JSON.stringify(json, null, 1);
        for (const [pointer, target] of pointersOf(json)) {
          if (target !== null && typeof target === 'object') continue;
          const location = locatePointer(text, pointer);
          expect(pointerAtOffset(text, (location?.to ?? 0) - 1)).toBe(pointer);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('jsonSyntaxError', () => {
  it('accepts JSON', () => {
    expect(jsonSyntaxError(pipeline)).toBeUndefined();
  });

  it('places a missing comma where the grammar stops', () => {
    const text = '{"a": 1 "b": 2}';
    const error = jsonSyntaxError(text);
    expect(error?.from).toBe(text.indexOf('"b"'));
    expect(error?.message).not.toMatch(/position/);
  });

  it('places an unfinished text at its end and an empty one at 0', () => {
    const text = '{"a": ';
    expect(jsonSyntaxError(text)?.from).toBe(text.length);
    expect(jsonSyntaxError('')).toMatchObject({ from: 0, to: 0 });
  });

  it('refuses what JSON forbids (trailing commas, comments)', () => {
    expect(jsonSyntaxError('{"a": 1,}')).toBeDefined();
    expect(jsonSyntaxError('{"a": 1 // note\n}')).toBeDefined();
  });
});
