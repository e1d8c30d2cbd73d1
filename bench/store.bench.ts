/**
 * Run store overhead: what the engine pays per trivial activity, i.e. committing a 'start
 * activity' transition (create the activity run) and a 'complete activity' one (patch it to
 * Succeeded with its output), on SQLite (a file in a temporary folder) and on PostgreSQL
 * (MILLRACE_TEST_DATABASE_URL's server, else a throwaway local one with production durability
 * settings). Also a page of runs and one run read back, for scale.
 */
import { randomUUID } from 'node:crypto';
import { Bench } from 'tinybench';
import type { ActivityRunRecord, PipelineRunRecord, RunStore } from '../src/store/store.js';
import { newPipelineRun } from '../test/support/run-record-builders.js';
import { postgresBenchStore, sqliteBenchStore, type BenchStore } from './bench-stores.js';

const START = Date.parse('2026-03-01T08:00:00.000Z');

function benchRun(index: number): PipelineRunRecord {
  const runStart = new Date(START + index * 1000).toISOString();
  return newPipelineRun({
    runGroupId: randomUUID(),
    pipelineName: `Pipeline${index % 10}`,
    factoryName: 'bench',
    parameters: { folder: 'in/2026/03/01', count: 3 },
    invokedBy: { name: 'Manual', id: randomUUID(), invokedByType: 'Manual' },
    runStart,
    lastUpdated: runStart,
    variables: { counter: '0' },
    definition: { name: 'Bench', properties: { activities: [{ name: 'Wait1', type: 'Wait' }] } },
    leaseOwner: 'bench',
    leaseExpiresAt: new Date(START + 3_600_000).toISOString(),
  });
}

/** The two commits of one trivial activity, at increasing instants. */
function activityPair(store: RunStore, runId: string): () => Promise<void> {
  let tick = 0;
  return async () => {
    tick++;
    const started = new Date(START + tick * 2).toISOString();
    const ended = new Date(START + tick * 2 + 1).toISOString();
    const activity: ActivityRunRecord = {
      activityRunId: randomUUID(),
      pipelineRunId: runId,
      scope: 'ForEach1[3]',
      activityName: 'SetCounter',
      activityType: 'SetVariable',
      attempt: 1,
      status: 'InProgress',
      input: { variableName: 'counter', value: '1' },
      output: null,
      error: null,
      activityRunStart: started,
      activityRunEnd: null,
      durationInMs: null,
      childRunId: null,
      state: {},
      copiedFromActivityRunId: null,
    };
    await store.commit({ at: started, createActivityRuns: [activity] });
    await store.commit({
      at: ended,
      updateActivityRuns: [
        {
          activityRunId: activity.activityRunId,
          patch: {
            status: 'Succeeded',
            output: { name: 'counter', value: '1' },
            activityRunEnd: ended,
            durationInMs: 1,
          },
        },
      ],
    });
  };
}

export async function benchStore(): Promise<Bench> {
  const bench = new Bench({ time: 1000, warmupTime: 200 });
  const stores: BenchStore[] = [await sqliteBenchStore()];
  try {
    const postgres = await postgresBenchStore();
    if (postgres !== undefined) stores.push(postgres);
    for (const { name, store } of stores) {
      // Some history, so that indexes are not trivially small.
      const runs = Array.from({ length: 2000 }, (_, index) => benchRun(index));
      await store.commit({ at: new Date(START).toISOString(), createRuns: runs });
      const run = runs[0] as PipelineRunRecord;
      bench.add(
        `${name.padEnd(8)} start + complete activity (2 commits)`,
        activityPair(store, run.runId),
      );
      bench.add(`${name.padEnd(8)} getPipelineRun`, async () => {
        await store.getPipelineRun(run.runId);
      });
      bench.add(`${name.padEnd(8)} queryPipelineRuns (newest 100 of 2000)`, async () => {
        await store.queryPipelineRuns({});
      });
    }
    await bench.run();
  } finally {
    for (const { dispose } of stores) await dispose();
  }
  return bench;
}
