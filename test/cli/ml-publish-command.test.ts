/**
 * `millrace ml publish`, `ml pipelines`, `ml pipeline …`, `ml endpoints` and `ml endpoint …` as
 * users call them: the real CLI in a child process, the embedded workspace in a temporary
 * Millrace home (SQLite).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI_PIPELINE,
  INVALID_PIPELINE,
  createMlCliHome,
  type MlCliHome,
} from './ml-cli-harness.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface PipelineJson {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly status: string;
  readonly interface: { readonly parameters: readonly { name: string; type: string }[] };
  readonly snapshotExisted?: boolean;
  readonly endpoint?: { name: string; version: string; defaultVersion: string };
}

interface EndpointJson {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly defaultVersion: string;
  readonly versions: readonly { version: string; pipelineId: string }[];
}

let cli: MlCliHome;
beforeAll(async () => {
  cli = await createMlCliHome();
});
afterAll(async () => {
  await cli.dispose();
});

describe('millrace ml publish', () => {
  it('publishes a pipeline and prints its id', async () => {
    const outcome = await cli.millrace(['ml', 'publish', CLI_PIPELINE]);
    expect(outcome.code, outcome.stderr).toBe(0);
    const id = /^Published cli_flow version 1: (\S+)$/m.exec(outcome.stdout)?.[1];
    expect(id).toMatch(GUID);
    const shown = await cli.json<PipelineJson>(['ml', 'pipeline', 'show', id ?? '', '--json']);
    expect(shown).toMatchObject({ id, name: 'cli_flow', version: '1', status: 'Active' });
  });

  it('prints the published pipeline as JSON, with its endpoint version', async () => {
    const published = await cli.json<PipelineJson>([
      'ml',
      'publish',
      CLI_PIPELINE,
      '--name',
      'scoring',
      '--version',
      '2.0',
      '--endpoint',
      'scoring-endpoint',
      '--json',
    ]);
    expect(published.id).toMatch(GUID);
    expect(published).toMatchObject({
      name: 'scoring',
      version: '2.0',
      status: 'Active',
      snapshotExisted: true,
      endpoint: { name: 'scoring-endpoint', version: '0', defaultVersion: '0' },
    });
    expect(published.interface.parameters.map((p) => [p.name, p.type])).toEqual([
      ['factor', 'Int'],
      ['fail', 'String'],
      ['sleep', 'Int'],
    ]);
  });

  it('refuses an invalid YAML with exit status 2 and each problem as file:line:column', async () => {
    const outcome = await cli.millrace(['ml', 'publish', INVALID_PIPELINE]);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(/^error ML_INVALID_PIPELINE: /);
    expect(outcome.stderr).toContain(`${INVALID_PIPELINE}:7:33 jobs.prep.command: `);
    expect(outcome.stderr).toContain(`${INVALID_PIPELINE}:13:13 jobs.train.inputs.rows: `);
  });

  it('refuses a missing file with exit status 2', async () => {
    const outcome = await cli.millrace(['ml', 'publish', `${INVALID_PIPELINE}.missing`]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/^error ML_INVALID_PIPELINE: /);
  });
});

describe('millrace ml pipelines and ml pipeline status', () => {
  it('lists published pipelines as a table and as JSON, and filters Active ones', async () => {
    const { id } = await cli.json<PipelineJson>([
      'ml',
      'publish',
      CLI_PIPELINE,
      '--name',
      'to_deprecate',
      '--json',
    ]);
    const table = await cli.millrace(['ml', 'pipelines']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+VERSION\s+STATUS\s+CREATED$/);
    expect(table.stdout).toMatch(new RegExp(`^${id}\\s+to_deprecate\\s+1\\s+Active\\s+`, 'm'));

    const status = await cli.millrace(['ml', 'pipeline', 'status', id, 'Deprecated']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('Deprecated');

    const all = await cli.json<{ value: PipelineJson[] }>(['ml', 'pipelines', '--json']);
    expect(all.value.find((p) => p.id === id)?.status).toBe('Deprecated');
    const active = await cli.json<{ value: PipelineJson[] }>([
      'ml',
      'pipelines',
      '--active-only',
      '--json',
    ]);
    expect(active.value.length).toBeGreaterThan(0);
    expect(active.value.map((p) => p.id)).not.toContain(id);
  });

  it('refuses an unknown status and an unknown id with exit status 2', async () => {
    const { value } = await cli.json<{ value: PipelineJson[] }>(['ml', 'pipelines', '--json']);
    const unknownStatus = await cli.millrace([
      'ml',
      'pipeline',
      'status',
      value[0]?.id ?? '',
      'Gone',
    ]);
    expect(unknownStatus.code).toBe(2);
    expect(unknownStatus.stderr).toMatch(/^error ML_INVALID_REQUEST: .*Gone/);
    const unknownId = await cli.millrace(['ml', 'pipeline', 'status', 'no-such-id', 'Active']);
    expect(unknownId.code).toBe(2);
    expect(unknownId.stderr).toMatch(/^error ML_PIPELINE_NOT_FOUND: /);
  });
});

describe('millrace ml endpoint', () => {
  let first: string;
  let second: string;

  beforeAll(async () => {
    first = (await cli.json<PipelineJson>(['ml', 'publish', CLI_PIPELINE, '--json'])).id;
    second = (
      await cli.json<PipelineJson>(['ml', 'publish', CLI_PIPELINE, '--version', '2', '--json'])
    ).id;
  });

  it('creates an endpoint, adds versions, and chooses the default', async () => {
    const created = await cli.json<EndpointJson>([
      'ml',
      'endpoint',
      'create',
      'nightly',
      first,
      '--json',
    ]);
    expect(created).toMatchObject({
      name: 'nightly',
      status: 'Active',
      defaultVersion: '0',
      versions: [{ version: '0', pipelineId: first }],
    });

    const added = await cli.json<EndpointJson>([
      'ml',
      'endpoint',
      'add',
      'nightly',
      second,
      '--json',
    ]);
    expect(added.defaultVersion).toBe('0');
    expect(added.versions.map((v) => [v.version, v.pipelineId])).toEqual([
      ['0', first],
      ['1', second],
    ]);

    const addedDefault = await cli.millrace([
      'ml',
      'endpoint',
      'add',
      'NIGHTLY',
      first,
      '--default',
    ]);
    expect(addedDefault.code, addedDefault.stderr).toBe(0);
    expect(addedDefault.stdout).toMatch(/default version 2/);

    const chosen = await cli.json<EndpointJson>([
      'ml',
      'endpoint',
      'default',
      created.id,
      '1',
      '--json',
    ]);
    expect(chosen.defaultVersion).toBe('1');

    const listed = await cli.millrace(['ml', 'endpoints']);
    expect(listed.stdout.split('\n')[0]).toMatch(
      /^ID\s+NAME\s+STATUS\s+DEFAULT\s+VERSIONS\s+CREATED$/,
    );
    expect(listed.stdout).toMatch(
      new RegExp(`^${created.id}\\s+nightly\\s+Active\\s+1\\s+3\\s+`, 'm'),
    );
    const json = await cli.json<{ value: EndpointJson[] }>(['ml', 'endpoints', '--json']);
    expect(json.value.find((e) => e.name === 'nightly')?.versions).toHaveLength(3);
  });

  it('disables and enables an endpoint; a disabled one refuses submissions', async () => {
    await cli.json(['ml', 'endpoint', 'create', 'switchable', first, '--json']);
    const disabled = await cli.json<EndpointJson>([
      'ml',
      'endpoint',
      'disable',
      'switchable',
      '--json',
    ]);
    expect(disabled.status).toBe('Disabled');
    const active = await cli.json<{ value: EndpointJson[] }>([
      'ml',
      'endpoints',
      '--active-only',
      '--json',
    ]);
    expect(active.value.map((e) => e.name)).not.toContain('switchable');

    const refused = await cli.millrace([
      'ml',
      'submit',
      '--endpoint',
      'switchable',
      '--experiment',
      'disabled-endpoint',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error ML_PIPELINE_DISABLED: /);

    const enabled = await cli.json<EndpointJson>([
      'ml',
      'endpoint',
      'enable',
      'switchable',
      '--json',
    ]);
    expect(enabled.status).toBe('Active');
  });

  it('refuses a taken name, an unknown endpoint and an unknown version with exit status 2', async () => {
    const taken = await cli.millrace(['ml', 'endpoint', 'create', 'Nightly', first]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(/^error ML_NAME_CONFLICT: /);
    const unknown = await cli.millrace(['ml', 'endpoint', 'show', 'nowhere']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error ML_ENDPOINT_NOT_FOUND: .*nowhere/);
    const noVersion = await cli.millrace(['ml', 'endpoint', 'default', 'nightly', '9']);
    expect(noVersion.code).toBe(2);
    expect(noVersion.stderr).toMatch(/^error ML_ENDPOINT_NOT_FOUND: .*"9"/);
  });
});
