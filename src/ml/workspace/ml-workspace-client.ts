/**
 * `MlWorkspace` over HTTP: talks to a Millrace server's ML workspace API (Azure ML's REST shape,
 * `src/server/`) with Node's fetch, and returns the same records the embedded workspace does.
 * Workspace failures come back as `MlWorkspaceError` with the server's code, message and
 * details; failures of the connection, of the credentials (401, 403) or of the server itself as
 * `MlWorkspaceClientError`. Every request carries a bearer token (see bearer-token-source.ts).
 */
import type { JsonValue } from '../../factory/resources.js';
import type {
  EndpointPipelineEntity,
  ExperimentEntity,
  PipelineEndpointEntity,
  PipelineEntity,
  PipelineRunEntity,
  PipelineRunPageEntity,
  PublishResultEntity,
} from '../../server/ml-entity-schemas.js';
import type { CallerAccessEntity } from '../../server/ml-access-routes.js';
import type {
  MlEndpointStatus,
  MlExperimentSummary,
  MlPipelineEndpointRecord,
  MlPublishedPipelineRecord,
  MlPublishedPipelineStatus,
  MlRunPage,
  MlRunQuery,
  MlRunRecord,
  MlRunStatus,
} from '../../store/ml-store.js';
import {
  experimentSummaryRecord,
  pipelineEndpointRecord,
  publishedPipelineRecord,
  runRecord,
  stepRunRecord,
} from './ml-entity-records.js';
import type {
  MlLogStream,
  MlPipelineSource,
  MlPublishOptions,
  MlPublishResult,
  MlRunDetails,
  MlSubmitRequest,
  MlSubmitTarget,
  MlWorkspace,
  MlWorkspaceAccess,
} from './ml-workspace.js';
import {
  bearerTokenSource,
  connectionProblem,
  type BearerTokenSource,
  type MlWorkspaceCredentials,
} from './bearer-token-source.js';
import { MlWorkspaceClientError } from './ml-workspace-client-errors.js';
import {
  MlWorkspaceError,
  MlWorkspaceErrorCodes,
  type MlWorkspaceErrorCode,
} from './ml-workspace-errors.js';
import { bundlePipelineFile, type PipelineBundle } from './pipeline-file-bundle.js';

export type { MlWorkspaceCredentials } from './bearer-token-source.js';

export interface MlWorkspaceClientOptions {
  /** The server, e.g. `http://127.0.0.1:8080` (a path prefix is kept). */
  readonly baseUrl: string;
  /**
   * A token (`{ token }`, sent as `Authorization: Bearer <token>`) or a service principal's
   * `{ clientId, clientSecret }`, exchanged for tokens at `<baseUrl>/oauth2/token`. (Default:
   * none, which the server refuses on every route but `/health`.)
   */
  readonly credentials?: MlWorkspaceCredentials;
  /** (Default: 'local') */
  readonly subscriptionId?: string;
  /** (Default: 'local') */
  readonly resourceGroup?: string;
  /** (Default: 'millrace') */
  readonly workspace?: string;
  /** How long one request may take. (Default: 300000, five minutes) */
  readonly timeoutMs?: number;
}

interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  /** Ends the request early, besides the client's own time limit. */
  readonly signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 300_000;
/** The server's longest long poll. */
const MAX_WAIT_SECONDS = 60;

export class MlWorkspaceClient implements MlWorkspace {
  readonly #origin: string;
  readonly #workspaceUrl: string;
  readonly #tokens: BearerTokenSource;
  readonly #timeoutMs: number;

