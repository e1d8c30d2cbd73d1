/**
 * Batch scoring of synthesized loans end to end (factory → ML pipeline → parallel step) against
 * one bare script doing the same scoring, on the embedded default (SQLite and the local datastore
 * in a temporary Millrace home), with Millrace compiled as users run it
 * (`batch/compiled-millrace.ts`: src/ is built into dist/ first, and the step's workers run
 * plain `node`, without tsx):
 *
 * 1. lending_club.csv (9,857 real loans) is grown to MILLRACE_BENCH_BATCH_ROWS rows (Default:
 *    1,000,000; seed 1, `synthesize/`) inside the home's workspaceblobstore datastore;
 * 2. the example ML pipeline tabular-classifier trains once on the real loans and registers a
 *    logistic regression model;
 * 3. bare: `batch/score-bare.mjs`, one plain Node process scoring the big file with the example's
 *    own tabular-model.mjs and the step's compiled CSV parser in batches of the step's
 *    mini_batch_size, writing the same `id,probability,decision` lines;
 * 4. end to end: a factory pipeline of one AzureMLExecutePipeline activity runs the example ML
 *    pipeline tabular-batch-score (one parallel `score` step) on the big
 *    file, published to two endpoints that differ only in `max_concurrency_per_instance` (1, 2),
 *    timed from `PipelineEngine.run` to Succeeded in this process. Every predictions file is
 *    checked: one line per row, byte for byte the bare script's output. The three cases take
 *    turns within each round (the first case rotating) after one warm-up round;
 *    MILLRACE_BENCH_BATCH_SAMPLES rounds are timed (Default: 5);
 * 5. peak memory scoring MILLRACE_BENCH_BATCH_BIG_ROWS rows (Default: 10,000,000, about 1 GB) on
 *    2 worker processes with `millrace run` (bin/millrace, as a user runs the pipeline): the peak
 *    resident set (VmHWM, sampled from /proc every 100 ms) of the `millrace run` process (it hosts
 *    the engine, the ML workspace and the parallel step's coordinator) and of every process it
 *    starts, and the PSS of each and of the whole tree (shared pages, such as the node binary's,
 *    split between the processes instead of counted in each). MILLRACE_BENCH_SKIP_10M=1 skips it
 *    (about a minute on 2 CPUs).
 *
 * Goals (issue 7): end to end on 1 process ≤ 1.10 × the bare script; 2 processes ≥ 1.8 ×
 * faster than 1; peak memory ≤ 300 MB scoring 10M rows (the coordinator and the workers
 * together).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { prepareBareScript, runBareScript } from './batch/bare-scoring.js';
import {
  REPO,
  WORKER_COUNTS,
  openBatchWorkspace,
  publishScoring,
  runEndToEnd,
  runWithCli,
  scoringMiniBatchRows,
  trainModel,
  type BatchWorkspace,
  type CliRun,
  type EndToEndRun,
  type WorkerCount,
} from './batch/batch-workspace.js';
import { compileMillrace, type CompiledMillrace } from './batch/compiled-millrace.js';
import { ProcessTreeMemory, type MemoryPeaks } from './batch/process-tree-memory.js';
import { countLinesAndHash, synthesizeLoans } from './batch/table-files.js';
import { percentile } from './bench-figures.js';
import type { BenchRow } from './engine.bench.js';

const ROWS = Number(process.env.MILLRACE_BENCH_BATCH_ROWS ?? 1_000_000);
const BIG_ROWS = Number(process.env.MILLRACE_BENCH_BATCH_BIG_ROWS ?? 10_000_000);
const SAMPLES = Number(process.env.MILLRACE_BENCH_BATCH_SAMPLES ?? 5);
const SKIP_BIG = process.env.MILLRACE_BENCH_SKIP_10M === '1';
const WARM_UPS = 1;
const SEED = 1;
const MEMORY_SAMPLE_MS = 100;
const MB = 1e6;

const EXAMPLE_DATA = join(
  REPO,
  'examples/loan-default/ml/datastores/workspaceblobstore/examples/loan-default/lending_club.csv',
);
const SHARED_DATA = '/work/shared/datasets/lending_club.csv';

const median = (values: readonly number[]): number => percentile(values, 0.5);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (bytes: number): string => `${(bytes / MB).toFixed(0)} MB`;
const rowsPerSecond = (rows: number, ms: number): string =>
  `${Math.round(rows / (ms / 1000)).toLocaleString('en-US')} rows/s`;
const goal = (met: boolean): string => (met ? 'met' : 'MISSED');
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');

function timing(values: readonly number[]): string {
  return `${rowsPerSecond(ROWS, median(values))} (median ${seconds(median(values))}, min ${seconds(percentile(values, 0))}, max ${seconds(percentile(values, 1))}, n=${values.length})`;
}

function breakdown(runs: readonly EndToEndRun[]): string {
  const ms = (of: (run: EndToEndRun) => number) => `${median(runs.map(of)).toFixed(0)} ms`;
  return [
    `start → ML submit ${ms((run) => run.breakdown.toSubmit)}`,
    `ML submit → score step ${ms((run) => run.breakdown.toScoreStep)}`,
    `score step ${ms((run) => run.breakdown.scoreStep)}`,
    `score end → Succeeded ${ms((run) => run.breakdown.afterScore)}`,
    `CPU: coordinator ${ms((run) => run.cpu.coordinator * 1000)}, step processes ${ms((run) => run.cpu.children * 1000)}`,
  ].join('; ');
}

/**
 * How much faster 2 processes could be than 1 on this machine if nothing else ran on it: the CPU
 * time a 2-process run uses (both workers, their start and init, and the coordinator) spread over
 * every CPU, or half the 1-process time, whichever is longer.
 */
