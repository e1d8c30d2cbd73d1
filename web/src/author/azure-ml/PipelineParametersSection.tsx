/**
 * The chosen ML pipeline's parameters and data path parameters as a form built from its
 * interface (type, default), mapped to `mlPipelineParameters` and `dataPathAssignments`. Empty
 * fields are left out, so the published defaults apply. Without an interface (the pipeline is
 * named by an expression, or the user may not read it) the assignments are edited by name.
 */
import { useId, useState } from 'react';
import type { JsonObject } from '../../api/factory-api.js';
import { ApiError } from '../../api/http.js';
import { ExpressionField } from '../../expression-editor/ExpressionField.js';
import { fieldTextOf } from '../../expression-editor/expression-value.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import {
  assignmentsAreDynamic,
  dataPathParts,
  pointer,
  problemAt,
  readAssignments,
  typeProperty,
  withDataPath,
  withDataPathPart,
  withParameter,
  withTypeProperty,
} from './ml-activity-json.js';
import type { InterfaceLookup } from './ml-interface-lookup.js';
import {
  buildPipelineForm,
  defaultHint,
  KIND_LABEL,
  KIND_LITERAL,
  parameterValueProblem,
  type DataPathField,
  type ParameterField,
  type PipelineInterface,
  type UnknownAssignment,
} from './ml-pipeline-form.js';
import type { ResolvedInterface } from './use-ml-listing.js';

const PARAMETERS = 'mlPipelineParameters';
const DATA_PATHS = 'dataPathAssignments';

export interface PipelineParametersSectionProps {
  readonly activity: JsonObject;
  onChange(activity: JsonObject): void;
  readonly problems: Readonly<Record<string, string>> | undefined;
  readonly parameterNames: readonly string[] | undefined;
  readonly lookup: InterfaceLookup;
  readonly resolved: ResolvedInterface;
}

export function PipelineParametersSection(props: PipelineParametersSectionProps) {
  const { lookup, resolved } = props;
  const headingId = useId();
  const pipelineInterface = resolved.pipeline?.Interface as PipelineInterface | undefined;
  const why = interfaceUnavailable(lookup, resolved);

  return (
    <section className="ml-section" aria-labelledby={headingId}>
      <h3 id={headingId}>
        Parameters
        {resolved.pipeline === undefined ? null : (
          <span className="muted small">
            {' '}
            of {resolved.pipeline.Name} v{resolved.pipeline.Version ?? '—'}
          </span>
        )}
      </h3>
      {resolved.isPending ? <Loading what="the pipeline's parameters" /> : null}
      {resolved.error !== undefined &&
      !(resolved.error instanceof ApiError && resolved.error.forbidden) ? (
        <ErrorMessage error={resolved.error} title="The pipeline's parameters could not be read" />
      ) : null}
      {why === undefined ? null : <p className="muted small">{why}</p>}
      {pipelineInterface === undefined ? (
        resolved.isPending ? null : (
          <FreeFormAssignments {...props} />
        )
      ) : (
        <InterfaceForm {...props} pipelineInterface={pipelineInterface} />
      )}
    </section>
  );
}

function interfaceUnavailable(
  lookup: InterfaceLookup,
  resolved: ResolvedInterface,
): string | undefined {
  if (lookup.kind === 'none')
    return lookup.reason === 'expression'
      ? 'The pipeline is named by an expression, so its parameters are known only when it runs: enter them by name.'
      : 'Choose a pipeline to fill in its parameters.';
  if (resolved.error instanceof ApiError && resolved.error.forbidden)
    return 'Its parameters cannot be listed without the permission to read ML pipelines: enter them by name.';
  return undefined;
}

