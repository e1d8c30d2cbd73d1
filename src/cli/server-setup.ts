/**
 * The server's composition root, shared by `millrace server` and the tests that start a real
 * server: one store (embedded SQLite or PostgreSQL) behind the ML workspace, the identity
 * service, and the factory service whose runs are sealed at rest and whose Key Vault references
 * resolve through the secret provider; a log stream that redacts every secret the process has
 * seen; and the HTTP server over all of it.
 */
import type { FastifyInstance } from 'fastify';
import { createBuiltinExecutors } from '../activities/builtin-executors.js';
import { MlWorkspaceConnector } from '../activities/azure-ml/ml-workspace-connector.js';
import { EXECUTABLE_TYPES } from '../activities/executable-types.js';
import {
  createFactoryService,
  type FactoryServiceSession,
} from '../factory-service/factory-service-setup.js';
import { externalIssuerFromEnvironment } from '../identity/external-issuer.js';
import { IdentityService } from '../identity/identity-service.js';
import { withKeyVaultResolution } from '../secrets/key-vault-resolving-executor.js';
import { openSecretBox, type SecretBox } from '../secrets/secret-box.js';
import { defaultSecretProvider } from '../secrets/secret-provider.js';
import {
  redactingLogStream,
  SecretRedactor,
  type LogDestination,
} from '../secrets/secret-redactor.js';
import { buildServer } from '../server/build-server.js';
import { openMlWorkspace, type MlWorkspaceSession } from './ml-workspace-setup.js';

export interface ServerSetupOptions {
  /** Store URL. (Default: SQLite in the Millrace home.) */
  readonly db?: string;
  readonly environment?: NodeJS.ProcessEnv;
  readonly factoryName: string;
  /** Request and error log, redacted. (Default: none.) */
  readonly log?: { readonly level: string; readonly destination: LogDestination };
  readonly version?: string;
  readonly onRunError?: (kind: 'ML run' | 'pipeline run', runId: string, error: unknown) => void;
}

export interface ServerSession {
  readonly app: FastifyInstance;
  readonly ml: MlWorkspaceSession;
  readonly identity: IdentityService;
  readonly factory: FactoryServiceSession;
  readonly secrets: SecretBox;
  readonly redactor: SecretRedactor;
  /** Stops the HTTP server, waits for the runs executing here, closes the store. */
  close(): Promise<void>;
}

export async function openServer(options: ServerSetupOptions): Promise<ServerSession> {
  const environment = options.environment ?? process.env;
  const ml = await openMlWorkspace({
    ...(options.db === undefined ? {} : { db: options.db }),
    environment,
    ...(options.onRunError
      ? {
          onRunError: (runId: string, error: unknown) =>
            options.onRunError?.('ML run', runId, error),
        }
      : {}),
  });
  try {
    const secrets = openSecretBox(ml.home, environment);
    const redactor = new SecretRedactor();
    const external = externalIssuerFromEnvironment(environment);
    const identity = new IdentityService({
      store: ml.store,
      secrets,
      ...(external === undefined ? {} : { external }),
    });
    // Linked services without a millraceEndpoint run on this server's own workspace.
    const connector = new MlWorkspaceConnector({ embedded: ml.workspace });
    // This server's own address, for the pages of ML runs on its workspace.
    const origin = (): string => {
      const address = app.server.address();
      if (environment['MILLRACE_PUBLIC_URL']) return environment['MILLRACE_PUBLIC_URL'];
      if (typeof address !== 'object' || address === null) return 'millrace:/';
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${host}:${address.port}`;
    };
    const secretProvider = defaultSecretProvider(ml.home, environment);
    const factory = createFactoryService({
      store: ml.store,
      secrets: { box: secrets, redactor },
      factoryName: options.factoryName,
      executors: {
        registry: withKeyVaultResolution(
          createBuiltinExecutors({
            mlWorkspace: connector.connect,
            mlRunUrl: (runId) =>
              `${origin().replace(/\/+$/, '')}/ml/runs/${encodeURIComponent(runId)}`,
          }),
          {
            provider: secretProvider,
            redactor,
          },
        ),
        types: EXECUTABLE_TYPES,
      },
      // Test connection reaches workspaces and resolves Key Vault secrets as activities do.
      connectionTests: { connect: connector.connectFresh, secretProvider },
      ...(options.onRunError
        ? {
            onRunError: (runId: string, error: unknown) =>
              options.onRunError?.('pipeline run', runId, error),
          }
        : {}),
    });
    const app = buildServer({
      workspace: ml.workspace,
      ...(environment['MILLRACE_WEB_UI'] ? { webUiFolder: environment['MILLRACE_WEB_UI'] } : {}),
      identity,
      factory: factory.service,
      logger:
        options.log === undefined
          ? false
          : {
              level: options.log.level,
              stream: redactingLogStream(options.log.destination, redactor),
            },
      ...(options.version === undefined ? {} : { version: options.version }),
    });
    return {
      app,
      ml,
      identity,
      factory,
      secrets,
      redactor,
      async close() {
        await app.close();
        await factory.close();
        await ml.close();
      },
    };
  } catch (error) {
    await ml.close();
    throw error;
  }
}
