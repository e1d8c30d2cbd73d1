/**
 * Orchestration overhead per activity: a ForEach over 10,000 trivial (NoOp) activities, run by the
 * engine on a real store, against a bare loop calling the same executor 10,000 times. The
 * difference divided by 10,000 is what Millrace adds per activity: deciding, recording the
 * activity run (start and end, one transaction each or shared), evaluating its expressions.
 */
import { NoOpExecutor } from '../src/activities/no-op-executor.js';
import { createBuiltinExecutors } from '../src/activities/builtin-executors.js';
import { parseStoredPipeline } from '../src/cli/engine-setup.js';
import { snapshotFactory } from '../src/engine/factory-snapshot.js';
import { PipelineEngine } from '../src/engine/pipeline-engine.js';
import { buildFactory } from '../src/factory/factory-builder.js';
import type { JsonObject } from '../src/factory/resources.js';
import { postgresBenchStore, sqliteBenchStore, type BenchStore } from './bench-stores.js';
import type { RunStore } from '../src/store/store.js';
import { buildExecutionRequest } from '../src/activities/execution-request-builder.js';

export interface BenchRow {
  readonly task: string;
  readonly value: string;
}

const ITEMS = Number(process.env.MILLRACE_BENCH_ITEMS ?? 10_000);

function forEachPipeline(name: string, sequential: boolean): JsonObject {
  return {
    name,
    properties: {
      activities: [
        {
          name: 'Each',
          type: 'ForEach',
          typeProperties: {
            items: `@range(0, ${ITEMS})`,
            isSequential: sequential,
            batchCount: 50,
            activities: [
              { name: 'Work', type: 'NoOp', typeProperties: { output: { n: '@item()' } } },
            ],
          },
        },
      ],
    },
  };
}

async function bareLoop(): Promise<number> {
  const executor = new NoOpExecutor();
  const started = performance.now();
  for (let i = 0; i < ITEMS; i++) {
    await executor.execute(buildExecutionRequest({ type: 'NoOp', input: { output: { n: i } } }));
  }
  return performance.now() - started;
}

async function engineRun(store: RunStore, sequential: boolean): Promise<number> {
  const name = sequential ? 'BenchSequential' : 'BenchParallel';
  const { factory } = buildFactory({
    name: 'bench',
    resources: [
      {
        kind: 'pipeline',
        json: forEachPipeline(name, sequential),
        source: { file: 'bench', pointer: '' },
      },
    ],
  });
  const engine = new PipelineEngine({
    store,
    executors: createBuiltinExecutors({}),
    parsePipeline: parseStoredPipeline,
  });
  const started = performance.now();
  const run = await engine.run({ factory: snapshotFactory(factory), pipelineName: name });
  const elapsed = performance.now() - started;
  await engine.close();
  if (run.status !== 'Succeeded') throw new Error(`bench run ${run.status}: ${run.message}`);
  return elapsed;
}

export async function benchEngine(): Promise<BenchRow[]> {
  const stores: readonly {
    readonly name: string;
    readonly open: () => Promise<BenchStore | undefined>;
  }[] = [
    { name: 'sqlite', open: sqliteBenchStore },
    { name: 'postgres', open: postgresBenchStore },
  ];
  const rows: BenchRow[] = [];
  await bareLoop(); // warm-up
  const bare = await bareLoop();
  rows.push({
    task: `bare loop, ${ITEMS} NoOp executions`,
    value: `${bare.toFixed(0)} ms (${((bare / ITEMS) * 1000).toFixed(1)} µs each)`,
  });
  for (const target of stores) {
    for (const sequential of [true, false]) {
      const opened = await target.open();
      if (!opened) continue;
      try {
        const elapsed = await engineRun(opened.store, sequential);
        const overhead = (elapsed - bare) / ITEMS;
        rows.push({
          task: `${target.name}: ForEach of ${ITEMS}, ${sequential ? 'sequential' : 'batchCount 50'}`,
          value: `${elapsed.toFixed(0)} ms total, ${overhead.toFixed(3)} ms overhead per activity`,
        });
      } finally {
        await opened.dispose();
      }
    }
  }
  return rows;
}
