/**
 * An ML run whose data lives in Azure Blob storage (a real Azurite): inputs are materialised from
 * the container, outputs and logs collected into it, and a rerun reuses what is there.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMlWorkspace, type MlWorkspaceSession } from '../../../src/cli/ml-workspace-setup.js';
import { startAzurite, type AzuriteServer } from '../azurite-server.js';

const STEP_SCRIPT = join(import.meta.dirname, '../../fixtures/ml/flow/src/step.mjs');

const PIPELINE = `
type: pipeline
name: blob_flow
settings:
  default_datastore: blobs
inputs:
  raw:
    type: uri_folder
    path: azureml://datastores/blobs/paths/incoming
jobs:
  prep:
    type: command
    code: src
    command: node step.mjs --name prep --in \${{inputs.raw}} --out \${{outputs.clean}}
    inputs:
      raw: \${{parent.inputs.raw}}
    outputs:
      clean:
        type: uri_folder
  score:
    type: command
    code: src
    command: node step.mjs --name score --in \${{inputs.clean}} --out \${{outputs.scores}}
    inputs:
      clean: \${{parent.jobs.prep.outputs.clean}}
    outputs:
      scores:
        type: uri_folder
`;

describe('ML runs on an Azure Blob datastore (Azurite)', () => {
  let azurite: AzuriteServer;
  let home: string;
  let session: MlWorkspaceSession;

  beforeAll(async () => {
    azurite = await startAzurite();
    await azurite.createContainer('ml-data');
    home = await mkdtemp(join(tmpdir(), 'millrace-blob-run-'));
    await writeFile(
      join(home, 'datastores.json'),
      JSON.stringify([
        {
          name: 'blobs',
          type: 'azureBlob',
          container: 'ml-data',
          connectionString: azurite.connectionString,
        },
      ]),
    );
    session = await openMlWorkspace({ environment: { ...process.env, MILLRACE_HOME: home } });
  });

  afterAll(async () => {
    await session?.close();
    await azurite?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('reads inputs from the container, writes outputs and logs there, and reuses them', async () => {
    const blobs = session.datastores.get('blobs');
    await blobs.writeFile('incoming/2026/a.txt', 'alpha\n');
    await blobs.writeFile('incoming/2026/b.txt', 'beta\n');
    const { pipeline } = await session.workspace.publish(
      {
        kind: 'bundle',
        fileName: 'pipeline.yml',
        yaml: PIPELINE,
        files: { 'src/step.mjs': await readFile(STEP_SCRIPT) },
      },
      {},
    );
    const submit = async () => {
      const run = await session.workspace.submit(
        { kind: 'pipeline', pipelineId: pipeline.id },
        { experimentName: 'blob-tests' },
      );
      await session.executor.execute(run.id);
      return session.workspace.getRun(run.id);
    };

    const first = await submit();
    expect(first.run.status).toBe('Completed');
    const score = first.steps.find((step) => step.stepName === 'score')!;
    expect(score.outputs.scores?.datastore).toBe('blobs');
    const written = await blobs.readFile(`${score.outputs.scores!.path}/data.txt`);
    expect(written.toString()).toBe('alpha\nbeta\nprep\nscore\n');
    expect(score.logs.stdout).toEqual({
      datastore: 'blobs',
      path: `azureml/ExperimentRun/dcid.${score.id}/logs/stdout.txt`,
    });
    expect((await blobs.readFile(score.logs.stdout!.path)).toString()).toContain(
      'score wrote 4 lines',
    );

    const second = await submit();
    expect(second.steps.map((step) => [step.stepName, step.reused])).toEqual([
      ['prep', true],
      ['score', true],
    ]);

    // An output deleted from the container is not reused: the step runs again and says why.
    const prep = first.steps.find((step) => step.stepName === 'prep')!;
    await blobs.delete(prep.outputs.clean!.path);
    const third = await submit();
    const rerun = third.steps.find((step) => step.stepName === 'prep')!;
    expect(rerun.reused).toBe(false);
    expect(rerun.rerunReason).toContain('is gone from blobs/');
  });
});
