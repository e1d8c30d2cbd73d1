import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { savePipeline, pipelinesQueryKey } from './author-api.js';
import { ModalDialog } from '../ui/ModalDialog.js';
import { emptyPipeline, pipelineNameProblem } from './pipeline-resource.js';

/** Names a new pipeline and creates it, empty, so the editor opens on a saved pipeline. */
export function NewPipelineDialog({
  factory,
  existingNames,
  onClose,
  onCreated,
}: {
  readonly factory: string;
  readonly existingNames: readonly string[];
  onClose(): void;
  onCreated(name: string): void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const problem = pipelineNameProblem(name, existingNames);
  const create = useMutation({
    mutationFn: () => savePipeline(factory, emptyPipeline(name)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: pipelinesQueryKey(factory) });
      onCreated(name);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (problem === undefined) create.mutate();
  }

  const showProblem = touched || name !== '';
  return (
    <ModalDialog label="New pipeline" onClose={onClose} className="author-dialog">
      <form onSubmit={submit} className="dialog-form">
        <h2>New pipeline</h2>
        <label>
          Name
          <input
            autoFocus
            value={name}
            aria-invalid={showProblem && problem !== undefined}
            aria-describedby="new-pipeline-name-problem"
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <p id="new-pipeline-name-problem" className="field-error" aria-live="polite">
          {showProblem ? problem : undefined}
        </p>
        <p className="muted small">
          Letters, digits, spaces, <code>_</code> and <code>-</code>; not{' '}
          <code>. + ? / &lt; &gt; * % &amp; : \</code>.
        </p>
        {create.error ? <ErrorMessage error={create.error} title="Not created" /> : null}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="primary"
            disabled={create.isPending || (showProblem && problem !== undefined)}
          >
            {create.isPending ? 'Creating…' : 'Create'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
