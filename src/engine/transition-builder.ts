/**
 * Collects the changes of one engine step so that they reach the store as one transaction, and the
 * events to announce once it has committed.
 */
import type {
  ActivityRunPatch,
  ActivityRunRecord,
  PipelineRunPatch,
  PipelineRunRecord,
  Transition,
} from '../store/store.js';
import type { RunEvent } from './engine-ports.js';

export class TransitionBuilder {
  private readonly createdRuns: PipelineRunRecord[] = [];
  private readonly runPatches = new Map<string, PipelineRunPatch>();
  private readonly createdActivityRuns = new Map<string, ActivityRunRecord>();
  private readonly activityPatches = new Map<string, ActivityRunPatch>();
  readonly events: RunEvent[] = [];

  constructor(readonly at: string) {}

  get isEmpty(): boolean {
    return (
      this.createdRuns.length === 0 &&
      this.runPatches.size === 0 &&
      this.createdActivityRuns.size === 0 &&
      this.activityPatches.size === 0
    );
  }

  createRun(run: PipelineRunRecord): void {
    this.createdRuns.push(run);
  }

  updateRun(runId: string, patch: PipelineRunPatch): void {
    this.runPatches.set(runId, { ...this.runPatches.get(runId), ...patch });
  }

  /** A record created in this step and changed again before commit is simply written in its final form. */
  createActivityRun(record: ActivityRunRecord): void {
    this.createdActivityRuns.set(record.activityRunId, record);
  }

  updateActivityRun(record: ActivityRunRecord, patch: ActivityRunPatch): void {
    if (this.createdActivityRuns.has(record.activityRunId)) {
      this.createdActivityRuns.set(record.activityRunId, { ...record, ...patch });
      return;
    }
    this.activityPatches.set(record.activityRunId, {
      ...this.activityPatches.get(record.activityRunId),
      ...patch,
    });
  }

  build(): Transition {
    return {
      at: this.at,
      createRuns: this.createdRuns,
      updateRuns: [...this.runPatches].map(([runId, patch]) => ({ runId, patch })),
      createActivityRuns: [...this.createdActivityRuns.values()],
      updateActivityRuns: [...this.activityPatches].map(([activityRunId, patch]) => ({
        activityRunId,
        patch,
      })),
    };
  }
}
