/** `npm run bench`: runs every benchmark and prints operations per second. */
import type { Bench } from 'tinybench';
import { benchAzureMlActivity } from './azure-ml-activity.bench.js';
import { benchBatchScoring } from './batch-scoring.bench.js';
import { benchExpressions } from './expressions.bench.js';
import { benchEngine, type BenchRow } from './engine.bench.js';
import { benchMl } from './ml.bench.js';
import { benchServer } from './server.bench.js';
import { benchStore } from './store.bench.js';
import { benchWebUi } from './web-ui.bench.js';

const suites: Record<string, () => Promise<Bench | readonly BenchRow[]>> = {
  expressions: benchExpressions,
  store: benchStore,
  engine: () => benchEngine(),
  ml: benchMl,
  server: benchServer,
  activity: benchAzureMlActivity,
  batch: benchBatchScoring,
  web: benchWebUi,
};

const only = process.argv.slice(2);
for (const [name, run] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const bench = await run();
  process.stdout.write(`\n## ${name} (node ${process.version})\n`);
  if (Array.isArray(bench)) {
    for (const row of bench as readonly BenchRow[])
      process.stdout.write(`${row.task.padEnd(60)} ${row.value}\n`);
    continue;
  }
  process.stdout.write(
    `${'task'.padEnd(60)} ${'ops/s'.padStart(12)} ${'mean'.padStart(10)} ${'p99'.padStart(10)}\n`,
  );
  for (const task of (bench as Bench).tasks) {
    const result = task.result;
    if (!result || result.state !== 'completed') {
      process.stdout.write(
        `${task.name.padEnd(60)} failed: ${result && 'error' in result ? String(result.error) : 'no result'}\n`,
      );
      process.exitCode = 1;
      continue;
    }
    const { throughput, latency } = result;
    process.stdout.write(
      `${task.name.padEnd(60)} ${Math.round(throughput.mean).toLocaleString('en-US').padStart(12)} ${formatTime(latency.mean).padStart(10)} ${formatTime(latency.p99 ?? latency.mean).padStart(10)}\n`,
    );
  }
}

function formatTime(ms: number): string {
  return ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(2)} µs`;
}