  constructor(options: MlWorkspaceClientOptions) {
    this.#origin = options.baseUrl.replace(/\/+$/, '');
    const id = encodeURIComponent;
    this.#workspaceUrl = `${this.#origin}/pipelines/v1.0/subscriptions/${id(options.subscriptionId ?? 'local')}/resourceGroups/${id(options.resourceGroup ?? 'local')}/providers/Microsoft.MachineLearningServices/workspaces/${id(options.workspace ?? 'millrace')}`;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#tokens = bearerTokenSource(this.#origin, options.credentials, {
      timeoutMs: this.#timeoutMs,
    });
  }

  // --- Access --------------------------------------------------------------------------------

  async checkAccess(): Promise<MlWorkspaceAccess> {
    const entity = await this.#json<CallerAccessEntity>('GET', '/CallerAccess');
    if (
      typeof entity.Workspace !== 'string' ||
      typeof entity.Principal !== 'string' ||
      !Array.isArray(entity.Permissions) ||
      !entity.Permissions.every((permission) => typeof permission === 'string')
    ) {
      throw new MlWorkspaceClientError(
        'ML_SERVER_BAD_RESPONSE',
        `GET ${this.#origin}/…/CallerAccess answered without Workspace, Principal and Permissions; check that ${this.#origin} is a Millrace server.`,
        200,
      );
    }
    return {
      workspace: entity.Workspace,
      permissions: entity.Permissions,
      principal: entity.Principal,
    };
  }

  // --- Published pipelines -------------------------------------------------------------------

  async publish(source: MlPipelineSource, options: MlPublishOptions): Promise<MlPublishResult> {
    const bundle: PipelineBundle =
      source.kind === 'file' ? await bundlePipelineFile(source.file) : source;
    const entity = await this.#json<PublishResultEntity>('POST', '/Pipelines', {
      body: {
        Definition: bundle.yaml,
        DefinitionFileName: bundle.fileName,
        Files: Object.fromEntries(
          Object.entries(bundle.files).map(([path, content]) => [path, content.toString('base64')]),
        ),
        ...(options.name === undefined ? {} : { Name: options.name }),
        ...(options.description === undefined ? {} : { Description: options.description }),
        ...(options.version === undefined ? {} : { Version: options.version }),
        ...(options.continueOnStepFailure === undefined
          ? {}
          : { ContinueRunOnStepFailure: options.continueOnStepFailure }),
        ...(options.endpoint === undefined
          ? {}
          : {
              EndpointName: options.endpoint.name,
              MakeDefault: options.endpoint.makeDefault,
              ...(options.endpoint.skipIfUnchanged === true ? { SkipIfUnchanged: true } : {}),
            }),
        ...(options.createdBy === undefined ? {} : { CreatedBy: options.createdBy }),
      },
    });
    return {
      pipeline: publishedPipelineRecord(entity),
      snapshotExisted: entity.SnapshotExisted,
      ...(entity.PipelineEndpoint === null
        ? {}
        : { endpoint: pipelineEndpointRecord(entity.PipelineEndpoint) }),
      ...(entity.PipelineEndpointVersion === null
        ? {}
        : { endpointVersion: entity.PipelineEndpointVersion }),
      ...(entity.Unchanged === true ? { unchanged: true } : {}),
    };
  }

  async listPipelines(options: {
    readonly activeOnly: boolean;
  }): Promise<readonly MlPublishedPipelineRecord[]> {
    const entities = await this.#json<PipelineEntity[]>('GET', '/Pipelines', {
      query: { activeOnly: options.activeOnly },
    });
    return entities.map(publishedPipelineRecord);
  }

  async getPipeline(id: string): Promise<MlPublishedPipelineRecord> {
    return publishedPipelineRecord(
      await this.#json<PipelineEntity>('GET', `/Pipelines/${segment(id)}`),
    );
  }

  async setPipelineStatus(
    id: string,
    status: MlPublishedPipelineStatus,
  ): Promise<MlPublishedPipelineRecord> {
    return publishedPipelineRecord(
      await this.#json<PipelineEntity>('PUT', `/Pipelines/${segment(id)}/Status`, {
        body: { Status: status },
      }),
    );
  }

  // --- Pipeline endpoints --------------------------------------------------------------------

  async createEndpoint(options: {
    readonly name: string;
    readonly description?: string;
    readonly pipelineId: string;
  }): Promise<MlPipelineEndpointRecord> {
    return pipelineEndpointRecord(
      await this.#json<PipelineEndpointEntity>('POST', '/PipelineEndpoints', {
        body: {
          Name: options.name,
          PipelineId: options.pipelineId,
          ...(options.description === undefined ? {} : { Description: options.description }),
        },
      }),
    );
  }

  async listEndpoints(options: {
    readonly activeOnly: boolean;
  }): Promise<readonly MlPipelineEndpointRecord[]> {
    const entities = await this.#json<PipelineEndpointEntity[]>('GET', '/PipelineEndpoints', {
      query: { activeOnly: options.activeOnly },
    });
    return entities.map(pipelineEndpointRecord);
  }

  async getEndpoint(id: string): Promise<MlPipelineEndpointRecord> {
    return pipelineEndpointRecord(
      await this.#json<PipelineEndpointEntity>('GET', `/PipelineEndpoints/${segment(id)}`),
    );
  }

  async getEndpointByName(name: string): Promise<MlPipelineEndpointRecord> {
    return pipelineEndpointRecord(
      await this.#json<PipelineEndpointEntity>('GET', '/PipelineEndpoints/Name', {
        query: { name },
      }),
    );
  }

  async addEndpointVersion(
    endpointId: string,
    pipelineId: string,
    options: { readonly makeDefault: boolean },
  ): Promise<MlPipelineEndpointRecord> {
    return this.#updateEndpoint(endpointId, {
      AddPipelineId: pipelineId,
      MakeDefault: options.makeDefault,
    });
  }

  async setEndpointDefaultVersion(
    endpointId: string,
    version: string,
  ): Promise<MlPipelineEndpointRecord> {
    return this.#updateEndpoint(endpointId, { DefaultVersion: version });
  }

  async setEndpointStatus(
    endpointId: string,
    status: MlEndpointStatus,
  ): Promise<MlPipelineEndpointRecord> {
    return this.#updateEndpoint(endpointId, { Status: status });
  }

  /** The endpoint's versions with their published pipelines (not part of `MlWorkspace`). */
  async listEndpointPipelines(
    endpointId: string,
    options: { readonly activeOnly: boolean },
  ): Promise<
    readonly {
      readonly version: string;
      readonly isDefault: boolean;
      readonly pipeline: MlPublishedPipelineRecord;
    }[]
  > {
    const entities = await this.#json<EndpointPipelineEntity[]>(
      'GET',
      `/PipelineEndpoints/${segment(endpointId)}/Pipelines`,
      { query: { activeOnly: options.activeOnly } },
    );
    return entities.map((entity) => ({
      version: entity.PipelineEndpointVersion,
      isDefault: entity.IsDefaultVersion,
      pipeline: publishedPipelineRecord(entity),
    }));
  }

  // --- Runs ----------------------------------------------------------------------------------

  async submit(target: MlSubmitTarget, request: MlSubmitRequest): Promise<MlRunRecord> {
    const body = {
      ExperimentName: request.experimentName,
      ...(request.description === undefined ? {} : { Description: request.description }),
      ...(request.runSource === undefined ? {} : { RunSource: request.runSource }),
      ...(request.parameterAssignments === undefined
        ? {}
        : { ParameterAssignments: request.parameterAssignments }),
      ...(request.dataPathAssignments === undefined
        ? {}
        : {
            DataPathAssignments: Object.fromEntries(
              Object.entries(request.dataPathAssignments).map(([name, value]) => [
                name,
                { DataStoreName: value.datastore, RelativePath: value.path },
              ]),
            ),
          }),
      ...(request.continueRunOnStepFailure === undefined
        ? {}
        : { ContinueRunOnStepFailure: request.continueRunOnStepFailure }),
      ...(request.parentRunId === undefined ? {} : { ParentRunId: request.parentRunId }),
      ...(request.tags === undefined ? {} : { Tags: request.tags }),
      ...(request.regenerateOutputs === undefined
        ? {}
        : { RegenerateOutputs: request.regenerateOutputs }),
      ...(request.createdBy === undefined ? {} : { CreatedBy: request.createdBy }),
    };
    const entity = await this.#json<PipelineRunEntity>('POST', submitPath(target), { body });
    return runRecord(entity);
  }

  async getRun(runId: string): Promise<MlRunDetails> {
    const entity = await this.#json<PipelineRunEntity>('GET', `/PipelineRuns/${segment(runId)}`);
    return { run: runRecord(entity), steps: (entity.StepRuns ?? []).map(stepRunRecord) };
  }

  /** The server's long poll (`?waitWhileStatus=`); an abort ends the wait quietly. */
  async waitForRunChange(
    runId: string,
    knownStatus: MlRunStatus,
    options: { readonly timeoutMs: number; readonly signal?: AbortSignal },
  ): Promise<void> {
    const waitSeconds = Math.min(
      MAX_WAIT_SECONDS,
      Math.max(0, Math.round(options.timeoutMs / 1000)),
    );
    try {
      const response = await this.#send('GET', `/PipelineRuns/${segment(runId)}`, {
        query: { waitWhileStatus: knownStatus, waitSeconds },
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      await response.body?.cancel();
    } catch (error) {
      if (options.signal?.aborted !== true) throw error;
    }
  }

  async listRuns(query: MlRunQuery): Promise<MlRunPage> {
    const page = await this.#json<PipelineRunPageEntity>('GET', '/PipelineRuns', {
      query: {
        experimentName: query.experimentName,
        pipelineId: query.pipelineId,
        pipelineEndpointId: query.pipelineEndpointId,
        status: query.statuses?.join(','),
        limit: query.limit,
        continuationToken: query.continuationToken,
      },
    });
    return {
      value: page.Value.map(runRecord),
      ...(page.ContinuationToken === undefined
        ? {}
        : { continuationToken: page.ContinuationToken }),
    };
  }

  async listExperiments(): Promise<readonly MlExperimentSummary[]> {
    const experiments = await this.#json<ExperimentEntity[]>('GET', '/Experiments');
    return experiments.map(experimentSummaryRecord);
  }

  async cancelRun(runId: string): Promise<MlRunRecord> {
    return runRecord(
      await this.#json<PipelineRunEntity>('POST', `/PipelineRuns/${segment(runId)}/Cancel`),
    );
  }

  async readStepLog(runId: string, step: string, stream: MlLogStream): Promise<string> {
    const response = await this.#send(
      'GET',
      `/PipelineRuns/${segment(runId)}/StepRuns/${segment(step)}/Logs/${segment(stream)}`,
    );
    return response.text();
  }

  // --- HTTP ----------------------------------------------------------------------------------

  async #updateEndpoint(
    endpointId: string,
    body: Readonly<Record<string, unknown>>,
  ): Promise<MlPipelineEndpointRecord> {
    return pipelineEndpointRecord(
      await this.#json<PipelineEndpointEntity>(
        'PATCH',
        `/PipelineEndpoints/${segment(endpointId)}`,
        { body },
      ),
    );
  }

  async #json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.#send(method, path, options);
    const text = await response.text();
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null) return value as T;
    } catch {
      // Reported below.
    }
    throw new MlWorkspaceClientError(
      'ML_SERVER_BAD_RESPONSE',
      `${method} ${this.#origin}${path} answered ${response.status} with something that is not the ML workspace API's JSON; check that ${this.#origin} is a Millrace server.`,
      response.status,
    );
  }

  /**
   * Sends the request; a non-2xx answer becomes the error its body describes. A 401 with a
   * token from client credentials is retried once with a new token.
   */
  async #send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = new URL(`${this.#workspaceUrl}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    let token = await this.#tokens.current();
    let response = await this.#attempt(method, url, options, token);
    if (response.status === 401 && this.#tokens.renew(token)) {
      await response.body?.cancel();
      token = await this.#tokens.current();
      response = await this.#attempt(method, url, options, token);
    }
    if (response.ok) return response;
    throw await this.#errorOf(method, path, response);
  }

  async #attempt(
    method: string,
    url: URL,
    options: RequestOptions,
    token: string | undefined,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json, text/plain' };
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(url, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal:
          options.signal === undefined
            ? AbortSignal.timeout(this.#timeoutMs)
            : AbortSignal.any([options.signal, AbortSignal.timeout(this.#timeoutMs)]),
      });
    } catch (error) {
      if (options.signal?.aborted === true) throw options.signal.reason;
      throw new MlWorkspaceClientError(
        'ML_SERVER_UNREACHABLE',
        `Cannot reach the Millrace server at ${this.#origin} (${connectionProblem(error)}); start it with \`millrace server\`, or check the URL and port.`,
        undefined,
        undefined,
        { cause: error },
      );
    }
  }

  async #errorOf(
    method: string,
    path: string,
    response: Response,
  ): Promise<MlWorkspaceError | MlWorkspaceClientError> {
    const text = await response.text().catch(() => '');
    const body = parseErrorBody(text);
    if (body !== undefined && isWorkspaceErrorCode(body.code)) {
      return new MlWorkspaceError(body.code, body.message, body.details);
    }
    if (response.status === 401) {
      // The server says why (AUTH_MISSING_TOKEN, AUTH_INVALID_TOKEN, AUTH_TOKEN_EXPIRED).
      const reason = body === undefined ? '(HTTP 401).' : `(${body.code}): ${body.message}`;
      return new MlWorkspaceClientError(
        'ML_SERVER_UNAUTHORIZED',
        `${this.#origin} did not accept the credentials ${reason} Run \`millrace login --server ${this.#origin}\` to get a new token.`,
        401,
        body?.code,
        { credentialExpired: body?.code === 'AUTH_TOKEN_EXPIRED' },
      );
    }
    if (response.status === 403) {
      // The server's message names the permission missing and the roles the caller has.
      return new MlWorkspaceClientError(
        'ML_SERVER_FORBIDDEN',
        `${method} ${this.#origin}${path} is not allowed: ${body?.message ?? 'HTTP 403'}`,
        403,
        body?.code,
      );
    }
    if (body === undefined) {
      return new MlWorkspaceClientError(
        'ML_SERVER_BAD_RESPONSE',
        `${method} ${this.#origin}${path} answered ${response.status} without an error body; check that ${this.#origin} is a Millrace server.`,
        response.status,
      );
    }
    return new MlWorkspaceClientError(
      'ML_SERVER_ERROR',
      `${method} ${this.#origin}${path} failed (${response.status} ${body.code}): ${body.message}`,
      response.status,
      body.code,
    );
  }
}

