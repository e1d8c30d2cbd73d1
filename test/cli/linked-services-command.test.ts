/**
 * `millrace linked-services test` through the real CLI (`bin/millrace`, so `npm run build`
 * first): locally on a factory folder (the embedded workspace when the linked service names no
 * endpoint; a real server's workspace over HTTP when it does), and with `--server` on the
 * server's stored linked services, signed in with MILLRACE_TOKEN. Exit 0 when the connection
 * works, 1 when it does not, 2 for invalid input; secrets are never printed.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServer, type ServerSession } from '../../src/cli/server-setup.js';
import type { JsonObject } from '../../src/factory/resources.js';
import { serverEnvironment } from '../server/server-harness.js';
import { createMlCliHome, type MlCliHome } from './ml-cli-harness.js';

const FACTORY_NAME = 'cli-factory';
const PASSWORD = 'linked-service-tester-password';

let serverHome: string;
let server: ServerSession;
let origin: string;
let cli: MlCliHome;
let factoryFolder: string;
let submitter: { clientId: string; secret: string };
let userToken: string;

function azureMl(typeProperties: JsonObject): JsonObject {
  return {
    type: 'AzureMLService',
    typeProperties: {
      subscriptionId: 'sub-1',
      resourceGroupName: 'rg-1',
      mlWorkspaceName: 'ws',
      ...typeProperties,
    },
  };
}

async function writeLinkedService(name: string, properties: JsonObject) {
  await writeFile(
    join(factoryFolder, 'linkedService', `${name}.json`),
    JSON.stringify({ name, properties }, null, 2),
  );
}

beforeAll(async () => {
  serverHome = await mkdtemp(join(tmpdir(), 'millrace-ls-cli-server-'));
  server = await openServer({
    environment: serverEnvironment(serverHome),
    factoryName: FACTORY_NAME,
  });
  const { identity } = server;
  await identity.ensureAdmin();
  submitter = await identity.addServicePrincipal('adf-linked-service');
  await identity.grantRole(submitter.clientId, 'ML Pipeline Submitter', 'ml');
  await identity.addUser('ls-author', PASSWORD);
  await identity.grantRole('ls-author', 'Factory Author', 'factory');
  userToken = (await identity.tokenForPassword('ls-author', PASSWORD)).access_token;
  origin = await server.app.listen({ port: 0, host: '127.0.0.1' });

  const service = server.factory.service;
  const remote = (key: string) =>
    azureMl({
      millraceEndpoint: origin,
      servicePrincipalId: submitter.clientId,
      servicePrincipalKey: { type: 'SecureString', value: key },
    });
  await service.putResource('linkedService', 'RemoteML', { properties: remote(submitter.secret) });
  await service.putResource('linkedService', 'RemoteMLWrongKey', {
    properties: remote('a-key-that-is-wrong'),
  });
  const parameterised = azureMl({
    millraceEndpoint: '@{linkedService().endpoint}',
    servicePrincipalId: submitter.clientId,
    servicePrincipalKey: { type: 'SecureString', value: submitter.secret },
  });
  await service.putResource('linkedService', 'ParameterisedML', {
    properties: {
      ...parameterised,
      parameters: { endpoint: { type: 'String', defaultValue: 'http://127.0.0.1:9' } },
    },
  });

  cli = await createMlCliHome();
  factoryFolder = await mkdtemp(join(tmpdir(), 'millrace-ls-cli-factory-'));
  await mkdir(join(factoryFolder, 'linkedService'));
  await writeLinkedService('LocalML', azureMl({}));
  await writeLinkedService('HttpML', {
    ...azureMl({
      millraceEndpoint: '@{linkedService().endpoint}',
      servicePrincipalId: submitter.clientId,
      servicePrincipalKey: { type: 'SecureString', value: submitter.secret },
    }),
    parameters: { endpoint: { type: 'String' } },
  });
  await writeLinkedService('Blob', {
    type: 'AzureBlobStorage',
    typeProperties: { connectionString: 'DefaultEndpointsProtocol=https;AccountName=x' },
  });
});

afterAll(async () => {
  await cli?.dispose();
  await server?.close();
  if (serverHome !== undefined) await rm(serverHome, { recursive: true, force: true });
  if (factoryFolder !== undefined) await rm(factoryFolder, { recursive: true, force: true });
});

describe('millrace linked-services test', { timeout: 60_000 }, () => {
  it('tests a linked service of the current folder on the embedded workspace', async () => {
    const outcome = await cli.millrace(
      ['linked-services', 'test', 'LocalML'],
      undefined,
      factoryFolder,
    );
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toBe(
      "Connection to ML workspace 'ws' (embedded) succeeded (ml/pipelines/read, ml/pipelines/write, ml/pipelines/submit, ml/runs/read, ml/runs/cancel).\n",
    );
  });

  it('tests a linked service of a folder against a server, its endpoint a --param', async () => {
    const args = ['linked-services', 'test', 'HttpML', '--factory', factoryFolder];
    const outcome = await cli.millrace([...args, '--param', `endpoint=${origin}`, '--json']);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(JSON.parse(outcome.stdout)).toEqual({
      succeeded: true,
      message: expect.stringContaining(`at ${origin} succeeded as 'adf-linked-service'`),
      workspace: 'ws',
      permissions: ['ml/pipelines/submit', 'ml/runs/read', 'ml/runs/cancel'],
    });
    const nowhere = await cli.millrace([...args, '--param', 'endpoint=http://127.0.0.1:9']);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stdout).toMatch(/^Test connection failed \(4125\): /);
    expect(nowhere.stdout + nowhere.stderr).not.toContain(submitter.secret);
  });

  it('refuses other types, unknown names and parameters with exit status 2', async () => {
    const blob = await cli.millrace([
      'linked-services',
      'test',
      'Blob',
      '--factory',
      factoryFolder,
    ]);
    expect(blob.code).toBe(2);
    expect(blob.stderr).toContain('error FACTORY_CONNECTION_TEST_UNSUPPORTED: ');
    const missing = await cli.millrace([
      'linked-services',
      'test',
      'Nothing',
      '--factory',
      factoryFolder,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error FACTORY_RESOURCE_NOT_FOUND: ');
    const badParam = await cli.millrace([
      'linked-services',
      'test',
      'HttpML',
      '--factory',
      factoryFolder,
      '--param',
      'nope',
    ]);
    expect(badParam.code).toBe(2);
    expect(badParam.stderr).toContain('error CLI_INVALID_ARGUMENT: ');
  });

  it('with --server, tests the stored linked service as the signed-in user', async () => {
    const remote = ['--server', origin, '--factory-name', FACTORY_NAME];
    const withToken = (args: string[]) =>
      createMlCliHome({ MILLRACE_TOKEN: userToken }).then(async (home) => {
        try {
          return await home.millrace(args);
        } finally {
          await home.dispose();
        }
      });

    const works = await withToken(['linked-services', 'test', 'RemoteML', ...remote]);
    expect(works.code, works.stderr).toBe(0);
    expect(works.stdout).toMatch(
      /^Connection to ML workspace 'ws' at http:\/\/127\.0\.0\.1:\d+ succeeded as 'adf-linked-service' \(ml\/pipelines\/submit, ml\/runs\/read, ml\/runs\/cancel\)\.\n$/,
    );

    const wrong = await withToken(['linked-services', 'test', 'RemoteMLWrongKey', ...remote]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/^Test connection failed \(4122\): /);
    expect(wrong.stdout).not.toContain('a-key-that-is-wrong');

    const parameterised = await withToken([
      'linked-services',
      'test',
      'ParameterisedML',
      ...remote,
      '--param',
      `endpoint=${origin}`,
      '--json',
    ]);
    expect(parameterised.code, parameterised.stderr).toBe(0);
    expect(JSON.parse(parameterised.stdout)).toMatchObject({ succeeded: true, workspace: 'ws' });

    const otherFactory = await withToken([
      'linked-services',
      'test',
      'RemoteML',
      '--server',
      origin,
      '--factory-name',
      'someone-else',
    ]);
    expect(otherFactory.code).toBe(2);
    expect(otherFactory.stderr).toContain('error FACTORY_NOT_FOUND: ');
    expect(otherFactory.stderr).toContain('--factory-name');
  });

  it('with --server and no sign-in, says how to sign in', async () => {
    const outcome = await cli.millrace([
      'linked-services',
      'test',
      'RemoteML',
      '--server',
      origin,
      '--factory-name',
      FACTORY_NAME,
    ]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(`millrace login --server ${origin}`);
  });
});
