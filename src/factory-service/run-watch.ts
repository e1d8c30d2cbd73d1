/**
 * Watches pipeline runs live: one run until it ends, or every run of the factory. Runs this
 * process executes are followed through the engine's events (`RunEventHub`); runs another process
 * executes are followed by reading the store every `pollMs`. Either way each pipeline run and
 * activity run is announced once per status it reaches, never going back (Queued → InProgress →
 * an end), with the views the API returns (secrets masked).
 *
 * Glossary:
 * - Watch: one subscription (`RunWatch`); `close()` ends it.
 * - Local run: a run whose lease this process's engine holds (`localOwner`); its events come from
 *   the engine, so polling reads only the run itself for it.
 */
import type { RunEvent } from '../engine/engine-ports.js';
import {
  activityRunView,
  pipelineRunView,
  type ActivityRunView,
  type PipelineRunView,
} from '../engine/run-views.js';
import {
  TERMINAL_RUN_STATUSES,
  type ActivityRunRecord,
  type ActivityRunStatus,
  type PipelineRunRecord,
  type PipelineRunStatus,
  type RunStore,
} from '../store/store.js';
import { FactoryServiceError } from './factory-service-errors.js';
import { RunDefinitionCache } from './run-definition.js';
import type { RunEventHub } from './run-event-hub.js';

/** An activity run as the API returns it: ADF's fields, with the pipeline's name. */
export interface FactoryActivityRunView extends ActivityRunView {
  readonly pipelineName: string;
}

export type FactoryRunEvent =
  | { readonly kind: 'pipelineRun'; readonly run: PipelineRunView }
  | { readonly kind: 'activityRun'; readonly activityRun: FactoryActivityRunView };

export interface RunWatchListener {
  onEvent(event: FactoryRunEvent): void;
  /** A one-run watch's run has ended (its last event was sent); not called on `close()`. */
  onEnd?(): void;
}

export interface RunWatchPorts {
  readonly store: RunStore;
  readonly hub: RunEventHub;
  readonly factoryName: string;
  /** The lease owner of this process's engine. (Default: none: every run is polled.) */
  readonly localOwner?: string;
  /** How often the store is read. */
  readonly pollMs: number;
  readonly now: () => Date;
}

const RUN_RANKS: Readonly<Record<PipelineRunStatus, number>> = {
  Queued: 0,
  InProgress: 1,
  Canceling: 2,
  Succeeded: 3,
  Failed: 3,
  Cancelled: 3,
};

const ACTIVITY_RANKS: Readonly<Record<ActivityRunStatus, number>> = {
  Queued: 0,
  InProgress: 1,
  Succeeded: 2,
  Failed: 2,
  Skipped: 2,
  Cancelled: 2,
};

/** Finished runs whose statuses an every-run watch remembers (so that it never repeats them). */
const REMEMBERED_FINISHED_RUNS = 500;

interface TrackedRun {
  rank: number;
  /** The `lastUpdated` whose activity runs were last compared. */
  lastUpdated: string | undefined;
  readonly activities: Map<string, number>;
}

export class RunWatch {
  readonly #ports: RunWatchPorts;
  readonly #runId: string | undefined;
  readonly #listener: RunWatchListener;
  readonly #definitions = new RunDefinitionCache(100);
  readonly #runs = new Map<string, TrackedRun>();
  readonly #finished: string[] = [];
  #unsubscribe: (() => void) | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #polling = false;
  #closed = false;
  readonly #whenClosed: (() => void)[] = [];
  /** Every-run watches read runs updated at or after this instant. */
  #watermark: string;

  private constructor(ports: RunWatchPorts, runId: string | undefined, listener: RunWatchListener) {
    this.#ports = ports;
    this.#runId = runId;
    this.#listener = listener;
    this.#watermark = ports.now().toISOString();
  }

  /**
   * Watches one run: announces its current state (the run, then each activity run so far), then
   * every change until it ends. Throws `FACTORY_RUN_NOT_FOUND` when the factory has no such run.
   */
  static async one(
    ports: RunWatchPorts,
    runId: string,
    listener: RunWatchListener,
  ): Promise<RunWatch> {
    const watch = new RunWatch(ports, runId, listener);
    await watch.#startOne(runId);
    return watch;
  }

