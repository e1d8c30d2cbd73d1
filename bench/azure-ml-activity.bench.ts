/**
 * What the AzureMLExecutePipeline activity costs end to end, on the embedded default (SQLite in a
 * temporary Millrace home), for an ML pipeline of 3 trivial command steps in a chain (each a
 * `node -e …` that writes its output folder; a fresh `tag` parameter per sample so that no step
 * is reused):
 * - direct: the same 3 scripts as plain child processes, one after another — the floor;
 * - ML run: submit to the embedded workspace, follow it until Completed as the activity does;
 * - factory → ML, embedded: a factory pipeline of one AzureMLExecutePipeline activity whose
 *   linked service names no endpoint, from `PipelineEngine.run` to the run Succeeded;
 * - factory → ML over HTTP: the same through a real server on loopback (`createRun`, then
 *   `GET pipelineruns/{id}` every MILLRACE_BENCH_POLL_MS (Default: 5) until Succeeded); the linked
 *   service names the server and a service principal with ML Pipeline Submitter.
 * The four cases take turns within each round, each round starting with the next case, so that
 * drift of the machine hits them alike and no case always follows the same one.
 * MILLRACE_BENCH_SAMPLES sets the rounds timed (Default: 15), after 3 warm-up rounds.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMlWorkspace, type MlWorkspaceSession } from '../src/cli/ml-workspace-setup.js';
import type { ServerSession } from '../src/cli/server-setup.js';
import {
  BENCH_FACTORY_NAME,
  BENCH_LINKED_SERVICE_NAME,
  mlFactorySnapshot,
} from './ml-factory-snapshot.js';
import type { FactorySnapshot } from '../src/engine/engine-ports.js';
import type { PipelineEngine } from '../src/engine/pipeline-engine.js';
import type { JsonObject } from '../src/factory/resources.js';
import type { MlRunDetails, MlWorkspace } from '../src/ml/workspace/ml-workspace.js';
import { TERMINAL_ML_RUN_STATUSES } from '../src/store/ml-store.js';
import type { RunStore } from '../src/store/store.js';
import { percentile, timingSummary } from './bench-figures.js';
import { embeddedFactoryEngine, openBenchServer } from './bench-server.js';
import type { BenchRow } from './engine.bench.js';

const SAMPLES = Number(process.env.MILLRACE_BENCH_SAMPLES ?? 15);
const WARM_UPS = 3;
const POLL_MS = Number(process.env.MILLRACE_BENCH_POLL_MS ?? 5);
const FACTORY_PATH = `/subscriptions/bench/resourceGroups/bench/providers/Microsoft.DataFactory/factories/${BENCH_FACTORY_NAME}`;
const PIPELINE_NAME = 'RunChain';

/**
 * The chain's scripts. Each finds its folders in the variables a step gets for its bindings
 * (`MILLRACE_INPUT_<name>`, `MILLRACE_OUTPUT_<name>`), so the direct case runs them unchanged.
 */
const STEPS = [
  {
    name: 'a',
    input: { name: 'tag', binding: '${{parent.inputs.tag}}' },
    script:
      'const fs=require("fs");fs.writeFileSync(process.env.MILLRACE_OUTPUT_OUT+"/a.txt",process.env.MILLRACE_INPUT_TAG)',
  },
  {
    name: 'b',
    input: { name: 'x', binding: '${{parent.jobs.a.outputs.out}}' },
    script:
      'const fs=require("fs");fs.writeFileSync(process.env.MILLRACE_OUTPUT_OUT+"/b.txt",fs.readFileSync(process.env.MILLRACE_INPUT_X+"/a.txt"))',
  },
  {
    name: 'c',
    input: { name: 'x', binding: '${{parent.jobs.b.outputs.out}}' },
    script:
      'const fs=require("fs");fs.writeFileSync(process.env.MILLRACE_OUTPUT_OUT+"/c.txt",fs.readFileSync(process.env.MILLRACE_INPUT_X+"/b.txt"))',
  },
] as const;

const CHAIN_YAML = `
type: pipeline
name: bench_chain
inputs:
  tag:
    type: string
    default: none
jobs:
${STEPS.map(
  (step) => `  ${step.name}:
    type: command
    command: ${JSON.stringify(`node -e '${step.script}'`)}
    inputs:
      ${step.input.name}: ${step.input.binding}
    outputs:
      out:
        type: uri_folder
`,
).join('')}`;

