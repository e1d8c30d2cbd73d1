/** What the selected activity's properties panel and its parts are given. */
import type { JsonObject } from '../api/factory-api.js';
import type { FocusRequest } from './form-parts.js';

export interface ActivityPropertiesPanelProps {
  readonly factory: string;
  /** The factory pipeline's name (the ML activity's default experiment name). */
  readonly pipelineName: string;
  /** Every activity of the pipeline (dependencies and names are checked against them). */
  readonly activities: readonly JsonObject[];
  readonly activity: JsonObject;
  readonly parameterNames: readonly string[];
  readonly variableNames: readonly string[];
  /** Validation problems by pointer relative to the activity. */
  readonly problems: Readonly<Record<string, string>>;
  /** The activity changed; edits with the same key coalesce into one undo entry. */
  onChange(activity: JsonObject, coalesceKey?: string): void;
  /** An edit of several activities (dependencies). */
  onActivitiesChange(activities: JsonObject[]): void;
  /** Answers why the rename was refused, or undefined. */
  onRename(name: string): string | undefined;
  onDelete(): void;
  /** Back to the pipeline's own settings (nothing selected). */
  onDeselect(): void;
  readonly focusRequest?: FocusRequest;
}
