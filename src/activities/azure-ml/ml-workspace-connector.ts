/**
 * Which ML workspace an `AzureMLService` linked service points at: a Millrace server when the
 * linked service names one (`millraceEndpoint`, or `endpoint`), reached with the linked service's
 * service principal; otherwise the embedded workspace of this process (the CLI's or the
 * server's own), when there is one.
 *
 * Clients are kept per endpoint, workspace and credential, so that activity runs share one token
 * (a client-credentials exchange costs the server a deliberately slow secret check, ~100 ms) until
 * it expires; a changed key makes a new client.
 */
import { createHash } from 'node:crypto';
import type { JsonObject } from '../../factory/resources.js';
import { MlWorkspaceClient } from '../../ml/workspace/ml-workspace-client.js';
import type { MlWorkspace } from '../../ml/workspace/ml-workspace.js';
import type { ActivityExecutionRequest } from '../activity-executor.js';
import { ExpectedFailure } from '../execution-guard.js';
import { secretText } from '../type-properties.js';

export type AzureMlLinkedService = NonNullable<ActivityExecutionRequest['linkedService']>;

export type MlWorkspaceConnect = (
  linkedService: AzureMlLinkedService,
) => MlWorkspace | Promise<MlWorkspace>;

export interface MlWorkspaceConnectorOptions {
  /**
   * The workspace used when the linked service names no endpoint, or a function that opens it
   * on first need. (Default: none.)
   */
  readonly embedded?: MlWorkspace | (() => Promise<MlWorkspace>);
  /** How many server clients to keep, least recently used dropped first. (Default: 32) */
  readonly maxClients?: number;
}

const DEFAULT_MAX_CLIENTS = 32;
const CONNECTION_TEST_TIMEOUT_MS = 30_000;

function text(properties: JsonObject, name: string): string | undefined {
  const value = properties[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The Millrace server a linked service names (`millraceEndpoint`, or `endpoint`), if any. */
export function millraceEndpointOf(linkedService: AzureMlLinkedService): string | undefined {
  const properties = linkedService.typeProperties;
  return text(properties, 'millraceEndpoint') ?? text(properties, 'endpoint');
}

export class MlWorkspaceConnector {
  readonly #clients = new Map<string, MlWorkspaceClient>();

  constructor(private readonly options: MlWorkspaceConnectorOptions = {}) {}

  /** Bound, so it can be handed over as a {@link MlWorkspaceConnect}; reuses server clients. */
  readonly connect = (linkedService: AzureMlLinkedService): MlWorkspace | Promise<MlWorkspace> =>
    this.#connect(linkedService, true);

  /**
   * Like `connect`, with a client of its own that signs in again, so a credential revoked or
   * expired since is noticed, and gives up on a silent server after 30 s (Test connection).
   */
  readonly connectFresh = (
    linkedService: AzureMlLinkedService,
  ): MlWorkspace | Promise<MlWorkspace> => this.#connect(linkedService, false);

  #connect(
    linkedService: AzureMlLinkedService,
    shared: boolean,
  ): MlWorkspace | Promise<MlWorkspace> {
    const properties = linkedService.typeProperties;
    const endpoint = millraceEndpointOf(linkedService);
    if (endpoint === undefined) {
      const embedded = this.options.embedded;
      if (typeof embedded === 'function') return embedded();
      if (embedded !== undefined) return embedded;
      throw new ExpectedFailure(
        '4112',
        `The AzureMLService linked service '${linkedService.name}' has no 'millraceEndpoint', and no embedded ML workspace runs here. Set 'millraceEndpoint' to the Millrace server's URL (e.g. http://127.0.0.1:8080).`,
      );
    }
    try {
      new URL(endpoint);
    } catch {
      throw new ExpectedFailure(
        '4112',
        `The 'millraceEndpoint' of the linked service '${linkedService.name}' is not a URL: '${endpoint}'.`,
      );
    }
    const clientId = text(properties, 'servicePrincipalId');
    const clientSecret = secretText(properties['servicePrincipalKey'], 'servicePrincipalKey');
    const subscriptionId = text(properties, 'subscriptionId');
    const resourceGroup = text(properties, 'resourceGroupName');
    const workspace = text(properties, 'mlWorkspaceName');
    const open = () =>
      new MlWorkspaceClient({
        baseUrl: endpoint,
        ...(clientId === undefined || clientSecret === undefined
          ? {}
          : { credentials: { clientId, clientSecret } }),
        ...(subscriptionId === undefined ? {} : { subscriptionId }),
        ...(resourceGroup === undefined ? {} : { resourceGroup }),
        ...(workspace === undefined ? {} : { workspace }),
        ...(shared ? {} : { timeoutMs: CONNECTION_TEST_TIMEOUT_MS }),
      });
    if (!shared) return open();
    // The secret is part of the key as a hash only, so it never sits in the map in the clear.
    const key = createHash('sha256')
      .update(
        JSON.stringify([
          endpoint,
          subscriptionId,
          resourceGroup,
          workspace,
          clientId,
          clientSecret,
        ]),
      )
      .digest('hex');
    const client = this.#clients.get(key) ?? open();
    this.#clients.delete(key);
    this.#clients.set(key, client);
    const max = this.options.maxClients ?? DEFAULT_MAX_CLIENTS;
    for (const oldest of this.#clients.keys()) {
      if (this.#clients.size <= max) break;
      this.#clients.delete(oldest);
    }
    return client;
  }
}
