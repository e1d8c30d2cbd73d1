/** Publishing from a file and from a bundle: snapshots, hashes, the interface and problems. */
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MlPipelineSource } from '../../../src/ml/workspace/ml-workspace.js';
import {
  codeFolderOf,
  PUBLISHED_SNAPSHOT_FILE,
  readPublishedSnapshot,
} from '../../../src/ml/workspace/published-snapshot.js';
import type { MlPublishedPipelineRecord } from '../../../src/store/ml-store.js';
import { storeAdaptersUnderTest } from '../../support/store-adapters.js';
import {
  expectWorkspaceError,
  PARAMS_YAML,
  SCORING_FIXTURE,
  useWorkspace,
} from './workspace-harness.js';

/** The scoring fixture as a bundle: the YAML text and every file under src/. */
async function scoringBundle(
  root = SCORING_FIXTURE,
  extra: Record<string, string> = {},
): Promise<MlPipelineSource> {
  const files: Record<string, Buffer> = {};
  for (const step of ['prep', 'score', 'train']) {
    for (const name of await readdir(join(root, 'src', step))) {
      files[`src/${step}/${name}`] = await readFile(join(root, 'src', step, name));
    }
  }
  for (const [name, content] of Object.entries(extra)) files[name] = Buffer.from(content);
  return {
    kind: 'bundle',
    fileName: 'pipeline.yml',
    yaml: await readFile(join(root, 'pipeline.yml'), 'utf8'),
    files,
  };
}

function stepHashes(record: MlPublishedPipelineRecord): Record<string, string> {
  const { stepCode } = readPublishedSnapshot(record);
  return Object.fromEntries(
    Object.entries(stepCode).map(([step, code]) => [step, code.snapshotHash]),
  );
}

