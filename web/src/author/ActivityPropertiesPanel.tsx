import { useRef } from 'react';
import type { Json, JsonObject } from '../api/factory-api.js';
import { activityTypeLabel } from '../canvas/activity-palette.js';
import { activityType } from '../canvas/activity-tree.js';
import { activityNameProblem } from '../canvas/pipeline-edits.js';
import {
  ActivityStateFields,
  PolicyFields,
  policyShowsField,
  WITHOUT_POLICY,
} from './ActivityGeneralFields.js';
import type { ActivityPropertiesPanelProps } from './activity-panel-props.js';
import { ActivityTypeSettings, typeFormShows } from './ActivityTypeSettings.js';
import { DependsOnEditor } from './DependsOnEditor.js';
import { CommitField, Field, useFocusRequest } from './form-parts.js';

export type { ActivityPropertiesPanelProps } from './activity-panel-props.js';

/** The selected activity's properties: general settings, dependencies, then its type's own. */
export function ActivityPropertiesPanel(props: ActivityPropertiesPanelProps) {
  const { activity, problems, onChange, activities } = props;
  const name = typeof activity['name'] === 'string' ? activity['name'] : '';
  const type = activityType(activity);
  const container = useRef<HTMLDivElement>(null);
  useFocusRequest(container, props.focusRequest);
  const key = (field: string) => `activity:${name}:${field}`;
  const set = (field: string, value: Json | undefined, coalesce = true) => {
    const next: JsonObject = { ...activity };
    if (value === undefined || value === '') delete next[field];
    else next[field] = value;
    onChange(next, coalesce ? key(field) : undefined);
  };
  // Problems shown under their field are not repeated at the top.
  const problemEntries = Object.entries(problems).filter(
    ([pointer]) => !shownUnderAField(type, pointer),
  );

  return (
    <div
      className="properties-panel"
      ref={container}
      aria-label={`Properties of ${name}`}
      role="region"
    >
      <header className="properties-header">
        <div>
          <button type="button" className="link-button small back-link" onClick={props.onDeselect}>
            ← Pipeline settings
          </button>
          <h2>{name}</h2>
          <p className="muted small">{activityTypeLabel(type)}</p>
        </div>
        <button type="button" className="danger small-button" onClick={props.onDelete}>
          Delete activity
        </button>
      </header>
      {problemEntries.length === 0 ? null : (
        <ul className="panel-problems" aria-label="Problems of this activity">
          {problemEntries.map(([pointer, message]) => (
            <li key={pointer}>
              {message} {pointer === '' ? null : <code className="small">{pointer}</code>}
            </li>
          ))}
        </ul>
      )}

      <section className="panel-section" aria-label="General">
        <h3>General</h3>
        <CommitField
          label="Name"
          value={name}
          pointer="/name"
          onCommit={props.onRename}
          checkDraft={(draft) => activityNameProblem(draft)}
          {...(problems['/name'] === undefined ? {} : { problem: problems['/name'] })}
        />
        <Field label="Description" pointer="/description" problem={problems['/description']}>
          {(control) => (
            <textarea
              {...control}
              rows={2}
              value={typeof activity['description'] === 'string' ? activity['description'] : ''}
              onChange={(event) => set('description', event.target.value)}
            />
          )}
        </Field>
        <ActivityStateFields activity={activity} onChange={onChange} />
      </section>

      {WITHOUT_POLICY.has(type.toLowerCase()) ? null : (
        <PolicyFields
          activity={activity}
          problems={problems}
          onChange={onChange}
          coalesceKey={key}
        />
      )}

      <section className="panel-section" aria-label="Dependencies">
        <DependsOnEditor
          activities={activities}
          name={name}
          problems={problems}
          onActivitiesChange={props.onActivitiesChange}
        />
      </section>

      <section className="panel-section" aria-label="Settings">
        <h3>Settings</h3>
        <ActivityTypeSettings {...props} type={type} coalesceKey={key} />
      </section>
    </div>
  );
}

/** Whether the panel shows a problem at `pointer` under one of its form fields. */
function shownUnderAField(type: string, pointer: string): boolean {
  if (['/name', '/description', '/state', '/onInactiveMarkAs'].includes(pointer)) return true;
  if (/^\/dependsOn\/\d+(\/(activity|dependencyConditions))?$/.test(pointer)) return true;
  if (pointer.startsWith('/policy/'))
    return policyShowsField(type, pointer.slice('/policy/'.length));
  return typeFormShows(type, pointer);
}