function ceiling(oneProcess: readonly EndToEndRun[], twoProcesses: readonly EndToEndRun[]): string {
  const cpuTime = (run: EndToEndRun) => (run.cpu.coordinator + run.cpu.children) * 1000;
  const wall = median(oneProcess.map((run) => run.ms));
  const cpu = median(twoProcesses.map(cpuTime));
  const best = wall / Math.max(wall / 2, cpu / cpus().length);
  return `×${best.toFixed(2)} (a 2-process run uses ${seconds(cpu)} of CPU; ${cpus().length} CPUs)`;
}

/**
 * `millrace run` on 2 processes over BIG_ROWS rows, with the peak memory of every process: the
 * `millrace run` process (the engine, the ML workspace and the parallel step's coordinator, as a
 * user runs them) and each of its descendants.
 */
async function peakMemory(
  workspace: BatchWorkspace,
  millrace: CompiledMillrace,
  realData: string,
): Promise<BenchRow[]> {
  const big = await synthesizeLoans(realData, workspace.datastoreFolder, BIG_ROWS, SEED);
  try {
    const sampler = new ProcessTreeMemory(MEMORY_SAMPLE_MS);
    let run: CliRun;
    let peaks: MemoryPeaks;
    try {
      run = await runWithCli(workspace, millrace, 2, big.path);
    } finally {
      peaks = sampler.stop();
    }
    const { lines } = await countLinesAndHash(run.predictions);
    if (lines !== BIG_ROWS) throw new Error(`${run.predictions} has ${lines} lines`);
    await rm(dirname(run.predictions), { recursive: true, force: true });
    const coordinator = peaks.descendants.find((peak) => peak.pid === run.pid);
    if (coordinator === undefined) throw new Error('the millrace run process was never sampled');
    const workers = peaks.descendants.filter((peak) => peak.label.startsWith('worker'));
    // A process gone before its status was read shows 0 bytes: nothing to report.
    const others = peaks.descendants.filter(
      (peak) => peak !== coordinator && !peak.label.startsWith('worker') && peak.peakBytes > 0,
    );
    const total = workers.reduce((sum, peak) => sum + peak.peakBytes, coordinator.peakBytes);
    return [
      {
        task: `${BIG_ROWS.toLocaleString('en-US')} rows synthesized`,
        value: `${megabytes(big.bytes)} in ${seconds(big.ms)}`,
      },
      {
        task: `millrace run, 2 processes, ${BIG_ROWS.toLocaleString('en-US')} rows`,
        value: `${rowsPerSecond(BIG_ROWS, run.ms)} (${seconds(run.ms)} from start to exit); score step ${run.breakdown.scoreStep.toFixed(0)} ms`,
      },
      {
        task: 'peak RSS: coordinator (the millrace run process)',
        value: megabytes(coordinator.peakBytes),
      },
      ...workers.map((peak) => ({
        task: `peak RSS: ${peak.label} (pid ${peak.pid})`,
        value: megabytes(peak.peakBytes),
      })),
      {
        task: 'peak RSS: other processes of the run',
        value:
          others.map((peak) => `${peak.label} ${megabytes(peak.peakBytes)}`).join(', ') || 'none',
      },
      {
        task: 'peak RSS: coordinator + workers (goal ≤ 300 MB)',
        value: `${megabytes(total)} (${peaks.samples} samples): ${goal(total <= 300 * MB)}`,
      },
      {
        task: 'peak PSS (shared pages split between processes)',
        value: `coordinator ${megabytes(coordinator.peakPssBytes)}, ${workers.map((peak) => `${peak.label} ${megabytes(peak.peakPssBytes)}`).join(', ')}; the whole tree at its highest ${megabytes(peaks.peakTreePssBytes)}`,
      },
    ];
  } finally {
    await rm(dirname(big.file), { recursive: true, force: true });
  }
}