  /** Watches every run of the factory from now on. */
  static all(ports: RunWatchPorts, listener: RunWatchListener): RunWatch {
    const watch = new RunWatch(ports, undefined, listener);
    watch.#unsubscribe = ports.hub.subscribe((event) => watch.#onEngineEvent(event));
    watch.#startPolling();
    return watch;
  }

  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe?.();
    if (this.#timer !== undefined) clearInterval(this.#timer);
    for (const callback of this.#whenClosed.splice(0)) callback();
  }

  /** Calls `callback` once the watch is closed (at once if it is), however it closed. */
  whenClosed(callback: () => void): void {
    if (this.#closed) callback();
    else this.#whenClosed.push(callback);
  }

  async #startOne(runId: string): Promise<void> {
    // Subscribe before reading, and hold the events back, so that nothing falls in between.
    const held: RunEvent[] = [];
    let holding = true;
    this.#unsubscribe = this.#ports.hub.subscribe((event) => {
      if (holding) held.push(event);
      else this.#onEngineEvent(event);
    });
    try {
      const run = await this.#ports.store.getPipelineRun(runId);
      if (run === undefined || run.factoryName !== this.#ports.factoryName) {
        throw new FactoryServiceError(
          'FACTORY_RUN_NOT_FOUND',
          `Factory ${this.#ports.factoryName} has no pipeline run ${runId}; query the runs to find its id.`,
          { target: 'runId' },
        );
      }
      for (const record of await this.#ports.store.listActivityRuns(runId))
        this.#announceActivity(run, record);
      this.#trackedRun(runId).lastUpdated = run.lastUpdated;
      this.#announceRun(run);
    } catch (error) {
      this.close();
      throw error;
    }
    holding = false;
    for (const event of held.splice(0)) this.#onEngineEvent(event);
    if (!this.#closed) this.#startPolling();
  }

  #startPolling(): void {
    this.#timer = setInterval(() => void this.#poll(), this.#ports.pollMs);
  }

  #onEngineEvent(event: RunEvent): void {
    if (this.#closed || !this.#concerns(event.run)) return;
    if (event.kind === 'activity-started' || event.kind === 'activity-finished') {
      this.#announceActivity(event.run, event.activityRun);
    } else {
      this.#announceRun(event.run);
    }
  }

  #concerns(run: PipelineRunRecord): boolean {
    return (
      run.factoryName === this.#ports.factoryName &&
      (this.#runId === undefined || run.runId === this.#runId)
    );
  }

  #isLocal(run: PipelineRunRecord): boolean {
    const owner = this.#ports.localOwner;
    return owner !== undefined && run.leaseOwner === owner && !isFinished(run.status);
  }

  async #poll(): Promise<void> {
    if (this.#polling || this.#closed) return;
    this.#polling = true;
    try {
      if (this.#runId !== undefined) {
        const run = await this.#ports.store.getPipelineRun(this.#runId);
        if (run !== undefined) await this.#catchUp(run);
      } else {
        await this.#pollEveryRun();
      }
    } catch {
      // The store may be briefly unavailable: the next poll tries again.
    } finally {
      this.#polling = false;
    }
  }

  async #pollEveryRun(): Promise<void> {
    let continuationToken: string | undefined;
    let watermark = this.#watermark;
    do {
      const page = await this.#ports.store.queryPipelineRuns({
        factoryName: this.#ports.factoryName,
        lastUpdatedAfter: this.#watermark,
        orderBy: { orderBy: 'RunStart', order: 'ASC' },
        limit: 1000,
        ...(continuationToken === undefined ? {} : { continuationToken }),
      });
      for (const run of page.value) {
        if (this.#closed) return;
        await this.#catchUp(run);
        if (run.lastUpdated > watermark) watermark = run.lastUpdated;
      }
      continuationToken = page.continuationToken;
    } while (continuationToken !== undefined);
    this.#watermark = watermark;
  }

  /** Announces what the store holds for a run that is not local: its activity runs, then itself. */
  async #catchUp(run: PipelineRunRecord): Promise<void> {
    if (this.#isLocal(run)) return;
    const tracked = this.#trackedRun(run.runId);
    if (tracked.lastUpdated !== run.lastUpdated) {
      tracked.lastUpdated = run.lastUpdated;
      for (const record of await this.#ports.store.listActivityRuns(run.runId)) {
        if (this.#closed) return;
        this.#announceActivity(run, record);
      }
    }
    if (!this.#closed) this.#announceRun(run);
  }

  #trackedRun(runId: string): TrackedRun {
    let tracked = this.#runs.get(runId);
    if (tracked === undefined) {
      tracked = { rank: -1, lastUpdated: undefined, activities: new Map() };
      this.#runs.set(runId, tracked);
    }
    return tracked;
  }

  #announceActivity(run: PipelineRunRecord, record: ActivityRunRecord): void {
    const tracked = this.#trackedRun(run.runId);
    const rank = ACTIVITY_RANKS[record.status];
    if (rank <= (tracked.activities.get(record.activityRunId) ?? -1)) return;
    tracked.activities.set(record.activityRunId, rank);
    this.#listener.onEvent({
      kind: 'activityRun',
      activityRun: { ...activityRunView(record), pipelineName: run.pipelineName },
    });
  }

  #announceRun(run: PipelineRunRecord): void {
    const tracked = this.#trackedRun(run.runId);
    const rank = RUN_RANKS[run.status];
    if (rank <= tracked.rank) return;
    tracked.rank = rank;
    this.#listener.onEvent({
      kind: 'pipelineRun',
      run: pipelineRunView(run, this.#definitions.pipelineOf(run)),
    });
    if (!isFinished(run.status)) return;
    if (this.#runId !== undefined) {
      this.close();
      this.#listener.onEnd?.();
      return;
    }
    this.#finished.push(run.runId);
    if (this.#finished.length > REMEMBERED_FINISHED_RUNS) {
      const forgotten = this.#finished.shift();
      if (forgotten !== undefined) this.#runs.delete(forgotten);
    }
  }
}

function isFinished(status: PipelineRunStatus): boolean {
  return TERMINAL_RUN_STATUSES.includes(status);
}