function factoryPipeline(mlPipelineId: string): JsonObject {
  return {
    name: PIPELINE_NAME,
    properties: {
      parameters: { tag: { type: 'String' } },
      activities: [
        {
          name: 'RunChain',
          type: 'AzureMLExecutePipeline',
          linkedServiceName: {
            referenceName: BENCH_LINKED_SERVICE_NAME,
            type: 'LinkedServiceReference',
          },
          typeProperties: {
            mlPipelineId,
            experimentName: 'bench',
            mlPipelineParameters: { tag: '@pipeline().parameters.tag' },
          },
        },
      ],
    },
  };
}

type CaseName = 'direct' | 'mlRun' | 'embedded' | 'http';

/** Store timestamps of one factory → ML sample, in ms since the epoch. */
interface FollowTimes {
  readonly started: number;
  readonly mlSubmitted: number;
  readonly mlCompleted: number;
  readonly activityEnded: number;
  readonly finished: number;
}

function overhead(values: readonly number[], floor: readonly number[]): string {
  const median = percentile(values, 0.5);
  const base = percentile(floor, 0.5);
  const difference = median - base;
  return `${difference < 0 ? '−' : '+'}${Math.abs(difference).toFixed(1)} ms median (×${(median / base).toFixed(2)})`;
}

function breakdown(samples: readonly FollowTimes[]): string {
  const part = (of: (times: FollowTimes) => number) => percentile(samples.map(of), 0.5).toFixed(0);
  return (
    [
      `start → ML submit ${part((t) => t.mlSubmitted - t.started)}`,
      `submit → ML Completed ${part((t) => t.mlCompleted - t.mlSubmitted)}`,
      `Completed → activity Succeeded ${part((t) => t.activityEnded - t.mlCompleted)}`,
      `activity → run seen Succeeded ${part((t) => t.finished - t.activityEnded)}`,
    ].join(', ') + ' ms (medians)'
  );
}

async function runScript(script: string, environment: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn('node', ['-e', script], { env: environment, stdio: 'ignore' });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`a direct script exited with ${code}`);
}

/** Case 1: the scripts alone, each in a folder of its own as a step would have. */
async function direct(scratch: string, tag: string): Promise<number> {
  const folder = join(scratch, tag);
  const outputs = STEPS.map((step) => join(folder, step.name));
  await Promise.all(outputs.map((output) => mkdir(output, { recursive: true })));
  const started = performance.now();
  for (const [index, step] of STEPS.entries()) {
    await runScript(step.script, {
      ...process.env,
      MILLRACE_INPUT_TAG: tag,
      MILLRACE_INPUT_X: outputs[index - 1] ?? '',
      MILLRACE_OUTPUT_OUT: outputs[index] ?? '',
    });
  }
  const elapsed = performance.now() - started;
  await rm(folder, { recursive: true, force: true });
  return elapsed;
}

/** Where an ML run's time went, from store timestamps, in ms. */
interface MlRunTimes {
  /** Submit → Completed. */
  readonly run: number;
  /** The steps' own wall time (inputs, process, outputs), added up. */
  readonly inSteps: number;
}

function mlRunTimes(details: MlRunDetails): MlRunTimes {
  const between = (start: string | null, end: string | null) =>
    Date.parse(end ?? '') - Date.parse(start ?? '');
  return {
    run: between(details.run.createdAt, details.run.endTime),
    inSteps: details.steps.reduce((sum, step) => sum + between(step.startTime, step.endTime), 0),
  };
}

function mlBreakdown(samples: readonly MlRunTimes[]): string {
  const inSteps = percentile(
    samples.map((times) => times.inSteps),
    0.5,
  );
  const outside = percentile(
    samples.map((times) => times.run - times.inSteps),
    0.5,
  );
  return `inside the 3 steps ${inSteps.toFixed(0)}, outside them (submit, scheduling, commits) ${outside.toFixed(0)} ms (medians)`;
}

/** Case 2: submit, then wait for changes and read the run as the activity does. */
async function mlRun(
  workspace: MlWorkspace,
  pipelineId: string,
  tag: string,
): Promise<{ readonly elapsed: number; readonly times: MlRunTimes }> {
  const started = performance.now();
  const run = await workspace.submit(
    { kind: 'pipeline', pipelineId },
    { experimentName: 'bench', parameterAssignments: { tag } },
  );
  for (;;) {
    const details = await workspace.getRun(run.id);
    if (TERMINAL_ML_RUN_STATUSES.includes(details.run.status)) {
      const elapsed = performance.now() - started;
      if (details.run.status !== 'Completed')
        throw new Error(`the ML run ended ${details.run.status}: ${details.run.error?.message}`);
      if (details.steps.some((step) => step.reused)) throw new Error('an ML step was reused');
      return { elapsed, times: mlRunTimes(details) };
    }
    await workspace.waitForRunChange(run.id, details.run.status, { timeoutMs: 1000 });
  }
}

