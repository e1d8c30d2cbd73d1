/**
 * The behaviour every Datastore adapter must have, run against the local folder adapter and the
 * Azure Blob adapter (on Azurite, started here on 127.0.0.1). Each test gets a fresh datastore:
 * a new temporary folder, or a new prefix in one container.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AzureBlobDatastore } from '../../src/ml/datastores/azure-blob-datastore.js';
import {
  isDatastoreError,
  type DatastoreErrorCode,
} from '../../src/ml/datastores/datastore-error.js';
import type { Datastore } from '../../src/ml/datastores/datastore.js';
import { LocalFolderDatastore } from '../../src/ml/datastores/local-folder-datastore.js';
import { startAzurite, type AzuriteServer } from './azurite-server.js';

interface AdapterUnderTest {
  readonly name: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  create(): Promise<Datastore>;
}

const temporaryFolders: string[] = [];
async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'millrace-datastore-'));
  temporaryFolders.push(folder);
  return folder;
}

let azurite: AzuriteServer | undefined;
const CONTAINER = 'conformance';

const adapters: readonly AdapterUnderTest[] = [
  {
    name: 'local',
    async setUp() {},
    async tearDown() {},
    async create() {
      // The datastore folder sits inside a parent so that escapes would land beside it.
      return new LocalFolderDatastore('conformance', join(await temporaryFolder(), 'store'));
    },
  },
  {
    name: 'azureBlob',
    async setUp() {
      azurite = await startAzurite();
      await azurite.createContainer(CONTAINER);
    },
    async tearDown() {
      await azurite?.stop();
    },
    async create() {
      return new AzureBlobDatastore({
        name: 'conformance',
        container: CONTAINER,
        prefix: `tests/${randomUUID()}`,
        connectionString: azurite!.connectionString,
      });
    },
  },
];

afterEach(async () => {
  await Promise.all(temporaryFolders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

async function expectCode(promise: Promise<unknown>, code: DatastoreErrorCode): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isDatastoreError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function listLocal(folder: string, prefix = ''): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) names.push(...(await listLocal(join(folder, entry.name), path)));
    else names.push(path);
  }
  return names.sort();
}

const ESCAPING_PATHS = [
  '../outside.txt',
  'a/../../outside.txt',
  '..',
  '/etc/passwd',
  '/outside.txt',
  'C:\\outside.txt',
  'c:/outside.txt',
  'a\\..\\..\\outside.txt',
  'a/b/../../../outside.txt',
];

describe.each(adapters)('Datastore conformance: $name', (adapter) => {
  let datastore: Datastore;
  beforeAll(() => adapter.setUp());
  afterAll(() => adapter.tearDown());
  beforeAll(async () => {
    datastore = await adapter.create();
  });
  const fresh = async () => (datastore = await adapter.create());

  it('writes and reads a file, creating its folders', async () => {
    await fresh();
    await datastore.writeFile('raw/2024/sales.csv', 'id,amount\n1,10\n');
    expect((await datastore.readFile('raw/2024/sales.csv')).toString()).toBe('id,amount\n1,10\n');
    await datastore.writeFile('raw/2024/sales.csv', Buffer.from('replaced'));
    expect((await datastore.readFile('raw/2024/sales.csv')).toString()).toBe('replaced');
  });

  it('tells files, folders and missing paths apart; the root always exists', async () => {
    await fresh();
    await datastore.writeFile('raw/2024/sales.csv', '12345');
    expect(await datastore.stat('raw/2024/sales.csv')).toEqual({ kind: 'file', size: 5 });
    expect(await datastore.stat('raw/2024')).toEqual({ kind: 'folder' });
    expect(await datastore.stat('raw')).toEqual({ kind: 'folder' });
    expect(await datastore.stat('raw/2025')).toEqual({ kind: 'missing' });
    expect(await datastore.stat('ra')).toEqual({ kind: 'missing' });
    expect(await datastore.exists('raw/2024/sales.csv')).toBe(true);
    expect(await datastore.exists('raw/')).toBe(true);
    expect(await datastore.exists('nothing.csv')).toBe(false);
    expect(await datastore.exists('')).toBe(true);
  });

  it('normalises separators, "." and empty segments', async () => {
    await fresh();
    await datastore.writeFile('./a//b\\c.txt', 'x');
    expect(await datastore.list('')).toEqual([{ path: 'a/b/c.txt', size: 1 }]);
    expect((await datastore.readFile('a/b/c.txt')).toString()).toBe('x');
    expect((await datastore.readFile('a\\b/./c.txt')).toString()).toBe('x');
  });

  it('lists files under a folder recursively, sorted, with sizes', async () => {
    await fresh();
    await datastore.writeFile('data/b.csv', 'bb');
    await datastore.writeFile('data/a/deep/x.bin', Buffer.alloc(7));
    await datastore.writeFile('data/a.csv', 'a');
    await datastore.writeFile('data2/not-under-data.csv', 'no');
    await datastore.writeFile('top.txt', 'top');
    expect(await datastore.list('data')).toEqual([
      { path: 'data/a.csv', size: 1 },
      { path: 'data/a/deep/x.bin', size: 7 },
      { path: 'data/b.csv', size: 2 },
    ]);
    expect(await datastore.list('data/a/')).toEqual([{ path: 'data/a/deep/x.bin', size: 7 }]);
    expect((await datastore.list('')).map((file) => file.path)).toEqual([
      'data/a.csv',
      'data/a/deep/x.bin',
      'data/b.csv',
      'data2/not-under-data.csv',
      'top.txt',
    ]);
    expect(await datastore.list('missing')).toEqual([]);
    expect(await datastore.list('top.txt')).toEqual([]);
  });

  it('refuses to read a missing path, a folder or the root as a file', async () => {
    await fresh();
    await datastore.writeFile('folder/file.txt', 'x');
    await expectCode(datastore.readFile('folder/missing.txt'), 'DATASTORE_NOT_FOUND');
    await expectCode(datastore.readFile('folder'), 'DATASTORE_NOT_A_FILE');
    await expectCode(datastore.readFile(''), 'DATASTORE_INVALID_PATH');
    await expectCode(datastore.createReadStream('folder/missing.txt'), 'DATASTORE_NOT_FOUND');
    await expectCode(datastore.createReadStream('folder'), 'DATASTORE_NOT_A_FILE');
    await expectCode(datastore.writeFile('./', 'x'), 'DATASTORE_INVALID_PATH');
  });

  it.each(ESCAPING_PATHS)('refuses the escaping path %j in every operation', async (path) => {
    await fresh();
    const local = await temporaryFolder();
    await writeFile(join(local, 'file.txt'), 'x');
    await expectCode(datastore.exists(path), 'DATASTORE_PATH_ESCAPES');
    await expectCode(datastore.stat(path), 'DATASTORE_PATH_ESCAPES');
    await expectCode(datastore.list(path), 'DATASTORE_PATH_ESCAPES');
    await expectCode(datastore.readFile(path), 'DATASTORE_PATH_ESCAPES');
    await expectCode(datastore.createReadStream(path), 'DATASTORE_PATH_ESCAPES');
    await expectCode(datastore.writeFile(path, 'escaped'), 'DATASTORE_PATH_ESCAPES');
    await expectCode(datastore.materialize(path, local), 'DATASTORE_PATH_ESCAPES');
    await expectCode(datastore.collect(local, path), 'DATASTORE_PATH_ESCAPES');
    await expectCode(datastore.delete(path), 'DATASTORE_PATH_ESCAPES');
    expect(await datastore.list('')).toEqual([]);
  });

  it('refuses paths holding a NUL character and non-string paths', async () => {
    await fresh();
    await expectCode(datastore.writeFile('a\0b.txt', 'x'), 'DATASTORE_INVALID_PATH');
    await expectCode(datastore.list('a\0'), 'DATASTORE_INVALID_PATH');
    await expectCode(datastore.exists(42 as unknown as string), 'DATASTORE_INVALID_PATH');
  });

  it('reports the path and datastore in errors, as data', async () => {
    await fresh();
    const error: unknown = await datastore.readFile('../x').catch((caught: unknown) => caught);
    expect(isDatastoreError(error)).toBe(true);
    const data = (error as { toData(): unknown }).toData();
    expect(data).toMatchObject({
      code: 'DATASTORE_PATH_ESCAPES',
      failureType: 'UserError',
      retryable: false,
      datastore: 'conformance',
      path: '../x',
    });
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('round-trips unicode names', async () => {
    await fresh();
    const name = 'données/été 2024/naïve-日本語 ✓ #1%.csv';
    await datastore.writeFile(name, 'unicode');
    expect(await datastore.list('données')).toEqual([{ path: name, size: 7 }]);
    expect((await datastore.readFile(name)).toString()).toBe('unicode');
    const local = await temporaryFolder();
    const materialized = await datastore.materialize('données', local);
    expect(await listLocal(materialized)).toEqual(['été 2024/naïve-日本語 ✓ #1%.csv']);
    const collected = await datastore.collect(materialized, 'copie/ü');
    expect(collected).toEqual([{ path: 'copie/ü/été 2024/naïve-日本語 ✓ #1%.csv', size: 7 }]);
    expect((await datastore.readFile(collected[0]!.path)).toString()).toBe('unicode');
  });

  it('streams a 5 MB file in and out', async () => {
    await fresh();
    const content = randomBytes(5 * 1024 * 1024);
    await datastore.writeFile(
      'big/five.bin',
      Readable.from([content.subarray(0, 1_000_000), content.subarray(1_000_000)]),
    );
    expect(await datastore.list('big')).toEqual([{ path: 'big/five.bin', size: content.length }]);
    const chunks: Buffer[] = [];
    for await (const chunk of await datastore.createReadStream('big/five.bin'))
      chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(content));
    const local = await temporaryFolder();
    const materialized = await datastore.materialize('big/five.bin', local);
    expect(sha256(await readFile(materialized))).toBe(sha256(content));
    const source = await temporaryFolder();
    await writeFile(join(source, 'copy.bin'), content);
    await datastore.collect(source, 'collected');
    expect(sha256(await datastore.readFile('collected/copy.bin'))).toBe(sha256(content));
  });

  it('materialises a file as a local file with its content', async () => {
    await fresh();
    await datastore.writeFile('models/v1/model.json', '{"w":1}');
    const local = await temporaryFolder();
    const path = await datastore.materialize('models/v1/model.json', local);
    expect(path.endsWith('model.json')).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('{"w":1}');
  });

  it('materialises a folder with its layout, and the root', async () => {
    await fresh();
    await datastore.writeFile('in/a.csv', 'a');
    await datastore.writeFile('in/sub/b.csv', 'bb');
    await datastore.writeFile('other.txt', 'o');
    const local = await temporaryFolder();
    const folder = await datastore.materialize('in', local);
    expect(await listLocal(folder)).toEqual(['a.csv', 'sub/b.csv']);
    expect(await readFile(join(folder, 'sub', 'b.csv'), 'utf8')).toBe('bb');
    const root = await datastore.materialize('', await temporaryFolder());
    expect(await listLocal(root)).toEqual(['in/a.csv', 'in/sub/b.csv', 'other.txt']);
  });

  it('refuses to materialise a missing path', async () => {
    await fresh();
    await expectCode(
      datastore.materialize('nothing/here', await temporaryFolder()),
      'DATASTORE_NOT_FOUND',
    );
  });

  it('collects a local folder into a datastore folder, replacing files of the same path only', async () => {
    await fresh();
    await datastore.writeFile('out/keep.txt', 'kept');
    await datastore.writeFile('out/replace.txt', 'old');
    const local = await temporaryFolder();
    await mkdir(join(local, 'nested', 'deeper'), { recursive: true });
    await writeFile(join(local, 'replace.txt'), 'new');
    await writeFile(join(local, 'nested', 'deeper', 'part-0001.parquet'), Buffer.alloc(3));
    await writeFile(join(local, 'nested', 'empty.txt'), '');
    const written = await datastore.collect(local, 'out');
    expect(written).toEqual([
      { path: 'out/nested/deeper/part-0001.parquet', size: 3 },
      { path: 'out/nested/empty.txt', size: 0 },
      { path: 'out/replace.txt', size: 3 },
    ]);
    expect(await datastore.list('out')).toEqual([{ path: 'out/keep.txt', size: 4 }, ...written]);
    expect((await datastore.readFile('out/replace.txt')).toString()).toBe('new');
  });

  it('collects files it may move (move: true) with the same paths, sizes and bytes', async () => {
    await fresh();
    await datastore.writeFile('moved/replace.txt', 'old');
    const local = await temporaryFolder();
    await mkdir(join(local, 'nested'), { recursive: true });
    await writeFile(join(local, 'replace.txt'), 'new');
    await writeFile(join(local, 'nested', 'rows.csv'), 'a,b\n1,2\n');
    const written = await datastore.collect(local, 'moved', { move: true });
    expect(written).toEqual([
      { path: 'moved/nested/rows.csv', size: 8 },
      { path: 'moved/replace.txt', size: 3 },
    ]);
    expect(await datastore.list('moved')).toEqual(written);
    expect((await datastore.readFile('moved/replace.txt')).toString()).toBe('new');
    expect((await datastore.readFile('moved/nested/rows.csv')).toString()).toBe('a,b\n1,2\n');
  });

  it('round-trips a folder through materialize and collect', async () => {
    await fresh();
    for (let index = 0; index < 20; index++)
      await datastore.writeFile(
        `source/part-${String(index).padStart(2, '0')}/data.txt`,
        `row ${index}`,
      );
    const local = await temporaryFolder();
    const materialized = await datastore.materialize('source', local);
    await datastore.collect(materialized, 'copy');
    const source = await datastore.list('source');
    const copy = await datastore.list('copy');
    expect(copy.map((file) => file.path.replace(/^copy\//, ''))).toEqual(
      source.map((file) => file.path.replace(/^source\//, '')),
    );
    for (const file of copy)
      expect((await datastore.readFile(file.path)).toString()).toBe(
        (await datastore.readFile(file.path.replace(/^copy\//, 'source/'))).toString(),
      );
  });

  it('refuses to collect a missing local folder or one whose links lead outside it', async () => {
    await fresh();
    const parent = await temporaryFolder();
    await expectCode(datastore.collect(join(parent, 'missing'), 'out'), 'DATASTORE_NOT_FOUND');
    await writeFile(join(parent, 'secret.txt'), 'secret');
    const local = join(parent, 'output');
    await mkdir(local);
    await writeFile(join(local, 'ok.txt'), 'ok');
    await symlink(join(parent, 'secret.txt'), join(local, 'leak.txt'));
    await expectCode(datastore.collect(local, 'out'), 'DATASTORE_PATH_ESCAPES');
    expect(await datastore.list('')).toEqual([]);
  });

  it('deletes files and folders; deleting nothing is not an error', async () => {
    await fresh();
    await datastore.writeFile('d/a.txt', 'a');
    await datastore.writeFile('d/sub/b.txt', 'b');
    await datastore.writeFile('keep/c.txt', 'c');
    await datastore.delete('d/a.txt');
    expect((await datastore.list('')).map((file) => file.path)).toEqual([
      'd/sub/b.txt',
      'keep/c.txt',
    ]);
    await datastore.delete('d');
    expect(await datastore.exists('d')).toBe(false);
    await datastore.delete('d');
    await datastore.delete('never/there.txt');
    expect((await datastore.list('')).map((file) => file.path)).toEqual(['keep/c.txt']);
    await datastore.delete('');
    expect(await datastore.list('')).toEqual([]);
  });

  it('describes itself as JSON', async () => {
    await fresh();
    expect(datastore.toJSON()).toMatchObject({ name: 'conformance', type: adapter.name });
  });
});

describe('escapes leave nothing outside the local datastore', () => {
  it('writes nothing beside the datastore folder', async () => {
    const parent = await temporaryFolder();
    const datastore = new LocalFolderDatastore('conformance', join(parent, 'store'));
    for (const path of ESCAPING_PATHS)
      await expectCode(datastore.writeFile(path, 'escaped'), 'DATASTORE_PATH_ESCAPES');
    expect(existsSync(join(parent, 'outside.txt'))).toBe(false);
    expect(await readdir(parent)).toEqual([]);
  });
});
