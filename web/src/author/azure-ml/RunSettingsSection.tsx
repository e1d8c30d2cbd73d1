/**
 * How the ML run is submitted: its experiment (the factory pipeline's name when empty), a parent
 * run, whether independent steps go on after a step fails, and whether the activity waits for
 * the run to end (Millrace's `waitOnCompletion`).
 */
import { useId } from 'react';
import type { JsonObject } from '../../api/factory-api.js';
import { ExpressionField } from '../../expression-editor/ExpressionField.js';
import type { LiteralType } from '../../expression-editor/expression-value.js';
import { problemAt, typeProperty, withTypeProperty } from './ml-activity-json.js';

export interface RunSettingsSectionProps {
  readonly activity: JsonObject;
  onChange(activity: JsonObject): void;
  readonly problems: Readonly<Record<string, string>> | undefined;
  readonly parameterNames: readonly string[] | undefined;
  readonly pipelineName: string | undefined;
  /** The published pipeline's own setting, when known. */
  readonly publishedContinueOnStepFailure: boolean | undefined;
}

interface Setting {
  readonly property: string;
  readonly label: string;
  readonly literalType: LiteralType;
  readonly placeholder: string;
  readonly hint?: string;
}

export function RunSettingsSection({
  activity,
  onChange,
  problems,
  parameterNames,
  pipelineName,
  publishedContinueOnStepFailure,
}: RunSettingsSectionProps) {
  const headingId = useId();
  const settings: readonly Setting[] = [
    {
      property: 'experimentName',
      label: 'Experiment name',
      literalType: 'string',
      placeholder: `default: ${pipelineName ?? 'the factory pipeline’s name'}`,
    },
    {
      property: 'mlParentRunId',
      label: 'Parent run id',
      literalType: 'string',
      placeholder: 'none',
      hint: 'Nests the ML run under this run, which must be in the same experiment.',
    },
    {
      property: 'continueOnStepFailure',
      label: 'Continue on step failure',
      literalType: 'boolean',
      placeholder:
        publishedContinueOnStepFailure === undefined
          ? 'default: the published pipeline’s setting'
          : `default: ${String(publishedContinueOnStepFailure)} (published)`,
      hint: 'Steps that do not depend on a failed step keep running; the run still fails.',
    },
    {
      property: 'waitOnCompletion',
      label: 'Wait for the ML run to end',
      literalType: 'boolean',
      placeholder: 'default: true',
      hint: 'Millrace: with false the activity succeeds once the run is submitted.',
    },
  ];
  return (
    <section className="ml-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Run settings</h3>
      <div className="ml-fields">
        {settings.map((setting) => {
          const at = `/typeProperties/${setting.property}`;
          const problem = problemAt(problems, at);
          return (
            <div key={setting.property} data-pointer={at}>
              <ExpressionField
                label={setting.label}
                value={typeProperty(activity, setting.property)}
                literalType={setting.literalType}
                placeholder={setting.placeholder}
                {...(setting.hint === undefined ? {} : { hint: setting.hint })}
                {...(parameterNames === undefined ? {} : { parameters: parameterNames })}
                {...(problem === undefined ? {} : { error: problem })}
                onChange={(value) => onChange(withTypeProperty(activity, setting.property, value))}
              />
            </div>
          );
        })}
      </div>
    </section>
  );
}
