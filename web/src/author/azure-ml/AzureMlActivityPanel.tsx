/**
 * CONTRACT STUB (issue 8): the Machine Learning Execute Pipeline activity's properties.
 */
import type { JsonObject } from '../../api/factory-api.js';

export interface ActivityPanelProps {
  readonly factory: string;
  /** The whole activity JSON (`{name, type, linkedServiceName, typeProperties, …}`). */
  readonly activity: JsonObject;
  onChange(activity: JsonObject): void;
  /** Validation problems keyed by JSON pointer relative to the activity (`/typeProperties/mlPipelineId`). */
  readonly problems?: Readonly<Record<string, string>>;
}

export function AzureMlActivityPanel({ activity }: ActivityPanelProps) {
  return <pre>{JSON.stringify(activity, null, 2)}</pre>;
}
