/**
 * A run's stored pipeline definition parsed back into a pipeline, for the views that need to know
 * which parameters are SecureString. Parsed once per run: a definition never changes.
 */
import { parsePipeline } from '../factory/resource-parser.js';
import type { JsonObject, Pipeline } from '../factory/resources.js';

export function parseRunDefinition(json: JsonObject): Pipeline {
  const properties = json.properties;
  return parsePipeline({
    name: typeof json.name === 'string' ? json.name : '',
    properties:
      typeof properties === 'object' && properties !== null && !Array.isArray(properties)
        ? properties
        : {},
    json,
    source: { file: '(run definition)', pointer: '' },
  });
}

/** Parsed definitions by run id, the newest `capacity` kept. */
export class RunDefinitionCache {
  readonly #pipelines = new Map<string, Pipeline>();

  constructor(private readonly capacity = 1000) {}

  pipelineOf(run: { readonly runId: string; readonly definition: JsonObject }): Pipeline {
    let pipeline = this.#pipelines.get(run.runId);
    if (pipeline === undefined) {
      pipeline = parseRunDefinition(run.definition);
      this.#pipelines.set(run.runId, pipeline);
      const oldest = this.#pipelines.keys().next();
      if (this.#pipelines.size > this.capacity && !oldest.done)
        this.#pipelines.delete(oldest.value);
    }
    return pipeline;
  }
}