export async function benchBatchScoring(): Promise<BenchRow[]> {
  const realData = existsSync(EXAMPLE_DATA) ? EXAMPLE_DATA : SHARED_DATA;
  const loadAtStart = load();
  const millrace = await compileMillrace();
  const home = await mkdtemp(join(tmpdir(), 'millrace-bench-batch-'));
  let workspace: BatchWorkspace | undefined;
  try {
    workspace = await openBatchWorkspace(home, millrace);
    const data = await synthesizeLoans(realData, workspace.datastoreFolder, ROWS, SEED);
    const model = await trainModel(workspace, realData);
    for (const workers of WORKER_COUNTS) await publishScoring(workspace, workers);
    const bareScript = await prepareBareScript(home, millrace);
    // The bare script cuts its batches as the step cuts its mini-batches.
    const miniBatchRows = await scoringMiniBatchRows();
    const bareOutput = join(home, 'bare-predictions.csv');

    const bareMs: number[] = [];
    const bareCpu: number[] = [];
    const endToEnd: Record<WorkerCount, EndToEndRun[]> = { 1: [], 2: [] };
    let bareSha256: string | undefined;
    const opened = workspace;
    const cases: readonly ((timed: boolean) => Promise<void>)[] = [
      async (timed) => {
        const { ms, cpu } = await runBareScript({
          script: bareScript,
          parser: millrace.tableSliceParser,
          model: model.folder,
          input: data.file,
          output: bareOutput,
          rowsPerBatch: miniBatchRows,
        });
        const { lines, sha256 } = await countLinesAndHash(bareOutput);
        if (lines !== ROWS) throw new Error(`the bare script wrote ${lines} lines`);
        bareSha256 = sha256;
        if (timed) {
          bareMs.push(ms);
          bareCpu.push(cpu * 1000);
        }
      },
      ...WORKER_COUNTS.map((workers) => async (timed: boolean) => {
        const run = await runEndToEnd(opened, workers, data.path);
        const { lines, sha256 } = await countLinesAndHash(run.predictions);
        if (lines !== ROWS) throw new Error(`${run.predictions} has ${lines} lines`);
        bareSha256 ??= (await countLinesAndHash(bareOutput)).sha256;
        if (sha256 !== bareSha256)
          throw new Error(`${run.predictions} differs from the bare script's output`);
        // Every run writes a folder of its own: keep the disk from filling up.
        await rm(dirname(run.predictions), { recursive: true, force: true });
        if (timed) endToEnd[workers].push(run);
      }),
    ];
    for (let round = 0; round < WARM_UPS + SAMPLES; round++) {
      // Each round starts with the next case, so that no case always follows the same one.
      for (let turn = 0; turn < cases.length; turn++)
        await cases[(round + turn) % cases.length]?.(round >= WARM_UPS);
    }
    await rm(dirname(data.file), { recursive: true, force: true });

    const bare = median(bareMs);
    const one = median(endToEnd[1].map((run) => run.ms));
    const two = median(endToEnd[2].map((run) => run.ms));
    const rows: BenchRow[] = [
      { task: 'machine', value: `${cpus().length} CPUs, ${cpus()[0]?.model ?? 'unknown'}` },
      { task: 'load average (1, 5, 15 min) at start', value: loadAtStart },
      {
        task: 'Millrace: compiled JavaScript, plain node',
        value: `built into ${relative(REPO, millrace.folder)}/ (tsc -p tsconfig.build.json) in ${seconds(millrace.build.ms)}${millrace.build.typeErrors > 0 ? ` (${millrace.build.typeErrors} type errors reported, output emitted)` : ''}`,
      },
      {
        task: 'data',
        value: `${ROWS.toLocaleString('en-US')} loans grown from ${basename(realData)} (seed ${SEED}): ${megabytes(data.bytes)} in ${seconds(data.ms)}`,
      },
      {
        task: 'model: tabular-classifier, logistic regression',
        value: `trained once in ${seconds(model.ms)}, test ROC AUC ${String(model.rocAuc)}`,
      },
      { task: 'bare script, 1 Node process', value: timing(bareMs) },
      { task: 'bare script: CPU (median)', value: `${median(bareCpu).toFixed(0)} ms` },
      ...WORKER_COUNTS.map((workers) => ({
        task: `factory → ML → parallel step, ${workers} process${workers > 1 ? 'es' : ''}`,
        value: timing(endToEnd[workers].map((run) => run.ms)),
      })),
      {
        task: 'end to end on 1 process / bare (goal ≤ 1.10)',
        value: `×${(one / bare).toFixed(2)}: ${goal(one / bare <= 1.1)}`,
      },
      {
        task: '1 process / 2 processes (goal ≥ 1.8)',
        value: `×${(one / two).toFixed(2)}: ${goal(one / two >= 1.8)}`,
      },
      {
        task: '1 process / 2 processes at best on this machine, idle',
        value: ceiling(endToEnd[1], endToEnd[2]),
      },
      ...WORKER_COUNTS.map((workers) => ({
        task: `${workers} process${workers > 1 ? 'es' : ''}: where the time went (medians)`,
        value: breakdown(endToEnd[workers]),
      })),
      {
        task: 'checked',
        value: `every predictions file: ${ROWS.toLocaleString('en-US')} lines, byte for byte the bare script's`,
      },
    ];
    if (SKIP_BIG) {
      rows.push({ task: 'peak memory', value: 'skipped (MILLRACE_BENCH_SKIP_10M=1)' });
    } else {
      const started = performance.now();
      rows.push(...(await peakMemory(workspace, millrace, realData)));
      rows.push({ task: 'peak memory part took', value: seconds(performance.now() - started) });
    }
    rows.push({ task: 'load average (1, 5, 15 min) at end', value: load() });
    return rows;
  } finally {
    await workspace?.close();
    await rm(home, { recursive: true, force: true });
  }
}
