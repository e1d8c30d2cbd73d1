import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/http.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { getPipeline, pipelineQueryKey } from './author-api.js';
import { PipelineEditor } from './PipelineEditor.js';
import './author.css';

/** `/factories/:factory/pipelines/:name`: loads the pipeline and opens the editor on it. */
export function PipelineEditorPage() {
  const params = useParams();
  const factory = params['factory'] ?? '';
  const name = params['name'] ?? '';
  // A reload (after a save conflict) starts a fresh editor on the fresh version.
  const [generation, setGeneration] = useState(0);
  const pipeline = useQuery({
    queryKey: pipelineQueryKey(factory, name),
    queryFn: () => getPipeline(factory, name),
    // Always the stored version on opening (no cached copy), and no refetch while editing.
    staleTime: Infinity,
    gcTime: 0,
  });

  if (pipeline.isPending) return <Loading what={`pipeline ${name}`} />;
  if (pipeline.error instanceof ApiError && pipeline.error.status === 404)
    return (
      <section>
        <h1>{name}</h1>
        <p className="error-box" role="alert">
          There is no pipeline named “{name}” in this factory.
        </p>
        <Link to={`/factories/${encodeURIComponent(factory)}/pipelines`}>
          Back to the pipelines
        </Link>
      </section>
    );
  if (pipeline.error)
    return <ErrorMessage error={pipeline.error} title={`Could not open ${name}`} />;
  return (
    <PipelineEditor
      key={`${factory}/${name}/${generation}`}
      factory={factory}
      loaded={pipeline.data}
      onReload={() => {
        void pipeline.refetch().then(() => setGeneration((current) => current + 1));
      }}
    />
  );
}
