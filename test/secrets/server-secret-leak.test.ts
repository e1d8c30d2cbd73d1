/**
 * The secret-leak test over HTTP: `openServer` (the composition `millrace server` uses) on each
 * store, a token for the admin, and a factory written and run through the REST API with every
 * kind of secret: a linked service with a SecureString, a well-known secret property and a Key
 * Vault reference; a pipeline with a SecureString literal, a SecureString parameter default and a
 * Key Vault reference; a SecureString parameter given to createRun. Afterwards no API answer, no
 * event of the run streams, no log line (debug level) and no row of any table holds a secret —
 * yet the activities got the real values (a local HTTP server saw them, a Custom command wrote
 * them to files), also after the masked resources were PUT back unchanged.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServer, type ServerSession } from '../../src/cli/server-setup.js';
import type { JsonObject } from '../../src/factory/resources.js';
import { ADMIN_USER_NAME } from '../../src/identity/identity-service.js';
import { SECRET_MASK } from '../../src/secrets/secret-fields.js';
import {
  API_VERSION,
  FACTORY_PATH,
  openEventStream,
  type EventStreamReader,
} from '../server/factory-server-harness.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import { createStoreHarness, type StoreHarness } from '../support/store-harness.js';
import { rawDatabaseText } from './raw-database-text.js';

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read any field
}

const random = (prefix: string): string => `${prefix}-${randomBytes(9).toString('hex')}`;

describe.each(storeAdaptersUnderTest())(
  'no secret leaks through the server (%s store)',
  { timeout: 60_000 },
  (adapter) => {
    const accountKey = randomBytes(24).toString('base64');
    const secrets = {
      runParameter: random('run-param'),
      linkedServiceSecureString: random('ls-secure'),
      accountKey,
      connectionString: `DefaultEndpointsProtocol=https;AccountName=lake;AccountKey=${accountKey};EndpointSuffix=core.windows.net`,
      keyVaultForLinkedService: random('kv-linked'),
      keyVaultForWebActivity: random('kv-web'),
      pipelineLiteral: random('pipeline-literal'),
      parameterDefault: random('param-default'),
    };
    const allSecrets: Record<string, string> = {
      ...secrets,
      basicCredentials: Buffer.from(`millrace:${secrets.keyVaultForWebActivity}`).toString(
        'base64',
      ),
    };

    let harness: StoreHarness;
    let home: string;
    let outFolder: string;
    let server: ServerSession;
    let hook: Server;
    let hookUrl: string;
    let origin: string;
    let token: string;
    const hookHeaders: IncomingHttpHeaders[] = [];
    const logLines: string[] = [];
    /** Every answer body and event the API gave. */
    const answers: { readonly what: string; readonly text: string }[] = [];
    const streams: EventStreamReader[] = [];
    let firstRunId: string;
    let secondRunId: string;

    const url = (path: string): string =>
      `${origin}${FACTORY_PATH}/${path}${path.includes('?') ? '&' : '?'}api-version=${API_VERSION}`;

    async function call(method: string, path: string, body?: unknown): Promise<Answer> {
      const response = await fetch(url(path), {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      answers.push({ what: `${method} ${path}`, text });
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, text, json };
    }

    async function put(path: string, body: unknown): Promise<Answer> {
      const answer = await call('PUT', path, body);
      expect(answer.status, answer.text).toBeLessThan(300);
      return answer;
    }

    async function stream(path: string): Promise<EventStreamReader> {
      const reader = await openEventStream(url(path), {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(reader.status).toBe(200);
      streams.push(reader);
      return reader;
    }

    /** Starts a run over HTTP and follows its events until the server ends the stream. */
    async function runToEnd(runOut: string): Promise<{ runId: string; status: string }> {
      await mkdir(runOut);
      const created = await call('POST', 'pipelines/SecretsPipeline/createRun', {
        apiToken: secrets.runParameter,
        outFolder: runOut,
        webUrl: hookUrl,
      });
      expect(created.status, created.text).toBe(200);
      const runId = created.json.runId as string;
      const events = await stream(`pipelineruns/${runId}/events`);
      await events.finished;
      const end = events.events.find((event) => event.event === 'end');
      if (end?.data.status !== 'Succeeded') {
        const activities = await call('POST', `pipelineruns/${runId}/queryActivityruns`, {});
        expect.fail(`run ${runId} ended ${String(end?.data.status)}: ${activities.text}`);
      }
      expect(end?.data.runId).toBe(runId);
      return { runId, status: end?.data.status as string };
    }

    const linkedServices = (): Record<string, JsonObject> => ({
      KeyVault1: {
        name: 'KeyVault1',
        properties: {
          type: 'AzureKeyVault',
          typeProperties: { baseUrl: 'https://millrace-test-kv.vault.azure.net/' },
        },
      },
      Batch1: {
        name: 'Batch1',
        properties: {
          type: 'AzureBatch',
          typeProperties: {
            accountName: 'millracebatch',
            batchUri: 'https://millracebatch.westeurope.batch.azure.com',
            poolName: 'pool1',
            accessKey: { type: 'SecureString', value: secrets.linkedServiceSecureString },
            servicePrincipalKey: {
              type: 'AzureKeyVaultSecret',
              store: { referenceName: 'KeyVault1', type: 'LinkedServiceReference' },
              secretName: 'batch-key',
            },
          },
        },
      },
      Lake: {
        name: 'Lake',
        properties: {
          type: 'AzureBlobStorage',
          typeProperties: { connectionString: secrets.connectionString },
        },
      },
    });

    const secretsPipeline: JsonObject = {
      name: 'SecretsPipeline',
      properties: {
        parameters: {
          apiToken: { type: 'SecureString' },
          withDefault: { type: 'SecureString', defaultValue: secrets.parameterDefault },
          outFolder: { type: 'String' },
          webUrl: { type: 'String' },
        },
        activities: [
          {
            name: 'RunCommand',
            type: 'Custom',
            linkedServiceName: { referenceName: 'Batch1', type: 'LinkedServiceReference' },
            typeProperties: {
              command: {
                type: 'Expression',
                value:
                  "@concat('printf %s ', pipeline().parameters.apiToken, ' > ', pipeline().parameters.outFolder, '/parameter.txt && printf %s ', pipeline().parameters.withDefault, ' > ', pipeline().parameters.outFolder, '/default.txt && printf %s \"$MILLRACE_EXT_LITERAL\" > ', pipeline().parameters.outFolder, '/literal.txt && echo token=', pipeline().parameters.apiToken, ' literal=$MILLRACE_EXT_LITERAL')",
              },
              extendedProperties: {
                literal: { type: 'SecureString', value: secrets.pipelineLiteral },
              },
            },
          },
          {
            name: 'CallHook',
            type: 'WebActivity',
            typeProperties: {
              method: 'POST',
              url: { type: 'Expression', value: '@pipeline().parameters.webUrl' },
              headers: {
                'X-Api-Token': { type: 'Expression', value: '@pipeline().parameters.apiToken' },
              },
              body: { hello: 'world' },
              authentication: {
                type: 'Basic',
                username: 'millrace',
                password: {
                  type: 'AzureKeyVaultSecret',
                  store: { referenceName: 'KeyVault1', type: 'LinkedServiceReference' },
                  secretName: 'web-password',
                },
              },
            },
          },
        ],
      },
    };

    beforeAll(async () => {
      home = await mkdtemp(join(tmpdir(), 'millrace-server-leak-home-'));
      outFolder = await mkdtemp(join(tmpdir(), 'millrace-server-leak-out-'));
      hook = createServer((request, response) => {
        hookHeaders.push(request.headers);
        request.resume();
        request.on('end', () => {
          response.setHeader('content-type', 'application/json');
          // It echoes the credential: the activity output must be redacted before it is stored.
          response.end(JSON.stringify({ echo: request.headers['x-api-token'] ?? null }));
        });
      });
      await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
      hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;

      harness = await createStoreHarness(adapter);
      server = await openServer({
        db: harness.location,
        factoryName: 'test-factory',
        environment: {
          MILLRACE_HOME: home,
          MILLRACE_SECRET_KEYVAULT1_BATCH_KEY: secrets.keyVaultForLinkedService,
          MILLRACE_SECRET_KEYVAULT1_WEB_PASSWORD: secrets.keyVaultForWebActivity,
        },
        log: { level: 'debug', destination: { write: (line) => logLines.push(line) } },
      });
      await server.app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
      const password = await server.identity.ensureAdmin();
      expect(password).toBeDefined();
      token = (await server.identity.tokenForPassword(ADMIN_USER_NAME, password!)).access_token;

      // Every run's events, from before the first resource is written.
      await stream('pipelineruns/events');
      for (const [name, body] of Object.entries(linkedServices()))
        await put(`linkedservices/${name}`, body);
      await put('pipelines/SecretsPipeline', secretsPipeline);

      // A secret parameter of the wrong type is refused without being quoted.
      const refused = await call('POST', 'pipelines/SecretsPipeline/createRun', {
        apiToken: { nested: secrets.runParameter },
        outFolder,
        webUrl: hookUrl,
      });
      expect(refused.status).toBe(400);
      expect(refused.json.error.code).toBe('FACTORY_INVALID_RUN_REQUEST');
      expect(refused.json.error.details[0].target).toBe('parameters/apiToken');

      const first = await runToEnd(join(outFolder, 'first'));
      expect(first.status).toBe('Succeeded');
      firstRunId = first.runId;
      await call('GET', `pipelineruns/${firstRunId}`);
      await call('POST', `pipelineruns/${firstRunId}/queryActivityruns`, {});
      await call('POST', 'queryPipelineRuns', {});
      await call('GET', 'linkedservices');
      await call('GET', 'pipelines');

      // A client reads the masked resources and PUTs them back unchanged.
      for (const name of Object.keys(linkedServices())) {
        const read = await call('GET', `linkedservices/${name}`);
        await put(`linkedservices/${name}`, read.json);
      }
      const pipeline = await call('GET', 'pipelines/SecretsPipeline');
      await put('pipelines/SecretsPipeline', pipeline.json);

      const second = await runToEnd(join(outFolder, 'second'));
      expect(second.status).toBe('Succeeded');
      secondRunId = second.runId;
      await call('GET', `pipelineruns/${secondRunId}`);
      await call('POST', `pipelineruns/${secondRunId}/queryActivityruns`, {});

      // What a careless log statement would write: the run as the engine reads it, in plaintext.
      const opened = await server.factory.store.getPipelineRun(secondRunId);
      const activityRuns = await server.factory.store.listActivityRuns(secondRunId);
      server.app.log.debug({ opened, activityRuns }, 'the run as the engine sees it');
    });

    afterAll(async () => {
      for (const reader of streams) reader.abort();
      await server?.close();
      await harness?.dispose();
      await new Promise<void>((resolve) => (hook ? hook.close(() => resolve()) : resolve()));
      for (const folder of [home, outFolder])
        if (folder) await rm(folder, { recursive: true, force: true });
    });

    it('hands the activities the real values, also after the masked resources came back', async () => {
      expect(hookHeaders).toHaveLength(2);
      for (const headers of hookHeaders) {
        expect(headers['x-api-token']).toBe(secrets.runParameter);
        expect(headers.authorization).toBe(`Basic ${allSecrets.basicCredentials}`);
      }
      for (const run of ['first', 'second']) {
        const file = (name: string) => readFile(join(outFolder, run, name), 'utf8');
        expect(await file('parameter.txt')).toBe(secrets.runParameter);
        expect(await file('default.txt')).toBe(secrets.parameterDefault);
        expect(await file('literal.txt')).toBe(secrets.pipelineLiteral);
      }
      // The engine's snapshot of the second run holds the linked services' real secrets, and the
      // Key Vault reference of Batch1 was resolved (the Custom activity that uses it succeeded).
      const run = await server.factory.store.getPipelineRun(secondRunId);
      const snapshot = JSON.stringify(run?.factorySnapshot);
      expect(snapshot).toContain(secrets.linkedServiceSecureString);
      expect(snapshot).toContain(secrets.connectionString);
      expect(server.redactor.contains(secrets.keyVaultForLinkedService)).toBe(true);
    });

    it('answers every request and event with the secrets masked', () => {
      const text = answers.map((answer) => answer.text).join('\n');
      const events = JSON.stringify(streams.map((reader) => reader.events));
      // The search can find things: the runs, the masks and the activity outputs are there.
      expect(text).toContain(secondRunId);
      expect(text).toContain(SECRET_MASK);
      expect(text).toContain('token=');
      expect(events).toContain(firstRunId);
      expect(events).toContain(secondRunId);
      expect(events).toContain('CallHook');
      for (const [name, secret] of Object.entries(allSecrets)) {
        for (const answer of answers)
          expect(answer.text.includes(secret), `${name} in ${answer.what}`).toBe(false);
        expect(events.includes(secret), `${name} in an event`).toBe(false);
      }
    });

    it('writes no secret to any log line', () => {
      const text = logLines.join('');
      expect(logLines.length).toBeGreaterThan(20);
      expect(text).toContain(secondRunId);
      expect(text).toContain('the run as the engine sees it');
      expect(text).toContain(SECRET_MASK);
      for (const [name, secret] of Object.entries(allSecrets))
        expect(text.includes(secret), `${name} is in the log`).toBe(false);
    });

    it('stores no secret in any row of any table', async () => {
      const { text, sources } = await rawDatabaseText(adapter, harness.location);
      expect(sources.length).toBeGreaterThan(0);
      expect(text).toContain(firstRunId);
      expect(text).toContain('SecretsPipeline');
      expect(text).toContain('msv1:');
      for (const [name, secret] of Object.entries(allSecrets))
        expect(text.includes(secret), `${name} is in the database`).toBe(false);
    });
  },
);