describe.each(storeAdaptersUnderTest())('publishing on %s', (adapter) => {
  const workspace = useWorkspace(adapter);

  it('publishes a pipeline file: record, definition, per-step code snapshots', async () => {
    const { service, snapshotRoot } = workspace();
    const { pipeline, snapshotExisted, endpoint } = await service.publish(
      { kind: 'file', file: join(SCORING_FIXTURE, 'pipeline.yml') },
      { createdBy: 'tester' },
    );
    expect(endpoint).toBeUndefined();
    expect(typeof snapshotExisted).toBe('boolean');
    expect(pipeline).toMatchObject({
      name: 'churn_scoring',
      description: 'Prepare, train, then score customers in mini-batches.',
      version: '1',
      status: 'Active',
      continueOnStepFailure: true,
      createdBy: 'tester',
    });
    expect(pipeline.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(pipeline.snapshotHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await service.getPipeline(pipeline.id)).toEqual(pipeline);

    const snapshot = readPublishedSnapshot(pipeline);
    expect(snapshot.pipeline.stepOrder).toEqual(['prep', 'train', 'score', 'notify']);
    expect(snapshot.pipeline.file).toBe('pipeline.yml');
    // Steps with a code folder have a snapshot; `notify` has none.
    expect(Object.keys(snapshot.stepCode).sort()).toEqual(['prep', 'score', 'train']);
    const train = codeFolderOf(snapshotRoot, snapshot.stepCode.train!.snapshotHash);
    expect(await readdir(train)).toEqual(['train.py']);
    expect(await readFile(join(train, 'train.py'), 'utf8')).toBe(
      await readFile(join(SCORING_FIXTURE, 'src/train/train.py'), 'utf8'),
    );
    // The definition itself is stored under the pipeline hash.
    const stored = JSON.parse(
      await readFile(join(snapshotRoot, pipeline.snapshotHash, PUBLISHED_SNAPSHOT_FILE), 'utf8'),
    );
    expect(stored).toEqual(pipeline.definition);
  });

  it('gives the same content the same hashes, from a file or a bundle, and stores it once', async () => {
    const { service } = workspace();
    const first = await service.publish(
      { kind: 'file', file: await workspace().copyScoring() },
      {},
    );
    const second = await service.publish(
      { kind: 'file', file: await workspace().copyScoring() },
      {},
    );
    const bundled = await service.publish(await scoringBundle(), {});
    expect(second.pipeline.id).not.toBe(first.pipeline.id);
    expect(second.pipeline.snapshotHash).toBe(first.pipeline.snapshotHash);
    expect(second.snapshotExisted).toBe(true);
    expect(bundled.pipeline.snapshotHash).toBe(first.pipeline.snapshotHash);
    expect(bundled.snapshotExisted).toBe(true);
    expect(stepHashes(bundled.pipeline)).toEqual(stepHashes(first.pipeline));
  });

  it("changes only the edited step's code hash", async () => {
    const { service } = workspace();
    const file = await workspace().copyScoring();
    const before = await service.publish({ kind: 'file', file }, {});
    await writeFile(join(dirname(file), 'src/train/train.py'), 'print("trained differently")\n');
    const after = await service.publish({ kind: 'file', file }, {});
    expect(after.snapshotExisted).toBe(false);
    expect(after.pipeline.snapshotHash).not.toBe(before.pipeline.snapshotHash);
    const [old, updated] = [stepHashes(before.pipeline), stepHashes(after.pipeline)];
    expect(updated.train).not.toBe(old.train);
    expect(updated.prep).toBe(old.prep);
    expect(updated.score).toBe(old.score);
  });

  it('leaves files .amlignore excludes out of the snapshot and its hash', async () => {
    const { service, snapshotRoot } = workspace();
    const file = await workspace().copyScoring();
    const prep = join(dirname(file), 'src/prep');
    await writeFile(join(prep, '.amlignore'), 'scratch/\n*.tmp\n');
    const before = await service.publish({ kind: 'file', file }, {});
    await mkdir(join(prep, 'scratch'));
    await writeFile(join(prep, 'scratch/big.csv'), '1,2,3\n');
    await writeFile(join(prep, 'notes.tmp'), 'draft');
    const after = await service.publish({ kind: 'file', file }, {});
    expect(after.pipeline.snapshotHash).toBe(before.pipeline.snapshotHash);
    expect(after.snapshotExisted).toBe(true);
    const stored = codeFolderOf(snapshotRoot, stepHashes(after.pipeline).prep!);
    expect((await readdir(stored)).sort()).toEqual(['.amlignore', 'prep.py']);
  });

  it('applies the publish options over the YAML', async () => {
    const { service } = workspace();
    const { pipeline } = await service.publish(
      { kind: 'file', file: join(SCORING_FIXTURE, 'pipeline.yml') },
      { name: 'Churn', description: 'nightly', version: '2.1', continueOnStepFailure: false },
    );
    expect(pipeline).toMatchObject({
      name: 'Churn',
      description: 'nightly',
      version: '2.1',
      continueOnStepFailure: false,
      createdBy: null,
    });
  });

  it('derives the interface: Azure types, defaults as strings, optional flags', async () => {
    const { service } = workspace();
    const scoring = await service.publish(
      { kind: 'file', file: join(SCORING_FIXTURE, 'pipeline.yml') },
      {},
    );
    expect(scoring.pipeline.interface).toEqual({
      parameters: [
        { name: 'learning_rate', type: 'Double', defaultValue: '0.01', isOptional: true },
        { name: 'epochs', type: 'Int', defaultValue: '5', isOptional: true },
      ],
      dataPathParameters: [
        {
          name: 'raw_data',
          dataType: 'uri_folder',
          defaultValue: { datastore: 'workspaceblobstore', path: 'raw/churn' },
          isOptional: true,
        },
        {
          name: 'customers',
          dataType: 'mltable',
          defaultValue: { datastore: 'scoring', path: 'customers/latest' },
          isOptional: true,
        },
      ],
    });
    const params = await service.publish(
      { kind: 'bundle', fileName: 'params.yml', yaml: PARAMS_YAML, files: {} },
      {},
    );
    expect(params.pipeline.interface).toEqual({
      parameters: [
        { name: 'count', type: 'Int', defaultValue: null, isOptional: false },
        { name: 'ratio', type: 'Double', defaultValue: '0.5', isOptional: true },
        { name: 'flag', type: 'Bool', defaultValue: 'true', isOptional: true },
        { name: 'label', type: 'String', defaultValue: 'hello', isOptional: true },
        { name: 'note', type: 'String', defaultValue: null, isOptional: true },
      ],
      dataPathParameters: [
        { name: 'source', dataType: 'uri_folder', defaultValue: null, isOptional: false },
      ],
    });
    expect(params.pipeline.continueOnStepFailure).toBe(false);
    expect(readPublishedSnapshot(params.pipeline).stepCode).toEqual({});
  });

  it('refuses an invalid pipeline with every problem located by line and column', async () => {
    const { service } = workspace();
    const before = (await service.listPipelines({ activeOnly: false })).length;
    const yaml = [
      'type: pipeline',
      'name: broken',
      'jobs:',
      '  a:',
      '    type: command',
      '    inputs:',
      '      raw:',
      '        type: uri_folder',
      '        path: azureml://datastores/nowhere/paths/x',
      '  b:',
      '    type: command',
      '    command: echo b',
      '    code: missing_folder',
      '',
    ].join('\n');
    const error = await expectWorkspaceError(
      service.publish({ kind: 'bundle', fileName: 'broken.yml', yaml, files: {} }, {}),
      'ML_INVALID_PIPELINE',
    );
    expect(error.httpStatus).toBe(400);
    expect(error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'ML_MISSING_FIELD',
          severity: 'error',
          file: 'broken.yml',
          line: 4,
          column: 3,
          path: 'jobs.a.command',
        }),
        expect.objectContaining({
          code: 'ML_UNKNOWN_DATASTORE',
          file: 'broken.yml',
          line: 9,
          column: 15,
          path: 'jobs.a.inputs.raw.path',
        }),
      ]),
    );
    expect(error.details).toHaveLength(2);
    expect(error.message).toContain('broken.yml has 2 errors');
    expect(error.message).toContain('line 9, column 15');
    expect(error.message).not.toContain(tmpdir());
    expect((await service.listPipelines({ activeOnly: false })).length).toBe(before);
  });

  it('reports a missing code folder of a pipeline file at its code: key', async () => {
    const { service } = workspace();
    const folder = await workspace().writeFolder({
      'p.yml': PARAMS_YAML.replace('    command: cat', '    code: nowhere\n    command: cat'),
    });
    const error = await expectWorkspaceError(
      service.publish({ kind: 'file', file: join(folder, 'p.yml') }, {}),
      'ML_INVALID_PIPELINE',
    );
    expect(error.details).toEqual([
      expect.objectContaining({
        code: 'ML_MISSING_CODE_FOLDER',
        file: join(folder, 'p.yml'),
        path: 'jobs.second.code',
        line: 37,
        column: 5,
      }),
    ]);
  });

  it.each([
    ['../evil.py', 'contains ".."'],
    ['src/../../evil.py', 'contains ".."'],
    ['/etc/cron.d/evil', 'is absolute'],
    ['C:\\evil.py', 'is absolute'],
    ['src/a\0.py', 'NUL'],
  ])('refuses a bundle file named %j', async (name, why) => {
    const { service } = workspace();
    const bundle = await scoringBundle(SCORING_FIXTURE, { [name]: 'x' });
    const error = await expectWorkspaceError(service.publish(bundle, {}), 'ML_INVALID_REQUEST');
    expect(error.message).toContain(why);
    expect(error.details).toEqual([{ name, problem: expect.stringContaining(why) }]);
  });

  it('refuses a bundled code folder outside the bundle', async () => {
    const { service } = workspace();
    const yaml = PARAMS_YAML.replace('    command: cat', `    code: ${tmpdir()}\n    command: cat`);
    const error = await expectWorkspaceError(
      service.publish({ kind: 'bundle', fileName: 'params.yml', yaml, files: {} }, {}),
      'ML_INVALID_PIPELINE',
    );
    expect(error.details).toEqual([
      expect.objectContaining({
        file: 'params.yml',
        path: 'jobs.second.code',
        line: 37,
        column: 5,
      }),
    ]);
    expect(error.message).toContain('leaves the bundle');
  });

  it('refuses a code folder with a symbolic link leading outside it, at its code: key', async () => {
    const { service } = workspace();
    const file = await workspace().copyScoring();
    await symlink('/etc/hostname', join(dirname(file), 'src/prep/hostname'));
    const error = await expectWorkspaceError(
      service.publish({ kind: 'file', file }, {}),
      'ML_INVALID_PIPELINE',
    );
    expect(error.message).toContain('"hostname"');
    expect(error.details).toEqual([
      expect.objectContaining({ path: 'jobs.prep.code', line: 27, column: 5 }),
    ]);
  });

  it('lists, gets and changes the status of published pipelines', async () => {
    const { service } = workspace();
    const { pipeline } = await service.publish(
      { kind: 'bundle', fileName: 'params.yml', yaml: PARAMS_YAML, files: {} },
      { name: workspace().uniqueName('listed') },
    );
    const newest = (await service.listPipelines({ activeOnly: true }))[0];
    expect(newest?.id).toBe(pipeline.id);

    const deprecated = await service.setPipelineStatus(pipeline.id, 'Deprecated');
    expect(deprecated.status).toBe('Deprecated');
    expect(deprecated.lastModified > pipeline.lastModified).toBe(true);
    const active = await service.listPipelines({ activeOnly: true });
    expect(active.some((candidate) => candidate.id === pipeline.id)).toBe(false);
    const all = await service.listPipelines({ activeOnly: false });
    expect(all.some((candidate) => candidate.id === pipeline.id)).toBe(true);

    await expectWorkspaceError(service.getPipeline('no-such-id'), 'ML_PIPELINE_NOT_FOUND');
    await expectWorkspaceError(
      service.setPipelineStatus('no-such-id', 'Active'),
      'ML_PIPELINE_NOT_FOUND',
    );
    await expectWorkspaceError(
      service.setPipelineStatus(pipeline.id, 'Archived' as 'Active'),
      'ML_INVALID_REQUEST',
    );
  });
});