function segment(value: string): string {
  return encodeURIComponent(value);
}

function submitPath(target: MlSubmitTarget): string {
  if (target.kind === 'pipeline') {
    return `/PipelineRuns/PipelineSubmit/${segment(target.pipelineId)}`;
  }
  const version = target.version === undefined ? '' : `/${segment(target.version)}`;
  if (target.endpointId !== undefined) {
    return `/PipelineRuns/PipelineEndpointSubmit/Id/${segment(target.endpointId)}${version}`;
  }
  if (target.endpointName !== undefined) {
    const query = new URLSearchParams({ name: target.endpointName });
    if (target.version !== undefined) query.set('pipelineVersion', target.version);
    return `/PipelineRuns/PipelineEndpointSubmit/Name?${query.toString()}`;
  }
  throw new MlWorkspaceError(
    'ML_INVALID_REQUEST',
    'Name the pipeline endpoint to submit to, by id or by name.',
  );
}

interface ErrorBodyFields {
  readonly code: string;
  readonly message: string;
  readonly details?: JsonValue;
}

/** `{error: {code, message, details?}}`, checked field by field; undefined for anything else. */
function parseErrorBody(text: string): ErrorBodyFields | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const error = (value as { error?: unknown } | null)?.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, details } = error as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return { code, message, ...(details === undefined ? {} : { details: details as JsonValue }) };
}

function isWorkspaceErrorCode(code: string): code is MlWorkspaceErrorCode {
  return Object.hasOwn(MlWorkspaceErrorCodes, code);
}
