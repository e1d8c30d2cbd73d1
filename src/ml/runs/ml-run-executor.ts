/**
 * Executes ML runs in this process: the in-process {@link MlRunLauncher}. Each run is leased in
 * the store while it executes, so two processes never drive the same run, and a run whose owner
 * died (lease expired) is found and resumed by `resumeOrphans`. The heartbeat that renews leases
 * also notices cancels requested by other processes.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { MlRunRecord } from '../../store/ml-store.js';
import type { MlRunLauncher } from '../workspace/ml-workspace.js';
import { MlRunExecution, type MlRunEnvironment } from './ml-run-execution.js';

export interface MlRunExecutorOptions extends MlRunEnvironment {
  /** This process's name in leases. (Default: `<hostname>:<pid>:<random>`.) */
  readonly owner?: string;
  /** How long a lease lasts without renewal. (Default: 30, or MILLRACE_LEASE_SECONDS.) */
  readonly leaseSeconds?: number;
  /** How often leases are renewed and cancels polled. (Default: a tenth of the lease, ≤ 1 s.) */
  readonly heartbeatMs?: number;
  /** Told about runs that could not be executed (store unreachable …). (Default: ignore.) */
  readonly onError?: (runId: string, error: unknown) => void;
}

export class MlRunExecutor implements MlRunLauncher {
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly executions = new Map<string, MlRunExecution>();
  private readonly finished = new Map<string, Promise<MlRunRecord | undefined>>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly options: MlRunExecutorOptions) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const leaseSeconds = options.leaseSeconds ?? (Number(process.env.MILLRACE_LEASE_SECONDS) || 30);
    this.leaseMs = leaseSeconds * 1000;
    this.heartbeatMs = options.heartbeatMs ?? Math.min(1000, this.leaseMs / 10);
  }

  launch(runId: string): void {
    void this.execute(runId);
  }

  requestCancel(runId: string): void {
    this.executions.get(runId)?.cancel();
  }

  /**
   * Executes the run to its end and returns it; undefined when another live process holds it or
   * it does not exist. Calling it again for a run already executing here joins that execution.
   */
  execute(runId: string): Promise<MlRunRecord | undefined> {
    const existing = this.finished.get(runId);
    if (existing) return existing;
    const done = this.executeLeased(runId)
      .catch((error: unknown) => {
        this.options.onError?.(runId, error);
        return undefined;
      })
      .finally(() => {
        this.finished.delete(runId);
        this.executions.delete(runId);
        if (this.executions.size === 0) this.stopHeartbeat();
      });
    this.finished.set(runId, done);
    return done;
  }

  /** Starts every run whose owner stopped renewing its lease; returns their ids. */
  async resumeOrphans(): Promise<readonly string[]> {
    const orphans = await this.options.store.findOrphanedMlRuns(this.now().toISOString());
    for (const runId of orphans) this.launch(runId);
    return orphans;
  }

  /** Resolves once every run executing here has ended. */
  async idle(): Promise<void> {
    while (this.finished.size > 0) await Promise.all([...this.finished.values()]);
  }

  private async executeLeased(runId: string): Promise<MlRunRecord | undefined> {
    const { store } = this.options;
    const now = this.now();
    const acquired = await store.acquireMlRunLease(
      runId,
      this.owner,
      now.toISOString(),
      new Date(now.getTime() + this.leaseMs).toISOString(),
    );
    if (!acquired) return undefined;
    try {
      const run = await store.getMlRun(runId);
      if (run === undefined) return undefined;
      if (run.status === 'Completed' || run.status === 'Failed' || run.status === 'Canceled') {
        return run;
      }
      const execution = new MlRunExecution(this.options, run);
      this.executions.set(runId, execution);
      this.startHeartbeat();
      return await execution.execute();
    } finally {
      await store.releaseMlRunLease(runId, this.owner);
    }
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => void this.beat(), this.heartbeatMs);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private async beat(): Promise<void> {
    const { store } = this.options;
    try {
      await store.renewMlRunLeases(
        this.owner,
        new Date(this.now().getTime() + this.leaseMs).toISOString(),
      );
      for (const [runId, execution] of this.executions) {
        const run = await store.getMlRun(runId);
        if (run?.cancelRequested === true) execution.cancel();
      }
    } catch (error) {
      // The next beat tries again; a lease lost meanwhile lets another process resume the run.
      for (const runId of this.executions.keys()) this.options.onError?.(runId, error);
    }
  }

  private now(): Date {
    return this.options.clock();
  }
}
