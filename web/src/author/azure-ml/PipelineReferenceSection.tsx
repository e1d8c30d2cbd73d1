/**
 * Which published ML pipeline the activity runs: a published pipeline, a pipeline endpoint (by
 * id, with a version), or an endpoint by name. Chosen from the workspace's lists (fetched with
 * the user's own token) or typed, as an id or an expression. A user who may not list pipelines
 * is told which permission is missing and types the id.
 */
import { useId, useState } from 'react';
import type { Json, JsonObject } from '../../api/factory-api.js';
import { ApiError } from '../../api/http.js';
import type { MlPipeline, MlPipelineEndpoint } from '../../api/ml-api.js';
import { ExpressionField } from '../../expression-editor/ExpressionField.js';
import { isDynamicValue } from '../../expression-editor/expression-value.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import type { ComboboxOption } from './combobox-model.js';
import { listingRefusedMessage } from './ml-access-message.js';
import {
  isGiven,
  problemAt,
  readPipelineReference,
  REFERENCE_PROPERTY,
  withPipelineReference,
  type PipelineReference,
  type ReferenceKind,
} from './ml-activity-json.js';
import { SearchableCombobox } from './SearchableCombobox.js';
import {
  useEndpointVersions,
  useMlEndpoints,
  useMlPipelines,
  type ResolvedInterface,
} from './use-ml-listing.js';

const KIND_CHOICES: readonly { kind: ReferenceKind; label: string; hint: string }[] = [
  { kind: 'pipeline', label: 'Published pipeline', hint: 'mlPipelineId' },
  { kind: 'endpointId', label: 'Pipeline endpoint', hint: 'mlPipelineEndpointId' },
  {
    kind: 'endpointName',
    label: 'Pipeline endpoint by name',
    hint: 'mlPipelineEndpointName (Millrace)',
  },
];

const MANUAL_LABEL: Readonly<Record<ReferenceKind, string>> = {
  pipeline: 'Published pipeline id',
  endpointId: 'Pipeline endpoint id',
  endpointName: 'Pipeline endpoint name',
};

interface PipelineOption extends ComboboxOption {
  readonly pipeline?: MlPipeline;
  readonly endpoint?: MlPipelineEndpoint;
}

export interface PipelineReferenceSectionProps {
  readonly activity: JsonObject;
  onChange(activity: JsonObject): void;
  readonly problems: Readonly<Record<string, string>> | undefined;
  readonly parameterNames: readonly string[] | undefined;
  readonly resolved: ResolvedInterface;
}

