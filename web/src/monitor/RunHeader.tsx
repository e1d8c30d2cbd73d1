/**
 * A run's header: pipeline (a link to it in the editor), status, start, duration, who started
 * it, its id (copyable), its parameters; and Cancel (while it goes, after a confirmation),
 * Rerun and Rerun from failure (both open the new run).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { cancelPipelineRun, createRun, type PipelineRun } from '../api/factory-api.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { formatDuration, formatInstant } from '../ui/format.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { CopyButton } from './CopyButton.js';
import { isDebugRun } from './debug-runs.js';
import { LockIcon } from './LockIcon.js';
import { ModalDialog } from '../ui/ModalDialog.js';
import { monitorKeys } from './monitor-api.js';
import { pipelinePath, runPath } from './monitor-paths.js';
import { displayValue, isMasked, pipelineRunDuration } from './run-detail.js';
import { isTerminalStatus } from './run-statuses.js';

interface InvokedBy {
  readonly name?: string;
  readonly invokedByType?: string;
  readonly pipelineRunId?: string;
}

export function RunHeader({
  factory,
  run,
  now,
}: {
  readonly factory: string;
  readonly run: PipelineRun;
  readonly now: number;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const finished = isTerminalStatus(run.status);
  const debug = isDebugRun(run);
  const cancel = useMutation({
    mutationFn: () => cancelPipelineRun(factory, run.runId),
    onSettled: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: monitorKeys.run(factory, run.runId) });
    },
  });
  const rerun = useMutation({
    mutationFn: (fromFailure: boolean) =>
      createRun(
        factory,
        run.pipelineName,
        {},
        {
          referencePipelineRunId: run.runId,
          isRecovery: true,
          ...(fromFailure ? { startFromFailure: true } : {}),
        },
      ),
    onSuccess: ({ runId }) => void navigate(runPath(factory, runId)),
  });
  const parameters = Object.entries(run.parameters ?? {});
  const invokedBy = run.invokedBy as InvokedBy | undefined;
  // A run an Execute Pipeline activity started names its parent run.
  const parentRunId = invokedBy?.pipelineRunId;

  return (
    <header className="run-header">
      <div className="run-title">
        <h1>
          <span className="muted small run-title-kind">{debug ? 'Debug run of' : 'Run of'}</span>{' '}
          <Link
            to={pipelinePath(factory, run.pipelineName)}
            title="Open the pipeline in the editor"
          >
            {run.pipelineName}
          </Link>
        </h1>
        <span role="status" aria-label="Run status" className="run-status">
          <StatusBadge status={run.status} />
        </span>
        <span className="spacer" />
        {finished ? null : (
          <button
            type="button"
            className="danger"
            disabled={run.status === 'Canceling' || cancel.isPending}
            onClick={() => setConfirming(true)}
          >
            {run.status === 'Canceling' ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
        {finished ? (
          <button type="button" disabled={rerun.isPending} onClick={() => rerun.mutate(false)}>
            Rerun
          </button>
        ) : null}
        {run.status === 'Failed' ? (
          <button type="button" disabled={rerun.isPending} onClick={() => rerun.mutate(true)}>
            Rerun from failure
          </button>
        ) : null}
      </div>
      <dl className="run-facts">
        <div>
          <dt>Run start</dt>
          <dd>{formatInstant(run.runStart)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(pipelineRunDuration(run, now))}</dd>
        </div>
        <div>
          <dt>Triggered by</dt>
          <dd>
            {invokedBy?.name ?? '—'}
            {invokedBy?.invokedByType === undefined ||
            invokedBy.invokedByType === invokedBy.name ? null : (
              <span className="muted small"> ({invokedBy.invokedByType})</span>
            )}
            {parentRunId === undefined ? null : (
              <>
                {' '}
                <Link to={runPath(factory, parentRunId)}>parent run</Link>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Run ID</dt>
          <dd className="run-id-fact">
            <span className="mono small">{run.runId}</span>
            <CopyButton text={run.runId} label="Copy run ID" />
          </dd>
        </div>
        {run.runGroupId !== undefined && run.runGroupId !== run.runId ? (
          <div>
            <dt>Run group</dt>
            <dd className="mono small">{run.runGroupId}</dd>
          </div>
        ) : null}
      </dl>
      {parameters.length === 0 ? null : (
        <dl className="run-parameters" aria-label="Parameters">
          {parameters.map(([name, value]) => (
            <div key={name} className="parameter-chip">
              <dt>{name}</dt>
              <dd className="mono">
                {isMasked(value) ? (
                  <span title="A SecureString parameter: not shown">
                    <LockIcon /> <span className="visually-hidden">secret, </span>
                    {displayValue(value)}
                  </span>
                ) : (
                  displayValue(value)
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {run.message !== undefined && run.message !== '' && run.status === 'Failed' ? (
        <p className="error-box run-message">{run.message}</p>
      ) : null}
      {rerun.error === null ? null : <ErrorMessage error={rerun.error} title="Rerun refused" />}
      {cancel.error === null ? null : <ErrorMessage error={cancel.error} title="Cancel refused" />}
      {confirming ? (
        <ModalDialog
          label="Cancel run"
          className="monitor-dialog"
          onClose={() => setConfirming(false)}
        >
          <div className="dialog-body">
            <h2>Cancel this run?</h2>
            <p>
              Activities in progress are stopped and nothing further starts; runs started by its
              Execute Pipeline activities are cancelled too.
            </p>
          </div>
          <footer className="dialog-footer">
            <button type="button" autoFocus onClick={() => setConfirming(false)}>
              Keep running
            </button>
            <button
              type="button"
              className="danger"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate()}
            >
              Cancel run
            </button>
          </footer>
        </ModalDialog>
      ) : null}
    </header>
  );
}
