/**
 * The Millrace side of the `batch` bench suite: an embedded ML workspace in a temporary Millrace
 * home, the example ML pipelines tabular-classifier (trained once) and tabular-batch-score
 * (published twice, to one endpoint per worker count), and a factory pipeline per endpoint whose
 * one AzureMLExecutePipeline activity scores a data path: `ScoreOn1`, `ScoreOn2`. They run in
 * this process (`runEndToEnd`), or in a `millrace run` process of their own (`runWithCli`).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MlWorkspaceSession } from '../../src/cli/ml-workspace-setup.js';
import { BENCH_LINKED_SERVICE_NAME, mlFactorySnapshot } from '../ml-factory-snapshot.js';
import type { FactorySnapshot } from '../../src/engine/engine-ports.js';
import type { PipelineEngine } from '../../src/engine/pipeline-engine.js';
import type { JsonObject } from '../../src/factory/resources.js';
import type { MlRunDetails } from '../../src/ml/workspace/ml-workspace.js';
import type { CompiledMillrace } from './compiled-millrace.js';

export const REPO = join(import.meta.dirname, '..', '..');
export const DATASTORE = 'workspaceblobstore';
/** The loan-default example's decision threshold. */
export const THRESHOLD = '0.1';
export const WORKER_COUNTS = [1, 2] as const;
export type WorkerCount = (typeof WORKER_COUNTS)[number];

const CLASSIFIER_YAML = join(REPO, 'examples/ml-pipelines/tabular-classifier/pipeline.yml');
export const SCORING_FOLDER = join(REPO, 'examples/ml-pipelines/tabular-batch-score');
/** The code folder both tabular pipelines run (scoring included). */
export const TABULAR_STEP_CODE = join(REPO, 'examples/ml-pipelines/tabular-classifier/src');
const MODEL_NAME = 'bench-loan-default';
const MODEL_VERSION = 'bench';

/**
 * Where step npm dependencies are installed: MILLRACE_NODE_ENVIRONMENTS, else the cache the tests
 * share (one install per machine; see src/ml/steps/README.md).
 */
export const NODE_ENVIRONMENTS =
  process.env.MILLRACE_NODE_ENVIRONMENTS ?? join(REPO, 'node_modules/.cache/millrace-environments');

export interface BatchWorkspace {
  readonly home: string;
  readonly session: MlWorkspaceSession;
  /** The workspaceblobstore datastore's folder. */
  readonly datastoreFolder: string;
  readonly engine: PipelineEngine;
  readonly factory: FactorySnapshot;
  close(): Promise<void>;
}

/** One factory → ML run, timed from `PipelineEngine.run` to Succeeded. */
export interface EndToEndRun {
  readonly ms: number;
  /** The predictions file the parallel step appended to, in the datastore's folder. */
  readonly predictions: string;
  /** Where the time went, from store timestamps, in ms. */
  readonly breakdown: {
    readonly toSubmit: number;
    /** From the ML run's creation to the start of its score step. */
    readonly toScoreStep: number;
    readonly scoreStep: number;
    readonly afterScore: number;
  };
  /** CPU seconds of this process, and of the step processes that exited during the run. */
  readonly cpu: { readonly coordinator: number; readonly children: number };
}

/** The workspace and the engine, from the compiled Millrace (`compiled-millrace.ts`). */
export async function openBatchWorkspace(
  home: string,
  millrace: CompiledMillrace,
): Promise<BatchWorkspace> {
  const session = await millrace.openMlWorkspace({
    environment: {
      ...process.env,
      MILLRACE_HOME: home,
      MILLRACE_NODE_ENVIRONMENTS: NODE_ENVIRONMENTS,
    },
  });
  const datastore = session.datastores.get(DATASTORE);
  if (!(datastore instanceof millrace.LocalFolderDatastore)) {
    await session.close();
    throw new Error(`the bench needs ${DATASTORE} to be a local folder`);
  }
  // An engine whose AzureMLExecutePipeline uses the session's workspace (as bench-server.ts's
  // embeddedFactoryEngine, on the compiled modules).
  const engine = new millrace.PipelineEngine({
    store: session.store,
    executors: millrace.createBuiltinExecutors({
      mlWorkspace: new millrace.MlWorkspaceConnector({ embedded: session.workspace }).connect,
    }),
    parsePipeline: millrace.parseStoredPipeline,
  });
  const factory = mlFactorySnapshot(
    Object.fromEntries(
      WORKER_COUNTS.map((workers) => [factoryPipelineName(workers), scoringPipeline(workers)]),
    ),
  );
  return {
    home,
    session,
    datastoreFolder: datastore.folder,
    engine,
    factory,
    async close() {
      await engine.close();
      await session.close();
    },
  };
}

const factoryPipelineName = (workers: WorkerCount) => `ScoreOn${workers}`;
const endpointName = (workers: WorkerCount) => `bench-batch-score-${workers}`;

