/**
 * Factory resource secrets through the service, on each store adapter: sealed in the database on
 * PUT and on import, masked in every answer, kept when a client sends the mask back (activities
 * matched by name), opened for runs (an executor receives the plaintext), learnt by the redactor,
 * and redacted from watch events of a run executing here.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ActivityExecutionRequest,
  ActivityExecutionResult,
  ActivityExecutor,
} from '../../src/activities/activity-executor.js';
import { createBuiltinExecutors } from '../../src/activities/builtin-executors.js';
import { EXECUTABLE_TYPES } from '../../src/activities/executable-types.js';
import type { JsonObject } from '../../src/factory/resources.js';
import { importFactoryFolder } from '../../src/factory-service/factory-import.js';
import type { FactoryServiceError } from '../../src/factory-service/factory-service-errors.js';
import type { FactoryRunEvent } from '../../src/factory-service/run-watch.js';
import { SecretBox } from '../../src/secrets/secret-box.js';
import { openResourceSecrets, SECRET_MASK } from '../../src/secrets/secret-fields.js';
import type { FactoryResourceKind } from '../../src/store/factory-resource-store.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import { openFactoryHarness, runEnded, until, type FactoryHarness } from './factory-harness.js';

/**
 * Answers with the linked service it was given, as an activity that uses one receives it. It
 * stands in for an ADF type the built-in executors do not run, so that validation accepts it.
 */
class LinkedServiceProbeExecutor implements ActivityExecutor {
  readonly type = 'AzureFunctionActivity';
  readonly received: JsonObject[] = [];
  execute(request: ActivityExecutionRequest): Promise<ActivityExecutionResult> {
    this.received.push(request.linkedService?.typeProperties ?? {});
    // An activity that echoes what it got: the store and the answers must not show it.
    return Promise.resolve({
      status: 'Succeeded',
      output: { echo: request.linkedService?.typeProperties ?? null },
    });
  }
}

