import { describe, expect, it } from 'vitest';
import { escapePointerToken, pointerTo, valueAtPointer } from './json-pointer.js';

describe('JSON pointers (RFC 6901)', () => {
  it('escapes ~ and / in tokens', () => {
    expect(escapePointerToken('a/b~c')).toBe('a~1b~0c');
    expect(pointerTo('', 'properties', 'activities', 2)).toBe('/properties/activities/2');
    expect(pointerTo('/resources/3', 'a/b')).toBe('/resources/3/a~1b');
  });

  const document = { a: [{ 'b/c': 1, 'd~e': 2 }], '': 3, constructor: 4 };
  it.each([
    ['', document],
    ['/a/0/b~1c', 1],
    ['/a/0/d~0e', 2],
    ['/', 3],
    ['/constructor', 4],
  ])('reads %s', (pointer, value) => {
    expect(valueAtPointer(document, pointer)).toEqual(value);
  });

  it.each(['/a/1', '/a/01', '/a/x', '/missing', 'a', '/a/0/b~1c/deeper', '/toString'])(
    'finds nothing at %s',
    (pointer) => {
      expect(valueAtPointer({ a: [{ 'b/c': 1 }] }, pointer)).toBeUndefined();
    },
  );
});
