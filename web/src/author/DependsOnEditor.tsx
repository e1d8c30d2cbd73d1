import { useState } from 'react';
import type { JsonObject } from '../api/factory-api.js';
import { activityName, findActivity, getList, isJsonObject } from '../canvas/activity-tree.js';
import {
  CONDITION_DESCRIPTIONS,
  DEPENDENCY_CONDITIONS,
  normaliseConditions,
  type DependencyCondition,
} from '../canvas/dependency-conditions.js';
import {
  connect,
  connectionProblem,
  removeDependency,
  setConditions,
  type EditResult,
} from '../canvas/pipeline-edits.js';
import { FieldProblem } from './form-parts.js';

/**
 * The `dependsOn` list of one activity: which activities of its list it runs after and upon
 * which conditions. Edits go through the canvas core, which refuses cycles and empty conditions.
 */
export function DependsOnEditor({
  activities,
  name,
  problems,
  onActivitiesChange,
}: {
  readonly activities: readonly JsonObject[];
  readonly name: string;
  /** Problems by pointer relative to the activity. */
  readonly problems: Readonly<Record<string, string>>;
  onActivitiesChange(activities: JsonObject[]): void;
}) {
  const [refusal, setRefusal] = useState<string>();
  const [adding, setAdding] = useState('');
  const found = findActivity(activities, name);
  if (found === undefined) return null;
  const dependsOn = Array.isArray(found.activity['dependsOn'])
    ? found.activity['dependsOn'].filter(isJsonObject)
    : [];
  const dependedOn = new Set(dependsOn.map((entry) => String(entry['activity'] ?? '')));
  const candidates = (getList(activities, found.location) ?? [])
    .map(activityName)
    .filter((sibling): sibling is string => sibling !== undefined && sibling !== name)
    .filter((sibling) => !dependedOn.has(sibling));

  const apply = (result: EditResult) => {
    if (result.ok) {
      setRefusal(undefined);
      onActivitiesChange(result.activities);
    } else {
      setRefusal(result.error.message);
    }
  };

  const toggle = (
    from: string,
    conditions: DependencyCondition[],
    condition: DependencyCondition,
  ) => {
    const next = conditions.includes(condition)
      ? conditions.filter((existing) => existing !== condition)
      : [...conditions, condition];
    apply(setConditions(activities, { from, to: name }, next));
  };

  return (
    <fieldset className="depends-on" data-pointer="/dependsOn">
      <legend>Runs after</legend>
      {dependsOn.length === 0 ? (
        <p className="muted small">No dependency: it starts with the pipeline.</p>
      ) : (
        <ul className="dependency-list">
          {dependsOn.map((entry, index) => {
            const from = String(entry['activity'] ?? '');
            const conditions = normaliseConditions(entry['dependencyConditions']);
            const problem =
              problems[`/dependsOn/${index}/activity`] ??
              problems[`/dependsOn/${index}/dependencyConditions`] ??
              problems[`/dependsOn/${index}`];
            return (
              <li key={`${from}-${index}`} data-pointer={`/dependsOn/${index}`}>
                <div className="dependency-row">
                  <strong className="dependency-name">{from}</strong>
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Remove the dependency on ${from}`}
                    onClick={() => apply(removeDependency(activities, { from, to: name }))}
                  >
                    Remove
                  </button>
                </div>
                <div className="condition-checks" role="group" aria-label={`Conditions on ${from}`}>
                  {DEPENDENCY_CONDITIONS.map((condition) => (
                    <label
                      key={condition}
                      className="inline-check"
                      title={CONDITION_DESCRIPTIONS[condition]}
                    >
                      <input
                        type="checkbox"
                        checked={conditions.includes(condition)}
                        onChange={() => toggle(from, conditions, condition)}
                      />
                      <span
                        className={`condition-swatch condition-${condition.toLowerCase()}`}
                        aria-hidden
                      />
                      {condition}
                    </label>
                  ))}
                </div>
                <FieldProblem message={problem} />
              </li>
            );
          })}
        </ul>
      )}
      {candidates.length === 0 ? null : (
        <div className="add-dependency">
          <label className="inline-label">
            <span className="visually-hidden">Activity to run after</span>
            <select value={adding} onChange={(event) => setAdding(event.target.value)}>
              <option value="">Run after…</option>
              {candidates.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {candidate}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={adding === ''}
            onClick={() => {
              const problem = connectionProblem(activities, adding, name);
              if (problem !== undefined) {
                setRefusal(problem.message);
                return;
              }
              apply(connect(activities, adding, name));
              setAdding('');
            }}
          >
            Add dependency
          </button>
        </div>
      )}
      <FieldProblem message={refusal} />
    </fieldset>
  );
}
