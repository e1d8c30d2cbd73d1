/**
 * `/ml/pipelines/:id`: a published pipeline: what it is (version, status, id, endpoints), its
 * interface (parameters with types and defaults, data path parameters), its step graph from the
 * definition, and its recent runs; "Submit run" starts one.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/http.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { formatInstant } from '../ui/format.js';
import { Loading } from '../ui/Loading.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { CopyableId, CopyButton } from './CopyButton.js';
import { endpointVersionsByPipeline } from './endpoint-versions.js';
import { FactsList } from './FactsList.js';
import { useEndpoints, usePublishedPipeline, useRuns } from './ml-queries.js';
import { readPipelineModel } from './pipeline-model.js';
import { EndpointVersionLinks } from './PublishedPipelinesPage.js';
import { isActive } from './run-facts.js';
import { RunsTable } from './RunsTable.js';
import { buildStepGraph, dataPathText } from './step-graph.js';
import { StepGraphView } from './StepGraphView.js';
import { SubmitRunDialog } from './SubmitRunDialog.js';
import { useNow } from './use-now.js';
import './ml.css';

const RECENT_RUNS = 10;

export function PublishedPipelinePage() {
  const { id = '' } = useParams();
  const pipeline = usePublishedPipeline(id);
  const endpoints = useEndpoints(false);
  const runs = useRuns({ pipelineId: id, limit: RECENT_RUNS });
  const [submitting, setSubmitting] = useState(false);
  const model = useMemo(() => readPipelineModel(pipeline.data?.Definition), [pipeline.data]);
  const graph = useMemo(() => buildStepGraph(model === undefined ? {} : { model }), [model]);
  const now = useNow(runs.data?.Value.some((run) => isActive(run.Status.Status)) ?? false);
  useEffect(() => {
    document.title = `${pipeline.data?.Name ?? 'Published pipeline'} · Millrace`;
  }, [pipeline.data?.Name]);

  if (pipeline.isPending) return <Loading what="the pipeline" />;
  if (pipeline.error) {
    return (
      <section>
        <h1>Published pipeline</h1>
        <ErrorMessage error={pipeline.error} />
        <Link to="/ml/pipelines">All published pipelines</Link>
      </section>
    );
  }
  const data = pipeline.data;
  const versions = endpointVersionsByPipeline(endpoints.data ?? []).get(data.Id) ?? [];
  const runsForbidden = runs.error instanceof ApiError && runs.error.forbidden;

  return (
    <section>
      <nav aria-label="Breadcrumb" className="ml-breadcrumb small">
        <Link to="/ml/pipelines">Published pipelines</Link> › {data.Name}
      </nav>
      <header className="ml-page-header">
        <h1>
          {data.Name} <span className="muted">version {data.Version}</span>{' '}
          <StatusBadge status={data.EntityStatus} />
        </h1>
        <button
          type="button"
          className="primary"
          disabled={data.EntityStatus === 'Disabled'}
          title={data.EntityStatus === 'Disabled' ? 'A disabled pipeline cannot run' : undefined}
          onClick={() => setSubmitting(true)}
        >
          Submit run
        </button>
      </header>
      {data.Description === '' ? null : <p className="ml-description">{data.Description}</p>}
      <FactsList
        label="Pipeline facts"
        facts={[
          { label: 'Id', value: <CopyableId id={data.Id} what="the pipeline id" /> },
          {
            label: 'Endpoints',
            value: versions.length === 0 ? undefined : <EndpointVersionLinks versions={versions} />,
          },
          { label: 'Steps', value: data.TotalRunSteps },
          {
            label: 'On a step failure',
            value: data.ContinueRunOnStepFailure ? 'continue other steps' : 'stop the run',
          },
          { label: 'Created', value: formatInstant(data.CreatedDate) },
          { label: 'Created by', value: data.CreatedBy?.UserName },
          {
            label: 'Snapshot',
            value: <code title={data.SnapshotHash}>{data.SnapshotHash.slice(0, 12)}</code>,
          },
          {
            label: 'REST endpoint',
            value: (
              <span className="ml-id">
                <code className="ml-clamp-url" title={data.Url}>
                  POST …/PipelineSubmit/{data.Id.slice(0, 8)}…
                </code>
                <CopyButton value={data.Url} what="the submit URL" />
              </span>
            ),
          },
        ]}
      />

      <div className="ml-two-columns">
        <InterfaceSection
          title="Parameters"
          withDescription
          parameters={data.Interface.Parameters.map((parameter) => ({
            name: parameter.Name,
            type: parameter.TypeName,
            defaultText:
              parameter.DefaultValue === null
                ? null
                : parameter.DefaultValue === ''
                  ? '""'
                  : parameter.DefaultValue,
            description: parameter.Description ?? '',
          }))}
        />
        <InterfaceSection
          title="Data path parameters"
          parameters={data.Interface.DataPathParameters.map((parameter) => ({
            name: parameter.Name,
            type: parameter.DataTypeId,
            defaultText:
              parameter.DefaultValue === null ? null : dataPathText(parameter.DefaultValue),
            description: '',
          }))}
        />
      </div>

      <section aria-label="Steps">
        <h2>Steps</h2>
        {model === undefined ? (
          <p className="muted small">
            This pipeline's definition has a shape the page cannot draw.
          </p>
        ) : (
          <StepGraphView
            graph={graph}
            maxHeight={240}
            direction="LR"
            label={`Steps of ${data.Name}`}
          />
        )}
      </section>

      <section aria-label="Recent runs">
        <h2>Recent runs</h2>
        {runsForbidden ? (
          <p className="muted small">You may not read runs (ml/runs/read).</p>
        ) : runs.error ? (
          <ErrorMessage error={runs.error} />
        ) : runs.data === undefined ? (
          <Loading what="runs" />
        ) : (
          <RunsTable
            runs={runs.data.Value}
            caption={`Recent runs of ${data.Name}`}
            showPipeline={false}
            now={now}
          />
        )}
      </section>
      {submitting ? <SubmitRunDialog pipeline={data} onClose={() => setSubmitting(false)} /> : null}
    </section>
  );
}

/** One row of a published pipeline's interface; a `null` default means the parameter is required. */
interface InterfaceParameter {
  readonly name: string;
  readonly type: string;
  readonly defaultText: string | null;
  readonly description: string;
}

/** A titled table of interface parameters, or a note when there are none. */
function InterfaceSection({
  title,
  parameters,
  withDescription = false,
}: {
  readonly title: string;
  readonly parameters: readonly InterfaceParameter[];
  /** Whether to show the Description column. (Default: false) */
  readonly withDescription?: boolean;
}) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {parameters.length === 0 ? (
        <p className="muted small">No {title.toLowerCase()}.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Default</th>
              {withDescription ? <th scope="col">Description</th> : null}
            </tr>
          </thead>
          <tbody>
            {parameters.map((parameter) => (
              <tr key={parameter.name}>
                <th scope="row">{parameter.name}</th>
                <td>{parameter.type}</td>
                <td>
                  {parameter.defaultText === null ? (
                    <span className="muted">required</span>
                  ) : (
                    <code>{parameter.defaultText}</code>
                  )}
                </td>
                {withDescription ? <td>{parameter.description}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
