import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseStoredPipeline } from '../cli/engine-setup.js';
import { activityRunView, MASKED, pipelineRunView } from '../engine/run-views.js';
import type { JsonObject } from '../factory/resources.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { ActivityRunRecord, PipelineRunRecord, Store } from '../store/store.js';
import {
  newActivityRun as buildActivityRun,
  newPipelineRun,
  T0,
} from '../../test/support/run-record-builders.js';
import { SecretBox } from './secret-box.js';
import { SecretRedactor } from './secret-redactor.js';
import { SEALED_VALUE_KEY, withSecretSealing } from './sealing-run-store.js';

const PARAM_SECRET = 'param-secret-7f3a9c';
const LINKED_SECRET = 'linked-secret-51be02';
const PIPELINE_SECRET = 'pipeline-secret-c0ffee';

const definition: JsonObject = {
  name: 'P',
  properties: {
    parameters: { apiToken: { type: 'securestring' }, label: { type: 'String' } },
    activities: [
      {
        name: 'Call',
        type: 'WebActivity',
        typeProperties: {
          authentication: {
            type: 'Basic',
            username: 'me',
            password: { type: 'SecureString', value: PIPELINE_SECRET },
          },
        },
      },
    ],
  },
};

function newRun(overrides: Partial<PipelineRunRecord> = {}): PipelineRunRecord {
  return newPipelineRun({
    parameters: { apiToken: PARAM_SECRET, label: `label with ${PARAM_SECRET}` },
    variables: { token: `Bearer ${PARAM_SECRET}`, plain: 'nothing secret' },
    definition,
    factorySnapshot: {
      name: 'f',
      pipelines: { P: definition },
      linkedServices: {
        Api1: {
          name: 'Api1',
          properties: {
            type: 'RestService',
            typeProperties: { password: { type: 'SecureString', value: LINKED_SECRET } },
          },
        },
      },
      datasets: {},
      globalParameters: {},
    },
    ...overrides,
  });
}

function newActivityRun(
  pipelineRunId: string,
  overrides: Partial<ActivityRunRecord> = {},
): ActivityRunRecord {
  return buildActivityRun(pipelineRunId, {
    activityName: 'Call',
    activityType: 'WebActivity',
    ...overrides,
  });
}

