/**
 * Wires a {@link FactoryService} for a composition root (the server, tests): the store with run
 * records sealed (`withSecretSealing`), the engine with the built-in executors, its events
 * published to a {@link RunEventHub}, and the service over both, sealing resource secrets with the
 * same box. The store stays the caller's: `close()` stops what this made and leaves it open.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ActivityExecutorRegistry } from '../activities/activity-executor.js';
import { createBuiltinExecutors } from '../activities/builtin-executors.js';
import { EXECUTABLE_TYPES } from '../activities/executable-types.js';
import { PipelineEngine } from '../engine/pipeline-engine.js';
import { withSecretSealing, type SecretSealingOptions } from '../secrets/sealing-run-store.js';
import type { FactoryResourceStore } from '../store/factory-resource-store.js';
import type { RunStore } from '../store/store.js';
import { FactoryService, type FactoryServiceOptions } from './factory-service.js';
import { parseRunDefinition } from './run-definition.js';
import { RunEventHub } from './run-event-hub.js';

export interface FactoryServiceSetupOptions extends Pick<
  FactoryServiceOptions,
  | 'factoryName'
  | 'clock'
  | 'runPageSize'
  | 'activityRunPageSize'
  | 'eventPollMs'
  | 'onRunError'
  | 'connectionTests'
> {
  /** The store as opened; this wraps it so that run records are sealed (give it unwrapped). */
  readonly store: RunStore & FactoryResourceStore;
  /** The installation's secret box and the process's redactor (see `src/secrets`). */
  readonly secrets: SecretSealingOptions;
  /** Where Custom activities' relative `folderPath` starts. (Default: the current folder.) */
  readonly workingFolder?: string;
  /**
   * The executors, with the activity types they run. (Default: the built-in executors and
   * their types.)
   */
  readonly executors?: {
    readonly registry: ActivityExecutorRegistry;
    readonly types: readonly string[];
  };
  /** How long the engine's lease on a run lasts without renewal, in ms. (Default: 30 000) */
  readonly leaseMs?: number;
  /** How often a running run looks for a cancel made elsewhere, in ms. (Default: 1 000) */
  readonly cancelPollMs?: number;
}

export interface FactoryServiceSession {
  readonly service: FactoryService;
  /** The store as the engine and the service use it: run records sealed, read back opened. */
  readonly store: RunStore & FactoryResourceStore;
  readonly engine: PipelineEngine;
  readonly events: RunEventHub;
  /** Ends the watches, waits for every run the engine executes, stops its lease timer. */
  close(): Promise<void>;
}

export function createFactoryService(options: FactoryServiceSetupOptions): FactoryServiceSession {
  const store = withSecretSealing(options.store, options.secrets);
  const events = new RunEventHub();
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const executors = options.executors ?? {
    registry: createBuiltinExecutors(
      options.workingFolder === undefined ? {} : { workingFolder: options.workingFolder },
    ),
    types: EXECUTABLE_TYPES,
  };
  const engine = new PipelineEngine({
    store,
    executors: executors.registry,
    parsePipeline: parseRunDefinition,
    owner,
    onEvent: events.publish,
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(options.cancelPollMs === undefined ? {} : { cancelPollMs: options.cancelPollMs }),
  });
  const service = new FactoryService({
    store,
    secrets: options.secrets,
    engine,
    events,
    factoryName: options.factoryName,
    engineOwner: owner,
    executableTypes: executors.types,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.runPageSize === undefined ? {} : { runPageSize: options.runPageSize }),
    ...(options.activityRunPageSize === undefined
      ? {}
      : { activityRunPageSize: options.activityRunPageSize }),
    ...(options.eventPollMs === undefined ? {} : { eventPollMs: options.eventPollMs }),
    ...(options.onRunError === undefined ? {} : { onRunError: options.onRunError }),
    ...(options.connectionTests === undefined ? {} : { connectionTests: options.connectionTests }),
  });
  return {
    service,
    store,
    engine,
    events,
    async close() {
      await service.close();
      await engine.close();
    },
  };
}
