/** The settings of an activity's own type: the ML panel, small forms for Wait and Set variable, else its typeProperties as JSON. */
import { useCallback, useMemo } from 'react';
import type { Json, JsonObject } from '../api/factory-api.js';
import { paletteEntryOf } from '../canvas/activity-palette.js';
import { containerTypeOf, isJsonObject } from '../canvas/activity-tree.js';
import { ExpressionField } from '../expression-editor/ExpressionField.js';
import type { ActivityPropertiesPanelProps } from './activity-panel-props.js';
import { AzureMlActivityPanel } from './azure-ml/AzureMlActivityPanel.js';
import { Field } from './form-parts.js';
import { JsonDocumentEditor } from './JsonDocumentEditor.js';
import { readObjectText, type PointerProblem } from './json-text.js';
import { sameJson } from './pipeline-resource.js';
import { editableTypeProperties, withEditedTypeProperties } from './type-properties-editing.js';

/** The activity types whose settings have a form here: their problems show under the fields. */
export function typeFormShows(type: string, pointer: string): boolean {
  switch (type.toLowerCase()) {
    case 'wait':
      return pointer === '/typeProperties/waitTimeInSeconds';
    case 'setvariable':
    case 'appendvariable':
      return pointer === '/typeProperties/variableName' || pointer === '/typeProperties/value';
    default:
      return false;
  }
}

export function ActivityTypeSettings({
  factory,
  pipelineName,
  activity,
  problems,
  onChange,
  parameterNames,
  variableNames,
  type,
  coalesceKey,
}: ActivityPropertiesPanelProps & { readonly type: string; coalesceKey(field: string): string }) {
  const typeProperties = isJsonObject(activity['typeProperties']) ? activity['typeProperties'] : {};
  const setTypeProperty = (field: string, value: Json | undefined) => {
    const next: JsonObject = { ...typeProperties };
    if (value === undefined) delete next[field];
    else next[field] = value;
    onChange({ ...activity, typeProperties: next }, coalesceKey(`typeProperties.${field}`));
  };
  const read = useCallback((text: string) => readObjectText(text, 'typeProperties'), []);
  const format = useCallback((value: JsonObject) => JSON.stringify(value, null, 2), []);

  switch (type.toLowerCase()) {
    case 'azuremlexecutepipeline':
      return (
        <AzureMlActivityPanel
          factory={factory}
          pipelineName={pipelineName}
          parameterNames={parameterNames}
          activity={activity}
          problems={problems}
          onChange={(next) => onChange(next, coalesceKey('ml'))}
        />
      );
    case 'wait':
      return (
        <div data-pointer="/typeProperties/waitTimeInSeconds">
          <ExpressionField
            label="Wait time in seconds"
            literalType="number"
            value={typeProperties['waitTimeInSeconds']}
            parameters={parameterNames}
            onChange={(value) => setTypeProperty('waitTimeInSeconds', value)}
            {...errorProp(problems['/typeProperties/waitTimeInSeconds'])}
          />
        </div>
      );
    case 'setvariable':
    case 'appendvariable': {
      const variable =
        typeof typeProperties['variableName'] === 'string' ? typeProperties['variableName'] : '';
      const names =
        variableNames.includes(variable) || variable === ''
          ? variableNames
          : [variable, ...variableNames];
      return (
        <>
          <Field
            label="Variable"
            pointer="/typeProperties/variableName"
            problem={problems['/typeProperties/variableName']}
          >
            {(control) => (
              <select
                {...control}
                value={variable}
                onChange={(event) => setTypeProperty('variableName', event.target.value)}
              >
                <option value="">
                  {names.length === 0 ? 'Declare a variable first (pipeline settings)' : 'Choose…'}
                </option>
                {names.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div data-pointer="/typeProperties/value">
            <ExpressionField
              label="Value"
              value={typeProperties['value']}
              parameters={parameterNames}
              onChange={(value) => setTypeProperty('value', value)}
              {...errorProp(problems['/typeProperties/value'])}
            />
          </div>
        </>
      );
    }
    default:
      return (
        <TypePropertiesJson
          activity={activity}
          problems={problems}
          read={read}
          format={format}
          onChange={(next) => onChange(next, coalesceKey('typeProperties'))}
          known={paletteEntryOf(type) !== undefined}
        />
      );
  }
}

function TypePropertiesJson({
  activity,
  problems,
  read,
  format,
  onChange,
  known,
}: {
  readonly activity: JsonObject;
  readonly problems: Readonly<Record<string, string>>;
  read(text: string): ReturnType<typeof readObjectText>;
  format(value: JsonObject): string;
  onChange(activity: JsonObject): void;
  readonly known: boolean;
}) {
  const editable = useMemo(() => editableTypeProperties(activity), [activity]);
  const pointerProblems: PointerProblem[] = Object.entries(problems)
    .filter(([pointer]) => pointer === '/typeProperties' || pointer.startsWith('/typeProperties/'))
    .map(([pointer, message]) => ({
      pointer: pointer.slice('/typeProperties'.length),
      severity: 'error',
      message,
    }));
  return (
    <div data-pointer="/typeProperties" className="type-properties-json">
      <p className="muted small">
        {known ? '' : 'Millrace has no form for this activity type. '}
        Its <code>typeProperties</code> as JSON
        {containerTypeOf(activity) === undefined
          ? ''
          : ' (inner activities are edited on the canvas)'}
        :
      </p>
      <JsonDocumentEditor<JsonObject>
        label="typeProperties JSON"
        value={editable}
        format={format}
        read={read}
        same={sameJson}
        problems={pointerProblems}
        height="220px"
        onChange={(next) => onChange(withEditedTypeProperties(activity, next))}
      />
    </div>
  );
}

function errorProp(message: string | undefined): { error?: string } {
  return message === undefined ? {} : { error: message };
}
