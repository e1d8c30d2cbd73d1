/**
 * An ML run whose steps import npm dependencies, through the embedded workspace as the CLI and
 * server compose it: MILLRACE_NODE_ENVIRONMENTS chooses the cache, the snapshot leaves the
 * developer's node_modules out, and a command step and a parallel step sharing one package.json
 * share one environment.
 */
import { mkdir, mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMlWorkspace, type MlWorkspaceSession } from '../../../src/cli/ml-workspace-setup.js';
import { PAD_SCRIPT, stepPackageJson, writeLocalPackage } from '../node-packages.js';

const PIPELINE = `
type: pipeline
name: padded
inputs:
  loans:
    type: mltable
    path: azureml://datastores/workspaceblobstore/paths/tables/loans
jobs:
  pad:
    type: command
    code: src
    command: node pad.mjs 42
  score:
    type: parallel
    inputs:
      loans: \${{parent.inputs.loans}}
    outputs:
      scores:
        type: uri_folder
    input_data: \${{inputs.loans}}
    mini_batch_size: 2 rows
    max_concurrency_per_instance: 2
    task:
      type: run_function
      code: src
      entry_script: score.mjs
      append_row_to: \${{outputs.scores}}
`;

const SCORE_SCRIPT = [
  "import leftPad from 'left-pad-local';",
  'export function run(rows) {',
  "  return rows.map((row) => `${row.id},${leftPad(row.amount, 4, '0')}`);",
  '}',
  '',
].join('\n');

describe('an ML run whose steps import npm dependencies', () => {
  let base: string;
  let environmentsRoot: string;
  let session: MlWorkspaceSession;

  beforeAll(async () => {
    base = await realpath(await mkdtemp(join(tmpdir(), 'millrace-node-deps-run-')));
    environmentsRoot = join(base, 'environments');
    const localPackage = await writeLocalPackage(base);
    const project = join(base, 'project');
    const files: Record<string, string> = {
      'pipeline.yml': PIPELINE,
      'src/package.json': stepPackageJson({ 'left-pad-local': `file:${localPackage}` }),
      'src/pad.mjs': PAD_SCRIPT,
      'src/score.mjs': SCORE_SCRIPT,
      // A developer's local install, which must not reach the snapshot: it would pad with '#'.
      'src/node_modules/left-pad-local/package.json': '{"name":"left-pad-local"}',
      'src/node_modules/left-pad-local/index.js':
        "module.exports = (text, width) => String(text).padStart(width, '#');",
    };
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(project, path)), { recursive: true });
      await writeFile(join(project, path), content);
    }
    session = await openMlWorkspace({
      environment: {
        ...process.env,
        MILLRACE_HOME: join(base, 'home'),
        MILLRACE_NODE_ENVIRONMENTS: environmentsRoot,
      },
    });
    await session.datastores
      .get('workspaceblobstore')
      .writeFile('tables/loans/loans.csv', 'id,amount\n1,5\n2,60\n3,700\n');
    const published = await session.workspace.publish(
      { kind: 'file', file: join(project, 'pipeline.yml') },
      {},
    );
    const run = await session.workspace.submit(
      { kind: 'pipeline', pipelineId: published.pipeline.id },
      { experimentName: 'node-dependencies', parameterAssignments: {} },
    );
    await session.executor.execute(run.id);
    runId = run.id;
  });
  let runId: string;

  afterAll(async () => {
    await session?.close();
    await rm(base, { recursive: true, force: true });
  });

  it('completes, both steps importing the dependency from one environment in the configured cache', async () => {
    const details = await session.workspace.getRun(runId);
    expect(details.run.error).toBeNull();
    expect(details.run.status).toBe('Completed');
    expect(await session.workspace.readStepLog(runId, 'pad', 'stdout')).toBe('padded:042\n');
    const score = details.steps.find((step) => step.stepName === 'score')!;
    const output = score.outputs.scores!;
    const appended = await session.datastores
      .get(output.datastore)
      .readFile(`${output.path}/parallel_run_step.txt`);
    expect(appended.toString().trim().split('\n')).toEqual(['1,0005', '2,0060', '3,0700']);
    const environments = await readdir(environmentsRoot);
    expect(environments).toHaveLength(1);
    expect(environments[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('says in the step logs which environment each step used', async () => {
    const logs = await Promise.all(
      ['pad', 'score'].map((step) => session.workspace.readStepLog(runId, step, 'stderr')),
    );
    // The steps run at once: one installs, the other waits for that install or reuses it.
    for (const log of logs)
      expect(log).toMatch(
        /\[millrace\] Node dependencies: (installed \S+ in|using the environment) /,
      );
  });
});
