/**
 * The runs list's "Trigger run": choose a pipeline, then fill its parameters in the trigger
 * dialog; the new run opens.
 */
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { getResource, type FactoryResource } from '../api/factory-api.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { monitorKeys } from './monitor-api.js';
import { ModalDialog } from '../ui/ModalDialog.js';
import { runPath } from './monitor-paths.js';
import { TriggerRunDialog } from './TriggerRunDialog.js';

export function TriggerRunLauncher({
  factory,
  pipelines,
  onClose,
}: {
  readonly factory: string;
  readonly pipelines: readonly FactoryResource[];
  onClose(): void;
}) {
  const navigate = useNavigate();
  const pickerId = useId();
  const [choice, setChoice] = useState(pipelines[0]?.name ?? '');
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const pipeline = useQuery({
    queryKey: monitorKeys.pipeline(factory, chosen ?? ''),
    queryFn: () => getResource(factory, 'pipelines', chosen ?? ''),
    enabled: chosen !== undefined,
  });

  if (chosen !== undefined && pipeline.data !== undefined) {
    return (
      <TriggerRunDialog
        factory={factory}
        pipelineName={pipeline.data.name}
        pipeline={pipeline.data}
        mode="run"
        onClose={onClose}
        onStarted={(runId) => void navigate(runPath(factory, runId))}
      />
    );
  }
  return (
    <ModalDialog label="Trigger run" onClose={onClose} className="monitor-dialog trigger-dialog">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (choice !== '') setChosen(choice);
        }}
      >
        <header className="dialog-header">
          <h2>Trigger run</h2>
        </header>
        <div className="dialog-body">
          {pipelines.length === 0 ? (
            <p className="muted">This factory has no pipelines yet.</p>
          ) : (
            <label>
              <span id={`${pickerId}-label`}>Pipeline</span>
              <select
                aria-labelledby={`${pickerId}-label`}
                value={choice}
                onChange={(event) => setChoice(event.target.value)}
              >
                {pipelines.map((candidate) => (
                  <option key={candidate.name} value={candidate.name}>
                    {candidate.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {chosen !== undefined && pipeline.isPending ? <Loading what="the pipeline" /> : null}
          {pipeline.error === null ? null : <ErrorMessage error={pipeline.error} />}
        </div>
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={choice === ''}>
            Next
          </button>
        </footer>
      </form>
    </ModalDialog>
  );
}
