import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../factory/resources.js';
import type { ActivityExecutionResult } from './activity-executor.js';
import { buildExecutionRequest } from './execution-request-builder.js';
import { WebActivityExecutor } from './web-activity-executor.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

const servers: Server[] = [];

async function listen(server: Server, handler: Handler, scheme = 'http'): Promise<string> {
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return `${scheme}://127.0.0.1:${port}`;
}

function serve(handler: Handler): Promise<string> {
  return listen(createHttpServer(), handler);
}

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

function run(
  input: JsonObject,
  options: { signal?: AbortSignal; asyncPollIntervalMs?: number } = {},
): Promise<ActivityExecutionResult> {
  return new WebActivityExecutor({ asyncPollIntervalMs: options.asyncPollIntervalMs }).execute(
    buildExecutionRequest({
      type: 'WebActivity',
      name: 'CallApi',
      input,
      signal: options.signal,
    }),
  );
}

function outputOf(result: ActivityExecutionResult): JsonObject {
  if (result.status !== 'Succeeded') throw new Error(`failed: ${JSON.stringify(result)}`);
  const output = result.output;
  if (typeof output !== 'object' || output === null || Array.isArray(output))
    throw new Error('output is not an object');
  return output;
}

function errorOf(result: ActivityExecutionResult): { errorCode: string; message: string } {
  if (result.status !== 'Failed') throw new Error(`succeeded: ${JSON.stringify(result)}`);
  return result.error;
}

function json(response: ServerResponse, status: number, value: unknown, headers = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(value));
}

