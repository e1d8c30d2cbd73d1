/**
 * The composition root of the embedded ML workspace, shared by `millrace ml …` and
 * `millrace server`: the store chosen by `--db`, the datastores of the Millrace home, the step
 * runners, the in-process run executor and the workspace service wired to them.
 *
 * Layout under the Millrace home (`MILLRACE_HOME`, default `~/.millrace`):
 * - `datastores.json`: optional list of datastore configurations (workspaceblobstore always exists);
 * - `datastores/workspaceblobstore/`: the default datastore;
 * - `ml/snapshots/<hash>/`: published code snapshots; `ml/logs/<run>/<step run>/`: live step logs;
 *   `ml/work/<run>/<step run>/`: attempt working folders, removed after each attempt;
 * - `ml/environments/node/<hash>/`: npm dependencies of step code folders, installed once per
 *   package.json + lock (`MILLRACE_NODE_ENVIRONMENTS` puts them elsewhere, e.g. a shared cache).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatastoreError, DatastoreRegistry, type DatastoreConfig } from '../ml/datastores/index.js';
import { MlRunChanges } from '../ml/runs/ml-run-changes.js';
import { MlRunExecutor } from '../ml/runs/ml-run-executor.js';
import { defaultStepRunners } from '../ml/runs/step-runners.js';
import { NodeEnvironments, nodeEnvironmentsRoot } from '../ml/steps/node-environments.js';
import { MlWorkspaceService } from '../ml/workspace/ml-workspace-service.js';
import { millraceHome, openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { DetachedRunLauncher } from './ml-detached-launcher.js';

export interface MlWorkspaceSession {
  readonly workspace: MlWorkspaceService;
  readonly executor: MlRunExecutor;
  readonly store: Store;
  readonly datastores: DatastoreRegistry;
  readonly home: string;
  /** Waits for runs executing in this process, then closes the store. */
  close(): Promise<void>;
}

export interface MlWorkspaceSetupOptions {
  /** Store URL (`--db`). (Default: SQLite in the Millrace home.) */
  readonly db?: string;
  readonly environment?: NodeJS.ProcessEnv;
  readonly onRunError?: (runId: string, error: unknown) => void;
  /**
   * Who executes submitted runs: this process's executor (`in-process`; `close()` waits for
   * them), or one detached `millrace ml execute <runId>` worker per run that outlives this
   * process (`detached`). (Default: 'in-process'.)
   */
  readonly launcher?: 'in-process' | 'detached';
  /**
   * Runs submitted with `detach` (nobody follows them) go to a detached worker even when the
   * launcher is in-process, so this process need not wait for them. (Default: false.)
   */
  readonly detachWhenAsked?: boolean;
}

export async function openMlWorkspace(
  options: MlWorkspaceSetupOptions = {},
): Promise<MlWorkspaceSession> {
  const environment = options.environment ?? process.env;
  const home = millraceHome(environment);
  const datastores = new DatastoreRegistry(readDatastoreConfigs(home), { millraceHome: home });
  const store = await openStore(options.db, environment);
  const clock = () => new Date();
  const ml = join(home, 'ml');
  const runChanges = new MlRunChanges();
  const executor = new MlRunExecutor({
    store,
    datastores,
    snapshotRoot: join(ml, 'snapshots'),
    logRoot: join(ml, 'logs'),
    workRoot: join(ml, 'work'),
    runners: defaultStepRunners({
      nodeEnvironments: new NodeEnvironments({ root: nodeEnvironmentsRoot(home, environment) }),
    }),
    clock,
    onRunChange: runChanges.publish,
    ...(options.onRunError ? { onError: options.onRunError } : {}),
  });
  const detached = new DetachedRunLauncher({
    home,
    environment,
    ...(options.db === undefined ? {} : { db: options.db }),
  });
  const workspace = new MlWorkspaceService({
    store,
    datastores,
    snapshotRoot: join(ml, 'snapshots'),
    logRoot: join(ml, 'logs'),
    launcher: options.launcher === 'detached' ? detached : executor,
    ...(options.detachWhenAsked === true ? { detachedLauncher: detached } : {}),
    clock,
    runChanges,
  });
  return {
    workspace,
    executor,
    store,
    datastores,
    home,
    async close() {
      await executor.idle();
      await store.close();
    },
  };
}

function readDatastoreConfigs(home: string): DatastoreConfig[] {
  const file = join(home, 'datastores.json');
  if (!existsSync(file)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DatastoreError(
      'DATASTORE_INVALID_CONFIG',
      `${file} is not valid JSON (${(error as Error).message}); it should hold a list of datastores such as [{"name": "blobs", "type": "azureBlob", "container": "data", "connectionString": "…"}].`,
    );
  }
  if (!Array.isArray(parsed)) {
    throw new DatastoreError(
      'DATASTORE_INVALID_CONFIG',
      `${file} must hold a JSON list of datastore configurations.`,
    );
  }
  // The registry checks every field and reports all problems at once.
  return parsed as DatastoreConfig[];
}
