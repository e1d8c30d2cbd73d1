import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/http.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { deletePipeline, pipelinesQueryKey } from './author-api.js';
import { ModalDialog } from '../ui/ModalDialog.js';

/**
 * Asks before deleting a pipeline. The server refuses to delete one that others refer to
 * (Execute Pipeline activities); its message, naming them, is shown here.
 */
export function DeletePipelineDialog({
  factory,
  name,
  onClose,
  onDeleted,
}: {
  readonly factory: string;
  readonly name: string;
  onClose(): void;
  onDeleted?(): void;
}) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deletePipeline(factory, name),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: pipelinesQueryKey(factory) });
      onClose();
      onDeleted?.();
    },
  });
  return (
    <ModalDialog label={`Delete pipeline ${name}`} onClose={onClose} className="author-dialog">
      <div className="dialog-form">
        <h2>Delete pipeline?</h2>
        <p>
          Delete <strong>{name}</strong>? Its runs stay in the run history; the pipeline itself
          cannot be restored.
        </p>
        {remove.error instanceof ApiError && remove.error.code === 'FACTORY_RESOURCE_REFERENCED' ? (
          // The server's message names the pipelines that run this one: that is all there is to say.
          <p role="alert" className="error-box">
            {remove.error.message}
          </p>
        ) : remove.error ? (
          <ErrorMessage error={remove.error} title="Not deleted" />
        ) : null}
        <div className="dialog-buttons">
          <button type="button" autoFocus onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            disabled={remove.isPending}
            onClick={() => remove.mutate()}
          >
            {remove.isPending ? 'Deleting…' : 'Delete'}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