function InterfaceForm({
  activity,
  onChange,
  problems,
  parameterNames,
  pipelineInterface,
}: PipelineParametersSectionProps & { readonly pipelineInterface: PipelineInterface }) {
  const form = buildPipelineForm(pipelineInterface, activity);
  const scope = parameterNames === undefined ? {} : { parameters: parameterNames };
  const parametersDynamic = assignmentsAreDynamic(activity, PARAMETERS);
  const dataPathsDynamic = assignmentsAreDynamic(activity, DATA_PATHS);

  return (
    <>
      {parametersDynamic ? (
        <WholeMapField
          property={PARAMETERS}
          {...{ activity, onChange, problems, parameterNames }}
        />
      ) : form.parameters.length === 0 ? (
        <p className="muted small">This pipeline has no parameters.</p>
      ) : (
        <div className="ml-fields">
          {form.parameters.map((field) => {
            const at = pointer('typeProperties', PARAMETERS, field.name);
            const problem =
              problemAt(problems, at) ?? parameterValueProblem(field.kind, field.value);
            return (
              <div key={field.name} data-pointer={at}>
                <ExpressionField
                  label={`${field.name} (${KIND_LABEL[field.kind]})`}
                  value={field.value}
                  literalType={KIND_LITERAL[field.kind]}
                  placeholder={defaultHint(field)}
                  {...scope}
                  {...(problem === undefined ? {} : { error: problem })}
                  {...parameterHint(field)}
                  onChange={(value) => onChange(withParameter(activity, field.name, value))}
                />
              </div>
            );
          })}
        </div>
      )}
      {form.unknownParameters.length === 0 ? null : (
        <UnknownList
          title="Not parameters of this pipeline"
          what="parameter"
          entries={form.unknownParameters}
          onRemove={(name) => onChange(withParameter(activity, name, undefined))}
        />
      )}

      <h4>Data paths</h4>
      {dataPathsDynamic ? (
        <WholeMapField
          property={DATA_PATHS}
          {...{ activity, onChange, problems, parameterNames }}
        />
      ) : form.dataPaths.length === 0 ? (
        <p className="muted small">This pipeline has no data path parameters.</p>
      ) : (
        form.dataPaths.map((field) => (
          <DataPathFields
            key={field.name}
            field={field}
            {...{ activity, onChange, problems, parameterNames }}
          />
        ))
      )}
      {form.unknownDataPaths.length === 0 ? null : (
        <UnknownList
          title="Not data path parameters of this pipeline"
          what="data path"
          entries={form.unknownDataPaths}
          onRemove={(name) => onChange(withDataPath(activity, name, undefined))}
        />
      )}
    </>
  );
}

/** The description and the published default, kept visible once a value is typed. */
function parameterHint(field: ParameterField): { hint?: string } {
  const fallback =
    field.defaultText === undefined
      ? field.required
        ? 'Required: the pipeline has no default.'
        : undefined
      : `Published default: ${field.defaultText === '' ? '(empty text)' : field.defaultText}.`;
  const hint = [field.description, fallback].filter((part) => part !== undefined).join(' ');
  return hint === '' ? {} : { hint };
}

interface FieldGroupProps {
  readonly activity: JsonObject;
  onChange(activity: JsonObject): void;
  readonly problems: Readonly<Record<string, string>> | undefined;
  readonly parameterNames: readonly string[] | undefined;
}

function DataPathFields({
  field,
  activity,
  onChange,
  problems,
  parameterNames,
}: FieldGroupProps & { readonly field: DataPathField }) {
  const at = pointer('typeProperties', DATA_PATHS, field.name);
  const problem = problemAt(problems, at);
  const scope = parameterNames === undefined ? {} : { parameters: parameterNames };
  const fallback = field.defaultValue;
  return (
    <fieldset className="ml-data-path" data-pointer={at}>
      <legend>
        {field.name}
        {field.dataType === undefined ? null : (
          <span className="muted small"> ({field.dataType})</span>
        )}
        {field.required ? <span className="muted small"> required</span> : null}
      </legend>
      {field.description === undefined ? null : <p className="muted small">{field.description}</p>}
      {field.parts.whole !== undefined ? (
        <ExpressionField
          label={`${field.name} data path`}
          value={field.parts.whole}
          {...scope}
          {...(problem === undefined ? {} : { error: problem })}
          onChange={(value) => onChange(withDataPath(activity, field.name, value))}
        />
      ) : (
        <div className="ml-data-path-parts">
          <ExpressionField
            label={`${field.name} datastore`}
            value={field.parts.DataStoreName}
            placeholder={fallback === null ? 'datastore' : `default: ${fallback.DataStoreName}`}
            {...scope}
            onChange={(value) =>
              onChange(withDataPathPart(activity, field.name, 'DataStoreName', value, fallback))
            }
          />
          <ExpressionField
            label={`${field.name} relative path`}
            value={field.parts.RelativePath}
            placeholder={
              fallback === null ? 'path/on/datastore' : `default: ${fallback.RelativePath}`
            }
            {...scope}
            onChange={(value) =>
              onChange(withDataPathPart(activity, field.name, 'RelativePath', value, fallback))
            }
          />
        </div>
      )}
      {problem === undefined || field.parts.whole !== undefined ? null : (
        <p className="field-error">{problem}</p>
      )}
    </fieldset>
  );
}

/** A whole `mlPipelineParameters` / `dataPathAssignments` given as one expression. */
function WholeMapField({
  property,
  activity,
  onChange,
  problems,
  parameterNames,
}: FieldGroupProps & { readonly property: string }) {
  const at = pointer('typeProperties', property);
  const problem = problemAt(problems, at);
  return (
    <div data-pointer={at}>
      <ExpressionField
        label={
          property === PARAMETERS
            ? 'All parameters (an expression)'
            : 'All data paths (an expression)'
        }
        value={typeProperty(activity, property)}
        hint="One expression gives the whole object; clear it to fill in the fields instead."
        {...(parameterNames === undefined ? {} : { parameters: parameterNames })}
        {...(problem === undefined ? {} : { error: problem })}
        onChange={(value) => onChange(withTypeProperty(activity, property, value))}
      />
    </div>
  );
}