/** The store timestamps of a factory run's one activity and of the ML run it followed. */
async function followTimes(
  runs: RunStore,
  workspace: MlWorkspace,
  runId: string,
  started: number,
  finished: number,
): Promise<FollowTimes> {
  const [activity] = await runs.listActivityRuns(runId);
  const output = activity?.output as JsonObject | undefined;
  if (activity?.status !== 'Succeeded' || typeof output?.['runId'] !== 'string')
    throw new Error(`the activity ended ${activity?.status}: ${JSON.stringify(activity?.error)}`);
  const { run, steps } = await workspace.getRun(output['runId']);
  if (steps.some((step) => step.reused)) throw new Error('an ML step was reused');
  return {
    started,
    mlSubmitted: Date.parse(run.createdAt),
    mlCompleted: Date.parse(run.endTime ?? ''),
    activityEnded: Date.parse(activity.activityRunEnd ?? ''),
    finished,
  };
}

interface EmbeddedFactory {
  readonly engine: PipelineEngine;
  readonly factory: FactorySnapshot;
}

/** Case 3: the engine in this process, its activity on the embedded workspace. */
async function embeddedFactoryRun(
  { engine, factory }: EmbeddedFactory,
  session: MlWorkspaceSession,
  tag: string,
): Promise<{ readonly elapsed: number; readonly times: FollowTimes }> {
  const started = Date.now();
  const startedClock = performance.now();
  const run = await engine.run({ factory, pipelineName: PIPELINE_NAME, parameters: { tag } });
  const elapsed = performance.now() - startedClock;
  if (run.status !== 'Succeeded') throw new Error(`the factory run ended ${run.status}`);
  const times = await followTimes(session.store, session.workspace, run.runId, started, Date.now());
  return { elapsed, times };
}

interface HttpFactory {
  readonly server: ServerSession;
  readonly origin: string;
  readonly headers: Record<string, string>;
}

