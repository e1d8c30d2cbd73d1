/** The general fields every activity has: its state (activated or not) and its retry/timeout policy. */
import type { Json, JsonObject } from '../api/factory-api.js';
import { isJsonObject } from '../canvas/activity-tree.js';
import { Field } from './form-parts.js';

/** Activities that do no outside work have no retry/timeout policy in Data Factory. */
export const WITHOUT_POLICY = new Set([
  'foreach',
  'ifcondition',
  'switch',
  'until',
  'wait',
  'setvariable',
  'appendvariable',
  'filter',
  'executepipeline',
  'fail',
]);
const INACTIVE_MARKS = ['Succeeded', 'Failed', 'Skipped'] as const;
const TIMESPAN = /^(\d+\.)?\d{1,2}:\d{2}:\d{2}$/;

const POLICY_FIELDS = new Set(['timeout', 'retry', 'retryIntervalInSeconds']);

/** Whether activities of `type` have a policy, and the policy form shows `field`. */
export function policyShowsField(type: string, field: string): boolean {
  return !WITHOUT_POLICY.has(type.toLowerCase()) && POLICY_FIELDS.has(field);
}

export function ActivityStateFields({
  activity,
  onChange,
}: {
  readonly activity: JsonObject;
  onChange(activity: JsonObject): void;
}) {
  const inactive = activity['state'] === 'Inactive';
  const markAs =
    typeof activity['onInactiveMarkAs'] === 'string' ? activity['onInactiveMarkAs'] : 'Succeeded';
  return (
    <div className="field-row">
      <Field label="Activity state" pointer="/state">
        {(control) => (
          <select
            {...control}
            value={inactive ? 'Inactive' : 'Active'}
            onChange={(event) => {
              const { state: _state, onInactiveMarkAs: _mark, ...rest } = activity;
              onChange(
                event.target.value === 'Inactive'
                  ? { ...rest, state: 'Inactive', onInactiveMarkAs: 'Succeeded' }
                  : rest,
              );
            }}
          >
            <option value="Active">Activated</option>
            <option value="Inactive">Deactivated</option>
          </select>
        )}
      </Field>
      {inactive ? (
        <Field label="Mark as" pointer="/onInactiveMarkAs">
          {(control) => (
            <select
              {...control}
              value={markAs}
              onChange={(event) => onChange({ ...activity, onInactiveMarkAs: event.target.value })}
            >
              {INACTIVE_MARKS.map((mark) => (
                <option key={mark}>{mark}</option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
    </div>
  );
}

export function PolicyFields({
  activity,
  problems,
  onChange,
  coalesceKey,
}: {
  readonly activity: JsonObject;
  readonly problems: Readonly<Record<string, string>>;
  onChange(activity: JsonObject, coalesceKey?: string): void;
  coalesceKey(field: string): string;
}) {
  const policy = isJsonObject(activity['policy']) ? activity['policy'] : {};
  const setPolicy = (field: string, value: Json | undefined, coalesce: boolean) => {
    const next: JsonObject = { ...policy };
    if (value === undefined || value === '') delete next[field];
    else next[field] = value;
    onChange({ ...activity, policy: next }, coalesce ? coalesceKey(`policy.${field}`) : undefined);
  };
  const timeout = typeof policy['timeout'] === 'string' ? policy['timeout'] : '';
  const number = (field: string) =>
    typeof policy[field] === 'number' ? String(policy[field]) : '';
  const numberFrom = (text: string) => (text.trim() === '' ? undefined : Number(text));
  return (
    <section className="panel-section" aria-label="Policy">
      <h3>Policy</h3>
      <div className="field-row">
        <Field
          label="Timeout"
          pointer="/policy/timeout"
          problem={
            problems['/policy/timeout'] ??
            (timeout !== '' && !TIMESPAN.test(timeout)
              ? 'Write d.hh:mm:ss, such as 0.12:00:00.'
              : undefined)
          }
        >
          {(control) => (
            <input
              {...control}
              value={timeout}
              placeholder="0.12:00:00"
              onChange={(event) => setPolicy('timeout', event.target.value, true)}
            />
          )}
        </Field>
        <Field label="Retry" pointer="/policy/retry" problem={problems['/policy/retry']}>
          {(control) => (
            <input
              {...control}
              type="number"
              min={0}
              value={number('retry')}
              onChange={(event) => setPolicy('retry', numberFrom(event.target.value), true)}
            />
          )}
        </Field>
        <Field
          label="Retry interval (s)"
          pointer="/policy/retryIntervalInSeconds"
          problem={problems['/policy/retryIntervalInSeconds']}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              min={30}
              value={number('retryIntervalInSeconds')}
              onChange={(event) =>
                setPolicy('retryIntervalInSeconds', numberFrom(event.target.value), true)
              }
            />
          )}
        </Field>
      </div>
      <div className="field-row">
        {(['secureInput', 'secureOutput'] as const).map((field) => (
          <label key={field} className="inline-check" data-pointer={`/policy/${field}`}>
            <input
              type="checkbox"
              checked={policy[field] === true}
              onChange={(event) => setPolicy(field, event.target.checked, false)}
            />
            {field === 'secureInput' ? 'Secure input' : 'Secure output'}
          </label>
        ))}
      </div>
    </section>
  );
}
