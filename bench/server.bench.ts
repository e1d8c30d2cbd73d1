/**
 * The server under load, over loopback with a load generator (autocannon), on the embedded
 * default (SQLite) with identity on (every request carries a bearer token):
 * - `createRun` of a trivial pipeline (one NoOp activity) under concurrent clients, then the
 *   time until every created run has Succeeded: runs completed per second end to end;
 * - `queryPipelineRuns` (a page of 100 runs) under concurrent clients.
 * MILLRACE_BENCH_SECONDS sets each load phase's length (Default: 10); MILLRACE_BENCH_CONNECTIONS
 * the concurrent clients (Default: 10).
 */
import autocannon from 'autocannon';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBenchServer } from './bench-server.js';
import type { BenchRow } from './engine.bench.js';

const SECONDS = Number(process.env.MILLRACE_BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.MILLRACE_BENCH_CONNECTIONS ?? 10);
const FACTORY =
  '/subscriptions/bench/resourceGroups/bench/providers/Microsoft.DataFactory/factories/bench';

function load(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ ...options, duration: SECONDS, connections: CONNECTIONS }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

function describe(result: autocannon.Result): string {
  return `${Math.round(result.requests.average).toLocaleString('en-US')} req/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (${result.non2xx} non-2xx, ${result.errors} errors)`;
}

export async function benchServer(): Promise<BenchRow[]> {
  const home = await mkdtemp(join(tmpdir(), 'millrace-bench-server-'));
  const { server, origin, headers } = await openBenchServer(home, 'bench');
  try {
    const put = await fetch(`${origin}${FACTORY}/pipelines/Trivial`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({
        properties: { activities: [{ name: 'Nothing', type: 'NoOp', typeProperties: {} }] },
      }),
    });
    if (!put.ok) throw new Error(`PUT pipeline: ${put.status} ${await put.text()}`);

    const started = performance.now();
    const createRun = await load({
      url: `${origin}${FACTORY}/pipelines/Trivial/createRun`,
      method: 'POST',
      headers,
      body: '{}',
    });
    const created = createRun['2xx'];
    const succeeded = async () => {
      const answer = await fetch(`${origin}${FACTORY}/queryPipelineRuns`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          lastUpdatedAfter: new Date(Date.now() - 3_600_000).toISOString(),
          lastUpdatedBefore: new Date(Date.now() + 60_000).toISOString(),
          filters: [{ operand: 'Status', operator: 'In', values: ['Queued', 'InProgress'] }],
          limit: 1,
        }),
      });
      const page = (await answer.json()) as { value: unknown[] };
      return page.value.length === 0;
    };
    while (!(await succeeded())) await new Promise((resolve) => setTimeout(resolve, 100));
    const endToEndSeconds = (performance.now() - started) / 1000;

    const listRuns = await load({
      url: `${origin}${FACTORY}/queryPipelineRuns`,
      method: 'POST',
      headers,
      body: JSON.stringify({
        lastUpdatedAfter: new Date(Date.now() - 3_600_000).toISOString(),
        lastUpdatedBefore: new Date(Date.now() + 3_600_000).toISOString(),
        limit: 100,
      }),
    });
    return [
      {
        task: 'load',
        value: `${CONNECTIONS} connections, ${SECONDS} s per phase, SQLite, bearer tokens`,
      },
      { task: 'createRun (trivial pipeline)', value: describe(createRun) },
      {
        task: 'createRun → every run Succeeded (end to end)',
        value: `${created.toLocaleString('en-US')} runs in ${endToEndSeconds.toFixed(1)} s: ${Math.round(created / endToEndSeconds).toLocaleString('en-US')} runs/s`,
      },
      { task: 'queryPipelineRuns (page of 100)', value: describe(listRuns) },
    ];
  } finally {
    await server.close();
    await rm(home, { recursive: true, force: true });
  }
}