export function PipelineReferenceSection({
  activity,
  onChange,
  problems,
  parameterNames,
  resolved,
}: PipelineReferenceSectionProps) {
  const headingId = useId();
  const accessId = useId();
  const reference = readPipelineReference(activity);
  const { kind } = reference;
  const [typing, setTyping] = useState(false);
  const pipelines = useMlPipelines(kind === 'pipeline');
  const endpoints = useMlEndpoints(kind !== 'pipeline');
  const listing = kind === 'pipeline' ? pipelines : endpoints;
  const options: readonly PipelineOption[] =
    kind === 'pipeline'
      ? (pipelines.data ?? []).map(pipelineOption)
      : (endpoints.data ?? []).map((endpoint) => endpointOption(endpoint, kind));

  const set = (next: Partial<PipelineReference>) =>
    onChange(withPipelineReference(activity, { ...reference, ...next }));
  const refused =
    listing.error instanceof ApiError && listing.error.forbidden
      ? listingRefusedMessage(
          kind === 'pipeline' ? 'published ML pipelines' : 'pipeline endpoints',
          listing.error.message,
          kind === 'pipeline'
            ? 'pipeline id'
            : kind === 'endpointId'
              ? 'endpoint id'
              : 'endpoint name',
        )
      : undefined;
  const dynamic = isDynamicValue(reference.value) || isDynamicValue(reference.version);
  const literal = typeof reference.value === 'string' ? reference.value : undefined;
  const notListed =
    listing.isSuccess &&
    isGiven(reference.value) &&
    !dynamic &&
    !options.some((option) => option.value === literal);
  const listUsable = listing.isSuccess;
  const manual = typing || listing.isError || dynamic || notListed;
  // While the list loads, show only that it loads (no text box that turns into a list).
  const loading = !manual && !listUsable;

  const referenceProblem = [
    problemAt(problems, '/typeProperties', false),
    ...Object.values(REFERENCE_PROPERTY).map((property) =>
      problemAt(problems, `/typeProperties/${property}`),
    ),
  ]
    .filter((problem) => problem !== undefined)
    .join(' ');
  const versionProblem = problemAt(problems, '/typeProperties/version');

  const changeKind = (next: ReferenceKind) => {
    // Carry over what is known to name the same pipeline the new way.
    const value: Json | undefined =
      next === 'pipeline'
        ? resolved.pipeline?.Id
        : next === 'endpointId'
          ? resolved.endpointId
          : resolved.endpointName;
    const version = next !== 'pipeline' && kind !== 'pipeline' ? reference.version : undefined;
    onChange(withPipelineReference(activity, { kind: next, value, version }));
  };

  return (
    <section className="ml-section" aria-labelledby={headingId}>
      <h3 id={headingId}>ML pipeline</h3>
      <fieldset className="ml-kind" data-pointer="/typeProperties">
        <legend>Run</legend>
        {KIND_CHOICES.map((choice) => (
          <label key={choice.kind} className="ml-radio">
            <input
              type="radio"
              name={`${headingId}-kind`}
              value={choice.kind}
              checked={kind === choice.kind}
              onChange={() => changeKind(choice.kind)}
            />
            <span>
              {choice.label} <span className="muted small mono">{choice.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>

      {refused === undefined ? null : (
        <div id={accessId} className="ml-access-refused" role="alert">
          <p>{refused.summary}</p>
          <details>
            <summary className="small">What the server said</summary>
            <p className="small">{refused.serverMessage}</p>
          </details>
        </div>
      )}
      {listing.isError && refused === undefined ? (
        <ErrorMessage error={listing.error} title="The ML workspace could not be listed" />
      ) : null}
      {loading ? (
        <Loading what={kind === 'pipeline' ? 'published ML pipelines' : 'pipeline endpoints'} />
      ) : null}

      {loading ? null : manual ? (
        <div className="ml-manual" data-pointer={`/typeProperties/${REFERENCE_PROPERTY[kind]}`}>
          <ExpressionField
            label={MANUAL_LABEL[kind]}
            value={reference.value}
            placeholder={kind === 'endpointName' ? 'Name or @expression' : 'Id or @expression'}
            {...(parameterNames === undefined ? {} : { parameters: parameterNames })}
            {...(referenceProblem === '' ? {} : { error: referenceProblem })}
            onChange={(value) => set({ value })}
          />
          {kind === 'pipeline' ? null : (
            <div data-pointer="/typeProperties/version">
              <ExpressionField
                label="Endpoint version"
                value={reference.version}
                placeholder="default version"
                {...(parameterNames === undefined ? {} : { parameters: parameterNames })}
                {...(versionProblem === undefined ? {} : { error: versionProblem })}
                onChange={(version) => set({ version })}
              />
            </div>
          )}
          {notListed ? (
            <p className="muted small">
              {kind === 'pipeline'
                ? 'No published pipeline of this server’s ML workspace has this id.'
                : 'No pipeline endpoint of this server’s ML workspace has this ' +
                  (kind === 'endpointId' ? 'id.' : 'name.')}
            </p>
          ) : null}
          {listUsable ? (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setTyping(false);
                if (dynamic || notListed) set({ value: undefined, version: undefined });
              }}
            >
              Choose from the list
              {dynamic || notListed ? ' (clears this value)' : ''}
            </button>
          ) : null}
        </div>
      ) : (
        <div className="ml-list" data-pointer={`/typeProperties/${REFERENCE_PROPERTY[kind]}`}>
          <SearchableCombobox
            label={kind === 'pipeline' ? 'Published pipeline' : 'Pipeline endpoint'}
            options={options}
            value={literal}
            placeholder={
              options.length === 0
                ? 'None in this workspace'
                : `Search ${options.length} by name, version or id`
            }
            emptyText="No pipeline matches."
            renderOption={renderPipelineOption}
            invalid={referenceProblem !== ''}
            onSelect={(option) => set({ value: option.value })}
          />
          {referenceProblem === '' ? null : <p className="field-error">{referenceProblem}</p>}
          <SelectedSummary option={options.find((option) => option.value === literal)} />
          {kind === 'pipeline' ? null : (
            <VersionPicker
              endpointId={resolved.endpointId}
              version={reference.version}
              problem={versionProblem}
              onChange={(version) => set({ version })}
            />
          )}
          <button type="button" className="link-button" onClick={() => setTyping(true)}>
            Enter manually or as an expression
          </button>
        </div>
      )}
      {resolved.missing === undefined || notListed ? null : (
        <p className="field-error">{resolved.missing}</p>
      )}
    </section>
  );
}

function pipelineOption(pipeline: MlPipeline): PipelineOption {
  return {
    value: pipeline.Id,
    label: pipeline.Name,
    details: [
      `version ${pipeline.Version ?? '—'}`,
      ...(pipeline.EntityStatus === 'Active' ? [] : [pipeline.EntityStatus]),
    ],
    pipeline,
  };
}

function endpointOption(endpoint: MlPipelineEndpoint, kind: ReferenceKind): PipelineOption {
  const versions = endpoint.PipelineVersionList?.length ?? 0;
  return {
    value: kind === 'endpointName' ? endpoint.Name : endpoint.Id,
    label: endpoint.Name,
    details: [
      `default version ${endpoint.DefaultVersion}`,
      `${versions} version${versions === 1 ? '' : 's'}`,
      ...(kind === 'endpointName' ? [endpoint.Id] : []),
      ...(endpoint.EntityStatus === 'Active' ? [] : [endpoint.EntityStatus]),
    ],
    endpoint,
  };
}

function renderPipelineOption(option: PipelineOption) {
  const id = option.pipeline?.Id ?? option.endpoint?.Id ?? option.value;
  return (
    <span className="ml-option">
      <span className="ml-option-title">
        <strong>{option.label}</strong>
        {option.details.map((detail) => (
          <span key={detail} className="ml-chip">
            {detail}
          </span>
        ))}
      </span>
      <span className="ml-option-id mono small muted">{id}</span>
    </span>
  );
}

function SelectedSummary({ option }: { readonly option: PipelineOption | undefined }) {
  if (option === undefined) return null;
  const description = option.pipeline?.Description ?? option.endpoint?.Description;
  return (
    <dl className="ml-selected small" aria-label="Chosen pipeline">
      <dt>Id</dt>
      <dd className="mono">{option.pipeline?.Id ?? option.endpoint?.Id}</dd>
      {option.pipeline === undefined ? null : (
        <>
          <dt>Version</dt>
          <dd>{option.pipeline.Version ?? '—'}</dd>
          <dt>Status</dt>
          <dd>{option.pipeline.EntityStatus}</dd>
        </>
      )}
      {description ? (
        <>
          <dt>Description</dt>
          <dd>{description}</dd>
        </>
      ) : null}
    </dl>
  );
}

function VersionPicker({
  endpointId,
  version,
  problem,
  onChange,
}: {
  readonly endpointId: string | undefined;
  readonly version: Json | undefined;
  readonly problem: string | undefined;
  onChange(version: Json | undefined): void;
}) {
  const selectId = useId();
  const versions = useEndpointVersions(endpointId);
  if (endpointId === undefined) return null;
  const defaultVersion = versions.data?.find((entry) => entry.IsDefaultVersion);
  const current = version === undefined || version === null ? '' : String(version);
  return (
    <div data-pointer="/typeProperties/version">
      <label htmlFor={selectId}>
        Endpoint version
        <select
          id={selectId}
          value={current}
          aria-invalid={problem !== undefined}
          onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
        >
          <option value="">
            Default version
            {defaultVersion === undefined ? '' : ` (now ${defaultVersion.PipelineEndpointVersion})`}
          </option>
          {(versions.data ?? []).map((entry) => (
            <option key={entry.PipelineEndpointVersion} value={entry.PipelineEndpointVersion}>
              {entry.PipelineEndpointVersion}
              {entry.IsDefaultVersion ? ' (default)' : ''} — {entry.Name} v{entry.Version ?? '—'}
              {entry.EntityStatus === 'Active' ? '' : `, ${entry.EntityStatus}`}
            </option>
          ))}
          {current !== '' &&
          versions.isSuccess &&
          !versions.data.some((entry) => entry.PipelineEndpointVersion === current) ? (
            <option value={current}>{current} (no such version)</option>
          ) : null}
        </select>
      </label>
      {versions.isError ? (
        <ErrorMessage error={versions.error} title="The endpoint's versions could not be listed" />
      ) : null}
      {problem === undefined ? null : <p className="field-error">{problem}</p>}
    </div>
  );
}
