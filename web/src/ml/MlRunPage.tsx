/**
 * `/ml/runs/:runId`: an ML run as Azure ML studio shows one: its header (status, experiment,
 * pipeline and endpoint version, times, who and what started it, the factory run behind it), the
 * step graph with statuses and reuse marks, and the chosen step's logs, metrics, outputs and
 * error beside it. It refreshes itself until the run ends. The chosen step and tab live in the
 * URL (`?step=score&tab=metrics`), so a step's view can be linked to.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api/http.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { formatDuration, formatInstant } from '../ui/format.js';
import { Loading } from '../ui/Loading.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { CopyableId } from './CopyButton.js';
import { FactoryRunLink } from './FactoryRunLink.js';
import { FactsList } from './FactsList.js';
import { mlKeys, useEndpoint, usePublishedPipeline, useRun } from './ml-queries.js';
import { cancelRun, type MlRun } from './ml-workspace-api.js';
import { readPipelineModel } from './pipeline-model.js';
import { elapsedMs, factoryRunOf, isActive, mlRunPath, shortId } from './run-facts.js';
import { MlErrorDetails } from './StepError.js';
import { buildStepGraph, dataPathText } from './step-graph.js';
import { StepGraphView } from './StepGraphView.js';
import { isStepTab, StepPanel, type StepTab } from './StepPanel.js';
import { useNow } from './use-now.js';
import './ml.css';

function EndpointFact({ run }: { readonly run: MlRun }) {
  const endpoint = useEndpoint(run.PipelineEndpointId ?? '');
  if (run.PipelineEndpointId === null) return null;
  const name = endpoint.data?.Name ?? `endpoint ${shortId(run.PipelineEndpointId)}`;
  const version = run.PipelineEndpointVersion;
  const isDefault = endpoint.data !== undefined && endpoint.data.DefaultVersion === version;
  return (
    <>
      <Link to={`/ml/endpoints/${encodeURIComponent(run.PipelineEndpointId)}`}>{name}</Link>
      {version === null ? null : (
        <span className="muted">
          {' '}
          version {version}
          {isDefault ? ' (default)' : ''}
        </span>
      )}
    </>
  );
}

function CancelRun({ run }: { readonly run: MlRun }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation({
    mutationFn: () => cancelRun(run.Id),
    onSuccess: (answer) => {
      queryClient.setQueryData(mlKeys.run(run.Id), answer);
      setConfirming(false);
    },
  });
  if (!isActive(run.Status.Status)) return null;
  if (run.Status.Status === 'CancelRequested') {
    return (
      <span className="muted small" role="status">
        Canceling: waiting for its steps to stop…
      </span>
    );
  }
  return (
    <span className="ml-cancel">
      {confirming ? (
        <>
          <span>Cancel this run? Running steps are stopped.</span>
          <button
            type="button"
            className="danger"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate()}
          >
            Yes, cancel the run
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep running
          </button>
        </>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Cancel run
        </button>
      )}
      {cancel.error ? <ErrorMessage error={cancel.error} title="Canceling" /> : null}
    </span>
  );
}

function AssignmentsTable({
  caption,
  rows,
  empty,
}: {
  readonly caption: string;
  readonly rows: readonly (readonly [string, string])[];
  readonly empty: string;
}) {
  return (
    <section className="ml-assignments" aria-label={caption}>
      <h2>{caption}</h2>
      {rows.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <table className="data">
          <tbody>
            {rows.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>
                  <code>{value === '' ? '""' : value}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function stepSummary(run: MlRun): string {
  const steps = run.StepRuns ?? [];
  const counts = new Map<string, number>();
  for (const step of steps) counts.set(step.Status, (counts.get(step.Status) ?? 0) + 1);
  const reused = steps.filter((step) => step.Reused).length;
  const parts = [...counts.entries()].map(([status, count]) => `${count} ${status.toLowerCase()}`);
  return `${steps.length} ${steps.length === 1 ? 'step' : 'steps'}: ${parts.join(', ')}${reused > 0 ? ` (${reused} reused)` : ''}`;
}

export function MlRunPage() {
  const { runId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const run = useRun(runId);
  const pipeline = usePublishedPipeline(run.data?.PipelineId);
  const model = useMemo(() => readPipelineModel(pipeline.data?.Definition), [pipeline.data]);
  const graph = useMemo(
    () =>
      buildStepGraph({
        ...(model === undefined ? {} : { model }),
        ...(run.data?.StepRuns === undefined ? {} : { stepRuns: run.data.StepRuns }),
        ...(run.data === undefined ? {} : { dataPaths: run.data.DataPathAssignments }),
      }),
    [model, run.data],
  );
  const now = useNow(run.data !== undefined && isActive(run.data.Status.Status));

  const stepName = params.get('step') ?? undefined;
  const step = run.data?.StepRuns?.find((candidate) => candidate.Name === stepName);
  const requestedTab = params.get('tab');
  const tab: StepTab | undefined = isStepTab(requestedTab) ? requestedTab : undefined;

  const selectStep = useCallback(
    (name: string) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (next.get('step') === name) next.delete('step');
          else next.set('step', name);
          next.delete('tab');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const setTab = (name: StepTab) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('tab', name);
        return next;
      },
      { replace: true },
    );
  const closeStep = () =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('step');
        next.delete('tab');
        return next;
      },
      { replace: true },
    );

  useEffect(() => {
    document.title = `ML run ${shortId(runId)} · Millrace`;
  }, [runId]);

  if (run.isPending) return <Loading what="the run" />;
  if (run.error) {
    return (
      <section>
        <h1>ML run {runId}</h1>
        <ErrorMessage error={run.error} />
        <p>
          <Link to="/ml/runs">All ML runs</Link>
        </p>
      </section>
    );
  }
  const data = run.data;
  const factoryRun = factoryRunOf(data.Tags);
  const pipelineForbidden = pipeline.error instanceof ApiError && pipeline.error.forbidden;
  const otherTags = Object.entries(data.Tags).filter(
    ([name]) => name !== 'adfPipelineRunId' && name !== 'adfActivityRunId',
  );

  return (
    <section className="ml-run-page">
      <nav aria-label="Breadcrumb" className="ml-breadcrumb small">
        <Link to="/ml/experiments">Experiments</Link> ›{' '}
        <Link to={`/ml/experiments/${encodeURIComponent(data.RunHistoryExperimentName)}`}>
          {data.RunHistoryExperimentName}
        </Link>{' '}
        › Run
      </nav>
      <header className="ml-page-header">
        <h1>
          ML run <span className="mono">{shortId(data.Id)}</span>{' '}
          <StatusBadge status={data.Status.Status} />
        </h1>
        <CancelRun run={data} />
      </header>
      {data.Description === '' ? null : <p>{data.Description}</p>}
      <FactsList
        label="Run facts"
        facts={[
          { label: 'Run id', value: <CopyableId id={data.Id} what="the run id" /> },
          {
            label: 'Experiment',
            value: (
              <Link to={`/ml/experiments/${encodeURIComponent(data.RunHistoryExperimentName)}`}>
                {data.RunHistoryExperimentName}
              </Link>
            ),
          },
          {
            label: 'Pipeline',
            value: (
              <>
                <Link to={`/ml/pipelines/${encodeURIComponent(data.PipelineId)}`}>
                  {data.PipelineName}
                </Link>
                {pipeline.data === undefined ? null : (
                  <span className="muted"> version {pipeline.data.Version}</span>
                )}
              </>
            ),
          },
          {
            label: 'Endpoint',
            value: data.PipelineEndpointId === null ? undefined : <EndpointFact run={data} />,
          },
          {
            label: 'Started by factory run',
            value: factoryRun === undefined ? undefined : <FactoryRunLink reference={factoryRun} />,
          },
          {
            label: 'Parent run',
            value:
              data.ParentRunId === null ? undefined : (
                <Link to={mlRunPath(data.ParentRunId)} title={data.ParentRunId}>
                  <code>{shortId(data.ParentRunId)}</code>
                </Link>
              ),
          },
          { label: 'Created by', value: data.CreatedBy?.UserName },
          { label: 'Run source', value: data.RunSource },
          { label: 'Submitted', value: formatInstant(data.CreatedDate) },
          { label: 'Started', value: formatInstant(data.StartTime) },
          {
            label: 'Ended',
            value: data.EndTime === null ? undefined : formatInstant(data.EndTime),
          },
          {
            label: 'Duration',
            value: formatDuration(elapsedMs(data.StartTime, data.EndTime, now)),
          },
        ]}
      />
      {data.Error === null ? null : <MlErrorDetails error={data.Error} />}

      <div className={`ml-run-body${step === undefined ? '' : ' with-panel'}`}>
        <section className="ml-graph-section" aria-label="Step graph">
          <div className="ml-graph-caption small">
            <span>{stepSummary(data)}</span>
            {isActive(data.Status.Status) ? (
              <span className="muted" role="status">
                Live: refreshing every 2 s
              </span>
            ) : null}
            {step === undefined ? (
              <span className="muted">Choose a step for its logs, metrics and outputs.</span>
            ) : null}
          </div>
          {pipelineForbidden ? (
            <p className="small muted">
              You may not read published pipelines, so the steps are drawn without their wiring.
            </p>
          ) : null}
          <StepGraphView
            graph={graph}
            maxHeight={step === undefined ? 380 : 520}
            label={`Steps of run ${shortId(data.Id)}`}
            {...(stepName === undefined ? {} : { selectedStep: stepName })}
            onSelectStep={selectStep}
          />
        </section>
        {step === undefined ? null : (
          <StepPanel
            key={step.Name}
            run={data}
            step={step}
            modelStep={model?.steps.find((candidate) => candidate.name === step.Name)}
            tab={tab}
            onTabChange={setTab}
            onClose={closeStep}
          />
        )}
      </div>

      <div className="ml-run-details">
        <AssignmentsTable
          caption="Parameters"
          rows={Object.entries(data.ParameterAssignments)}
          empty="No parameters."
        />
        <AssignmentsTable
          caption="Data paths"
          rows={Object.entries(data.DataPathAssignments).map(([name, path]) => [
            name,
            dataPathText(path),
          ])}
          empty="No data path assignments."
        />
        <AssignmentsTable caption="Tags" rows={otherTags} empty="No tags." />
      </div>
    </section>
  );
}
