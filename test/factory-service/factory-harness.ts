/**
 * A factory service for a test file: a store of the given adapter (a SQLite file in a temporary
 * folder or a PostgreSQL database cloned from the template) and `createFactoryService` wired to
 * the real engine and built-in executors, with a secret box of its own (run records and resource
 * secrets sealed, as the server has them). `dispose()` waits for the runs, closes the store and
 * removes the database.
 */
import { randomBytes } from 'node:crypto';
import type { JsonObject } from '../../src/factory/resources.js';
import {
  createFactoryService,
  type FactoryServiceSession,
  type FactoryServiceSetupOptions,
} from '../../src/factory-service/factory-service-setup.js';
import type { FactoryService } from '../../src/factory-service/factory-service.js';
import type { PipelineRunView } from '../../src/engine/run-views.js';
import type { SecretSealingOptions } from '../../src/secrets/sealing-run-store.js';
import { SecretBox } from '../../src/secrets/secret-box.js';
import { SecretRedactor } from '../../src/secrets/secret-redactor.js';
import { TERMINAL_RUN_STATUSES, type Store } from '../../src/store/store.js';
import type { StoreAdapterName } from '../support/store-adapters.js';
import { createStoreHarness, type StoreHarness } from '../support/store-harness.js';
import { until } from '../support/polling.js';

export interface FactoryHarness {
  /** The raw store: what the database holds (run records and resource secrets sealed). */
  readonly store: Store;
  /** The service's box and redactor. */
  readonly secrets: SecretSealingOptions;
  readonly session: FactoryServiceSession;
  readonly service: FactoryService;
  /**
   * Another process's view of the same factory: its own store connection and engine, as a second
   * server would have. Closed by `dispose()`.
   */
  openOther(): Promise<FactoryServiceSession>;
  dispose(): Promise<void>;
}

export async function openFactoryHarness(
  adapter: StoreAdapterName,
  options: Partial<Omit<FactoryServiceSetupOptions, 'store'>> = {},
): Promise<FactoryHarness> {
  const harness: StoreHarness = await createStoreHarness(adapter);
  const store = await harness.open();
  const secrets = options.secrets ?? {
    box: new SecretBox([randomBytes(32)]),
    redactor: new SecretRedactor(),
  };
  const settings = { factoryName: 'test-factory', cancelPollMs: 50, eventPollMs: 50, ...options };
  const session = createFactoryService({ store, ...settings, secrets });
  const others: { session: FactoryServiceSession; store: Store }[] = [];
  return {
    store,
    secrets,
    session,
    service: session.service,
    async openOther() {
      const otherStore = await harness.open();
      // Another process: the same key, a redactor of its own.
      const other = createFactoryService({
        store: otherStore,
        ...settings,
        secrets: { box: secrets.box, redactor: new SecretRedactor() },
      });
      others.push({ session: other, store: otherStore });
      return other;
    },
    async dispose() {
      for (const other of others) {
        await other.session.close();
        await other.store.close();
      }
      await session.close();
      await store.close();
      await harness.dispose();
    },
  };
}

export { until };

export function runEnded(service: FactoryService, runId: string): Promise<PipelineRunView> {
  return until(
    () => service.getPipelineRun(runId),
    (run) => TERMINAL_RUN_STATUSES.includes(run.status),
    `run ${runId} to end`,
  );
}

export function pipeline(name: string, properties: JsonObject): JsonObject {
  return { name, properties };
}

/** A NoOp activity, depending on others' success. */
export function noOp(name: string, ...after: string[]): JsonObject {
  return {
    name,
    type: 'NoOp',
    dependsOn: after.map((activity) => ({ activity, dependencyConditions: ['Succeeded'] })),
  };
}

/** A Custom activity that succeeds once `file` exists. */
export function fileMustExist(name: string, file: string, ...after: string[]): JsonObject {
  return {
    name,
    type: 'Custom',
    dependsOn: after.map((activity) => ({ activity, dependencyConditions: ['Succeeded'] })),
    typeProperties: { command: `test -f '${file}'` },
  };
}

export function waitActivity(name: string, seconds: number): JsonObject {
  return { name, type: 'Wait', typeProperties: { waitTimeInSeconds: seconds } };
}

export function executePipeline(name: string, child: string): JsonObject {
  return {
    name,
    type: 'ExecutePipeline',
    typeProperties: {
      pipeline: { referenceName: child, type: 'PipelineReference' },
      waitOnCompletion: true,
    },
  };
}
