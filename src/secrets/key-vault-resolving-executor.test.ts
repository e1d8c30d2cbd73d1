import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ActivityExecutorRegistry,
  type ActivityExecutionRequest,
  type ActivityExecutionResult,
  type ActivityExecutor,
} from '../activities/activity-executor.js';
import { createBuiltinExecutors } from '../activities/builtin-executors.js';
import { buildExecutionRequest } from '../activities/execution-request-builder.js';
import type { JsonObject } from '../factory/resources.js';
import {
  KeyVaultResolvingExecutor,
  withKeyVaultResolution,
} from './key-vault-resolving-executor.js';
import { EnvironmentSecretProvider } from './secret-provider.js';
import { SecretRedactor } from './secret-redactor.js';

const keyVaultSecret = (secretName: string): JsonObject => ({
  type: 'AzureKeyVaultSecret',
  store: { referenceName: 'KeyVault1', type: 'LinkedServiceReference' },
  secretName,
});

const provider = new EnvironmentSecretProvider({
  MILLRACE_SECRET_KEYVAULT1_WEB_PASSWORD: 'web-password-from-vault',
  MILLRACE_SECRET_KEYVAULT1_SERVICE_KEY: 'service-key-from-vault',
});

/** An executor that answers with the linked service it was given, as an ML activity reads it. */
class LinkedServiceEchoExecutor implements ActivityExecutor {
  readonly type = 'LinkedServiceEcho';
  readonly seen: ActivityExecutionRequest[] = [];
  execute(request: ActivityExecutionRequest): Promise<ActivityExecutionResult> {
    this.seen.push(request);
    return Promise.resolve({
      status: 'Succeeded',
      output: { typeProperties: request.linkedService?.typeProperties ?? null },
    });
  }
}

describe('KeyVaultResolvingExecutor', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it("resolves references in the activity's input before a real WebActivity sends it", async () => {
    const received: IncomingHttpHeaders[] = [];
    server = createServer((request, response) => {
      received.push(request.headers);
      response.setHeader('content-type', 'application/json');
      response.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const redactor = new SecretRedactor();
    const registry = withKeyVaultResolution(createBuiltinExecutors(), { provider, redactor });
    const executor = registry.get('webactivity')!;
    expect(executor.type).toBe('WebActivity');

    const result = await executor.execute(
      buildExecutionRequest({
        type: 'WebActivity',
        input: {
          method: 'GET',
          url: `http://127.0.0.1:${port}/`,
          authentication: {
            type: 'Basic',
            username: 'me',
            password: keyVaultSecret('web-password'),
          },
        },
      }),
    );

    expect(result.status).toBe('Succeeded');
    expect(received[0]?.authorization).toBe(
      `Basic ${Buffer.from('me:web-password-from-vault').toString('base64')}`,
    );
    expect(redactor.redact('web-password-from-vault')).toBe('**********');
  });

  it("resolves references in the linked service's properties as plain text", async () => {
    const echo = new LinkedServiceEchoExecutor();
    const redactor = new SecretRedactor();
    const executor = new KeyVaultResolvingExecutor(echo, { provider, redactor });
    const request: ActivityExecutionRequest = {
      ...buildExecutionRequest({ type: 'LinkedServiceEcho', input: {} }),
      linkedService: {
        name: 'AzureML1',
        type: 'AzureMLService',
        typeProperties: {
          servicePrincipalId: 'app-1',
          servicePrincipalKey: keyVaultSecret('service-key'),
        },
      },
    };

    const result = await executor.execute(request);

    expect(result).toEqual({
      status: 'Succeeded',
      output: {
        typeProperties: {
          servicePrincipalId: 'app-1',
          servicePrincipalKey: 'service-key-from-vault',
        },
      },
    });
    expect(request.linkedService?.typeProperties.servicePrincipalKey).toEqual(
      keyVaultSecret('service-key'),
    );
    expect(redactor.contains('x service-key-from-vault')).toBe(true);
  });

  it('passes requests without references through untouched', async () => {
    const echo = new LinkedServiceEchoExecutor();
    const request = buildExecutionRequest({ type: 'LinkedServiceEcho', input: { a: 1 } });
    await new KeyVaultResolvingExecutor(echo, { provider }).execute(request);
    expect(echo.seen[0]).toBe(request);
  });

  it('fails the activity, without running it, when a secret cannot be found', async () => {
    const echo = new LinkedServiceEchoExecutor();
    const registry = withKeyVaultResolution(new ActivityExecutorRegistry([echo]), { provider });
    const result = await registry.get('LinkedServiceEcho')!.execute({
      ...buildExecutionRequest({ type: 'LinkedServiceEcho', input: {}, name: 'Score' }),
      linkedService: {
        name: 'AzureML1',
        type: 'AzureMLService',
        typeProperties: { servicePrincipalKey: keyVaultSecret('rotated-away') },
      },
    });

    expect(echo.seen).toHaveLength(0);
    expect(result.status).toBe('Failed');
    if (result.status !== 'Failed') return;
    expect(result.error.errorCode).toBe('SECRET_NOT_FOUND');
    expect(result.error.failureType).toBe('UserError');
    expect(result.error.target).toBe('Score');
    expect(result.error.message).toContain("linked service 'AzureML1'");
    expect(result.error.message).toContain('MILLRACE_SECRET_KEYVAULT1_ROTATED_AWAY');
    expect(result.error.details).toEqual({
      lookedIn: ['env:MILLRACE_SECRET_KEYVAULT1_ROTATED_AWAY'],
    });
  });

  it('reports a provider that breaks its contract as SECRET_PROVIDER_FAILED', async () => {
    const broken = { resolve: () => Promise.reject(new Error('vault unreachable')) };
    const echo = new LinkedServiceEchoExecutor();
    const result = await new KeyVaultResolvingExecutor(echo, { provider: broken }).execute(
      buildExecutionRequest({ type: 'LinkedServiceEcho', input: { key: keyVaultSecret('x') } }),
    );
    expect(result.status === 'Failed' && result.error).toMatchObject({
      errorCode: 'SECRET_PROVIDER_FAILED',
      failureType: 'SystemError',
    });
    expect(result.status === 'Failed' && result.error.message).toContain('vault unreachable');
  });
});
