/**
 * The CLI's composition root for running pipelines: the store chosen by `--db`, the built-in
 * executors, and the engine wired to them.
 */
import { hostname } from 'node:os';
import { MlWorkspaceConnector } from '../activities/azure-ml/ml-workspace-connector.js';
import { createBuiltinExecutors } from '../activities/builtin-executors.js';
import type { RunEvent } from '../engine/engine-ports.js';
import { PipelineEngine } from '../engine/pipeline-engine.js';
import { parsePipeline } from '../factory/resource-parser.js';
import type { JsonObject, Pipeline } from '../factory/resources.js';
import { openStore } from '../store/open-store.js';
import type { RunStore } from '../store/store.js';
import { hasMlSeed, seedMlWorkspace, type MlSeedResult } from '../ml/workspace/workspace-seed.js';
import { openMlWorkspace, type MlWorkspaceSession } from './ml-workspace-setup.js';

export interface EngineSession {
  readonly engine: PipelineEngine;
  readonly store: RunStore;
  close(): Promise<void>;
}

/** Parses a stored pipeline definition (the run's snapshot) back into a pipeline. */
export function parseStoredPipeline(json: JsonObject): Pipeline {
  const properties = (json.properties ?? {}) as JsonObject;
  return parsePipeline({
    name: String(json.name ?? ''),
    properties,
    json,
    source: { file: '(run definition)', pointer: '' },
  });
}

export async function openEngine(options: {
  readonly db?: string;
  readonly onEvent?: (event: RunEvent) => void;
  /**
   * A factory folder whose `ml/` side (`seedMlWorkspace`) is brought into the embedded ML
   * workspace when it opens, and who hears what that changed. (Default: none.)
   */
  readonly mlSeed?: {
    readonly factoryFolder: string;
    readonly onSeeded?: (result: MlSeedResult) => void;
  };
}): Promise<EngineSession> {
  const store = await openStore(options.db);
  // The embedded ML workspace opens on the first AzureMLExecutePipeline activity that needs it.
  let ml: Promise<MlWorkspaceSession> | undefined;
  const openEmbedded = async (): Promise<MlWorkspaceSession> => {
    const session = await openMlWorkspace({
      ...(options.db === undefined ? {} : { db: options.db }),
      // An activity with waitOnCompletion false must not keep `millrace run` waiting.
      detachWhenAsked: true,
    });
    const seed = options.mlSeed;
    if (seed === undefined || !(await hasMlSeed(seed.factoryFolder))) return session;
    try {
      seed.onSeeded?.(await seedMlWorkspace(seed.factoryFolder, session));
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  };
  const connector = new MlWorkspaceConnector({
    embedded: async () => {
      ml ??= openEmbedded();
      return (await ml).workspace;
    },
  });
  const leaseSeconds = Number(process.env.MILLRACE_LEASE_SECONDS ?? '30');
  const engine = new PipelineEngine({
    store,
    executors: createBuiltinExecutors({ mlWorkspace: connector.connect }),
    parsePipeline: parseStoredPipeline,
    owner: `${hostname()}:${process.pid}`,
    leaseMs: Number.isFinite(leaseSeconds) && leaseSeconds > 0 ? leaseSeconds * 1000 : 30_000,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  return {
    engine,
    store,
    async close() {
      await engine.close();
      // A workspace that failed to open failed its activity already; nothing to close.
      await ml?.then(
        (session) => session.close(),
        () => undefined,
      );
      await store.close();
    },
  };
}
