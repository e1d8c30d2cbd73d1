import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  hashCodeFolder,
  listCodeFiles,
  snapshotCodeFolder,
} from '../../../src/ml/workspace/code-snapshot.js';
import { MlWorkspaceError } from '../../../src/ml/workspace/ml-workspace-errors.js';

const folders: string[] = [];

async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'millrace-snapshot-'));
  folders.push(folder);
  return folder;
}

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

async function codeFolder(files: Record<string, string>): Promise<string> {
  const folder = join(await tempFolder(), 'code');
  await mkdir(folder);
  await writeFiles(folder, files);
  return folder;
}

async function relativePaths(folder: string): Promise<string[]> {
  return (await listCodeFiles(folder)).map((file) => file.relativePath);
}

async function refusal(promise: Promise<unknown>): Promise<MlWorkspaceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MlWorkspaceError);
  return error as MlWorkspaceError;
}

afterEach(async () => {
  await Promise.all(
    folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })),
  );
});

describe('code snapshots', () => {
  it('hashes the same content in different folders the same, and any change differently', async () => {
    const files = { 'train.py': 'print(1)\n', 'lib/util.py': 'X = 1\n' };
    const a = await hashCodeFolder(await codeFolder(files));
    const b = await hashCodeFolder(await codeFolder(files));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
    const edited = await hashCodeFolder(await codeFolder({ ...files, 'lib/util.py': 'X = 2\n' }));
    const renamed = await hashCodeFolder(
      await codeFolder({ 'train.py': 'print(1)\n', 'lib/utils.py': 'X = 1\n' }),
    );
    expect(new Set([a.hash, edited.hash, renamed.hash]).size).toBe(3);
  });

  it('counts the executable bit', async () => {
    const folder = await codeFolder({ 'run.sh': 'echo hi\n' });
    const before = await hashCodeFolder(folder);
    await chmod(join(folder, 'run.sh'), 0o755);
    const after = await hashCodeFolder(folder);
    expect(after.hash).not.toBe(before.hash);
    expect(after.files[0]?.executable).toBe(true);
  });

  it('lists files sorted, skipping .git and what .amlignore excludes', async () => {
    const folder = await codeFolder({
      '.amlignore': 'data/\n*.log\n!keep.log\n',
      '.gitignore': 'b.py\n',
      '.git/HEAD': 'ref: refs/heads/main\n',
      'b.py': 'b',
      'a.py': 'a',
      'run.log': 'noise',
      'keep.log': 'kept',
      'data/big.csv': '1,2,3',
      'sub/data/x.txt': 'data/ anywhere is ignored',
      'sub/z.py': 'z',
    });
    expect(await relativePaths(folder)).toEqual([
      '.amlignore',
      '.gitignore',
      'a.py',
      'b.py',
      'keep.log',
      'sub/z.py',
    ]);
  });

  it('uses .gitignore when there is no .amlignore', async () => {
    const folder = await codeFolder({
      '.gitignore': '__pycache__/\n',
      'a.py': 'a',
      '__pycache__/a.pyc': 'x',
    });
    expect(await relativePaths(folder)).toEqual(['.gitignore', 'a.py']);
  });

  it('leaves node_modules out at any depth, also when it is a link, with or without an ignore file', async () => {
    const files = {
      'package.json': '{"dependencies":{"left-pad":"1.3.0"}}',
      'score.mjs': 'export {}',
      'node_modules/left-pad/index.js': 'module.exports = 1',
      'lib/node_modules/x/index.js': 'x',
    };
    const withoutIgnoreFile = await codeFolder(files);
    expect(await relativePaths(withoutIgnoreFile)).toEqual(['package.json', 'score.mjs']);
    const withGitignore = await codeFolder({ ...files, '.gitignore': '*.log\n' });
    expect(await relativePaths(withGitignore)).toEqual(['.gitignore', 'package.json', 'score.mjs']);
    // A link named node_modules leading outside the folder is left out, not refused.
    const linked = await codeFolder({ 'score.mjs': 'export {}' });
    await symlink(await tempFolder(), join(linked, 'node_modules'));
    expect(await relativePaths(linked)).toEqual(['score.mjs']);
    const stored = await snapshotCodeFolder(withoutIgnoreFile, await tempFolder());
    expect((await readdir(stored.folder)).sort()).toEqual(['package.json', 'score.mjs']);
  });

  it('keeps node_modules when the ignore file says so', async () => {
    const folder = await codeFolder({
      '.amlignore': '!node_modules/\n',
      'score.mjs': 'export {}',
      'node_modules/left-pad/index.js': 'module.exports = 1',
    });
    expect(await relativePaths(folder)).toEqual([
      '.amlignore',
      'node_modules/left-pad/index.js',
      'score.mjs',
    ]);
  });

  it('leaves ignored files out of the hash', async () => {
    const folder = await codeFolder({ '.amlignore': 'outputs/\n', 'a.py': 'a' });
    const before = await hashCodeFolder(folder);
    await writeFiles(folder, { 'outputs/model.bin': 'weights' });
    expect((await hashCodeFolder(folder)).hash).toBe(before.hash);
    await writeFiles(folder, { 'b.py': 'b' });
    expect((await hashCodeFolder(folder)).hash).not.toBe(before.hash);
  });

  it('follows links inside the folder and refuses links leading outside it', async () => {
    const folder = await codeFolder({ 'lib/util.py': 'X = 1\n' });
    await symlink(join(folder, 'lib'), join(folder, 'alias'));
    await symlink('lib/util.py', join(folder, 'util.py'));
    expect(await relativePaths(folder)).toEqual(['alias/util.py', 'lib/util.py', 'util.py']);

    const outside = await tempFolder();
    await writeFile(join(outside, 'secret.txt'), 'secret');
    await symlink(join(outside, 'secret.txt'), join(folder, 'secret.txt'));
    const error = await refusal(hashCodeFolder(folder));
    expect(error.code).toBe('ML_INVALID_PIPELINE');
    expect(error.message).toContain('"secret.txt"');
    expect(error.message).toContain('leads outside it');
  });

  it('accepts a link leading outside when the ignore rules exclude it', async () => {
    const folder = await codeFolder({ '.amlignore': '.venv\n', 'a.py': 'a' });
    await symlink(tmpdir(), join(folder, '.venv'));
    expect(await relativePaths(folder)).toEqual(['.amlignore', 'a.py']);
  });

  it('refuses a link to a folder that contains it', async () => {
    const folder = await codeFolder({ 'lib/a.py': 'a' });
    await symlink('..', join(folder, 'lib', 'loop'));
    const error = await refusal(hashCodeFolder(folder));
    expect(error.code).toBe('ML_INVALID_PIPELINE');
    expect(error.message).toContain('"lib/loop"');
  });

  it('refuses a missing code folder', async () => {
    const error = await refusal(hashCodeFolder(join(await tempFolder(), 'absent')));
    expect(error.code).toBe('ML_INVALID_PIPELINE');
  });

  it('stores a snapshot once under its hash, with content and executable bits', async () => {
    const root = join(await tempFolder(), 'snapshots');
    const folder = await codeFolder({ 'run.sh': 'echo hi\n', 'lib/util.py': 'X = 1\n' });
    await chmod(join(folder, 'run.sh'), 0o755);
    const first = await snapshotCodeFolder(folder, root);
    expect(first.existed).toBe(false);
    expect(first.folder).toBe(join(root, first.hash));
    expect(await readFile(join(first.folder, 'lib/util.py'), 'utf8')).toBe('X = 1\n');
    expect((await stat(join(first.folder, 'run.sh'))).mode & 0o111).not.toBe(0);
    expect((await stat(join(first.folder, 'lib/util.py'))).mode & 0o111).toBe(0);
    // The stored copy hashes like its source.
    expect((await hashCodeFolder(first.folder)).hash).toBe(first.hash);

    const second = await snapshotCodeFolder(
      await codeFolder({ 'run.sh': 'echo hi\n', 'lib/util.py': 'X = 1\n' }),
      root,
    );
    expect(second.hash).not.toBe(first.hash); // run.sh is not executable in this copy
    const again = await snapshotCodeFolder(folder, root);
    expect(again).toEqual({ ...first, existed: true });
    // No temporary folders are left behind.
    expect((await readdir(root)).sort()).toEqual([first.hash, second.hash].sort());
  });

  it('stores concurrent snapshots of the same folder once', async () => {
    const root = join(await tempFolder(), 'snapshots');
    const folder = await codeFolder({ 'a.py': 'a', 'b/c.py': 'c' });
    const results = await Promise.all([1, 2, 3, 4].map(() => snapshotCodeFolder(folder, root)));
    expect(new Set(results.map((result) => result.hash)).size).toBe(1);
    expect(await readdir(root)).toEqual([results[0]?.hash]);
    expect(await readFile(join(root, results[0]!.hash, 'b/c.py'), 'utf8')).toBe('c');
  });
});