describe.each(storeAdaptersUnderTest())('factory secrets on %s', { timeout: 60_000 }, (adapter) => {
  const sasKey = `sas-${randomBytes(8).toString('hex')}`;
  const accountKey = randomBytes(24).toString('base64');
  const connectionString = `DefaultEndpointsProtocol=https;AccountName=lake;AccountKey=${accountKey};EndpointSuffix=core.windows.net`;
  const clientSecret = `client-${randomBytes(8).toString('hex')}`;
  const activityPassword = (name: string) => `web-${name}-${randomBytes(6).toString('hex')}`;
  const passwords = { First: activityPassword('first'), Second: activityPassword('second') };
  const importedPassword = `imported-${randomBytes(8).toString('hex')}`;
  const importedDefault = `default-${randomBytes(8).toString('hex')}`;
  const secrets = [sasKey, accountKey, connectionString, clientSecret, ...Object.values(passwords)];

  const lake: JsonObject = {
    name: 'Lake',
    properties: {
      type: 'AzureBlobStorage',
      typeProperties: {
        connectionString,
        sasToken: { type: 'SecureString', value: sasKey },
        servicePrincipalId: 'visible-principal-id',
        servicePrincipalKey: clientSecret,
      },
    },
  };
  const webActivity = (name: string, password: string): JsonObject => ({
    name,
    type: 'WebActivity',
    typeProperties: {
      method: 'GET',
      url: 'http://127.0.0.1:9/never-called',
      authentication: {
        type: 'Basic',
        username: 'millrace',
        password: { type: 'SecureString', value: password },
      },
    },
  });
  const probe = new LinkedServiceProbeExecutor();
  let harness: FactoryHarness;

  beforeAll(async () => {
    harness = await openFactoryHarness(adapter, {
      executors: {
        registry: createBuiltinExecutors().register(probe),
        types: [...EXECUTABLE_TYPES, probe.type],
      },
    });
  });

  afterAll(async () => {
    await harness?.dispose();
  });

  async function rawRecord(kind: FactoryResourceKind, name: string): Promise<JsonObject> {
    const record = await harness.store.getFactoryResource({
      factoryName: 'test-factory',
      kind,
      name,
    });
    expect(record).toBeDefined();
    return record!.json;
  }

  function expectNoSecret(text: string, what: string, values: readonly string[] = secrets): void {
    for (const secret of values)
      expect(text.includes(secret), `${what} shows a secret`).toBe(false);
  }

  it('seals SecureStrings and well-known secret properties at rest and masks them in answers', async () => {
    const put = await harness.service.putResource('linkedService', 'Lake', lake);
    expectNoSecret(JSON.stringify(put), 'the PUT answer');
    expect(put.resource.properties.typeProperties).toEqual({
      connectionString: SECRET_MASK,
      sasToken: { type: 'SecureString', value: SECRET_MASK },
      servicePrincipalId: 'visible-principal-id',
      servicePrincipalKey: SECRET_MASK,
    });

    const raw = await rawRecord('linkedService', 'Lake');
    expectNoSecret(JSON.stringify(raw), 'the database');
    expect(JSON.stringify(raw)).toContain('visible-principal-id');
    expect(JSON.stringify(raw).match(/msv1:/g)).toHaveLength(3);
    expect(openResourceSecrets(raw, harness.secrets.box)).toEqual(lake);

    const got = await harness.service.getResource('linkedService', 'Lake');
    expect(got.properties).toEqual(put.resource.properties);
    expectNoSecret(JSON.stringify(await harness.service.listResources('linkedService')), 'a list');
    // The redactor knows them from the moment they arrived.
    for (const secret of secrets.slice(0, 4))
      expect(harness.secrets.redactor.contains(secret)).toBe(true);
  });

  it('keeps the stored secrets when the masked resource comes back, matching activities by name', async () => {
    const body = {
      name: 'Calls',
      properties: {
        activities: [
          webActivity('First', passwords.First),
          webActivity('Second', passwords.Second),
          {
            name: 'Probe',
            type: 'AzureFunctionActivity',
            linkedServiceName: { referenceName: 'Lake', type: 'LinkedServiceReference' },
          },
        ],
      },
    };
    await harness.service.putResource('pipeline', 'Calls', body);
    const read = await harness.service.getResource('pipeline', 'Calls');
    expectNoSecret(JSON.stringify(read), 'the pipeline');
    // A client edits the masked pipeline: it swaps the first two activities and adds a third.
    const activities = read.properties.activities as JsonObject[];
    const edited = {
      name: 'Calls',
      properties: {
        ...read.properties,
        activities: [activities[1]!, activities[0]!, activities[2]!],
      },
    };
    await harness.service.putResource('pipeline', 'Calls', edited);
    const lakeRead = await harness.service.getResource('linkedService', 'Lake');
    await harness.service.putResource('linkedService', 'Lake', {
      name: 'Lake',
      properties: { ...lakeRead.properties, description: 'edited while masked' },
    });

    const pipelineRaw = await rawRecord('pipeline', 'Calls');
    expectNoSecret(JSON.stringify(pipelineRaw), 'the database');
    const opened = openResourceSecrets(pipelineRaw, harness.secrets.box);
    const [second, first] = (opened.properties as JsonObject).activities as JsonObject[];
    expect(second).toEqual(webActivity('Second', passwords.Second));
    expect(first).toEqual(webActivity('First', passwords.First));
    const lakeRaw = openResourceSecrets(
      await rawRecord('linkedService', 'Lake'),
      harness.secrets.box,
    );
    expect((lakeRaw.properties as JsonObject).typeProperties).toEqual(
      (lake.properties as JsonObject).typeProperties,
    );
  });

  it('takes a sealed value copied into a PUT as plaintext, never opening it', async () => {
    const sealedElsewhere = harness.secrets.box.seal('someone-elses-secret');
    await harness.service.putResource('linkedService', 'Planted', {
      name: 'Planted',
      properties: {
        type: 'AzureBlobStorage',
        typeProperties: { sasToken: { type: 'SecureString', value: sealedElsewhere } },
      },
    });
    const opened = openResourceSecrets(
      await rawRecord('linkedService', 'Planted'),
      harness.secrets.box,
    );
    expect(((opened.properties as JsonObject).typeProperties as JsonObject).sasToken).toEqual({
      type: 'SecureString',
      value: sealedElsewhere,
    });
  });

  it('runs with the opened secrets and shows none of them in answers, events or the database', async () => {
    const events: FactoryRunEvent[] = [];
    const everyRun = harness.service.watchRuns({ onEvent: (event) => events.push(event) });
    try {
      const { runId } = await harness.service.createRun('Calls');
      const ended = await runEnded(harness.service, runId);
      expect(ended.status).toBe('Failed'); // the WebActivities call a closed port
      // The probe got the linked service with every secret opened, the masked PUT having kept them.
      expect(probe.received.at(-1)).toMatchObject({
        connectionString,
        sasToken: sasKey, // resolved, as the engine hands SecureStrings to executors
        servicePrincipalKey: clientSecret,
      });
      const activityRuns = await harness.service.queryActivityRuns(runId);
      expect(activityRuns.value.map((run) => run.activityName).sort()).toEqual([
        'First',
        'Probe',
        'Second',
      ]);
      const probeRun = activityRuns.value.find((run) => run.activityName === 'Probe');
      expect(JSON.stringify(probeRun?.output)).toContain(SECRET_MASK);
      await until(
        () => Promise.resolve(events),
        (seen) =>
          seen.some(
            (event) =>
              event.kind === 'pipelineRun' &&
              event.run.runId === runId &&
              event.run.status === 'Failed',
          ),
        'the end of the run in the watch',
      );
      expect(
        events.some(
          (event) => event.kind === 'activityRun' && event.activityRun.activityName === 'Probe',
        ),
      ).toBe(true);
      expectNoSecret(JSON.stringify(events), 'a watch event');
      expectNoSecret(JSON.stringify(activityRuns), 'queryActivityRuns');
      expectNoSecret(JSON.stringify(await harness.service.getPipelineRun(runId)), 'the run');
      const rawRun = await harness.store.getPipelineRun(runId);
      expectNoSecret(JSON.stringify(rawRun), 'the stored run');
      expectNoSecret(
        JSON.stringify(await harness.store.listActivityRuns(runId)),
        'stored activity runs',
      );
      expect(JSON.stringify(rawRun?.factorySnapshot)).toContain('msv1:');
    } finally {
      everyRun.close();
    }
  });

  it('refuses a SecureString parameter of the wrong type without quoting it', async () => {
    await harness.service.putResource('pipeline', 'Guarded', {
      name: 'Guarded',
      properties: {
        parameters: { token: { type: 'SecureString' }, count: { type: 'Int' } },
        activities: [{ name: 'Nothing', type: 'NoOp' }],
      },
    });
    const secret = `wrong-type-${randomBytes(6).toString('hex')}`;
    const refusal = await harness.service
      .createRun('Guarded', { token: { nested: secret }, count: 'many' })
      .then(
        () => expect.fail('the run was created'),
        (error: unknown) => error as FactoryServiceError,
      );
    expect(refusal.code).toBe('FACTORY_INVALID_RUN_REQUEST');
    expect(refusal.details?.map((detail) => detail.target)).toEqual([
      'parameters/token',
      'parameters/count',
    ]);
    expect(refusal.details?.[1]?.message).toContain('"many"'); // other values are still quoted
    expectNoSecret(`${refusal.message} ${JSON.stringify(refusal.details)}`, 'the refusal', [
      secret,
    ]);
    expect(refusal.message).toContain(SECRET_MASK);
    expect(refusal.cause).toBeUndefined();
  });

  it('seals what an import writes, keeps stored secrets it sends masked, and needs the key', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'millrace-factory-secrets-'));
    try {
      const write = async (kind: string, json: JsonObject): Promise<void> => {
        await mkdir(join(folder, kind), { recursive: true });
        await writeFile(join(folder, kind, `${String(json.name)}.json`), JSON.stringify(json));
      };
      // As ADF exports it: the secret of a linked service already stored comes masked.
      await write('linkedService', {
        name: 'Lake',
        properties: {
          type: 'AzureBlobStorage',
          typeProperties: {
            connectionString,
            sasToken: { type: 'SecureString', value: SECRET_MASK },
            servicePrincipalKey: clientSecret,
          },
        },
      });
      await write('linkedService', {
        name: 'Imported',
        properties: {
          type: 'AzureSqlDatabase',
          typeProperties: { connectionString: `Server=db;User Id=sa;Password=${importedPassword}` },
        },
      });
      await write('pipeline', {
        name: 'ImportedPipeline',
        properties: {
          parameters: { token: { type: 'SecureString', defaultValue: importedDefault } },
          activities: [{ name: 'Nothing', type: 'NoOp' }],
        },
      });
      await importFactoryFolder(harness.service, folder);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    const imported = [importedPassword, importedDefault];
    for (const [kind, name] of [
      ['linkedService', 'Lake'],
      ['linkedService', 'Imported'],
      ['pipeline', 'ImportedPipeline'],
    ] as const) {
      const raw = JSON.stringify(await rawRecord(kind, name));
      expectNoSecret(raw, `${kind} ${name} in the database`, [...secrets, ...imported]);
      expect(raw).toContain('msv1:');
      const answer = JSON.stringify(await harness.service.getResource(kind, name));
      expectNoSecret(answer, name, [...secrets, ...imported]);
    }
    const lakeOpened = openResourceSecrets(
      await rawRecord('linkedService', 'Lake'),
      harness.secrets.box,
    );
    expect(((lakeOpened.properties as JsonObject).typeProperties as JsonObject).sasToken).toEqual({
      type: 'SecureString',
      value: sasKey,
    });

    const other = new SecretBox([randomBytes(32)]);
    const stored = await rawRecord('linkedService', 'Imported');
    expect(() => openResourceSecrets(stored, other)).toThrow(
      expect.objectContaining({ code: 'SECRET_UNREADABLE' }),
    );
  });
});