/** Scores the data path in parameter `data` with the registered model, on one endpoint. */
function scoringPipeline(workers: WorkerCount): JsonObject {
  return {
    name: factoryPipelineName(workers),
    properties: {
      parameters: { data: { type: 'String' } },
      activities: [
        {
          name: 'Score',
          type: 'AzureMLExecutePipeline',
          linkedServiceName: {
            referenceName: BENCH_LINKED_SERVICE_NAME,
            type: 'LinkedServiceReference',
          },
          typeProperties: {
            mlPipelineEndpointName: endpointName(workers),
            experimentName: 'bench-batch-score',
            mlPipelineParameters: { model_name: MODEL_NAME, model_version: MODEL_VERSION },
            dataPathAssignments: {
              data: {
                DataStoreName: DATASTORE,
                RelativePath: { value: '@pipeline().parameters.data', type: 'Expression' },
              },
            },
          },
        },
      ],
    },
  };
}

/**
 * Trains tabular-classifier (logistic regression, the loan-default example's settings) on the
 * real loans; the model lands in `models/<name>/<version>/` of the datastore.
 */
export async function trainModel(
  { session, datastoreFolder }: BatchWorkspace,
  realData: string,
): Promise<{ readonly folder: string; readonly ms: number; readonly rocAuc: unknown }> {
  const dataPath = 'bench/lending_club.csv';
  await session.datastores.get(DATASTORE).writeFile(dataPath, await readFile(realData));
  const { pipeline } = await session.workspace.publish({ kind: 'file', file: CLASSIFIER_YAML }, {});
  const started = performance.now();
  const run = await session.workspace.submit(
    { kind: 'pipeline', pipelineId: pipeline.id },
    {
      experimentName: 'bench-batch-train',
      parameterAssignments: {
        label_column: 'Class',
        positive_class: 'bad',
        threshold: THRESHOLD,
        model_name: MODEL_NAME,
        model_version: MODEL_VERSION,
      },
      dataPathAssignments: { data: { datastore: DATASTORE, path: dataPath } },
    },
  );
  await session.executor.execute(run.id);
  const details = await session.workspace.getRun(run.id);
  if (details.run.status !== 'Completed')
    throw new Error(`training ended ${details.run.status}: ${details.run.error?.message}`);
  const evaluate = details.steps.find((step) => step.stepName === 'evaluate');
  return {
    folder: join(datastoreFolder, 'models', MODEL_NAME, MODEL_VERSION),
    ms: performance.now() - started,
    rocAuc: evaluate?.metrics['roc_auc']?.at(-1)?.value ?? null,
  };
}

/**
 * Publishes tabular-batch-score as it is but for `max_concurrency_per_instance: workers`, as the
 * default version of its own endpoint.
 */
export async function publishScoring(
  { session }: BatchWorkspace,
  workers: WorkerCount,
): Promise<void> {
  const yaml = await readFile(join(SCORING_FOLDER, 'pipeline.yml'), 'utf8');
  const setting = /^(\s*max_concurrency_per_instance:\s*)\d+\s*$/gm;
  if ((yaml.match(setting) ?? []).length !== 1)
    throw new Error('tabular-batch-score/pipeline.yml must set max_concurrency_per_instance once');
  await session.workspace.publish(
    {
      kind: 'bundle',
      fileName: 'pipeline.yml',
      // A bundle holds its code under its own root: the shared code folder goes in as src/.
      yaml: yaml.replace(setting, `$1${workers}`).replaceAll(SHARED_CODE_REFERENCE, 'code: src'),
      files: await codeFiles(TABULAR_STEP_CODE, 'src'),
    },
    { endpoint: { name: endpointName(workers), makeDefault: true } },
  );
}

const SHARED_CODE_REFERENCE = 'code: ../tabular-classifier/src';

/** tabular-batch-score's `mini_batch_size`, in rows. */
export async function scoringMiniBatchRows(): Promise<number> {
  const yaml = await readFile(join(SCORING_FOLDER, 'pipeline.yml'), 'utf8');
  const size = /^\s*mini_batch_size:\s*(\d+)\s*rows\s*$/m.exec(yaml)?.[1];
  if (size === undefined)
    throw new Error('tabular-batch-score/pipeline.yml must set mini_batch_size in rows');
  return Number(size);
}

/** A code folder's files as a publish bundle takes them, leaving out a local node_modules. */
async function codeFiles(folder: string, prefix: string): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {};
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) Object.assign(files, await codeFiles(path, `${prefix}/${entry.name}`));
    else if (entry.isFile()) files[`${prefix}/${entry.name}`] = await readFile(path);
  }
  return files;
}

/** CPU seconds of this process, and of its children that have exited (/proc/self/stat). */
export async function cpuTimes(): Promise<{ readonly self: number; readonly children: number }> {
  const stat = await readFile('/proc/self/stat', 'utf8');
  // After the parenthesised command: the state is field 3, so utime … cstime (14 … 17) are 11 … 14.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const seconds = (index: number) => Number(fields[index] ?? 0) / 100;
  return { self: seconds(11) + seconds(12), children: seconds(13) + seconds(14) };
}

