/**
 * The secret-leak test: a run that uses every kind of secret (linked-service SecureStrings and a
 * well-known secret property, Key Vault references resolved by the environment provider, a
 * SecureString parameter, a SecureString in a pipeline activity), executed by the engine on the
 * sealing store. Afterwards every row of every table of the raw database, every log line and every
 * run view is searched for each secret, and none may hold one; yet the activities got the real
 * values (the HTTP server saw them, the Custom command wrote them to files).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ActivityExecutionRequest,
  ActivityExecutionResult,
  ActivityExecutor,
} from '../../src/activities/activity-executor.js';
import { createBuiltinExecutors } from '../../src/activities/builtin-executors.js';
import { parseStoredPipeline } from '../../src/cli/engine-setup.js';
import { snapshotFactory } from '../../src/engine/factory-snapshot.js';
import type { PipelineEngine } from '../../src/engine/pipeline-engine.js';
import { activityRunView, MASKED, pipelineRunView } from '../../src/engine/run-views.js';
import { loadFactory } from '../../src/factory/factory-loader.js';
import type { JsonObject } from '../../src/factory/resources.js';
import { withKeyVaultResolution } from '../../src/secrets/key-vault-resolving-executor.js';
import { withSecretSealing } from '../../src/secrets/sealing-run-store.js';
import { SecretBox } from '../../src/secrets/secret-box.js';
import { EnvironmentSecretProvider } from '../../src/secrets/secret-provider.js';
import { redactingLogStream, SecretRedactor } from '../../src/secrets/secret-redactor.js';
import type { PipelineRunRecord, Store } from '../../src/store/store.js';
import { createTestEngine } from '../support/engine-harness.js';
import { createStoreHarness, type StoreHarness } from '../support/store-harness.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import { rawDatabaseText } from './raw-database-text.js';

const FACTORY_FOLDER = join(import.meta.dirname, '../fixtures/secrets/factory');

/** The secrets written in the fixture files (see test/fixtures/secrets/README.md). */
const FIXTURE_SECRETS = {
  batchAccessKey: 'batch-access-key-L8q2VxR4',
  restPassword: 'rest-password-Zt7pW3nK',
  encryptedCredential: 'encrypted-credential-Hm5sQ9',
  pipelineLiteral: 'pipeline-literal-Bv6yN2cD',
} as const;

/** Answers with the linked service it was given: what an activity that uses one receives. */
class LinkedServiceProbeExecutor implements ActivityExecutor {
  readonly type = 'LinkedServiceProbe';
  readonly received: NonNullable<ActivityExecutionRequest['linkedService']>[] = [];
  execute(request: ActivityExecutionRequest): Promise<ActivityExecutionResult> {
    if (request.linkedService) this.received.push(request.linkedService);
    return Promise.resolve({
      status: 'Succeeded',
      output: { linkedService: request.linkedService?.typeProperties ?? null },
    });
  }
}

