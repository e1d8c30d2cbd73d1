/**
 * CONTRACT STUB (issue 8): the pipeline canvas. Activities as nodes, dependsOn as edges coloured by
 * condition, containers opened in place. Controlled: the caller owns the activities.
 */
import type { JsonObject } from '../api/factory-api.js';

export interface ActivityRunMark {
  readonly status: string;
  readonly durationMs?: number;
}

export interface PipelineCanvasProps {
  /** `pipeline.properties.activities`. */
  readonly activities: readonly JsonObject[];
  /** No editing: monitor views. (Default: false) */
  readonly readOnly?: boolean;
  /** Run statuses by activity name (monitor). */
  readonly statuses?: Readonly<Record<string, ActivityRunMark>>;
  /** Validation problems by activity name: the node shows a marker and the count. */
  readonly problems?: Readonly<Record<string, readonly string[]>>;
  /** The selected activity's name. */
  readonly selected?: string;
  onSelect?(activityName: string | undefined): void;
  /** A new activities array after an edit (add, connect, delete, move, condition change). */
  onChange?(activities: JsonObject[]): void;
  /** Where node positions persist between visits (Default: not persisted). */
  readonly layoutKey?: string;
}

export function PipelineCanvas({ activities }: PipelineCanvasProps) {
  return (
    <ul aria-label="Activities">
      {activities.map((activity) => (
        <li key={String(activity['name'])}>{String(activity['name'])}</li>
      ))}
    </ul>
  );
}