function UnknownList({
  title,
  what,
  entries,
  onRemove,
}: {
  readonly title: string;
  readonly what: string;
  readonly entries: readonly UnknownAssignment[];
  onRemove(name: string): void;
}) {
  return (
    <div className="ml-unknown" role="group" aria-label={title}>
      <h4>{title}</h4>
      <ul>
        {entries.map((entry) => (
          <li key={entry.name}>
            <span>
              <strong>{entry.name}</strong>{' '}
              <code className="small">{fieldTextOf(entry.value).text}</code>{' '}
              <span className="field-error small">
                unknown {what}
                {entry.didYouMean === undefined
                  ? ''
                  : `; did you mean ${entry.didYouMean}? (names are case-sensitive)`}
              </span>
            </span>
            <button
              type="button"
              className="small"
              aria-label={`Remove unknown ${what} ${entry.name}`}
              onClick={() => onRemove(entry.name)}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Without an interface: the assignments as they are, editable, and new ones added by name. */
function FreeFormAssignments({ activity, onChange, problems, parameterNames }: FieldGroupProps) {
  const scope = parameterNames === undefined ? {} : { parameters: parameterNames };
  const parameters = readAssignments(activity, PARAMETERS);
  const dataPaths = readAssignments(activity, DATA_PATHS);
  return (
    <>
      {assignmentsAreDynamic(activity, PARAMETERS) ? (
        <WholeMapField
          property={PARAMETERS}
          {...{ activity, onChange, problems, parameterNames }}
        />
      ) : (
        <div className="ml-fields">
          {Object.entries(parameters).map(([name, value]) => {
            const at = pointer('typeProperties', PARAMETERS, name);
            const problem = problemAt(problems, at);
            return (
              <div key={name} className="ml-free-row" data-pointer={at}>
                <ExpressionField
                  label={name}
                  value={value}
                  {...scope}
                  {...(problem === undefined ? {} : { error: problem })}
                  onChange={(next) => onChange(withParameter(activity, name, next))}
                />
                <button
                  type="button"
                  className="small"
                  aria-label={`Remove parameter ${name}`}
                  onClick={() => onChange(withParameter(activity, name, undefined))}
                >
                  Remove
                </button>
              </div>
            );
          })}
          <AddAssignment
            what="parameter"
            taken={Object.keys(parameters)}
            onAdd={(name, value) => onChange(withParameter(activity, name, value))}
          />
        </div>
      )}
      <h4>Data paths</h4>
      {assignmentsAreDynamic(activity, DATA_PATHS) ? (
        <WholeMapField
          property={DATA_PATHS}
          {...{ activity, onChange, problems, parameterNames }}
        />
      ) : (
        <>
          {Object.entries(dataPaths).map(([name, value]) => (
            <DataPathFields
              key={name}
              field={{
                name,
                defaultValue: null,
                required: false,
                parts: dataPathParts(value),
              }}
              {...{ activity, onChange, problems, parameterNames }}
            />
          ))}
          <AddAssignment
            what="data path"
            taken={Object.keys(dataPaths)}
            valueLabel="datastore/path"
            onAdd={(name, value) => {
              const slash = value.indexOf('/');
              onChange(
                withDataPath(
                  activity,
                  name,
                  slash > 0
                    ? { DataStoreName: value.slice(0, slash), RelativePath: value.slice(slash + 1) }
                    : { DataStoreName: value, RelativePath: '' },
                ),
              );
            }}
          />
        </>
      )}
    </>
  );
}

function AddAssignment({
  what,
  taken,
  valueLabel = 'value',
  onAdd,
}: {
  readonly what: string;
  readonly taken: readonly string[];
  readonly valueLabel?: string;
  onAdd(name: string, value: string): void;
}) {
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const trimmed = name.trim();
  const problem = taken.includes(trimmed) ? `There is already a ${what} ${trimmed}.` : undefined;
  const add = () => {
    if (trimmed === '' || value === '' || problem !== undefined) return;
    onAdd(trimmed, value);
    setName('');
    setValue('');
  };
  return (
    <div className="ml-add" role="group" aria-label={`Add a ${what}`}>
      <label>
        New {what} name
        <input value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <label>
        {valueLabel === 'value' ? 'Value' : `Value (${valueLabel})`}
        <input
          value={value}
          onChange={(event) => setValue(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') add();
          }}
        />
      </label>
      <button
        type="button"
        disabled={trimmed === '' || value === '' || problem !== undefined}
        onClick={add}
      >
        Add {what}
      </button>
      {problem === undefined ? null : <p className="field-error">{problem}</p>}
    </div>
  );
}
