/**
 * The activity runs of one pipeline run as the execution sees them: every record by id, the
 * latest attempt per scope and name, and the values `activity('X')` returns for them.
 */
import { fromJson, type Value, type ValueObject } from '../expressions/index.js';
import type { JsonValue } from '../factory/resources.js';
import {
  TERMINAL_ACTIVITY_STATUSES,
  type ActivityError,
  type ActivityRunRecord,
  type ActivityRunStatus,
} from '../store/store.js';

export function isTerminal(status: ActivityRunStatus): boolean {
  return TERMINAL_ACTIVITY_STATUSES.includes(status);
}

export class RunRecords {
  private readonly byId = new Map<string, ActivityRunRecord>();
  private readonly latestByScope = new Map<string, Map<string, ActivityRunRecord>>();
  private readonly values = new Map<string, Value>();

  constructor(records: readonly ActivityRunRecord[] = []) {
    for (const record of records) this.remember(record);
  }

  remember(record: ActivityRunRecord): void {
    this.byId.set(record.activityRunId, record);
    let byName = this.latestByScope.get(record.scope);
    if (!byName) {
      byName = new Map();
      this.latestByScope.set(record.scope, byName);
    }
    const current = byName.get(record.activityName);
    if (!current || current.attempt <= record.attempt) byName.set(record.activityName, record);
    this.values.delete(record.activityRunId);
  }

  get(activityRunId: string): ActivityRunRecord | undefined {
    return this.byId.get(activityRunId);
  }

  all(): IterableIterator<ActivityRunRecord> {
    return this.byId.values();
  }

  latestIn(scope: string, name: string): ActivityRunRecord | undefined {
    return this.latestByScope.get(scope)?.get(name);
  }

  /** The final status of the latest attempt, or undefined while it has not ended. */
  terminalStatus(scope: string, name: string): ActivityRunStatus | undefined {
    const record = this.latestIn(scope, name);
    return record && isTerminal(record.status) ? record.status : undefined;
  }

  scopePaths(): string[] {
    return [...this.latestByScope.keys()];
  }

  *latestRecords(): IterableIterator<ActivityRunRecord> {
    for (const byName of this.latestByScope.values()) yield* byName.values();
  }

  /** `activity('X')` for an expression in a scope: finished activities of it and its enclosing scopes, inner ones winning. */
  visibleFrom(scopePaths: readonly string[]): ValueObject {
    const visible: Record<string, Value> = {};
    for (const path of scopePaths) {
      const byName = this.latestByScope.get(path);
      if (!byName) continue;
      for (const [name, record] of byName) {
        if (isTerminal(record.status)) visible[name] = this.valueOf(record);
      }
    }
    return visible;
  }

  private valueOf(record: ActivityRunRecord): Value {
    let value = this.values.get(record.activityRunId);
    if (value === undefined) {
      value = fromJson({
        activityName: record.activityName,
        activityType: record.activityType,
        activityRunId: record.activityRunId,
        pipelineRunId: record.pipelineRunId,
        status: record.status,
        output: record.output ?? {},
        error: record.error,
        durationInMs: record.durationInMs,
      } satisfies Record<string, JsonValue | ActivityError | null>);
      this.values.set(record.activityRunId, value);
    }
    return value;
  }
}
