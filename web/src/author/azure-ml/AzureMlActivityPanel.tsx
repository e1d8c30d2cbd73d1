/**
 * The Machine Learning Execute Pipeline activity's properties, as Data Factory Studio shows
 * them: the AzureMLService linked service, the published pipeline (chosen from the ML
 * workspace's lists, fetched with the signed-in user's own token, or typed), a form for its
 * parameters and data paths built from its interface, and the run settings. Every field takes
 * an expression. Validation problems appear under the field they concern.
 */
import type { JsonObject } from '../../api/factory-api.js';
import { LinkedServiceSection } from './LinkedServiceSection.js';
import { readPipelineReference } from './ml-activity-json.js';
import { interfaceLookupOf } from './ml-interface-lookup.js';
import { PipelineParametersSection } from './PipelineParametersSection.js';
import { PipelineReferenceSection } from './PipelineReferenceSection.js';
import { RunSettingsSection } from './RunSettingsSection.js';
import { usePipelineInterface } from './use-ml-listing.js';
import './azure-ml.css';

export interface ActivityPanelProps {
  readonly factory: string;
  /** The whole activity JSON (`{name, type, linkedServiceName, typeProperties, …}`). */
  readonly activity: JsonObject;
  onChange(activity: JsonObject): void;
  /** Validation problems keyed by JSON pointer relative to the activity (`/typeProperties/mlPipelineId`). */
  readonly problems?: Readonly<Record<string, string>>;
  /** The factory pipeline's name: the experiment when none is given. (Default: unknown) */
  readonly pipelineName?: string;
  /** The factory pipeline's parameter names, for completion and checks in expressions. (Default: unknown) */
  readonly parameterNames?: readonly string[];
}

export function AzureMlActivityPanel({
  factory,
  activity,
  onChange,
  problems,
  pipelineName,
  parameterNames,
}: ActivityPanelProps) {
  const lookup = interfaceLookupOf(readPipelineReference(activity));
  const resolved = usePipelineInterface(lookup);
  const shared = { activity, onChange, problems, parameterNames };
  return (
    <div className="ml-panel">
      <LinkedServiceSection factory={factory} {...shared} />
      <PipelineReferenceSection {...shared} resolved={resolved} />
      <PipelineParametersSection {...shared} lookup={lookup} resolved={resolved} />
      <RunSettingsSection
        {...shared}
        pipelineName={pipelineName}
        publishedContinueOnStepFailure={
          typeof resolved.pipeline?.['ContinueRunOnStepFailure'] === 'boolean'
            ? resolved.pipeline['ContinueRunOnStepFailure']
            : undefined
        }
      />
    </div>
  );
}
