/**
 * The Millrace pieces the suites drive: a real server on a free loopback port signed in as its
 * admin, and a pipeline engine whose ML activities run on an embedded workspace.
 */
import { MlWorkspaceConnector } from '../src/activities/azure-ml/ml-workspace-connector.js';
import { createBuiltinExecutors } from '../src/activities/builtin-executors.js';
import { parseStoredPipeline } from '../src/cli/engine-setup.js';
import type { MlWorkspaceSession } from '../src/cli/ml-workspace-setup.js';
import { openServer, type ServerSession } from '../src/cli/server-setup.js';
import { PipelineEngine } from '../src/engine/pipeline-engine.js';

export interface BenchServer {
  readonly server: ServerSession;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** The admin's bearer token and a JSON content type. */
  readonly headers: Readonly<Record<string, string>>;
}

/** A server over the Millrace home `home`, listening; closed again when signing in fails. */
export async function openBenchServer(home: string, factoryName: string): Promise<BenchServer> {
  const server = await openServer({
    environment: { ...process.env, MILLRACE_HOME: home },
    factoryName,
  });
  try {
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address();
    const origin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    const password = (await server.identity.ensureAdmin()) ?? '';
    const { access_token: token } = await server.identity.tokenForPassword('admin', password);
    return {
      server,
      origin,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** An engine on the session's store whose AzureMLExecutePipeline uses the session's workspace. */
export function embeddedFactoryEngine(session: MlWorkspaceSession): PipelineEngine {
  return new PipelineEngine({
    store: session.store,
    executors: createBuiltinExecutors({
      mlWorkspace: new MlWorkspaceConnector({ embedded: session.workspace }).connect,
    }),
    parsePipeline: parseStoredPipeline,
  });
}