describe.each(storeAdaptersUnderTest())('secrets never leak (%s store)', (adapter) => {
  const paramSecret = `param-${randomBytes(9).toString('hex')}`;
  const keyVaultApiKey = `kv-api-${randomBytes(9).toString('hex')}`;
  const keyVaultWebPassword = `kv-web-${randomBytes(9).toString('hex')}`;
  const secrets: Record<string, string> = {
    ...FIXTURE_SECRETS,
    paramSecret,
    keyVaultApiKey,
    keyVaultWebPassword,
    basicCredentials: Buffer.from(`millrace:${keyVaultWebPassword}`).toString('base64'),
  };

  let harness: StoreHarness;
  let store: Store;
  let engine: PipelineEngine | undefined;
  let logger: FastifyInstance;
  let server: Server;
  let outFolder: string;
  const probe = new LinkedServiceProbeExecutor();
  const receivedHeaders: IncomingHttpHeaders[] = [];
  const logLines: string[] = [];
  let finished: PipelineRunRecord;
  let views: string;

  beforeAll(async () => {
    outFolder = await mkdtemp(join(tmpdir(), 'millrace-secret-leak-'));
    server = createServer((request, response) => {
      receivedHeaders.push(request.headers);
      response.setHeader('content-type', 'application/json');
      // An endpoint that echoes a credential: the output must be redacted before it is stored.
      response.end(JSON.stringify({ echo: request.headers['x-api-token'] ?? null }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

    const redactor = new SecretRedactor();
    const box = new SecretBox([randomBytes(32)]);
    harness = await createStoreHarness(adapter);
    store = withSecretSealing(await harness.open(), { box, redactor });
    logger = Fastify({
      logger: {
        level: 'info',
        stream: redactingLogStream({ write: (line) => logLines.push(line) }, redactor),
      },
    });
    const provider = new EnvironmentSecretProvider({
      MILLRACE_SECRET_KEYVAULT1_API_KEY: keyVaultApiKey,
      MILLRACE_SECRET_KEYVAULT1_WEB_PASSWORD: keyVaultWebPassword,
    });
    engine = createTestEngine(store, {
      executors: withKeyVaultResolution(createBuiltinExecutors().register(probe), {
        provider,
        redactor,
      }),
      // The engine's events carry the records in memory (plaintext); a server logs them.
      onEvent: (event) => logger.log.info({ event }, `run event ${event.kind}`),
    });

    const { factory, problems } = await loadFactory(FACTORY_FOLDER);
    expect(problems).toEqual([]);
    const { port } = server.address() as AddressInfo;
    finished = await engine.run({
      factory: snapshotFactory(factory),
      pipelineName: 'SecretsPipeline',
      parameters: {
        apiToken: paramSecret,
        outFolder,
        webUrl: `http://127.0.0.1:${port}/hook`,
      },
    });
    logger.log.info({ finished }, 'run finished');

    const runs = [
      (await store.getPipelineRun(finished.runId))!,
      ...(await store.listChildRuns(finished.runId)),
    ];
    expect(runs).toHaveLength(2);
    const runViews = [];
    for (const run of runs) {
      runViews.push({
        run: pipelineRunView(run, parseStoredPipeline(run.definition)),
        activityRuns: (await store.listActivityRuns(run.runId)).map(activityRunView),
      });
    }
    views = JSON.stringify(runViews);
    logger.log.info({ views: JSON.parse(views) as JsonObject }, 'views');
  });

  afterAll(async () => {
    await engine?.close();
    await logger?.close();
    await store?.close();
    await harness?.dispose();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (outFolder) await rm(outFolder, { recursive: true, force: true });
  });

  it('runs the pipeline to success', () => {
    expect(finished.status).toBe('Succeeded');
  });

  it('hands the activities the real values', async () => {
    expect(receivedHeaders).toHaveLength(1);
    expect(receivedHeaders[0]!['x-api-token']).toBe(paramSecret);
    expect(receivedHeaders[0]!.authorization).toBe(`Basic ${secrets.basicCredentials}`);
    expect(await readFile(join(outFolder, 'custom-received.txt'), 'utf8')).toBe(paramSecret);
    expect(await readFile(join(outFolder, 'custom-extended.txt'), 'utf8')).toBe(
      FIXTURE_SECRETS.pipelineLiteral,
    );
    // A child pipeline got the secret through a String parameter, executed from the stored run.
    expect(await readFile(join(outFolder, 'child-received.txt'), 'utf8')).toBe(paramSecret);
    expect(probe.received).toHaveLength(1);
    expect(probe.received[0]!.typeProperties).toMatchObject({
      password: FIXTURE_SECRETS.restPassword,
      encryptedCredential: FIXTURE_SECRETS.encryptedCredential,
      authHeaders: { 'X-Api-Key': keyVaultApiKey },
    });
  });

  it('gives the engine the opened values back when it reads the run', async () => {
    const run = (await store.getPipelineRun(finished.runId))!;
    expect(run.parameters.apiToken).toBe(paramSecret);
    expect(JSON.stringify(run.factorySnapshot)).toContain(FIXTURE_SECRETS.batchAccessKey);
    const issued = (await store.listActivityRuns(finished.runId)).find(
      (record) => record.activityName === 'IssueToken',
    );
    expect(issued?.output).toEqual({ issued: paramSecret });
  });

  it('stores no secret in any row of any table', async () => {
    // SQLite: the database file with its write-ahead log, read while the store is open.
    const { text: raw, sources } = await rawDatabaseText(harness.adapter, harness.location);
    expect(sources.length).toBeGreaterThan(harness.adapter === 'sqlite' ? 0 : 3);
    // The search can find things: the run and sealed values are there.
    expect(raw).toContain(finished.runId);
    expect(raw).toContain('msv1:');
    expect(raw).toContain(MASKED);
    for (const [name, secret] of Object.entries(secrets)) {
      expect(raw.includes(secret), `${name} is in the database`).toBe(false);
    }
  });

  it('writes no secret to any log line', () => {
    const text = logLines.join('');
    expect(logLines.length).toBeGreaterThan(10);
    expect(text).toContain(finished.runId);
    expect(text).toContain(MASKED);
    for (const [name, secret] of Object.entries(secrets)) {
      expect(text.includes(secret), `${name} is in the log`).toBe(false);
    }
  });

  it('shows no secret in the run views', () => {
    expect(views).toContain(finished.runId);
    expect(views).toContain(MASKED);
    for (const [name, secret] of Object.entries(secrets)) {
      expect(views.includes(secret), `${name} is in a view`).toBe(false);
    }
  });
});