describe('withSecretSealing', () => {
  let folder: string;
  let inner: Store;
  let box: SecretBox;
  let redactor: SecretRedactor;
  let store: Store;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'millrace-sealing-'));
    inner = await openSqliteStore({ file: join(folder, 'millrace.db') });
    box = new SecretBox([randomBytes(32)]);
    redactor = new SecretRedactor();
    store = withSecretSealing(inner, { box, redactor });
  });
  afterEach(async () => {
    await store.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('seals SecureString parameters and resource secrets, and opens them for the engine', async () => {
    const run = newRun();
    await store.commit({ at: T0, createRuns: [run] });

    const raw = (await inner.getPipelineRun(run.runId))!;
    const rawText = JSON.stringify(raw);
    for (const secret of [PARAM_SECRET, LINKED_SECRET, PIPELINE_SECRET])
      expect(rawText).not.toContain(secret);
    expect(SecretBox.isSealed(String(raw.parameters.apiToken))).toBe(true);
    expect(raw.variables.plain).toBe('nothing secret');

    const opened = (await store.getPipelineRun(run.runId))!;
    expect(opened.parameters).toEqual(run.parameters);
    expect(opened.factorySnapshot).toEqual(run.factorySnapshot);
    expect(opened.variables).toEqual(run.variables);
    expect(opened.definition.properties).toMatchObject({
      activities: (definition.properties as JsonObject).activities,
    });
  });

  it('stores a String parameter that carries a secret as a SecureString, so views mask it', async () => {
    const run = newRun();
    await store.commit({ at: T0, createRuns: [run] });

    const raw = (await inner.getPipelineRun(run.runId))!;
    expect(SecretBox.isSealed(String(raw.parameters.label))).toBe(true);
    const opened = (await store.getPipelineRun(run.runId))!;
    expect(opened.parameters.label).toBe(`label with ${PARAM_SECRET}`);
    const pipeline = parseStoredPipeline(opened.definition);
    expect(pipeline.parameters.label?.type).toBe('SecureString');
    expect(pipelineRunView(opened, pipeline).parameters).toEqual({
      apiToken: MASKED,
      label: MASKED,
    });
  });

  it('seals non-string parameters that carry a secret whole', async () => {
    const run = newRun({
      definition: {
        name: 'P',
        properties: {
          parameters: { apiToken: { type: 'SecureString' }, settings: { type: 'Object' } },
        },
      },
      parameters: { apiToken: PARAM_SECRET, settings: { auth: { token: PARAM_SECRET }, n: 1 } },
    });
    await store.commit({ at: T0, createRuns: [run] });
    expect(JSON.stringify(await inner.getPipelineRun(run.runId))).not.toContain(PARAM_SECRET);
    expect((await store.getPipelineRun(run.runId))!.parameters).toEqual(run.parameters);
  });

  it('redacts known secrets from what users see: activity input, output, error, run message', async () => {
    const run = newRun();
    const activityRun = newActivityRun(run.runId, {
      input: { headers: { authorization: `Bearer ${PARAM_SECRET}` } },
    });
    await store.commit({ at: T0, createRuns: [run], createActivityRuns: [activityRun] });
    await store.commit({
      at: T0,
      updateActivityRuns: [
        {
          activityRunId: activityRun.activityRunId,
          patch: {
            status: 'Failed',
            output: { echoed: LINKED_SECRET },
            error: {
              errorCode: '2108',
              message: `401 for ${PIPELINE_SECRET}`,
              failureType: 'UserError',
              target: 'Call',
              details: { body: PARAM_SECRET },
            },
          },
        },
      ],
      updateRuns: [
        {
          runId: run.runId,
          patch: { status: 'Failed', message: `failed: ${PARAM_SECRET}`, output: [LINKED_SECRET] },
        },
      ],
    });

    const [stored] = await inner.listActivityRuns(run.runId);
    expect(stored!.input).toEqual({ headers: { authorization: `Bearer ${MASKED}` } });
    expect(stored!.output).toEqual({ echoed: MASKED });
    expect(stored!.error).toEqual({
      errorCode: '2108',
      message: `401 for ${MASKED}`,
      failureType: 'UserError',
      target: 'Call',
      details: { body: MASKED },
    });
    const storedRun = (await inner.getPipelineRun(run.runId))!;
    expect(storedRun.message).toBe(`failed: ${MASKED}`);
    expect(storedRun.output).toEqual([MASKED]);
  });

  it('seals a secureOutput activity output whole, opens it for the engine, views mask it', async () => {
    const run = newRun();
    const activityRun = newActivityRun(run.runId, { state: { secureOutput: true } });
    await store.commit({ at: T0, createRuns: [run], createActivityRuns: [activityRun] });
    const output = { token: 'issued-token-not-known-to-anyone', expiresIn: 3600 };
    await store.commit({
      at: T0,
      updateActivityRuns: [
        { activityRunId: activityRun.activityRunId, patch: { status: 'Succeeded', output } },
      ],
    });

    const [stored] = await inner.listActivityRuns(run.runId);
    expect(Object.keys(stored!.output as JsonObject)).toEqual([SEALED_VALUE_KEY]);
    expect(JSON.stringify(stored)).not.toContain('issued-token');
    const [opened] = await store.listActivityRuns(run.runId);
    expect(opened!.output).toEqual(output);
    expect(activityRunView(opened!).output).toBe(MASKED);
  });

  it('seals a secureInput container input whole and leaves the engine’s mask as it is', async () => {
    const run = newRun();
    const container = newActivityRun(run.runId, {
      activityName: 'Each',
      activityType: 'ForEach',
      state: { secureInput: true },
      input: { items: ['row-1-credential'] },
    });
    const masked = newActivityRun(run.runId, { state: { secureInput: true }, input: MASKED });
    await store.commit({ at: T0, createRuns: [run], createActivityRuns: [container, masked] });

    const stored = await inner.listActivityRuns(run.runId);
    expect(JSON.stringify(stored)).not.toContain('row-1-credential');
    expect(stored.find((r) => r.activityName === 'Call')!.input).toBe(MASKED);
    const opened = await store.listActivityRuns(run.runId);
    expect(opened.find((r) => r.activityName === 'Each')!.input).toEqual({
      items: ['row-1-credential'],
    });
  });

  it('never opens a sealed value planted where this store did not seal it', async () => {
    const run = newRun();
    // A value sealed for another place (or another run) copied into an output and a variable.
    const planted = { [SEALED_VALUE_KEY]: box.sealJson('stolen', 'pipelineRun/other/variables') };
    const activityRun = newActivityRun(run.runId, { output: planted });
    await store.commit({
      at: T0,
      createRuns: [{ ...run, variables: { v: planted } }],
      createActivityRuns: [activityRun],
    });
    const [opened] = await store.listActivityRuns(run.runId);
    expect(opened!.output).toEqual(planted);
    expect((await store.getPipelineRun(run.runId))!.variables).toEqual({ v: planted });
  });

  it('teaches a fresh redactor the run’s secrets when the run is read (a resuming process)', async () => {
    const run = newRun();
    await store.commit({ at: T0, createRuns: [run] });
    const freshRedactor = new SecretRedactor();
    const resuming = withSecretSealing(inner, { box, redactor: freshRedactor });
    await resuming.getPipelineRun(run.runId);
    for (const secret of [PARAM_SECRET, LINKED_SECRET, PIPELINE_SECRET])
      expect(freshRedactor.contains(secret)).toBe(true);
  });

  it('fails reads the engine executes from when the key is missing; listings keep values sealed', async () => {
    const run = newRun();
    await store.commit({ at: T0, createRuns: [run] });
    const otherKey = withSecretSealing(inner, {
      box: new SecretBox([randomBytes(32)]),
      redactor: new SecretRedactor(),
    });
    await expect(otherKey.getPipelineRun(run.runId)).rejects.toMatchObject({
      code: 'SECRET_UNREADABLE',
    });
    const page = await otherKey.queryPipelineRuns({});
    expect(page.value).toHaveLength(1);
    expect(SecretBox.isSealed(String(page.value[0]!.parameters.apiToken))).toBe(true);
  });

  it('delegates every other method to the wrapped store', async () => {
    expect(await store.listExperiments()).toEqual([]);
    const experiment = await store.ensureExperiment('exp-1', T0);
    expect((await inner.listExperiments()).map((e) => e.name)).toEqual([experiment.name]);
    expect(await store.acquireLease('missing-run', 'me', T0, T0)).toBe(false);
  });
});
