/**
 * `millrace ml submit`, `ml runs`, `ml run`, `ml logs` and `ml cancel` as users call them: the
 * real CLI in a child process on the embedded workspace of a temporary Millrace home, steps as
 * real Node processes (test/fixtures/ml/cli: prep → train → score), runs in the CLI (`--watch`)
 * or in a detached worker that outlives it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI_PIPELINE,
  createMlCliHome,
  exitOf,
  outputOf,
  type MlCliHome,
  type RunJson,
  type StepJson,
} from './ml-cli-harness.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function step(run: RunJson, name: string): StepJson {
  const found = run.steps.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`run ${run.id} has no step ${name}`);
  return found;
}

describe('millrace ml submit --watch', { timeout: 60_000 }, () => {
  let cli: MlCliHome;
  let pipelineId: string;
  let first: RunJson;

  beforeAll(async () => {
    cli = await createMlCliHome();
    pipelineId = (await cli.json<{ id: string }>(['ml', 'publish', CLI_PIPELINE, '--json'])).id;
  });
  afterAll(async () => {
    await cli.dispose();
  });

  it('runs the pipeline to its end, exits 0 and prints the run as JSON', async () => {
    const outcome = await cli.millrace([
      'ml',
      'submit',
      pipelineId,
      '--experiment',
      'cli-tests',
      '--watch',
      '--json',
    ]);
    expect(outcome.code, outcome.stderr).toBe(0);
    first = JSON.parse(outcome.stdout) as RunJson;
    expect(first.id).toMatch(GUID);
    expect(first).toMatchObject({
      experimentName: 'cli-tests',
      status: 'Completed',
      parameters: { factor: 2, fail: 'none', sleep: 0 },
      dataPaths: { raw: { datastore: 'workspaceblobstore', path: 'cli/raw' } },
    });
    expect(first.steps.map((s) => [s.name, s.status, s.reused])).toEqual([
      ['prep', 'Completed', false],
      ['train', 'Completed', false],
      ['score', 'Completed', false],
    ]);
    expect(step(first, 'prep').metrics).toEqual({ rows: 3 });
    expect(step(first, 'train').metrics).toEqual({ weight: 6 });
    expect(step(first, 'score').metrics).toEqual({ scored: 3 });
    for (const s of first.steps) {
      expect(s.reusedFromRunId).toBeNull();
      expect(typeof s.rerunReason).toBe('string');
      expect(typeof s.durationMs).toBe('number');
    }
  });

  it('reuses every step of an identical submission, naming the run it reused', async () => {
    const outcome = await cli.millrace([
      'ml',
      'submit',
      pipelineId,
      '--experiment',
      'cli-tests',
      '--watch',
      '--json',
    ]);
    expect(outcome.code, outcome.stderr).toBe(0);
    const second = JSON.parse(outcome.stdout) as RunJson;
    expect(second.id).not.toBe(first.id);
    expect(second.status).toBe('Completed');
    for (const s of second.steps) {
      expect(s).toMatchObject({ reused: true, reusedFromRunId: first.id, rerunReason: null });
    }
    expect(step(second, 'prep').metrics).toEqual({ rows: 3 });
  });

  it('reruns the step whose parameter changed, saying which parameter', async () => {
    const outcome = await cli.millrace([
      'ml',
      'submit',
      pipelineId,
      '--experiment',
      'cli-tests',
      '--param',
      'factor=5',
      '--watch',
      '--json',
    ]);
    expect(outcome.code, outcome.stderr).toBe(0);
    const run = JSON.parse(outcome.stdout) as RunJson;
    expect(run.parameters.factor).toBe(5);
    expect(step(run, 'prep')).toMatchObject({ reused: true, reusedFromRunId: first.id });
    const train = step(run, 'train');
    expect(train).toMatchObject({ reused: false, reusedFromRunId: null, metrics: { weight: 15 } });
    expect(train.rerunReason).toContain('factor');
    expect(step(run, 'score').reused).toBe(false);
  });

  it('prints each step status change, then the run report', async () => {
    const outcome = await cli.millrace([
      'ml',
      'submit',
      pipelineId,
      '--experiment',
      'cli-tests',
      '--datapath',
      'raw=workspaceblobstore/cli/other',
      '--tag',
      'owner=tests',
      '--description',
      'five rows',
      '--watch',
    ]);
    expect(outcome.code, outcome.stderr).toBe(0);
    const lines = outcome.stdout.split('\n');
    expect(lines[0]).toMatch(/^Run \S+ of cli_flow in experiment cli-tests/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}prep +Completed .*rows=5/));
    expect(lines).toContainEqual(expect.stringMatching(/^Run \S+ {2}Completed$/));
    expect(outcome.stdout).toContain('data paths raw=workspaceblobstore/cli/other');
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}STEP +STATUS +DURATION +REUSE +METRICS$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}score +Completed +\S+ \S+ +rerun: .* +scored=5$/),
    );
  });

  it('exits 1 when a step fails, with the step error in the JSON', async () => {
    const outcome = await cli.millrace([
      'ml',
      'submit',
      pipelineId,
      '--experiment',
      'cli-tests',
      '--param',
      'fail=train',
      '--watch',
      '--json',
    ]);
    expect(outcome.code).toBe(1);
    const run = JSON.parse(outcome.stdout) as RunJson;
    expect(run.status).toBe('Failed');
    expect(step(run, 'prep').reused).toBe(true);
    expect(step(run, 'train').status).toBe('Failed');
    expect(step(run, 'train').error?.code).toMatch(/^STEP_/);
    expect(step(run, 'score').status).not.toBe('Completed');

    const stderrLog = await cli.millrace(['ml', 'logs', run.id, 'train', '--stderr']);
    expect(stderrLog.code).toBe(0);
    expect(stderrLog.stdout).toContain('train fails on purpose');
  });

  it('exits 2 for an unknown parameter or a value of the wrong type, listing each', async () => {
    const outcome = await cli.millrace([
      'ml',
      'submit',
      pipelineId,
      '--experiment',
      'cli-tests',
      '--param',
      'nope=1',
      '--param',
      'factor=many',
      '--watch',
    ]);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(/^error ML_INVALID_PARAMETERS: /);
    expect(outcome.stderr).toMatch(/^ {2}nope: unknown parameter/m);
    expect(outcome.stderr).toMatch(/^ {2}factor: /m);
  });

  it.each([
    [['--param', 'factor=1'], '--experiment'],
    [['--experiment', 'x', '--param', 'factor'], '--param'],
    [['--experiment', 'x', '--datapath', 'raw=nowhere'], '--datapath'],
    [['--experiment', 'x', '--endpoint', 'e', '--pipeline-id-too'], 'unknown option'],
  ])('exits 2 for bad syntax %j, naming %s', async (args, named) => {
    const outcome = await cli.millrace(['ml', 'submit', pipelineId, ...args]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(named);
  });

  it('exits 2 when both or neither of a pipeline id and --endpoint are given', async () => {
    const both = await cli.millrace([
      'ml',
      'submit',
      pipelineId,
      '--endpoint',
      'e',
      '--experiment',
      'x',
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^error CLI_INVALID_ARGUMENT: .*--endpoint/);
    const neither = await cli.millrace(['ml', 'submit', '--experiment', 'x']);
    expect(neither.code).toBe(2);
  });

  it('exits 2 for an unknown pipeline, endpoint or parent run', async () => {
    const pipeline = await cli.millrace(['ml', 'submit', 'no-such-pipeline', '--experiment', 'x']);
    expect(pipeline.code).toBe(2);
    expect(pipeline.stderr).toMatch(/^error ML_PIPELINE_NOT_FOUND: /);
    const endpoint = await cli.millrace([
      'ml',
      'submit',
      '--endpoint',
      'none@3',
      '--experiment',
      'x',
    ]);
    expect(endpoint.code).toBe(2);
    expect(endpoint.stderr).toMatch(/^error ML_ENDPOINT_NOT_FOUND: /);
    const parent = await cli.millrace([
      'ml',
      'submit',
      pipelineId,
      '--experiment',
      'other-experiment',
      '--parent-run-id',
      first.id,
    ]);
    expect(parent.code).toBe(2);
    expect(parent.stderr).toMatch(/^error ML_PARENT_RUN_INVALID: /);
  });

  it('submits to an endpoint version by name', async () => {
    await cli.json(['ml', 'endpoint', 'create', 'cli-endpoint', pipelineId, '--json']);
    const run = await cli.json<RunJson & { endpointVersion: string }>([
      'ml',
      'submit',
      '--endpoint',
      'cli-endpoint@0',
      '--experiment',
      'cli-tests',
      '--watch',
      '--json',
    ]);
    expect(run).toMatchObject({ status: 'Completed', endpointVersion: '0' });
  });

  it('lists runs newest first, filtered by experiment and status', async () => {
    const all = await cli.json<{ value: RunJson[] }>(['ml', 'runs', '--json']);
    expect(all.value.at(-1)?.id).toBe(first.id);
    expect(all.value.length).toBeGreaterThanOrEqual(5);
    const failed = await cli.json<{ value: RunJson[] }>([
      'ml',
      'runs',
      '--experiment',
      'cli-tests',
      '--status',
      'Failed',
      '--json',
    ]);
    expect(failed.value.map((run) => run.status)).toEqual(['Failed']);
    const table = await cli.millrace(['ml', 'runs', '--limit', '2']);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^ID\s+EXPERIMENT\s+PIPELINE\s+STATUS\s+CREATED\s+DURATION$/,
    );
    const tableLines = table.stdout.trim().split('\n');
    expect(tableLines).toHaveLength(4);
    expect(tableLines[3]).toMatch(/^\(more: --continuation-token \S+\)$/);
    const badStatus = await cli.millrace(['ml', 'runs', '--status', 'Done']);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain('--status');
  });

  it('shows a run for people: steps, reuse, metrics', async () => {
    const outcome = await cli.millrace(['ml', 'run', first.id]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(new RegExp(`^Run ${first.id} {2}Completed$`, 'm'));
    expect(outcome.stdout).toMatch(/^ {2}prep +Completed +\S+ \S+ +rerun: .* +rows=3$/m);
    const missing = await cli.millrace(['ml', 'run', 'no-such-run']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error ML_RUN_NOT_FOUND: /);
  });

  it("prints a step's standard output", async () => {
    const outcome = await cli.millrace(['ml', 'logs', first.id, 'prep']);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('prep wrote 3 rows');
    expect(outcome.stdout).toContain('##millrace {"metric":"rows","value":3}');
    const unknown = await cli.millrace(['ml', 'logs', first.id, 'nothing']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error ML_RUN_NOT_FOUND: /);
  });

  it('cancels the run on Ctrl-C, waits for it to end, and exits 1', async () => {
    const child = cli.start([
      'ml',
      'submit',
      pipelineId,
      '--experiment',
      'cli-tests',
      '--param',
      'sleep=30',
      '--watch',
    ]);
    const output = outputOf(child);
    await output.waitFor(/^ {2}train +Running$/m);
    child.kill('SIGINT');
    expect(await exitOf(child)).toBe(1);
    const runId = /^Run (\S+) of cli_flow/.exec(output.text())?.[1] ?? '';
    expect(output.text()).toMatch(new RegExp(`^Run ${runId} {2}Canceled$`, 'm'));
    const run = await cli.json<RunJson>(['ml', 'run', runId, '--json']);
    expect(run.status).toBe('Canceled');
    expect(step(run, 'train').status).toBe('Canceled');
  });
});