describe('WebActivityExecutor', () => {
  it('returns a JSON object body with the response headers, as Data Factory does', async () => {
    const url = await serve((_request, _body, response) =>
      json(response, 200, { status: 'ok', rows: 3 }, { 'x-request-id': 'r-1' }),
    );
    const output = outputOf(await run({ method: 'GET', url: `${url}/health` }));
    expect(output).toMatchObject({
      status: 'ok',
      rows: 3,
      ADFWebActivityResponseHeaders: { 'content-type': 'application/json', 'x-request-id': 'r-1' },
      effectiveIntegrationRuntime: 'Millrace (local)',
    });
    expect(typeof output['executionDuration']).toBe('number');
  });

  it.each([
    ['plain text', 'text/plain', 'hello'],
    ['a JSON array', 'application/json', '[1,2]'],
    ['a JSON string', 'application/json', '"done"'],
    ['an empty body', 'text/plain', ''],
  ])('returns %s as { Response: text }', async (_label, type, text) => {
    const url = await serve((_request, _body, response) => {
      response.writeHead(200, { 'content-type': type });
      response.end(text);
    });
    expect(outputOf(await run({ method: 'GET', url }))['Response']).toBe(text);
  });

  it('sends headers and a JSON body, serialised with Content-Type application/json', async () => {
    const url = await serve((request, body, response) =>
      json(response, 200, {
        method: request.method,
        contentType: request.headers['content-type'],
        tenant: request.headers['x-tenant'],
        body,
      }),
    );
    const output = outputOf(
      await run({
        method: 'post',
        url,
        headers: { 'X-Tenant': 'contoso' },
        body: { model: 'churn', threshold: 0.5 },
      }),
    );
    expect(output).toMatchObject({
      method: 'POST',
      contentType: 'application/json',
      tenant: 'contoso',
      body: '{"model":"churn","threshold":0.5}',
    });
  });

  it('sends a string body as written, with the Content-Type given in headers', async () => {
    const url = await serve((request, body, response) =>
      json(response, 200, { contentType: request.headers['content-type'], body }),
    );
    const output = outputOf(
      await run({
        method: 'PUT',
        url,
        headers: { 'Content-Type': 'text/csv' },
        body: 'a,b\n1,2',
      }),
    );
    expect(output).toMatchObject({ contentType: 'text/csv', body: 'a,b\n1,2' });
  });

  it('fails with 2108, the status and the body when the endpoint answers 500', async () => {
    const url = await serve((_request, _body, response) =>
      json(response, 500, { error: 'model store unavailable' }),
    );
    const error = errorOf(await run({ method: 'GET', url: `${url}/score?code=s3cret` }));
    expect(error.errorCode).toBe('2108');
    expect(error.message).toContain("Response status code: '500 Internal Server Error'");
    expect(error.message).toContain('model store unavailable');
    expect(error.message).not.toContain('s3cret');
  });

  it('fails with 2108 when nothing listens at the URL', async () => {
    const url = await serve(() => undefined);
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
    const error = errorOf(await run({ method: 'GET', url }));
    expect(error.errorCode).toBe('2108');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('polls the Location of a 202 until the answer is not 202, honouring Retry-After', async () => {
    let polls = 0;
    const url = await serve((request, _body, response) => {
      if (request.method === 'POST') {
        response.writeHead(202, { location: '/jobs/7', 'retry-after': '0' });
        response.end();
      } else if (++polls < 3) {
        json(response, 202, { status: 'running' }, { location: '/jobs/7', 'retry-after': '0' });
      } else {
        json(response, 200, { status: 'done', auth: request.headers.authorization ?? null });
      }
    });
    const output = outputOf(
      await run({
        method: 'POST',
        url: `${url}/jobs`,
        body: {},
        authentication: { type: 'Basic', username: 'u', password: 'p' },
      }),
    );
    expect(output).toMatchObject({ status: 'done', auth: 'Basic dTpw' });
    expect(polls).toBe(3);
  });

  it('polls at asyncPollIntervalMs without Retry-After, and sends no credentials to another origin', async () => {
    const statusUrl = await serve((request, _body, response) =>
      json(response, 200, { auth: request.headers.authorization ?? null }),
    );
    const url = await serve((_request, _body, response) => {
      response.writeHead(202, { location: `${statusUrl}/status` });
      response.end();
    });
    const output = outputOf(
      await run(
        { method: 'GET', url, headers: { Authorization: 'Bearer abc' } },
        { asyncPollIntervalMs: 10 },
      ),
    );
    expect(output['auth']).toBeNull();
  });

  it('returns the 202 answer itself when turnOffAsync is true', async () => {
    const url = await serve((_request, _body, response) =>
      json(response, 202, { accepted: true }, { location: '/never' }),
    );
    expect(outputOf(await run({ method: 'GET', url, turnOffAsync: true }))).toMatchObject({
      accepted: true,
    });
  });

  it('fails with 2128 when the endpoint does not answer within httpRequestTimeout', async () => {
    const url = await serve(() => undefined);
    const error = errorOf(await run({ method: 'GET', url, httpRequestTimeout: '00:00:01' }));
    expect(error.errorCode).toBe('2128');
  });

  it('stops waiting for an answer when the activity is aborted', async () => {
    const controller = new AbortController();
    const url = await serve(() => controller.abort());
    const error = errorOf(await run({ method: 'GET', url }, { signal: controller.signal }));
    expect(error.errorCode).toBe('ACTIVITY_CANCELLED');
  });

  it('stops polling when the activity is aborted during Retry-After', async () => {
    const controller = new AbortController();
    const url = await serve((_request, _body, response) => {
      response.writeHead(202, { location: '/status', 'retry-after': '3600' });
      response.end(() => controller.abort());
    });
    const error = errorOf(await run({ method: 'GET', url }, { signal: controller.signal }));
    expect(error.errorCode).toBe('ACTIVITY_CANCELLED');
  });

  it.each([
    ['with Content-Length', true],
    ['chunked', false],
  ])('fails with 2001 when the response is over 4 MB (%s)', async (_label, withLength) => {
    const size = 4 * 1024 * 1024 + 1;
    const url = await serve((_request, _body, response) => {
      response.writeHead(200, withLength ? { 'content-length': String(size) } : {});
      response.end(Buffer.alloc(size, 'a'));
    });
    expect(errorOf(await run({ method: 'GET', url })).errorCode).toBe('2001');
  });

  it('accepts a response of exactly 4 MB', async () => {
    const url = await serve((_request, _body, response) => {
      response.end(Buffer.alloc(4 * 1024 * 1024, 'a'));
    });
    expect(String(outputOf(await run({ method: 'GET', url }))['Response'])).toHaveLength(
      4 * 1024 * 1024,
    );
  });

  it('sends Basic authentication from a SecureString password', async () => {
    const url = await serve((request, _body, response) =>
      json(response, 200, { authorization: request.headers.authorization }),
    );
    const output = outputOf(
      await run({
        method: 'GET',
        url,
        authentication: {
          type: 'Basic',
          username: 'etl',
          password: { type: 'SecureString', value: 'pä:ss' },
        },
      }),
    );
    expect(output['authorization']).toBe(
      `Basic ${Buffer.from('etl:pä:ss', 'utf8').toString('base64')}`,
    );
  });

  it.each(['MSI', 'ServicePrincipal', 'ClientCertificate'])(
    'fails clearly for %s authentication, which needs Azure',
    async (type) => {
      const error = errorOf(
        await run({ method: 'GET', url: 'http://127.0.0.1:9/', authentication: { type } }),
      );
      expect(error.errorCode).toBe('WEB_AUTHENTICATION_NOT_AVAILABLE');
      expect(error.message).toContain(type);
    },
  );

  it.each<[string, JsonObject, string]>([
    ['no url', { method: 'GET' }, '2103'],
    ['no method', { url: 'http://127.0.0.1:9/' }, '2103'],
    [
      'HEAD, which Data Factory does not offer',
      { method: 'HEAD', url: 'http://127.0.0.1:9/' },
      'ACTIVITY_INVALID_PROPERTY',
    ],
    ['a POST without body', { method: 'POST', url: 'http://127.0.0.1:9/' }, '2103'],
    ['a relative url', { method: 'GET', url: '/health' }, 'ACTIVITY_INVALID_PROPERTY'],
    ['an ftp url', { method: 'GET', url: 'ftp://example.com/' }, 'ACTIVITY_INVALID_PROPERTY'],
    ['headers as a string', { method: 'GET', url: 'http://127.0.0.1:9/', headers: 'x: y' }, '2104'],
    [
      'a malformed timeout',
      { method: 'GET', url: 'http://127.0.0.1:9/', httpRequestTimeout: '5m' },
      'ACTIVITY_INVALID_PROPERTY',
    ],
    [
      'a timeout over 10 minutes',
      { method: 'GET', url: 'http://127.0.0.1:9/', httpRequestTimeout: '00:11:00' },
      'ACTIVITY_INVALID_PROPERTY',
    ],
    [
      'turnOffAsync as a string',
      { method: 'GET', url: 'http://127.0.0.1:9/', turnOffAsync: 'yes' },
      '2104',
    ],
  ])('refuses %s', async (_label, input, code) => {
    expect(errorOf(await run(input)).errorCode).toBe(code);
  });

  describe('over HTTPS with a self-signed certificate', () => {
    let certificate: { key: Buffer; cert: Buffer };
    beforeAll(() => {
      const folder = mkdtempSync(join(tmpdir(), 'millrace-web-tls-'));
      try {
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'ec',
            '-pkeyopt',
            'ec_paramgen_curve:prime256v1',
            '-nodes',
            '-subj',
            '/CN=127.0.0.1',
            '-days',
            '1',
            '-keyout',
            join(folder, 'key.pem'),
            '-out',
            join(folder, 'cert.pem'),
          ],
          { stdio: 'ignore' },
        );
        certificate = {
          key: readFileSync(join(folder, 'key.pem')),
          cert: readFileSync(join(folder, 'cert.pem')),
        };
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
    function serveTls(handler: Handler): Promise<string> {
      return listen(createHttpsServer(certificate), handler, 'https');
    }

    it('fails with 2108 when the certificate cannot be validated', async () => {
      const url = await serveTls((_request, _body, response) => json(response, 200, {}));
      const error = errorOf(await run({ method: 'GET', url }));
      expect(error.errorCode).toBe('2108');
      expect(error.message).toContain('self-signed certificate');
    });

    it('calls the endpoint with disableCertValidation, following redirects', async () => {
      const url = await serveTls((request, body, response) => {
        if (request.url === '/old') {
          response.writeHead(307, { location: '/new' });
          response.end();
        } else
          json(response, 201, { path: request.url, body, auth: request.headers.authorization });
      });
      const output = outputOf(
        await run({
          method: 'POST',
          url: `${url}/old`,
          body: { a: 1 },
          disableCertValidation: true,
          authentication: { type: 'Basic', username: 'u', password: 'p' },
        }),
      );
      expect(output).toMatchObject({ path: '/new', body: '{"a":1}', auth: 'Basic dTpw' });
      expect(output['ADFWebActivityResponseHeaders']).toMatchObject({
        'content-type': 'application/json',
      });
    });

    it('stops a call without certificate validation when the activity is aborted', async () => {
      const controller = new AbortController();
      const url = await serveTls(() => controller.abort());
      const error = errorOf(
        await run(
          { method: 'GET', url, disableCertValidation: true },
          { signal: controller.signal },
        ),
      );
      expect(error.errorCode).toBe('ACTIVITY_CANCELLED');
    });
  });
});
