import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDatastoreError, type DatastoreErrorCode } from './datastore-error.js';
import { LocalFolderDatastore } from './local-folder-datastore.js';

async function expectCode(promise: Promise<unknown>, code: DatastoreErrorCode): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isDatastoreError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
}

describe('LocalFolderDatastore', () => {
  let parent: string;
  let datastore: LocalFolderDatastore;
  beforeEach(async () => {
    parent = await mkdtemp(join(tmpdir(), 'millrace-local-datastore-'));
    datastore = new LocalFolderDatastore('local', join(parent, 'home', 'store'));
  });
  afterEach(() => rm(parent, { recursive: true, force: true }));

  it('creates its folder on first use', async () => {
    expect(existsSync(datastore.folder)).toBe(false);
    expect(await datastore.list('')).toEqual([]);
    expect(existsSync(datastore.folder)).toBe(true);
  });

  it('refuses every operation through a link that leads outside the folder', async () => {
    const outside = join(parent, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'secret.txt'), 'secret');
    await mkdir(datastore.folder, { recursive: true });
    await symlink(outside, join(datastore.folder, 'door'));
    await symlink(join(outside, 'secret.txt'), join(datastore.folder, 'secret-link.txt'));
    const local = join(parent, 'work');
    await mkdir(local);
    await writeFile(join(local, 'a.txt'), 'a');
    for (const path of ['door/secret.txt', 'secret-link.txt', 'door/new/file.txt']) {
      await expectCode(datastore.readFile(path), 'DATASTORE_PATH_ESCAPES');
      await expectCode(datastore.stat(path), 'DATASTORE_PATH_ESCAPES');
      await expectCode(datastore.writeFile(path, 'x'), 'DATASTORE_PATH_ESCAPES');
      await expectCode(datastore.materialize(path, local), 'DATASTORE_PATH_ESCAPES');
    }
    await expectCode(datastore.list('door'), 'DATASTORE_PATH_ESCAPES');
    await expectCode(datastore.collect(local, 'door'), 'DATASTORE_PATH_ESCAPES');
    // Listing or materialising a folder that holds such a link is refused too.
    await expectCode(datastore.list(''), 'DATASTORE_PATH_ESCAPES');
    await expectCode(datastore.materialize('', local), 'DATASTORE_PATH_ESCAPES');
    expect(existsSync(join(outside, 'new'))).toBe(false);
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('follows links that stay inside, and deleting a link leaves its target', async () => {
    await datastore.writeFile('real/a.txt', 'a');
    await symlink(join(datastore.folder, 'real'), join(datastore.folder, 'alias'));
    expect((await datastore.readFile('alias/a.txt')).toString()).toBe('a');
    expect(await datastore.list('alias')).toEqual([{ path: 'alias/a.txt', size: 1 }]);
    await datastore.delete('alias');
    expect((await datastore.readFile('real/a.txt')).toString()).toBe('a');
  });

  it('materialises as the real path, without copying', async () => {
    await datastore.writeFile('in/a.txt', 'a');
    const path = await datastore.materialize('in/a.txt', join(parent, 'unused'));
    expect(path).toBe(join(datastore.folder, 'in', 'a.txt'));
    expect(existsSync(join(parent, 'unused'))).toBe(false);
  });

  it('refuses a file where a folder is, and a folder under a file', async () => {
    await datastore.writeFile('x/y.txt', 'y');
    await expectCode(datastore.writeFile('x', 'x'), 'DATASTORE_PATH_CONFLICT');
    await expectCode(datastore.writeFile('x/y.txt/z.txt', 'z'), 'DATASTORE_PATH_CONFLICT');
  });
});
