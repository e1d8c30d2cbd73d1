/**
 * `POST linkedservices/{name}/testConnection` on a real server (composed by `openServer`, on each
 * store adapter STORE selects), against its own ML workspace over HTTP with real service
 * principals and tokens: a working connection, Data Factory's 4121 (expired secret) and 4122
 * (wrong key, missing permission), 4125 (nothing answers), parameterised linked services,
 * unsaved properties with masked secrets, Key Vault references, and the refusals that are HTTP
 * errors. Neither answers nor the server's log ever hold a secret.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityService } from '../../src/identity/identity-service.js';
import { SECRET_MASK } from '../../src/secrets/secret-fields.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import { FACTORY_PATH, startServer, type ServerHarness } from './server-harness.js';

interface Principal {
  readonly clientId: string;
  readonly secret: string;
}

/** A port nothing listens on (the discard port, never served on loopback in CI). */
const CLOSED_ENDPOINT = 'http://127.0.0.1:9';
const KEY_VAULT_SECRET = 'key-vault-held-sp-secret';

describe.each(storeAdaptersUnderTest())(
  'Test connection of linked services on %s',
  { timeout: 60_000 },
  (adapter) => {
    let server: ServerHarness;
    const log: string[] = [];
    let submitter: Principal;
    let reader: Principal;
    let expired: Principal;
    let keyVaultPrincipal: Principal;
    const secrets: string[] = [];

    function linkedService(
      principal: Principal,
      overrides: Record<string, unknown> = {},
    ): Record<string, unknown> {
      return {
        properties: {
          type: 'AzureMLService',
          typeProperties: {
            millraceEndpoint: server.origin,
            subscriptionId: 'sub-1',
            resourceGroupName: 'rg-1',
            mlWorkspaceName: 'ws-1',
            servicePrincipalId: principal.clientId,
            servicePrincipalKey: { type: 'SecureString', value: principal.secret },
            tenant: 'millrace',
            ...overrides,
          },
        },
      };
    }

    async function put(name: string, body: Record<string, unknown>): Promise<void> {
      const answer = await server.request('PUT', `${FACTORY_PATH}/linkedservices/${name}`, {
        body,
      });
      expect(answer.status, answer.text).toBe(200);
    }

    function test(name: string, body?: unknown) {
      return server.request('POST', `${FACTORY_PATH}/linkedservices/${name}/testConnection`, {
        query: { 'api-version': '2018-06-01' },
        ...(body === undefined ? {} : { body }),
      });
    }

    beforeAll(async () => {
      server = await startServer(adapter, { log: { write: (line: string) => log.push(line) } });
      submitter = await server.servicePrincipal('adf-submitter', [['ML Pipeline Submitter', 'ml']]);
      reader = await server.servicePrincipal('adf-reader', [['ML Pipeline Reader', 'ml']]);
      keyVaultPrincipal = await server.servicePrincipal('adf-key-vault', [
        ['ML Pipeline Submitter', 'ml'],
      ]);
      // Its secret expired: made by an identity service whose clock is a day behind.
      const yesterday = new Date(Date.now() - 86_400_000);
      const past = new IdentityService({
        store: server.server.ml.store,
        secrets: server.server.secrets,
        clock: () => yesterday,
      });
      const added = await past.addServicePrincipal('adf-expired', {
        secretExpiresAt: new Date(yesterday.getTime() + 3_600_000).toISOString(),
      });
      await server.server.identity.grantRole(added.clientId, 'ML Pipeline Submitter', 'ml');
      expired = added;
      secrets.push(submitter.secret, reader.secret, expired.secret, keyVaultPrincipal.secret);
      secrets.push(KEY_VAULT_SECRET);

      const keyVaultFolder = join(server.home, 'secrets', 'KeyVault1');
      await mkdir(keyVaultFolder, { recursive: true });
      await writeFile(join(keyVaultFolder, 'sp-key'), `${keyVaultPrincipal.secret}\n`);

      await put('AzureML', linkedService(submitter));
      await put('AzureMLWrongKey', linkedService({ ...submitter, secret: 'not-the-right-key-1' }));
      await put('AzureMLReader', linkedService(reader));
      await put('AzureMLExpired', linkedService(expired));
      await put('AzureMLNowhere', linkedService(submitter, { millraceEndpoint: CLOSED_ENDPOINT }));
      await put('KeyVault1', {
        properties: {
          type: 'AzureKeyVault',
          typeProperties: { baseUrl: 'https://millrace-test-kv.vault.azure.net/' },
        },
      });
      await put(
        'AzureMLKeyVault',
        linkedService(keyVaultPrincipal, {
          servicePrincipalKey: {
            type: 'AzureKeyVaultSecret',
            store: { referenceName: 'KeyVault1', type: 'LinkedServiceReference' },
            secretName: 'sp-key',
          },
        }),
      );
      const parameterised = linkedService(submitter, {
        millraceEndpoint: '@{linkedService().endpoint}',
        mlWorkspaceName: '@linkedService().workspace',
      });
      (parameterised.properties as Record<string, unknown>).parameters = {
        endpoint: { type: 'String', defaultValue: CLOSED_ENDPOINT },
        workspace: { type: 'String', defaultValue: 'ws-default' },
      };
      await put('AzureMLParameterised', parameterised);
      await put('Blob', {
        properties: {
          type: 'AzureBlobStorage',
          typeProperties: { connectionString: 'DefaultEndpointsProtocol=https;AccountName=x' },
        },
      });
    });

    afterAll(async () => {
      await server?.close();
    });

    it('succeeds for a service principal holding ML Pipeline Submitter', async () => {
      const answer = await test('AzureML');
      expect(answer.status, answer.text).toBe(200);
      expect(answer.json).toEqual({
        succeeded: true,
        message: expect.stringContaining("Connection to ML workspace 'ws-1'"),
        workspace: 'ws-1',
        permissions: ['ml/pipelines/submit', 'ml/runs/read', 'ml/runs/cancel'],
      });
      expect(answer.json.message).toContain("as 'adf-submitter'");
    });

    it('fails with 4122 for a wrong key, saying which settings to check', async () => {
      const answer = await test('AzureMLWrongKey');
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ succeeded: false, errorCode: '4122' });
      expect(answer.json.message).toContain('invalid_client');
      expect(answer.json.message).toContain('servicePrincipalKey');
      expect(answer.text).not.toContain('not-the-right-key-1');
    });

    it('fails with 4122 naming the missing permissions and the role to grant', async () => {
      const answer = await test('AzureMLReader');
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ succeeded: false, errorCode: '4122' });
      expect(answer.json.message).toContain('ml/pipelines/submit and ml/runs/read');
      expect(answer.json.message).toContain("'ML Pipeline Submitter'");
      expect(answer.json.message).toContain(`millrace roles grant ${reader.clientId}`);
      expect(answer.json.message).toContain('it holds: ml/pipelines/read');
    });

    it('fails with 4121 for an expired secret, saying when it expired and how to reset it', async () => {
      const answer = await test('AzureMLExpired');
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ succeeded: false, errorCode: '4121' });
      expect(answer.json.message).toContain('expired at');
      expect(answer.json.message).toContain(
        `millrace service-principals reset-secret ${expired.clientId}`,
      );
    });

    it('fails with 4125 when no server answers at the endpoint', async () => {
      const answer = await test('AzureMLNowhere');
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ succeeded: false, errorCode: '4125' });
      expect(answer.json.message).toContain(
        'Cannot reach the Millrace server at http://127.0.0.1:9',
      );
    });

    it('resolves linked service parameters: defaults, or the values given', async () => {
      const byDefault = await test('AzureMLParameterised');
      expect(byDefault.json).toMatchObject({ succeeded: false, errorCode: '4125' });
      const given = await test('AzureMLParameterised', {
        parameters: { endpoint: server.origin, workspace: 'ws-given' },
      });
      expect(given.json).toMatchObject({ succeeded: true, workspace: 'ws-given' });
      const unknown = await test('AzureMLParameterised', { parameters: { endpiont: 'x' } });
      expect(unknown.status).toBe(400);
      expect(unknown.json.error).toMatchObject({
        code: 'FACTORY_INVALID_REQUEST',
        target: 'parameters/endpiont',
      });
      expect(unknown.json.error.message).toContain("'endpoint', 'workspace'");
    });

    it('tests unsaved properties, a masked secret being the stored one', async () => {
      const stored = await server.request('GET', `${FACTORY_PATH}/linkedservices/AzureML`);
      const properties = stored.json.properties;
      expect(properties.typeProperties.servicePrincipalKey.value).toBe(SECRET_MASK);
      properties.typeProperties.mlWorkspaceName = 'ws-unsaved';
      const answer = await test('AzureML', { properties });
      expect(answer.json).toMatchObject({ succeeded: true, workspace: 'ws-unsaved' });
      // Not saved: the stored linked service is unchanged.
      const again = await server.request('GET', `${FACTORY_PATH}/linkedservices/AzureML`);
      expect(again.json.properties.typeProperties.mlWorkspaceName).toBe('ws-1');

      // A new linked service has no stored secret to fill a mask with.
      const unsaved = await test('NotYetSaved', { properties });
      expect(unsaved.json).toMatchObject({ succeeded: false, errorCode: '4122' });
      // …and one given in full works before it is saved.
      const full = linkedService(submitter).properties;
      expect((await test('NotYetSaved', { properties: full })).json.succeeded).toBe(true);
    });

    it('resolves Key Vault references as activities do', async () => {
      const answer = await test('AzureMLKeyVault');
      expect(answer.json, answer.text).toMatchObject({ succeeded: true, workspace: 'ws-1' });
    });

    it('refuses other linked service types and unknown names as HTTP errors', async () => {
      const blob = await test('Blob');
      expect(blob.status).toBe(400);
      expect(blob.json.error).toMatchObject({ code: 'FACTORY_CONNECTION_TEST_UNSUPPORTED' });
      expect(blob.json.error.message).toContain("'AzureBlobStorage'");
      const missing = await test('NoSuchLinkedService');
      expect(missing.status).toBe(404);
      expect(missing.json.error.code).toBe('FACTORY_RESOURCE_NOT_FOUND');
    });

    it('needs factory/linkedservices/write', async () => {
      const readerToken = await server.userToken(`ls-reader-${adapter}`, [['Reader', 'factory']]);
      const refused = await server.request(
        'POST',
        `${FACTORY_PATH}/linkedservices/AzureML/testConnection`,
        { token: readerToken, body: {} },
      );
      expect(refused.status).toBe(403);
      expect(refused.json.error.message).toContain('factory/linkedservices/write');
    });

    it('never shows a secret in an answer or a log line', async () => {
      const answers = await Promise.all(
        [
          'AzureML',
          'AzureMLWrongKey',
          'AzureMLReader',
          'AzureMLExpired',
          'AzureMLNowhere',
          'AzureMLKeyVault',
        ].map((name) => test(name)),
      );
      const text = [...answers.map((answer) => answer.text), ...log].join('\n');
      expect(log.length).toBeGreaterThan(0);
      for (const secret of secrets) expect(text).not.toContain(secret);
    });
  },
);
