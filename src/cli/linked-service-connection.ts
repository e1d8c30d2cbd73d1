/**
 * Where `millrace linked-services test` runs the test: here, on a linked service of a factory
 * folder (its ML workspace reached as activities reach it, the embedded one opened only when the
 * linked service names no endpoint), or on a Millrace server, through the factory API's
 * `POST linkedservices/{name}/testConnection`, signed in as the other `--server` commands are.
 */
import { MlWorkspaceConnector } from '../activities/azure-ml/ml-workspace-connector.js';
import { isJsonObject } from '../factory/json-values.js';
import { loadFactory } from '../factory/factory-loader.js';
import type { JsonObject } from '../factory/resources.js';
import { FactoryServiceError } from '../factory-service/factory-service-errors.js';
import {
  testLinkedServiceConnection,
  type LinkedServiceConnectionTestResult,
} from '../factory-service/linked-service-connection-test.js';
import { bearerTokenSource, connectionProblem } from '../ml/workspace/bearer-token-source.js';
import { MlWorkspaceClientError } from '../ml/workspace/ml-workspace-client-errors.js';
import { defaultSecretProvider } from '../secrets/secret-provider.js';
import { SecretRedactor } from '../secrets/secret-redactor.js';
import { millraceHome } from '../store/open-store.js';
import { CliUsageError } from './ml-cli-errors.js';
import { openMlWorkspace, type MlWorkspaceSession } from './ml-workspace-setup.js';
import { resolveServerCredentials } from './server-credentials.js';
import { normalizeServerUrl } from './stored-credentials.js';

export interface LocalTestOptions {
  /** The factory folder (an ADF git folder or an ARM template). */
  readonly factory: string;
  /** The embedded workspace's store (`--db`). (Default: SQLite in the Millrace home.) */
  readonly db?: string;
  readonly environment: NodeJS.ProcessEnv;
}

/** Tests a linked service of a factory folder in this process. */
export async function testLocalLinkedService(
  name: string,
  parameters: JsonObject,
  options: LocalTestOptions,
): Promise<LinkedServiceConnectionTestResult> {
  const { factory, problems } = await loadFactory(options.factory);
  const linkedService = [...factory.linkedServices.values()].find(
    (candidate) => candidate.name.toLowerCase() === name.toLowerCase(),
  );
  if (linkedService === undefined) {
    const unreadable = problems.find((problem) => problem.severity === 'error');
    throw new FactoryServiceError(
      'FACTORY_RESOURCE_NOT_FOUND',
      `The factory at ${options.factory} has no linked service '${name}'${unreadable === undefined ? '' : ` (${unreadable.message})`}; give the factory folder with --factory.`,
      { target: 'name' },
    );
  }
  const properties = linkedService.json.properties;
  // The embedded workspace opens only for a linked service without a millraceEndpoint.
  let ml: Promise<MlWorkspaceSession> | undefined;
  const connector = new MlWorkspaceConnector({
    embedded: async () => {
      ml ??= openMlWorkspace({
        environment: options.environment,
        ...(options.db === undefined ? {} : { db: options.db }),
      });
      return (await ml).workspace;
    },
  });
  try {
    return await testLinkedServiceConnection(
      linkedService.name,
      isJsonObject(properties) ? properties : {},
      parameters,
      {
        connect: connector.connectFresh,
        secretProvider: defaultSecretProvider(
          millraceHome(options.environment),
          options.environment,
        ),
        redactor: new SecretRedactor(),
      },
    );
  } finally {
    await ml?.then(
      (session) => session.close(),
      () => undefined,
    );
  }
}

export interface ServerTestOptions {
  readonly server: string;
  readonly factoryName: string;
  readonly environment: NodeJS.ProcessEnv;
  /** How long the request may take. (Default: 300000, five minutes, as the ML client) */
  readonly timeoutMs?: number;
}

const API_VERSION = '2018-06-01';
const DEFAULT_TIMEOUT_MS = 300_000;

/** The server's error answer, `{ error: { code, message } }`, as a coded error to report. */
export class ServerAnswerError extends Error {
  override readonly name = 'ServerAnswerError';
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number,
  ) {
    super(message);
  }
}

/** Asks a Millrace server to test one of its stored linked services. */
export async function testServerLinkedService(
  name: string,
  parameters: JsonObject,
  options: ServerTestOptions,
): Promise<LinkedServiceConnectionTestResult> {
  const origin = normalizeServerUrl(options.server);
  try {
    new URL(origin);
  } catch {
    throw new CliUsageError(
      `--server ${options.server} is not a URL such as http://127.0.0.1:8080.`,
    );
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const credentials = resolveServerCredentials(origin, options.environment);
  const token = await bearerTokenSource(origin, credentials, { timeoutMs }).current();
  const id = encodeURIComponent;
  const url = `${origin}/subscriptions/local/resourceGroups/local/providers/Microsoft.DataFactory/factories/${id(options.factoryName)}/linkedservices/${id(name)}/testConnection?api-version=${API_VERSION}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ parameters }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new MlWorkspaceClientError(
      'ML_SERVER_UNREACHABLE',
      `Cannot reach the Millrace server at ${origin} (${connectionProblem(error)}); start it with \`millrace server\`, or check the URL and port.`,
      undefined,
      undefined,
      { cause: error },
    );
  }
  const body = await readJson(response);
  if (response.ok && isConnectionTestResult(body)) return body;
  const error = isJsonObject(body as JsonObject) ? (body as JsonObject).error : undefined;
  if (isJsonObject(error) && typeof error.code === 'string' && typeof error.message === 'string') {
    const hint =
      error.code === 'FACTORY_NOT_FOUND'
        ? ' Name the server’s factory with --factory-name.'
        : response.status === 401
          ? ` Run \`millrace login --server ${origin}\`.`
          : '';
    throw new ServerAnswerError(error.code, `${error.message}${hint}`, response.status);
  }
  throw new MlWorkspaceClientError(
    'ML_SERVER_BAD_RESPONSE',
    `POST ${url} answered ${response.status} with something that is not the factory API's; check that ${origin} is a Millrace server.`,
    response.status,
  );
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isConnectionTestResult(value: unknown): value is LinkedServiceConnectionTestResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.message !== 'string') return false;
  if (candidate.succeeded === true)
    return typeof candidate.workspace === 'string' && Array.isArray(candidate.permissions);
  return candidate.succeeded === false && typeof candidate.errorCode === 'string';
}
