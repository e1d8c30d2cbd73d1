import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunRequestError } from '../../src/engine/pipeline-engine.js';
import type { FactorySnapshot } from '../../src/engine/engine-ports.js';
import {
  createTestEngine,
  factoryFromFiles,
  openTestStore,
  type TestStore,
} from '../support/engine-harness.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';

const fixture = (path: string): string =>
  fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

describe.each(storeAdaptersUnderTest())('PipelineEngine (%s)', (adapter) => {
  let testStore: TestStore;
  let factory: FactorySnapshot;
  beforeAll(async () => {
    testStore = await openTestStore(adapter);
    factory = await factoryFromFiles([
      fixture('pipelines/set-and-append-variables/pipeline.json'),
      fixture('pipelines/wait/pipeline.json'),
    ]);
  });
  afterAll(async () => {
    await testStore.dispose();
  });

  it('rejects unknown pipelines and parameters that do not fit, recording nothing', async () => {
    const engine = createTestEngine(testStore.store);
    const before = await testStore.store.queryPipelineRuns({});
    await expect(engine.startRun({ factory, pipelineName: 'Nope' })).rejects.toMatchObject({
      code: 'RUN_UNKNOWN_PIPELINE',
    });
    const invalid = await engine
      .startRun({
        factory,
        pipelineName: 'Variables',
        parameters: { suffix: { not: 'a string' }, extra: 1 },
      })
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(RunRequestError);
    expect((invalid as RunRequestError).problems.map((problem) => problem.code).sort()).toEqual([
      'RUN_INVALID_PARAMETER',
      'RUN_UNKNOWN_PARAMETER',
    ]);
    expect((await testStore.store.queryPipelineRuns({})).value).toHaveLength(before.value.length);
  });

  it('cancels a run that no process executes', async () => {
    const engine = createTestEngine(testStore.store);
    const queued = await engine.startRun({ factory, pipelineName: 'Wait' });
    const cancelled = await engine.cancel(queued.runId);
    expect(cancelled.status).toBe('Cancelled');
    expect((await testStore.store.getPipelineRun(queued.runId))?.status).toBe('Cancelled');
  });

  it('refuses to rerun a run that has not ended, and finds no orphans when none exist', async () => {
    const engine = createTestEngine(testStore.store, { leaseMs: 60_000 });
    const queued = await engine.startRun({ factory, pipelineName: 'Variables' });
    await expect(engine.rerun(queued.runId)).rejects.toMatchObject({ code: 'RUN_NOT_FINISHED' });
    const finished = await engine.execute(queued.runId);
    expect(finished.status).toBe('Succeeded');
    expect(await engine.resumeOrphans()).toEqual([]);
    await expect(engine.rerun('missing')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
  });

  it('never stores the input of an activity with secureInput, while its output stays usable downstream', async () => {
    const secure = await factoryFromFiles([fixture('pipelines/secure-input-output/pipeline.json')]);
    const engine = createTestEngine(testStore.store);
    const run = await engine.run({ factory: secure, pipelineName: 'SecureInputOutput' });
    const [useKey] = await testStore.store.listActivityRuns(run.runId);
    expect(useKey?.input).toBe('**********');
    expect(JSON.stringify(useKey?.input)).not.toContain('s3cret');
    expect(run.output).toEqual({ tokenLength: 17 });
  });

  it("honours the pipeline's concurrency: a second run waits in the queue for the first", async () => {
    const limited = await factoryFromFiles([fixture('engine/one-at-a-time.json')]);
    const engine = createTestEngine(testStore.store);
    const [first, second] = await Promise.all([
      engine.run({ factory: limited, pipelineName: 'OneAtATime' }),
      engine.run({ factory: limited, pipelineName: 'OneAtATime' }),
    ]);
    const works = await Promise.all(
      [first, second].map(async (run) => (await testStore.store.listActivityRuns(run.runId))[0]),
    );
    const [a, b] = works.sort(
      (x, y) => Date.parse(x?.activityRunStart ?? '') - Date.parse(y?.activityRunStart ?? ''),
    );
    expect([first.status, second.status]).toEqual(['Succeeded', 'Succeeded']);
    expect(Date.parse(b?.activityRunStart ?? '')).toBeGreaterThanOrEqual(
      Date.parse(a?.activityRunEnd ?? ''),
    );
  });

  it('converts parameters to their declared types', async () => {
    const engine = createTestEngine(testStore.store);
    const run = await engine.run({
      factory,
      pipelineName: 'Variables',
      parameters: { SUFFIX: 42 },
    });
    expect(run.parameters).toEqual({ suffix: '42' });
    expect(run.output).toEqual({ items: ['run-42', 2], count: 2 });
  });
});
