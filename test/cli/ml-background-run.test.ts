/**
 * `millrace ml submit` without `--watch` and `ml cancel`: the CLI returns at once and the run goes
 * on in a detached `millrace ml execute` worker, on the embedded workspace of a temporary home.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI_PIPELINE,
  createMlCliHome,
  isAlive,
  type MlCliHome,
  type RunJson,
  type StepJson,
} from './ml-cli-harness.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TERMINAL = ['Completed', 'Failed', 'Canceled'];

function step(run: RunJson, name: string): StepJson {
  const found = run.steps.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`run ${run.id} has no step ${name}`);
  return found;
}

describe('millrace ml submit without --watch', { timeout: 60_000 }, () => {
  let cli: MlCliHome;
  let pipelineId: string;

  beforeAll(async () => {
    cli = await createMlCliHome();
    pipelineId = (await cli.json<{ id: string }>(['ml', 'publish', CLI_PIPELINE, '--json'])).id;
  });
  afterAll(async () => {
    await cli.dispose();
  });

  it('returns at once with the run id; the run completes in a detached worker', async () => {
    const outcome = await cli.millrace(['ml', 'submit', pipelineId, '--experiment', 'background']);
    expect(outcome.code, outcome.stderr).toBe(0);
    const runId = /^Submitted run (\S+) of cli_flow/.exec(outcome.stdout)?.[1] ?? '';
    expect(runId).toMatch(GUID);
    const run = await cli.waitForRun(runId, (r) => TERMINAL.includes(r.status));
    expect(run.status).toBe('Completed');
    expect(run.steps.map((s) => s.status)).toEqual(['Completed', 'Completed', 'Completed']);
    const log = await cli.millrace(['ml', 'logs', runId, 'prep']);
    expect(log.stdout).toContain('prep wrote 3 rows');
  });

  it('prints the just-submitted run as JSON', async () => {
    const submitted = await cli.json<RunJson>([
      'ml',
      'submit',
      pipelineId,
      '--experiment',
      'background',
      '--param',
      'factor=4',
      '--json',
    ]);
    expect(submitted.id).toMatch(GUID);
    expect(submitted.parameters.factor).toBe(4);
    expect(submitted.steps.map((s) => s.name)).toEqual(['prep', 'train', 'score']);
    const run = await cli.waitForRun(submitted.id, (r) => TERMINAL.includes(r.status));
    expect(step(run, 'train')).toMatchObject({ status: 'Completed', metrics: { weight: 12 } });
  });

  it('cancels a run whose step sleeps, stopping the step process', async () => {
    const submitted = await cli.json<RunJson>([
      'ml',
      'submit',
      pipelineId,
      '--experiment',
      'background',
      '--param',
      'sleep=30',
      '--json',
    ]);
    await cli.waitForRun(submitted.id, (r) => step(r, 'train').status === 'Running');
    let pid: number | undefined;
    for (let tries = 0; tries < 100 && pid === undefined; tries++) {
      const log = await cli.millrace(['ml', 'logs', submitted.id, 'train']);
      pid = Number(/\(pid (\d+)\)/.exec(log.stdout)?.[1]) || undefined;
      if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(pid).toBeGreaterThan(0);

    const cancel = await cli.millrace(['ml', 'cancel', submitted.id]);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toMatch(new RegExp(`^${submitted.id} (CancelRequested|Canceled)$`, 'm'));
    const run = await cli.waitForRun(submitted.id, (r) => TERMINAL.includes(r.status));
    expect(run.status).toBe('Canceled');
    expect(step(run, 'train').status).toBe('Canceled');
    expect(isAlive(pid ?? 0)).toBe(false);

    const again = await cli.millrace(['ml', 'cancel', submitted.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error ML_RUN_FINISHED: /);
  });
});
