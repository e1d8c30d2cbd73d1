/**
 * A factory folder's `ml/` side brought into a workspace: endpoints published once and again
 * only when their definition or code changes, datastore files copied only when missing or
 * different.
 */
import { cp, mkdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasMlSeed, seedMlWorkspace } from '../../../src/ml/workspace/workspace-seed.js';
import { storeAdaptersUnderTest } from '../../support/store-adapters.js';
import { useWorkspace } from './workspace-harness.js';

const EXAMPLE = new URL('../../../examples/loan-scoring/', import.meta.url).pathname;
const LOANS = 'examples/loan-scoring/loans.csv';
const NOTICE = 'examples/loan-scoring/NOTICE.md';

describe.each(storeAdaptersUnderTest())('seedMlWorkspace on %s', (adapter) => {
  const workspace = useWorkspace(adapter);

  async function copyOfExample(): Promise<string> {
    const folder = await workspace().tempFolder();
    await cp(EXAMPLE, folder, { recursive: true });
    return folder;
  }

  it('publishes each pipeline to its endpoint and copies the data, then nothing when unchanged', async () => {
    const { service, datastores } = workspace();
    const folder = await copyOfExample();

    const first = await seedMlWorkspace(folder, { workspace: service, datastores });
    expect(first.endpoints).toEqual([
      { name: 'loan-scoring', version: '0', pipelineId: expect.any(String), unchanged: false },
    ]);
    expect(first.written).toEqual([
      { datastore: 'workspaceblobstore', path: NOTICE },
      { datastore: 'workspaceblobstore', path: LOANS },
    ]);
    const stored = await datastores.get('workspaceblobstore').readFile(LOANS);
    expect(
      stored.equals(await readFile(join(folder, 'ml/datastores/workspaceblobstore', LOANS))),
    ).toBe(true);

    const second = await seedMlWorkspace(folder, { workspace: service, datastores });
    expect(second.endpoints).toEqual([{ ...first.endpoints[0], unchanged: true }]);
    expect(second).toMatchObject({ written: [], equal: 2 });
    const endpoint = await service.getEndpointByName('loan-scoring');
    expect(endpoint.versions).toHaveLength(1);
  });

  it('publishes a new default version when the code changes and rewrites changed data', async () => {
    const { service, datastores } = workspace();
    const folder = await copyOfExample();
    await seedMlWorkspace(folder, { workspace: service, datastores });
    const before = await service.getEndpointByName('loan-scoring');

    const script = join(folder, 'ml/pipelines/loan-scoring/src/score.mjs');
    await writeFile(script, `${await readFile(script, 'utf8')}\n// changed\n`);
    const data = join(folder, 'ml/datastores/workspaceblobstore', LOANS);
    await writeFile(data, (await readFile(data, 'utf8')).split('\n').slice(0, 11).join('\n'));

    const after = await seedMlWorkspace(folder, { workspace: service, datastores });
    const [published] = after.endpoints;
    expect(published?.unchanged).toBe(false);
    expect(published?.pipelineId).not.toBe(before.versions.at(-1)?.pipelineId);
    const endpoint = await service.getEndpointByName('loan-scoring');
    expect(endpoint.defaultVersion).toBe(published?.version);
    expect(endpoint.versions).toHaveLength(before.versions.length + 1);
    expect(after.written).toEqual([{ datastore: 'workspaceblobstore', path: LOANS }]);
    const rows = (await datastores.get('workspaceblobstore').readFile(LOANS)).toString().trim();
    expect(rows.split('\n')).toHaveLength(11);
  });

  it('publishes a pipeline folder that is a symbolic link, as examples share ML pipelines', async () => {
    const { service, datastores } = workspace();
    const folder = await copyOfExample();
    await mkdir(join(folder, 'shared'));
    await rename(join(folder, 'ml/pipelines/loan-scoring'), join(folder, 'shared/scoring'));
    await symlink('../../shared/scoring', join(folder, 'ml/pipelines/loan-scoring'));
    await symlink('../../shared/missing', join(folder, 'ml/pipelines/dangling'));

    const seeded = await seedMlWorkspace(folder, { workspace: service, datastores });
    // The dangling link is no pipeline folder; the linked one is published.
    expect(seeded.endpoints.map((endpoint) => endpoint.name)).toEqual(['loan-scoring']);
    const endpoint = await service.getEndpointByName('loan-scoring');
    expect(endpoint.versions.at(-1)?.pipelineId).toBe(seeded.endpoints[0]?.pipelineId);
  });

  it('tells a folder with an ML side from one without', async () => {
    expect(await hasMlSeed(EXAMPLE)).toBe(true);
    expect(await hasMlSeed(await workspace().tempFolder())).toBe(false);
    expect(await hasMlSeed(join(EXAMPLE, 'pipeline/ScoreLoans.json'))).toBe(false);
  });
});