async function call(http: HttpFactory, method: string, path: string, body?: unknown) {
  const response = await fetch(`${http.origin}${FACTORY_PATH}${path}`, {
    method,
    headers: http.headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as JsonObject;
}

/** Case 4: createRun over HTTP, then GET the run until it has Succeeded. */
async function httpFactoryRun(
  http: HttpFactory,
  tag: string,
): Promise<{ readonly elapsed: number; readonly times: FollowTimes }> {
  const started = Date.now();
  const startedClock = performance.now();
  const { runId } = await call(http, 'POST', `/pipelines/${PIPELINE_NAME}/createRun`, { tag });
  for (;;) {
    const run = await call(http, 'GET', `/pipelineruns/${String(runId)}`);
    if (run['status'] === 'Succeeded') break;
    if (run['status'] === 'Failed' || run['status'] === 'Cancelled')
      throw new Error(`the factory run ended ${String(run['status'])}: ${String(run['message'])}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const elapsed = performance.now() - startedClock;
  const times = await followTimes(
    http.server.factory.store,
    http.server.ml.workspace,
    String(runId),
    started,
    Date.now(),
  );
  return { elapsed, times };
}

async function publishChain(workspace: MlWorkspace): Promise<string> {
  const published = await workspace.publish(
    { kind: 'bundle', fileName: 'pipeline.yml', yaml: CHAIN_YAML, files: {} },
    {},
  );
  return published.pipeline.id;
}

async function openHttpFactory(home: string): Promise<HttpFactory> {
  const http = await openBenchServer(home, BENCH_FACTORY_NAME);
  const { server } = http;
  try {
    const robot = await server.identity.addServicePrincipal('bench-adf');
    await server.identity.grantRole(robot.clientId, 'ML Pipeline Submitter', 'ml');
    await call(http, 'PUT', `/linkedservices/${BENCH_LINKED_SERVICE_NAME}`, {
      properties: {
        type: 'AzureMLService',
        typeProperties: {
          millraceEndpoint: http.origin,
          subscriptionId: 'bench',
          resourceGroupName: 'bench',
          mlWorkspaceName: 'bench',
          servicePrincipalId: robot.clientId,
          servicePrincipalKey: { type: 'SecureString', value: robot.secret },
        },
      },
    });
    const pipelineId = await publishChain(server.ml.workspace);
    await call(http, 'PUT', `/pipelines/${PIPELINE_NAME}`, {
      properties: factoryPipeline(pipelineId)['properties'],
    });
    return http;
  } catch (error) {
    await server.close();
    throw error;
  }
}

function embeddedFactory(session: MlWorkspaceSession, pipelineId: string): EmbeddedFactory {
  const engine = embeddedFactoryEngine(session);
  const factory = mlFactorySnapshot({ [PIPELINE_NAME]: factoryPipeline(pipelineId) });
  return { engine, factory };
}

export async function benchAzureMlActivity(): Promise<BenchRow[]> {
  const embeddedHome = await mkdtemp(join(tmpdir(), 'millrace-bench-activity-'));
  const serverHome = await mkdtemp(join(tmpdir(), 'millrace-bench-activity-server-'));
  const scratch = await mkdtemp(join(tmpdir(), 'millrace-bench-activity-direct-'));
  const session = await openMlWorkspace({
    environment: { ...process.env, MILLRACE_HOME: embeddedHome },
  });
  let engine: PipelineEngine | undefined;
  let http: HttpFactory | undefined;
  try {
    const pipelineId = await publishChain(session.workspace);
    const embedded = embeddedFactory(session, pipelineId);
    engine = embedded.engine;
    http = await openHttpFactory(serverHome);

    const durations: Record<CaseName, number[]> = { direct: [], mlRun: [], embedded: [], http: [] };
    const follow: Record<'embedded' | 'http', FollowTimes[]> = { embedded: [], http: [] };
    const followMl: MlRunTimes[] = [];
    const factoryHttp = http;
    const cases: readonly ((tag: string, timed: boolean) => Promise<void>)[] = [
      async (tag, timed) => {
        const elapsed = await direct(scratch, tag);
        if (timed) durations.direct.push(elapsed);
      },
      async (tag, timed) => {
        const { elapsed, times } = await mlRun(session.workspace, pipelineId, tag);
        if (timed) durations.mlRun.push(elapsed);
        if (timed) followMl.push(times);
      },
      async (tag, timed) => {
        const { elapsed, times } = await embeddedFactoryRun(embedded, session, tag);
        if (timed) durations.embedded.push(elapsed);
        if (timed) follow.embedded.push(times);
      },
      async (tag, timed) => {
        const { elapsed, times } = await httpFactoryRun(factoryHttp, tag);
        if (timed) durations.http.push(elapsed);
        if (timed) follow.http.push(times);
      },
    ];
    for (let round = 0; round < WARM_UPS + SAMPLES; round++) {
      // Each round starts with the next case, so that no case always follows the same one.
      for (let turn = 0; turn < cases.length; turn++) {
        const index = (round + turn) % cases.length;
        // A tag of its own per case: cases 2 and 3 share a workspace and must not reuse.
        await cases[index]?.(`round-${round}-case-${index + 1}-${Date.now()}`, round >= WARM_UPS);
      }
    }

    return [
      { task: 'machine', value: `${cpus().length} CPUs, ${cpus()[0]?.model ?? 'unknown'}` },
      {
        task: 'pipeline',
        value: `3 chained command steps (node -e), SQLite, ${WARM_UPS} warm-up rounds`,
      },
      { task: '1. direct: 3 node -e processes in turn', value: timingSummary(durations.direct) },
      { task: '2. ML run: submit → Completed (embedded)', value: timingSummary(durations.mlRun) },
      {
        task: '3. factory → ML, embedded: engine start → Succeeded',
        value: timingSummary(durations.embedded),
      },
      {
        task: '4. factory → ML over HTTP: createRun → Succeeded',
        value: timingSummary(durations.http),
      },
      { task: '2 over 1', value: overhead(durations.mlRun, durations.direct) },
      { task: '3 over 1', value: overhead(durations.embedded, durations.direct) },
      { task: '4 over 1', value: overhead(durations.http, durations.direct) },
      {
        task: '3 over 2 (engine and activity)',
        value: overhead(durations.embedded, durations.mlRun),
      },
      {
        task: '4 over 3 (HTTP, token, polling)',
        value: overhead(durations.http, durations.embedded),
      },
      { task: '2 breakdown (store timestamps)', value: mlBreakdown(followMl) },
      { task: '3 breakdown (store timestamps)', value: breakdown(follow.embedded) },
      { task: '4 breakdown (store timestamps)', value: breakdown(follow.http) },
    ];
  } finally {
    await engine?.close();
    await http?.server.close();
    await session.close();
    await Promise.all(
      [embeddedHome, serverHome, scratch].map((folder) =>
        rm(folder, { recursive: true, force: true }),
      ),
    );
  }
}
