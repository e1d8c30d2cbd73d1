/**
 * The ML workspace's speed, on the embedded default (SQLite, local datastore, in-process runs):
 * - submit → first step process running: from `submit()` to the moment the step's process runs
 *   (the step prints its own clock), for a one-step pipeline that never reuses;
 * - a fully reused rerun of a 3-step pipeline: from `submit()` to the run Completed;
 * - parallel-step throughput over a synthetic table of MILLRACE_BENCH_ROWS rows (Default:
 *   1,000,000) on 1 and 2 worker processes, against one bare script running the same scoring code.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { openMlWorkspace, type MlWorkspaceSession } from '../src/cli/ml-workspace-setup.js';
import { timingSummary } from './bench-figures.js';
import type { BenchRow } from './engine.bench.js';

const SAMPLES = Number(process.env.MILLRACE_BENCH_SAMPLES ?? 20);
const ROWS = Number(process.env.MILLRACE_BENCH_ROWS ?? 1_000_000);

function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

async function publish(
  session: MlWorkspaceSession,
  yaml: string,
  files: Record<string, string> = {},
) {
  const result = await session.workspace.publish(
    {
      kind: 'bundle',
      fileName: 'pipeline.yml',
      yaml,
      files: Object.fromEntries(
        Object.entries(files).map(([path, text]) => [path, Buffer.from(text)]),
      ),
    },
    {},
  );
  return result.pipeline.id;
}

async function runToEnd(session: MlWorkspaceSession, pipelineId: string, parameters = {}) {
  const run = await session.workspace.submit(
    { kind: 'pipeline', pipelineId },
    { experimentName: 'bench', parameterAssignments: parameters },
  );
  await session.executor.execute(run.id);
  return session.workspace.getRun(run.id);
}

async function submitToFirstProcess(session: MlWorkspaceSession): Promise<string> {
  const id = await publish(
    session,
    `
type: pipeline
name: first_process
jobs:
  stamp:
    type: command
    command: date +%s%N
    allow_reuse: false
`,
  );
  await runToEnd(session, id); // warm-up
  const delays: number[] = [];
  for (let sample = 0; sample < SAMPLES; sample++) {
    const submittedAt = nowMs();
    const run = await session.workspace.submit(
      { kind: 'pipeline', pipelineId: id },
      { experimentName: 'bench' },
    );
    await session.executor.execute(run.id);
    const log = await session.workspace.readStepLog(run.id, 'stamp', 'stdout');
    const startedAt = Number(BigInt(log.trim().split('\n')[0] ?? '0') / 1000n) / 1000;
    delays.push(startedAt - submittedAt);
  }
  return timingSummary(delays);
}

async function reusedRerun(session: MlWorkspaceSession): Promise<string> {
  const id = await publish(
    session,
    `
type: pipeline
name: three_steps
jobs:
  a:
    type: command
    command: echo a > \${{outputs.out}}/a.txt
    outputs:
      out:
        type: uri_folder
  b:
    type: command
    command: cat \${{inputs.x}}/a.txt > \${{outputs.out}}/b.txt
    inputs:
      x: \${{parent.jobs.a.outputs.out}}
    outputs:
      out:
        type: uri_folder
  c:
    type: command
    command: cat \${{inputs.x}}/b.txt > \${{outputs.out}}/c.txt
    inputs:
      x: \${{parent.jobs.b.outputs.out}}
    outputs:
      out:
        type: uri_folder
`,
  );
  await runToEnd(session, id);
  const durations: number[] = [];
  for (let sample = 0; sample < SAMPLES; sample++) {
    const started = performance.now();
    const details = await runToEnd(session, id);
    durations.push(performance.now() - started);
    if (!details.steps.every((step) => step.reused)) throw new Error('a step was not reused');
  }
  return timingSummary(durations);
}

const SCORE_MODULE = `
// A logistic score over a loan row: the same code for the bare script and the parallel step.
export function score(row) {
  const z = -3 + 0.00002 * Number(row.amount) + 0.04 * Number(row.term) - 0.000015 * Number(row.income);
  return 1 / (1 + Math.exp(-z));
}
`;

const ENTRY_SCRIPT = `
import { score } from './score.mjs';
export function run(rows) {
  return rows.map((row) => row.id + ',' + score(row).toFixed(4));
}
`;

const BARE_SCRIPT = `
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { score } from './score.mjs';
const [input, output] = process.argv.slice(2);
const out = createWriteStream(output);
let header;
for await (const line of createInterface({ input: createReadStream(input) })) {
  const cells = line.split(',');
  if (!header) { header = cells; continue; }
  const row = {};
  header.forEach((name, index) => { row[name] = cells[index]; });
  if (!out.write(row.id + ',' + score(row).toFixed(4) + '\\n')) await new Promise((r) => out.once('drain', r));
}
out.end();
`;

async function writeSyntheticLoans(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('id,amount,term,income,grade\n');
  let chunk = '';
  for (let row = 0; row < ROWS; row++) {
    chunk += `${row},${1000 + ((row * 7919) % 40000)},${12 + (row % 5) * 12},${20000 + ((row * 104729) % 150000)},${'ABCDEFG'[row % 7]}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

async function parallelThroughput(
  session: MlWorkspaceSession,
  scratch: string,
): Promise<BenchRow[]> {
  const code = join(scratch, 'code');
  await mkdir(code, { recursive: true });
  await writeFile(join(code, 'score.mjs'), SCORE_MODULE);
  await writeFile(join(code, 'bare.mjs'), BARE_SCRIPT);
  const datastore = session.datastores.get('workspaceblobstore');
  const loans = join(scratch, 'loans.csv');
  await writeSyntheticLoans(loans);
  const { size } = await stat(loans);
  await datastore.writeFile('bench/loans/loans.csv', createReadStream(loans));

  const rows: BenchRow[] = [];
  const bareStarted = performance.now();
  const bare = spawnSync(
    process.execPath,
    [join(code, 'bare.mjs'), loans, join(scratch, 'bare.out')],
    {
      stdio: 'inherit',
    },
  );
  if (bare.status !== 0) throw new Error('the bare script failed');
  const bareMs = performance.now() - bareStarted;
  rows.push({
    task: `bare script, ${ROWS.toLocaleString('en-US')} rows (${(size / 1e6).toFixed(0)} MB)`,
    value: `${Math.round(ROWS / (bareMs / 1000)).toLocaleString('en-US')} rows/s (${(bareMs / 1000).toFixed(2)} s)`,
  });
  for (const workers of [1, 2]) {
    const id = await publish(
      session,
      `
type: pipeline
name: score_loans_${workers}
inputs:
  loans:
    type: mltable
    path: azureml://datastores/workspaceblobstore/paths/bench/loans
jobs:
  score:
    type: parallel
    allow_reuse: false
    inputs:
      loans: \${{parent.inputs.loans}}
    outputs:
      scores:
        type: uri_folder
    input_data: \${{inputs.loans}}
    mini_batch_size: 50000 rows
    max_concurrency_per_instance: ${workers}
    task:
      type: run_function
      code: code
      entry_script: entry.mjs
      append_row_to: \${{outputs.scores}}
`,
      { 'code/entry.mjs': ENTRY_SCRIPT, 'code/score.mjs': SCORE_MODULE },
    );
    const started = performance.now();
    const details = await runToEnd(session, id);
    const elapsed = performance.now() - started;
    if (details.run.status !== 'Completed') {
      throw new Error(
        `the parallel run ended ${details.run.status}: ${details.run.error?.message}`,
      );
    }
    rows.push({
      task: `parallel step, ${workers} worker process${workers > 1 ? 'es' : ''} (submit → Completed)`,
      value: `${Math.round(ROWS / (elapsed / 1000)).toLocaleString('en-US')} rows/s (${(elapsed / 1000).toFixed(2)} s; bare ×${(bareMs / elapsed).toFixed(2)})`,
    });
  }
  return rows;
}

export async function benchMl(): Promise<BenchRow[]> {
  const home = await mkdtemp(join(tmpdir(), 'millrace-bench-ml-'));
  const session = await openMlWorkspace({ environment: { ...process.env, MILLRACE_HOME: home } });
  try {
    const rows: BenchRow[] = [
      { task: 'machine', value: `${cpus().length} CPUs, ${cpus()[0]?.model ?? 'unknown'}` },
      {
        task: 'submit → first step process running (SQLite)',
        value: await submitToFirstProcess(session),
      },
      {
        task: 'fully reused rerun of a 3-step pipeline (SQLite)',
        value: await reusedRerun(session),
      },
      ...(await parallelThroughput(session, home)),
    ];
    return rows;
  } finally {
    await session.close();
    await rm(home, { recursive: true, force: true });
  }
}