/** Runs the factory pipeline ScoreOn<workers> on a data path of the datastore. */
export async function runEndToEnd(
  workspace: BatchWorkspace,
  workers: WorkerCount,
  dataPath: string,
): Promise<EndToEndRun> {
  const cpuBefore = await cpuTimes();
  const startedAt = Date.now();
  const started = performance.now();
  const run = await workspace.engine.run({
    factory: workspace.factory,
    pipelineName: factoryPipelineName(workers),
    parameters: { data: dataPath },
  });
  const ms = performance.now() - started;
  const cpuAfter = await cpuTimes();
  const [activity] = await workspace.session.store.listActivityRuns(run.runId);
  const output = activity?.output as JsonObject | undefined;
  if (run.status !== 'Succeeded' || typeof output?.['runId'] !== 'string')
    throw new Error(
      `the factory run ended ${run.status}: ${JSON.stringify(activity?.error ?? null)}`,
    );
  const details = await workspace.session.workspace.getRun(output['runId']);
  return {
    ms,
    predictions: predictionsFile(workspace, details),
    breakdown: breakdownOf(details, startedAt, startedAt + ms),
    cpu: {
      coordinator: cpuAfter.self - cpuBefore.self,
      children: cpuAfter.children - cpuBefore.children,
    },
  };
}

/** One `millrace run` of a factory pipeline, timed from its start to its exit. */
export interface CliRun {
  readonly ms: number;
  /** The `millrace run` process: the engine, the ML workspace and the step's coordinator. */
  readonly pid: number;
  readonly predictions: string;
  readonly breakdown: EndToEndRun['breakdown'];
}

/**
 * Runs ScoreOn<workers> as a user does: `millrace run` (bin/millrace, the compiled CLI) on a
 * factory folder holding the bench's pipelines, over the same Millrace home.
 */
export async function runWithCli(
  workspace: BatchWorkspace,
  millrace: CompiledMillrace,
  workers: WorkerCount,
  dataPath: string,
): Promise<CliRun> {
  const folder = await writeFactoryFolder(workspace);
  const startedAt = Date.now();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...[millrace.cli, 'run', folder, '--pipeline', factoryPipelineName(workers)],
      ...['--param', `data=${dataPath}`, '--json'],
    ],
    {
      env: {
        ...process.env,
        MILLRACE_HOME: workspace.home,
        MILLRACE_NODE_ENVIRONMENTS: NODE_ENVIRONMENTS,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let report = '';
  let errors = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (report += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (errors += text));
  const [code] = (await once(child, 'exit')) as [number | null];
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`millrace run exited with ${code}:\n${errors}${report}`);
  const run = JSON.parse(report) as { activityRuns?: { output?: { runId?: unknown } }[] };
  const mlRunId = run.activityRuns?.[0]?.output?.runId;
  if (typeof mlRunId !== 'string') throw new Error(`millrace run gave no ML run: ${report}`);
  const details = await workspace.session.workspace.getRun(mlRunId);
  return {
    ms,
    pid: child.pid ?? 0,
    predictions: predictionsFile(workspace, details),
    breakdown: breakdownOf(details, startedAt, startedAt + ms),
  };
}

/** `<home>/bench-factory/`: the factory's pipelines and linked service, as an ADF git folder. */
async function writeFactoryFolder({ home, factory }: BatchWorkspace): Promise<string> {
  const folder = join(home, 'bench-factory');
  for (const [kind, resources] of [
    ['pipeline', factory.pipelines],
    ['linkedService', factory.linkedServices],
  ] as const) {
    await mkdir(join(folder, kind), { recursive: true });
    for (const [name, resource] of Object.entries(resources))
      await writeFile(join(folder, kind, `${name}.json`), JSON.stringify(resource, null, 2));
  }
  return folder;
}

function predictionsFile({ datastoreFolder }: BatchWorkspace, details: MlRunDetails): string {
  // Reused steps would not measure anything: every sample must run them.
  if (details.steps.some((step) => step.reused)) throw new Error('an ML step was reused');
  const folder = details.steps.find((step) => step.stepName === 'score')?.outputs['predictions'];
  if (folder === undefined || folder.datastore !== DATASTORE)
    throw new Error('the score step wrote no predictions to the datastore');
  return join(datastoreFolder, folder.path, 'predictions.csv');
}

function breakdownOf(details: MlRunDetails, started: number, finished: number) {
  const time = (value: string | null | undefined) => Date.parse(value ?? '');
  const step = (name: string) => details.steps.find((each) => each.stepName === name);
  const score = step('score');
  return {
    toSubmit: time(details.run.createdAt) - started,
    toScoreStep: time(score?.startTime) - time(details.run.createdAt),
    scoreStep: time(score?.endTime) - time(score?.startTime),
    afterScore: finished - time(score?.endTime),
  };
}
