/** What bringing a factory folder's `ml/` side into a workspace changed, as lines for people. */
import type { MlSeedResult } from '../ml/workspace/workspace-seed.js';

export function mlSeedLines(factoryFolder: string, result: MlSeedResult): string[] {
  const lines = result.endpoints
    .filter((endpoint) => !endpoint.unchanged)
    .map(
      (endpoint) =>
        `Published ${factoryFolder}/ml/pipelines/${endpoint.name} as version ${endpoint.version} (the default) of the ML pipeline endpoint '${endpoint.name}' (pipeline ${endpoint.pipelineId}).`,
    );
  if (result.written.length > 0) {
    const datastores = [...new Set(result.written.map((file) => file.datastore))].join(', ');
    lines.push(
      `Copied ${result.written.length} file(s) of ${factoryFolder}/ml/datastores into the datastore(s) ${datastores}.`,
    );
  }
  return lines;
}
