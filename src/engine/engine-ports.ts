/**
 * What the engine needs from the world, and what it tells it. Only composition roots (CLI,
 * server, worker) choose the implementations.
 */
import type { ActivityExecutorRegistry } from '../activities/activity-executor.js';
import type { JsonObject, Pipeline } from '../factory/resources.js';
import type { ActivityRunRecord, PipelineRunRecord, RunStore } from '../store/store.js';

export type RunEvent =
  | { readonly kind: 'run-started'; readonly run: PipelineRunRecord }
  | {
      readonly kind: 'activity-started';
      readonly run: PipelineRunRecord;
      readonly activityRun: ActivityRunRecord;
    }
  | {
      readonly kind: 'activity-finished';
      readonly run: PipelineRunRecord;
      readonly activityRun: ActivityRunRecord;
    }
  | { readonly kind: 'run-finished'; readonly run: PipelineRunRecord };

export interface EnginePorts {
  readonly store: RunStore;
  readonly executors: ActivityExecutorRegistry;
  /** Turns a stored pipeline definition back into a pipeline (the factory loader's parser). */
  readonly parsePipeline: (json: JsonObject) => Pipeline;
  /** Milliseconds since the epoch (Default: `Date.now`). */
  readonly now?: () => number;
  /** New run and activity run ids (Default: `crypto.randomUUID`). */
  readonly newId?: () => string;
  /** Identifies this process in leases (Default: host, pid and a random suffix). */
  readonly owner?: string;
  /** How long a lease lasts without renewal; an owner that dies loses its runs after this (Default: 30 000). */
  readonly leaseMs?: number;
  /** How often a running run checks the store for a cancel request made elsewhere (Default: 1 000). */
  readonly cancelPollMs?: number;
  /** Live progress: called after each change is committed. */
  readonly onEvent?: (event: RunEvent) => void;
}

/** The factory a run was started from, kept with the run so that resuming needs no files. */
export interface FactorySnapshot {
  readonly name: string;
  readonly pipelines: Readonly<Record<string, JsonObject>>;
  readonly linkedServices: Readonly<Record<string, JsonObject>>;
  readonly datasets: Readonly<Record<string, JsonObject>>;
  readonly globalParameters: JsonObject;
}
