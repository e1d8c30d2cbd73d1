import { cp, mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { loadMlPipeline } from '../../src/ml/index.js';

const fixture = new URL('../fixtures/ml/scoring/', import.meta.url).pathname;
const options = { knownDatastores: ['workspaceblobstore', 'scoring'] };
const copies: string[] = [];

async function copyFixture(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'millrace-ml-'));
  copies.push(folder);
  await cp(fixture, folder, { recursive: true });
  return folder;
}

afterEach(async () => {
  await Promise.all(copies.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

describe('loadMlPipeline', () => {
  it('loads the realistic pipeline whose code folders and entry script exist', async () => {
    const result = await loadMlPipeline(join(fixture, 'pipeline.yml'), options);
    expect(result.problems).toEqual([]);
    expect(result.definition?.stepOrder).toEqual(['prep', 'train', 'score', 'notify']);
    expect(result.baseDirectory).toBe(fixture.replace(/\/$/, ''));
  });

  it('reports a missing code folder at its code: key', async () => {
    const folder = await copyFixture();
    await rm(join(folder, 'src/train'), { recursive: true });
    const result = await loadMlPipeline(join(folder, 'pipeline.yml'), options);
    expect(result.definition).toBeUndefined();
    expect(result.problems).toMatchObject([
      { code: 'ML_MISSING_CODE_FOLDER', line: 38, column: 5, path: 'jobs.train.code' },
    ]);
  });

  it('reports a missing entry script at its entry_script: key', async () => {
    const folder = await copyFixture();
    await unlink(join(folder, 'src/score/score.py'));
    const result = await loadMlPipeline(join(folder, 'pipeline.yml'), options);
    expect(result.problems).toMatchObject([
      {
        code: 'ML_MISSING_ENTRY_SCRIPT',
        line: 75,
        column: 7,
        path: 'jobs.score.task.entry_script',
      },
    ]);
  });

  it('reports an unreadable file', async () => {
    const result = await loadMlPipeline(join(fixture, 'absent.yml'), options);
    expect(result.problems).toMatchObject([{ code: 'ML_UNREADABLE_FILE', line: 1, column: 1 }]);
  });
});
