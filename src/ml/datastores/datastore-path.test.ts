import { describe, expect, it } from 'vitest';
import { isDatastoreError } from './datastore-error.js';
import { datastoreFilePath, datastorePath } from './datastore-path.js';

describe('datastorePath', () => {
  it.each([
    ['raw/2024/a.csv', 'raw/2024/a.csv'],
    ['./raw//2024/', 'raw/2024'],
    ['raw\\2024\\a.csv', 'raw/2024/a.csv'],
    ['', ''],
    ['.', ''],
    ['a/./b', 'a/b'],
    ['..a/b..', '..a/b..'],
  ])('normalises %j to %j', (path, expected) => {
    expect(datastorePath(path, 'ds')).toBe(expected);
  });

  it.each([
    ['..', 'DATASTORE_PATH_ESCAPES'],
    ['a/../b', 'DATASTORE_PATH_ESCAPES'],
    ['/abs', 'DATASTORE_PATH_ESCAPES'],
    ['\\\\server\\share', 'DATASTORE_PATH_ESCAPES'],
    ['D:data', 'DATASTORE_PATH_ESCAPES'],
    ['a\0', 'DATASTORE_INVALID_PATH'],
    [null, 'DATASTORE_INVALID_PATH'],
  ])('refuses %j with %s', (path, code) => {
    expect(() => datastorePath(path, 'ds')).toThrow(
      expect.objectContaining({ code, datastore: 'ds' }),
    );
  });

  it('refuses the root where a file is needed', () => {
    let caught: unknown;
    try {
      datastoreFilePath('./', 'ds');
    } catch (error) {
      caught = error;
    }
    expect(isDatastoreError(caught, 'DATASTORE_INVALID_PATH')).toBe(true);
  });
});
